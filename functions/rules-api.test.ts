/**
 * The Lambda handler alone: API Gateway HTTP API (v2) events in, responses out,
 * on the real service and store over a mocked DynamoDB client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { rulesConfigFromEnv } from '../engine/rules/config.ts';
import { RulesService } from '../engine/rules/service.ts';
import { RulesStore } from '../engine/rules/store.ts';
import { createRulesApiHandler } from './rules-api.ts';
import { callerArn, type HttpApiEvent, type HttpApiResult } from './http/event.ts';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
const ddb = mockClient(doc);
const config = rulesConfigFromEnv({}, { maxRequestBytes: 1024 });
const service = new RulesService({
  store: new RulesStore(doc, { tableName: config.rulesTable }),
  config,
  checkFunction: (text) => (text.includes('bad') ? ['Function:1:2: bad function'] : []),
  newRuleId: () => 'rule-1',
});
const handler = createRulesApiHandler({
  service,
  logger: new Logger({ logLevel: 'SILENT' }),
  accountId: '111122223333',
  maxRequestBytes: config.maxRequestBytes,
});

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'rules-api',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:rules-api',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  logGroupName: 'g',
  logStreamName: 's',
  getRemainingTimeInMillis: () => 10_000,
};

function event(method: string, rawPath: string, extra: Partial<HttpApiEvent> = {}): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDUNIT/20250101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=abc',
    },
    requestContext: { accountId: '111122223333', requestId: 'api-req-1', stage: '$default', http: { method, path: rawPath } },
    isBase64Encoded: false,
    ...extra,
  };
}

const call = (e: HttpApiEvent) => handler(e, context as never) as Promise<HttpApiResult>;
const json = (r: HttpApiResult) => JSON.parse(r.body) as Record<string, unknown>;

const storedItem = {
  PK: 'INSTANCE#inst',
  SK: 'RULE#rule-1',
  ItemType: 'RULE',
  InstanceId: 'inst',
  RuleId: 'rule-1',
  RuleArn: 'arn:aws:connect:us-east-1:111122223333:instance/inst/rule/rule-1',
  Name: 'n',
  EventSourceName: 'OnPostCallAnalysisAvailable',
  Function: '{}',
  ActionsJson: '[{"ActionType":"ASSIGN_CONTACT_CATEGORY","AssignContactCategoryAction":{}}]',
  ActionTypes: ['ASSIGN_CONTACT_CATEGORY'],
  PublishStatus: 'DRAFT',
  CreatedTime: 1_700_000_000_123,
  LastUpdatedTime: 1_700_000_100_456,
  LastUpdatedBy: 'arn:aws:iam::111122223333:user/X',
  Version: 4,
};

const createBody = {
  Name: 'n',
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: '{}',
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
};

beforeEach(() => ddb.reset());

describe('rules API handler', () => {
  it('DescribeRule: 200 with the Rule, timestamps as epoch seconds', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem });
    const res = await call(event('GET', '/rules/inst/rule-1'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-amzn-requestid']).toBe('api-req-1');
    expect(json(res)).toEqual({
      Rule: {
        Name: 'n',
        RuleId: 'rule-1',
        RuleArn: storedItem.RuleArn,
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: '{}',
        Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
        PublishStatus: 'DRAFT',
        CreatedTime: 1_700_000_000.123,
        LastUpdatedTime: 1_700_000_100.456,
        LastUpdatedBy: 'arn:aws:iam::111122223333:user/X',
      },
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: 'INSTANCE#inst', SK: 'RULE#rule-1' });
  });

  it('decodes URL-encoded path segments (instance ARNs)', async () => {
    ddb.on(GetCommand).resolves({});
    const res = await call(event('GET', '/rules/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fabc/r%201'));
    expect(res.statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({
      PK: 'INSTANCE#arn:aws:connect:us-east-1:1:instance/abc',
      SK: 'RULE#r 1',
    });
  });

  it('CreateRule: 200 with RuleArn/RuleId; LastUpdatedBy from the SigV4 access key; base64 bodies accepted', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call(
      event('POST', '/rules/inst', { body: Buffer.from(JSON.stringify(createBody)).toString('base64'), isBase64Encoded: true }),
    );
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ RuleArn: 'arn:aws:connect:us-east-1:111122223333:instance/inst/rule/rule-1', RuleId: 'rule-1' });
    const put = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(put.LastUpdatedBy).toBe('arn:aws:iam::111122223333:user/AKIDUNIT');
  });

  it('errors: status, x-amzn-ErrorType and {"Message"} body', async () => {
    ddb.on(GetCommand).resolves({});
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
    expect(json(badJson).Message).toMatch(/^Request body is not valid JSON/);

    const tooBig = await call(event('POST', '/rules/inst', { body: JSON.stringify({ ...createBody, Function: 'x'.repeat(2000) }) }));
    expect(tooBig.statusCode).toBe(400);
    expect(json(tooBig).Message).toMatch(/exceeds the limit of 1024 bytes/);

    const unknown = await call(event('GET', '/instances'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');

    ddb.on(GetCommand).rejects(new Error('boom'));
    const internal = await call(event('GET', '/rules/inst/r'));
    expect(internal.statusCode).toBe(500);
    expect(internal.headers['x-amzn-errortype']).toBe('InternalServiceException');
    expect(json(internal).Message).not.toContain('boom');
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
  });

  it('UpdateRule and DeleteRule answer 200 with an empty object', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem });
    ddb.on(TransactWriteCommand).resolves({});
    const update = await call(event('PUT', '/rules/inst/rule-1', { body: JSON.stringify({ ...createBody, TriggerEventSource: undefined }) }));
    expect(update).toMatchObject({ statusCode: 200, body: '{}' });
    const put = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!;
    expect(put.Item).toMatchObject({ Version: 5, PublishStatus: 'PUBLISHED', GSI1SK: 'PUBLISHED#rule-1', CreatedTime: storedItem.CreatedTime });
    expect(put.ExpressionAttributeValues).toEqual({ ':version': 4 });
    const del = await call(event('DELETE', '/rules/inst/rule-1'));
    expect(del).toMatchObject({ statusCode: 200, body: '{}' });
  });
});

describe('callerArn', () => {
  const base = event('GET', '/rules/i');
  it('prefers the IAM authorizer user ARN, then the SigV4 key, then anonymous', () => {
    expect(callerArn({ ...base, requestContext: { ...base.requestContext, authorizer: { iam: { userArn: 'arn:aws:iam::9:user/bob' } } } }, '1')).toBe(
      'arn:aws:iam::9:user/bob',
    );
    expect(callerArn(base, '123')).toBe('arn:aws:iam::123:user/AKIDUNIT');
    expect(callerArn({ ...base, headers: {} }, '123')).toBe('arn:aws:iam::123:user/anonymous');
    expect(callerArn({ ...base, headers: {}, rawQueryString: 'X-Amz-Credential=AKIDQ%2F2025%2Fus-east-1%2Fconnect%2Faws4_request' }, '1')).toBe(
      'arn:aws:iam::1:user/AKIDQ',
    );
  });
});
