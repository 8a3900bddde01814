/**
 * The deployed contacts API's Lambda handler alone: API Gateway HTTP API (v2) events
 * in, responses out, on the pipeline state and contacts tables of DynamoDB Local,
 * written by the pipeline's own ingestor (CTRs, S3 notifications of analysis files)
 * and the local task back end. S3 has no local equivalent here: its client is
 * mocked and the GetObject requests of transcript search asserted exactly.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalContacts } from '../../engine/actions/local/contacts.ts';
import { S3ObjectReader } from '../../engine/ingest/s3-reader.ts';
import { pipelineConfigFromEnv } from '../../engine/pipeline/config.ts';
import { createPipeline } from '../../engine/pipeline/factory.ts';
import { contactsApiRoutes } from '../../deploy/serverless.ts';
import { createContactsApiHandler, handler as deployedHandler, partsFromEnvironment } from '../../functions/contacts-api-handler.ts';
import type { HttpApiEvent, HttpApiResult } from '../../functions/http/event.ts';
import { CONTACTS_TABLE } from '../../storage/action-tables.ts';
import { tableName } from '../../storage/tables.ts';
import { CONTACTS_API_ROUTES } from '../support/api-routes.ts';
import { C, CALLS, INSTANCE, analysis, ctr } from '../support/contact-calls.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';
import { httpApiEvent, lambdaContext } from '../support/http-api.ts';
import { BUCKET, analysisKey, s3Notification } from '../support/lambda-envelopes.ts';

const INSTANCE_ARN = `arn:aws:connect:eu-west-2:444455556666:instance/${INSTANCE}`;
const s3 = mockClient(S3Client);
/** The analysis files in the bucket, by key. */
const FILES = new Map(CALLS.filter((c) => c.transcript).map((c) => [analysisKey('Voice', c.id, `2025-03-11T${String(c.hour).padStart(2, '0')}:15:00Z`), JSON.stringify(analysis(c))]));
const keyOf = (contactId: string) => [...FILES.keys()].find((k) => k.includes(contactId))!;

let dynamoDb: DynamoDBClient;
let call: (e: HttpApiEvent) => Promise<HttpApiResult>;
let taskId: string;

const get = (path: string) => call(httpApiEvent('GET', path));
const search = (body: unknown) => call(httpApiEvent('POST', '/search-contacts', { body: JSON.stringify(body) }));
const json = (r: HttpApiResult) => JSON.parse(r.body) as Record<string, unknown> & { Contacts: { Id: string }[]; Contact: Record<string, unknown> };
/** The day of the calls as the SDK sends it (epoch seconds). */
const DAY = { Type: 'INITIATION_TIMESTAMP', StartTime: Date.parse('2025-03-11T00:00:00Z') / 1000, EndTime: Date.parse('2025-03-12T00:00:00Z') / 1000 };

beforeAll(async () => {
  dynamoDb = dynamoDbClient();
  await createTables(dynamoDb, ['rules', 'pipelineState', 'idempotency', 'contacts']);
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const text = FILES.get(input.Key);
    if (text === undefined) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => text } };
  });
  // What the deployed ingestion functions write: the CTRs (Kinesis), then the analysis files (S3).
  const pipeline = createPipeline({ dynamoDb, reader: new S3ObjectReader(new S3Client({ region: 'eu-west-2' })), config: pipelineConfigFromEnv(process.env) });
  for (const c of CALLS) await pipeline.ingestor.dispatch(ctr(c), { label: c.id });
  await pipeline.ingestor.dispatch(s3Notification(...[...FILES.keys()].map((key) => ({ key }))), { label: 'notification' });
  // A task a rule created for c1 (the local back end).
  const contacts = new LocalContacts(DynamoDBDocumentClient.from(dynamoDb), tableName(CONTACTS_TABLE));
  taskId = (await contacts.startTask({ instanceId: INSTANCE, contactFlowId: 'flow-1', name: 'Retention follow-up', previousContactId: C.c1, clientToken: 't-1', now: new Date('2025-03-11T09:20:00Z') })).contactId;

  // As deployed: the parts from the environment, DynamoDB on the test's DynamoDB Local.
  const parts = partsFromEnvironment({ CONNECT_INSTANCE_ARN: INSTANCE_ARN, AWS_REGION: 'eu-west-2' });
  parts.dynamoDb.destroy();
  const handler = createContactsApiHandler({ parts: { ...parts, dynamoDb }, logger: new Logger({ serviceName: 'contacts-api-test', logLevel: 'SILENT' }) });
  const context = lambdaContext('connect-rules-ci-contactsApi');
  call = (e) => handler(e, context as never) as Promise<HttpApiResult>;
}, 120_000);

beforeEach(() => s3.resetHistory());

afterAll(() => {
  s3.restore();
  dynamoDb?.destroy();
});

describe('the contacts API handler (deployed)', () => {
  it('serves the contact routes of the route table, the ones the template gives it', () => {
    expect(contactsApiRoutes().map((r) => `${r.method} ${r.path}`).sort()).toEqual([...CONTACTS_API_ROUTES].sort());
  });

  it('answers DescribeContact from the stored CTR, its ARN in the instance of CONNECT_INSTANCE_ARN', async () => {
    const out = await get(`/contacts/${INSTANCE}/${C.c3}`);
    expect(out.statusCode).toBe(200);
    expect(json(out).Contact).toMatchObject({ Id: C.c3, Channel: 'VOICE', InitiationMethod: 'OUTBOUND', InitiationTimestamp: Date.parse('2025-03-11T11:00:00Z') / 1000 });
    // the CTR names its instance (us-east-1): the record's own ARN is kept; a task's comes from the environment
    const task = json(await get(`/contacts/${INSTANCE}/${taskId}`)).Contact;
    expect(task).toMatchObject({ Arn: `${INSTANCE_ARN}/contact/${taskId}`, Channel: 'TASK', InitiationMethod: 'API', PreviousContactId: C.c1, RelatedContactId: C.c1 });
  });

  it('answers SearchContacts; a transcript search reads exactly the analysis files of the contacts still in', async () => {
    const out = await search({
      InstanceId: INSTANCE,
      TimeRange: DAY,
      SearchCriteria: { QueueIds: ['f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c'], ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: ['close my account'], MatchType: 'MATCH_ALL' }] } } },
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(json(out).Contacts.map((c) => c.Id)).toEqual([C.c2]);
    // Retention's calls with an analysis: c1, c2, c4, c6
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input).sort((a, b) => a.Key!.localeCompare(b.Key!))).toEqual(
      [C.c1, C.c2, C.c4, C.c6].map((id) => ({ Bucket: BUCKET, Key: keyOf(id) })).sort((a, b) => a.Key.localeCompare(b.Key)),
    );
    const tasks = json(await search({ InstanceId: INSTANCE, TimeRange: DAY, SearchCriteria: { Channels: ['TASK'] } }));
    expect(tasks.Contacts).toEqual([
      { Arn: `${INSTANCE_ARN}/contact/${taskId}`, Id: taskId, PreviousContactId: C.c1, InitiationMethod: 'API', Channel: 'TASK', Name: 'Retention follow-up', InitiationTimestamp: Date.parse('2025-03-11T09:20:00Z') / 1000 },
    ]);
    expect(tasks.TotalCount).toBe(1);
  });

  it('is the exported handler: without CONNECT_INSTANCE_ARN the ARNs name the invoked function\'s account and region', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDb().endpoint, AWS_REGION: 'ap-southeast-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    delete process.env.CONNECT_INSTANCE_ARN;
    delete process.env.CONNECT_RULES_ACCOUNT_ID;
    try {
      const context = { ...lambdaContext('connect-rules-ci-contactsApi'), invokedFunctionArn: 'arn:aws:lambda:ap-southeast-2:777788889999:function:connect-rules-ci-contactsApi' };
      const out = (await deployedHandler(httpApiEvent('GET', `/contacts/${INSTANCE}/${taskId}`) as never, context as never)) as HttpApiResult;
      expect(out.statusCode, out.body).toBe(200);
      expect(json(out).Contact.Arn).toBe(`arn:aws:connect:ap-southeast-2:777788889999:instance/${INSTANCE}/contact/${taskId}`);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('answers errors as Connect does', async () => {
    const missing = await get(`/contacts/${INSTANCE}/c9999999-0000-4000-8000-000000000009`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    const bad = await search({ InstanceId: INSTANCE, TimeRange: DAY, MaxResults: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['x-amzn-errortype']).toBe('InvalidParameterException');
    expect(JSON.parse(bad.body).Message).toMatch(/^MaxResults must be an integer from 1 to 100/);
  });
});
