/**
 * A transcript search reads the contacts' analysis files again. Only a file that is
 * gone (S3 NoSuchKey, a removed local file) may be left out of the answer; any other
 * failure of that read fails SearchContacts as Connect fails a request it cannot
 * answer (InternalServiceException, 500) naming the file, instead of a wrong, empty
 * answer. DynamoDB Local, the pipeline's own ingestor, a real HTTP server and the
 * real @aws-sdk/client-connect; S3 has no local equivalent here: its client is mocked
 * and fails with the SDK's own error classes. Then `serve` (startLocalRulesApi) beside
 * the `local` stage: it reads the S3 objects from the folder CONNECT_RULES_S3_DIR names,
 * and without one says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SearchContactsCommand, type ConnectClient, type SearchCriteria } from '@aws-sdk/client-connect';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectReader } from '../../engine/ingest/object-reader.ts';
import { S3ObjectReader } from '../../engine/ingest/s3-reader.ts';
import { pipelineConfigFromEnv } from '../../engine/pipeline/config.ts';
import { createPipeline } from '../../engine/pipeline/factory.ts';
import { contactsApi, contactsService } from '../../functions/contacts-api.ts';
import { createHttpApiServer, listen, type RunningServer } from '../../functions/http-adapter.ts';
import { createConnectApi } from '../../functions/http/connect-api.ts';
import { startLocalRulesApi, type LocalRulesApi } from '../../functions/local-server.ts';
import { C, CALLS, INSTANCE, analysis, ctr } from '../support/contact-calls.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';
import { BUCKET, analysisKey, s3Notification } from '../support/lambda-envelopes.ts';
import { ACCOUNT, REGION, connectClient, silentLogger } from '../support/rules-api.ts';

const FILES = new Map(CALLS.filter((c) => c.transcript).map((c) => [analysisKey('Voice', c.id, `2025-03-11T${String(c.hour).padStart(2, '0')}:15:00Z`), JSON.stringify(analysis(c))]));
const keyOf = (contactId: string) => [...FILES.keys()].find((k) => k.includes(contactId))!;
const DAY = { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-11T00:00:00Z'), EndTime: new Date('2025-03-12T00:00:00Z') } as const;
/** "cancel my account" said by the customer: c1 and c3 (c4's agent says it). */
const CANCEL: SearchCriteria = { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel my account'], MatchType: 'MATCH_ALL' }] } } };

const s3 = mockClient(S3Client);
/** The folder standing in for S3, as the `local` stage's events/s3: `<dir>/<bucket>/<key>`. */
const objects = mkdtempSync(join(tmpdir(), 'contacts-objects-'));
let dynamoDb: DynamoDBClient;
let server: RunningServer;
let client: ConnectClient;

const search = (on: ConnectClient = client) =>
  on.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, SearchCriteria: CANCEL, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } }));
const ids = async (on?: ConnectClient) => (await search(on)).Contacts!.map((c) => c.Id);

/** c3's analysis file answers GetObject with `fail`; every other file is there. */
function c3Fails(fail: () => unknown): void {
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    if (input.Key === keyOf(C.c3)) return fail();
    return { Body: { transformToString: async () => FILES.get(input.Key)! } };
  });
}

beforeAll(async () => {
  dynamoDb = dynamoDbClient();
  await createTables(dynamoDb, ['rules', 'pipelineState', 'idempotency', 'contacts']);
  for (const [key, text] of FILES) {
    mkdirSync(dirname(join(objects, BUCKET, key)), { recursive: true });
    writeFileSync(join(objects, BUCKET, key), text);
  }
  // What the ingestion functions store: the CTRs, then the analysis files an S3 notification names (read from the folder, as the local stage does).
  const pipeline = createPipeline({ dynamoDb, reader: new DirectoryObjectReader(objects), config: pipelineConfigFromEnv(process.env) });
  for (const c of CALLS) await pipeline.ingestor.dispatch(ctr(c), { label: c.id });
  await pipeline.ingestor.dispatch(s3Notification(...[...FILES.keys()].map((key) => ({ key }))), { label: 'notification' });

  // The contacts API as deployed: transcript search reads S3 with GetObject.
  const handler = createConnectApi({
    name: 'contacts API',
    apis: [contactsApi(contactsService({ dynamoDb, reader: new S3ObjectReader(new S3Client({ region: REGION })), region: REGION, accountId: ACCOUNT }))],
    accountId: ACCOUNT,
    logger: new Logger({ serviceName: 'contacts-api-test', logLevel: 'SILENT' }),
  });
  server = await listen(createHttpApiServer(handler, { maxRequestBytes: 64 * 1024, accountId: ACCOUNT, region: REGION }), 0, '127.0.0.1');
  client = connectClient(server.url, 'AKIDLOCAL', 1);
}, 120_000);

beforeEach(() => s3.reset());

afterAll(async () => {
  client?.destroy();
  await server?.close();
  s3.restore();
  dynamoDb?.destroy();
  rmSync(objects, { recursive: true, force: true });
});

describe('SearchContacts when an analysis file cannot be read', () => {
  it('finds the contacts whose files say the words (every file there)', async () => {
    c3Fails(() => ({ Body: { transformToString: async () => FILES.get(keyOf(C.c3))! } }));
    expect(await ids()).toEqual([C.c1, C.c3]);
  });

  it('leaves out a contact whose file is gone (NoSuchKey: a lifecycle rule expired it), and answers the rest', async () => {
    c3Fails(() => {
      throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    });
    expect(await ids()).toEqual([C.c1]);
  });

  it.each([
    ['AccessDenied', 'client', 403, 'Access Denied'],
    ['SlowDown', 'server', 503, 'Please reduce your request rate.'],
  ] as const)('fails with InternalServiceException naming the file when S3 answers %s', async (name, fault, status, message) => {
    c3Fails(() => {
      throw new S3ServiceException({ name, $fault: fault, message, $metadata: { httpStatusCode: status } });
    });
    await expect(search()).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
      message: `SearchContacts cannot read the analysis file s3://${BUCKET}/${keyOf(C.c3)} of contact ${C.c3} (${name}: ${message})`,
    });
  });

  it('fails with InternalServiceException naming the file and where it is not JSON', async () => {
    c3Fails(() => ({ Body: { transformToString: async () => '{"Transcript": [' } }));
    await expect(search()).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
      message: `SearchContacts cannot read the analysis file s3://${BUCKET}/${keyOf(C.c3)} of contact ${C.c3} (s3://${BUCKET}/${keyOf(C.c3)}:1:17: not valid JSON: unexpected end of the text)`,
    });
  });
});

describe('serve beside the local stage', () => {
  let apis: LocalRulesApi[] = [];
  const serve = async (objectsDir?: string) => {
    const saved = process.env.CONNECT_RULES_S3_DIR;
    delete process.env.CONNECT_RULES_S3_DIR;
    try {
      const api = await startLocalRulesApi({ port: 0, dynamoDbEndpoint: sharedDynamoDb().endpoint, logger: silentLogger(), ...(objectsDir ? { objectsDir } : {}) });
      apis.push(api);
      return connectClient(api.url, 'AKIDLOCAL', 1);
    } finally {
      if (saved !== undefined) process.env.CONNECT_RULES_S3_DIR = saved;
    }
  };
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.close()));
    apis = [];
  });

  it('reads the S3 objects the local stage stored from the folder it is given (CONNECT_RULES_S3_DIR)', async () => {
    expect(await ids(await serve(objects))).toEqual([C.c1, C.c3]);
    expect(s3.commandCalls(GetObjectCommand)).toEqual([]);
  }, 60_000);

  it('without that folder, fails naming the file and what to set', async () => {
    await expect(search(await serve())).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
      message: expect.stringMatching(new RegExp(`^SearchContacts cannot read the analysis file s3://${BUCKET}/\\S+ of contact c1\\S+ \\(.*set CONNECT_RULES_S3_DIR`)),
    });
  }, 60_000);
});
