/**
 * The rules API's Lambda handler alone: API Gateway HTTP API (v2) events in,
 * responses out, on the real service and store over this file's rules table of the
 * shared DynamoDB Local. What is asserted is what a caller sees: the responses, and
 * what later requests answer.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesConfigFromEnv } from '../../engine/rules/config.ts';
import { RulesService } from '../../engine/rules/service.ts';
import { RulesStore } from '../../engine/rules/store.ts';
import type { HttpApiEvent, HttpApiResult } from '../../functions/http/event.ts';
import { createRulesApiHandler, handler as deployedHandler } from '../../functions/rules-api.ts';
import { httpApiEvent, lambdaContext } from '../support/http-api.ts';
import { LOCAL_CREDENTIALS } from '../../storage/local-dynamodb.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';
import { newInstanceId, realTimeRule } from '../support/rules-api.ts';

const NOW = new Date('2025-03-12T10:00:00.123Z');
const dynamoDb = dynamoDbClient();
const config = rulesConfigFromEnv(process.env, { maxRequestBytes: 1024 });
let ruleIds = 0;

/** The handler over a store on `client`, its clock fixed at NOW, functions containing 'bad' refused. */
function handlerOn(client = dynamoDb) {
  const service = new RulesService({
    store: new RulesStore(DynamoDBDocumentClient.from(client), { tableName: config.rulesTable }),
    config,
    checkFunction: (text) => (text.includes('bad') ? ['Function:1:2: bad function'] : []),
    newRuleId: () => `rule-${++ruleIds}`,
    now: () => NOW,
  });
  const handler = createRulesApiHandler({ service, logger: new Logger({ logLevel: 'SILENT' }), accountId: '111122223333', maxRequestBytes: config.maxRequestBytes });
  return (e: HttpApiEvent) => handler(e, context as never) as Promise<HttpApiResult>;
}

const context = lambdaContext('rules-api');
const event = httpApiEvent;

let call: (e: HttpApiEvent) => Promise<HttpApiResult>;
const json = (r: HttpApiResult) => JSON.parse(r.body) as Record<string, unknown>;

const createBody = {
  Name: 'n',
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: '{}',
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'DRAFT',
};

/** Creates a rule through the handler; its id. */
async function created(instance: string, body: object = createBody): Promise<string> {
  const res = await call(event('POST', `/rules/${encodeURIComponent(instance)}`, { body: JSON.stringify(body) }));
  expect(res.statusCode, res.body).toBe(200);
  return json(res).RuleId as string;
}

beforeAll(async () => {
  await createTables(dynamoDb, ['rules']);
  call = handlerOn();
});

afterAll(() => dynamoDb.destroy());

describe('rules API handler', () => {
  it('DescribeRule: 200 with the Rule, timestamps as epoch seconds', async () => {
    const inst = newInstanceId();
    const id = await created(inst);
    const res = await call(event('GET', `/rules/${inst}/${id}`));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-amzn-requestid']).toBe('api-req-1');
    expect(json(res)).toEqual({
      Rule: {
        Name: 'n',
        RuleId: id,
        RuleArn: `arn:aws:connect:us-east-1:111122223333:instance/${inst}/rule/${id}`,
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: '{}',
        Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
        PublishStatus: 'DRAFT',
        CreatedTime: 1_741_773_600.123,
        LastUpdatedTime: 1_741_773_600.123,
        LastUpdatedBy: 'arn:aws:iam::111122223333:user/AKIDUNIT',
      },
    });
  });

  it('decodes URL-encoded path segments (instance ARNs)', async () => {
    const inst = `arn:aws:connect:us-east-1:1:instance/${newInstanceId()}`;
    const id = await created(inst);
    const found = await call(event('GET', `/rules/${encodeURIComponent(inst)}/${id}`));
    expect(found.statusCode).toBe(200);
    expect(json(found).Rule).toMatchObject({ RuleId: id, Name: 'n' });
    const missing = await call(event('GET', `/rules/${encodeURIComponent(inst)}/r%201`));
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toEqual({ Message: `Rule 'r 1' not found in instance '${inst}'.` });
  });

  it('CreateRule: 200 with RuleArn/RuleId; LastUpdatedBy from the SigV4 access key; base64 bodies accepted', async () => {
    const inst = newInstanceId();
    const res = await call(
      event('POST', `/rules/${inst}`, { body: Buffer.from(JSON.stringify({ ...createBody, Name: 'b64' })).toString('base64'), isBase64Encoded: true }),
    );
    expect(res.statusCode).toBe(200);
    const { RuleId } = json(res) as { RuleId: string };
    expect(json(res)).toEqual({ RuleArn: `arn:aws:connect:us-east-1:111122223333:instance/${inst}/rule/${RuleId}`, RuleId });
    const described = json(await call(event('GET', `/rules/${inst}/${RuleId}`))).Rule;
    expect(described).toMatchObject({ Name: 'b64', LastUpdatedBy: 'arn:aws:iam::111122223333:user/AKIDUNIT' });
  });

  it('errors: status, x-amzn-ErrorType and {"Message"} body', async () => {
    const notFound = await call(event('DELETE', '/rules/inst/nope'));
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(json(notFound)).toEqual({ Message: "Rule 'nope' not found in instance 'inst'." });

    const invalid = await call(event('POST', '/rules/inst', { body: JSON.stringify({ ...createBody, Function: 'bad' }) }));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(json(invalid).Message).toBe('Function:1:2: bad function');

    const badJson = await call(event('PUT', '/rules/inst/r', { body: '{"Name":' }));
    expect(badJson.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    // Located and the token named, as the CLI words a JSON file.
    expect(json(badJson).Message).toBe('Request body:1:9: not valid JSON: unexpected end of the text');

    const tooBig = await call(event('POST', '/rules/inst', { body: JSON.stringify({ ...createBody, Function: 'x'.repeat(2000) }) }));
    expect(tooBig.statusCode).toBe(400);
    expect(json(tooBig).Message).toMatch(/exceeds the limit of 1024 bytes/);

    const unknown = await call(event('GET', '/instances'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('a key written twice in a body: 400 InvalidRequestException at the second, nothing created or changed', async () => {
    const inst = newInstanceId();
    // JSON.parse alone would keep the second PublishStatus and publish what reads as a draft.
    const body = '{\n  "Name": "twice",\n  "TriggerEventSource": {"EventSourceName": "OnPostCallAnalysisAvailable"},\n  "Function": "{}",\n' +
      '  "Actions": [{"ActionType": "ASSIGN_CONTACT_CATEGORY", "AssignContactCategoryAction": {}}],\n  "PublishStatus": "DRAFT",\n  "PublishStatus": "PUBLISHED"\n}';
    const create = await call(event('POST', `/rules/${inst}`, { body }));
    expect(create.statusCode).toBe(400);
    expect(create.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(json(create).Message).toBe('Request body:7:3: duplicate key "PublishStatus" (first written at line 6, column 3)');
    expect(json(await call(event('GET', `/rules/${inst}`))).RuleSummaryList).toEqual([]);

    const id = await created(inst);
    const update = await call(
      event('PUT', `/rules/${inst}/${id}`, {
        body: '{"Name": "n", "Function": "{}", "PublishStatus": "DRAFT",\n "Actions": [{"ActionType": "ASSIGN_CONTACT_CATEGORY", "ActionType": "GENERATE_EVENTBRIDGE_EVENT", "AssignContactCategoryAction": {}}]}',
      }),
    );
    expect(update.statusCode).toBe(400);
    expect(json(update).Message).toBe('Request body:2:56: duplicate key "ActionType" at Actions[0].ActionType (first written at line 2, column 15)');
    expect(json(await call(event('GET', `/rules/${inst}/${id}`))).Rule).toMatchObject({ Actions: createBody.Actions });
  });

  it('a DynamoDB that cannot be reached: 500 InternalServiceException, the cause not shown', async () => {
    // Nothing listens on port 9 (discard) here: the connection is refused.
    const unreachable = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { ...LOCAL_CREDENTIALS }, maxAttempts: 1 });
    try {
      const internal = await handlerOn(unreachable)(event('GET', '/rules/inst/r'));
      expect(internal.statusCode).toBe(500);
      expect(internal.headers['x-amzn-errortype']).toBe('InternalServiceException');
      expect(json(internal).Message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      unreachable.destroy();
    }
  });

  it('ListRules reads the query string; a named stage prefix is stripped', async () => {
    const res = await call(
      event('GET', '/prod/rules/inst', {
        rawQueryString: 'maxResults=500',
        requestContext: { stage: 'prod', http: { method: 'GET', path: '/prod/rules/inst' } },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(json(res).Message).toBe('maxResults: 500 exceeds the maximum 200');

    const inst = newInstanceId();
    const id = await created(inst, { ...createBody, PublishStatus: 'PUBLISHED' });
    await created(inst, { ...createBody, Name: 'draft' });
    const listed = await call(
      event('GET', `/prod/rules/${inst}`, { rawQueryString: 'publishStatus=PUBLISHED', requestContext: { stage: 'prod', http: { method: 'GET', path: `/prod/rules/${inst}` } } }),
    );
    expect(listed.statusCode).toBe(200);
    expect((json(listed).RuleSummaryList as { RuleId: string }[]).map((r) => r.RuleId)).toEqual([id]);
  });

  it('UpdateRule and DeleteRule answer 200 with an empty object; later requests see the change', async () => {
    const inst = newInstanceId();
    const id = await created(inst);
    const update = await call(event('PUT', `/rules/${inst}/${id}`, { body: JSON.stringify({ ...createBody, Function: '{ }', PublishStatus: 'PUBLISHED', TriggerEventSource: undefined }) }));
    expect(update).toMatchObject({ statusCode: 200, body: '{}' });
    expect(json(await call(event('GET', `/rules/${inst}/${id}`))).Rule).toMatchObject({ Function: '{ }', PublishStatus: 'PUBLISHED', CreatedTime: 1_741_773_600.123 });
    const published = await call(event('GET', `/rules/${inst}`, { rawQueryString: 'publishStatus=PUBLISHED&eventSourceName=OnPostCallAnalysisAvailable' }));
    expect((json(published).RuleSummaryList as { RuleId: string }[]).map((r) => r.RuleId)).toEqual([id]);

    const del = await call(event('DELETE', `/rules/${inst}/${id}`));
    expect(del).toMatchObject({ statusCode: 200, body: '{}' });
    expect((await call(event('GET', `/rules/${inst}/${id}`))).statusCode).toBe(404);
  });
});

describe('the deployed handler (functions/rules-api.ts `handler`)', () => {
  // It reads its table and endpoint from the environment, as in Lambda; the account
  // comes from the invocation's function ARN (the template sets no account variable).
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = sharedDynamoDb().endpoint;
    process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    delete process.env.CONNECT_RULES_ACCOUNT_ID;
  });
  afterAll(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("names the invoked function's account in the rule ARN", async () => {
    const inst = newInstanceId();
    const context = { ...lambdaContext('connect-rules-prod-rulesApi'), invokedFunctionArn: 'arn:aws:lambda:eu-west-2:444455556666:function:connect-rules-prod-rulesApi' };
    const { InstanceId: _, ...body } = realTimeRule(inst, 'account-from-the-context');
    const res = (await deployedHandler(event('POST', `/rules/${inst}`, { body: JSON.stringify(body) }), context as never)) as HttpApiResult;
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).RuleArn).toBe(`arn:aws:connect:us-east-1:444455556666:instance/${inst}/rule/${json(res).RuleId as string}`);
  });
});
