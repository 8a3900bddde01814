/**
 * The store's reactions to DynamoDB answers that DynamoDB Local rarely gives on
 * demand (transaction conflicts, throttling), with a mocked client. The real
 * behaviour is covered by test/integration/rules-api.test.ts.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelled, mockedDocumentClient } from '../../test/support/mock-dynamo.ts';
import { rulesConfigFromEnv } from './config.ts';
import type { StoredRule } from './model.ts';
import { RulesService } from './service.ts';
import {
  ContentionError,
  InvalidCursorError,
  NameTakenError,
  QuotaExceededError,
  RulesStore,
  StoreThrottledError,
  TokenMismatchError,
} from './store.ts';

const { doc, ddb } = mockedDocumentClient();

const rule: StoredRule = {
  InstanceId: 'inst',
  RuleId: 'rule-1',
  RuleArn: 'arn:aws:connect:us-east-1:111122223333:instance/inst/rule/rule-1',
  Name: 'n',
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: '{}',
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
  CreatedTime: new Date(1_700_000_000_000),
  LastUpdatedTime: new Date(1_700_000_000_000),
  LastUpdatedBy: 'arn:aws:iam::111122223333:user/A',
  Version: 1,
};

const store = () => new RulesStore(doc, { tableName: 'rules', quota: 3, maxTransactionAttempts: 3 });
const token = { clientToken: 'tok', requestHash: 'hash-1' };

beforeEach(() => ddb.reset());

describe('createRule', () => {
  it('writes rule, name lock, quota counter and token in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await expect(store().createRule(rule, token)).resolves.toEqual({ RuleId: 'rule-1', RuleArn: rule.RuleArn, replayed: false });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.SK ?? i.Update?.Key?.SK)).toEqual(['RULE#rule-1', 'NAME#n', 'QUOTA#OnPostCallAnalysisAvailable', 'TOKEN#tok']);
    expect(items[0]!.Put!.Item).toMatchObject({
      PK: 'INSTANCE#inst',
      GSI1PK: 'INSTANCE#inst#SOURCE#OnPostCallAnalysisAvailable',
      GSI1SK: 'PUBLISHED#rule-1',
      GSI2PK: 'INSTANCE#inst#STATUS#PUBLISHED',
      Version: 1,
    });
    expect(items[2]!.Update!.ExpressionAttributeValues![':quota']).toBe(3);
    expect(items[3]!.Put!.Item!.ExpiresAt).toBeGreaterThan(Date.now() / 1000 + 8 * 3600 - 60);
  });

  it('retries a transaction conflict, then succeeds', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None')).resolves({});
    await expect(store().createRule(rule, token)).resolves.toMatchObject({ RuleId: 'rule-1' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('gives up after the configured attempts with ContentionError (→ ThrottlingException)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    await expect(store().createRule(rule)).rejects.toBeInstanceOf(ContentionError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('maps failed conditions: token first (replay or mismatch), then name, then quota', async () => {
    const sameToken = { Code: 'ConditionalCheckFailed', Item: { RequestHash: { S: 'hash-1' }, RuleId: { S: 'first' }, RuleArn: { S: 'arn:first' } } };
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', sameToken));
    await expect(store().createRule(rule, token)).resolves.toEqual({ RuleId: 'first', RuleArn: 'arn:first', replayed: true });

    const otherBody = { ...sameToken, Item: { ...sameToken.Item, RequestHash: { S: 'hash-2' } } };
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', otherBody));
    await expect(store().createRule(rule, token)).rejects.toBeInstanceOf(TokenMismatchError);

    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'));
    await expect(store().createRule(rule)).rejects.toBeInstanceOf(NameTakenError);

    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(store().createRule(rule)).rejects.toBeInstanceOf(QuotaExceededError);
  });

  it('turns DynamoDB throttling into StoreThrottledError', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(store().getRule('inst', 'rule-1')).rejects.toBeInstanceOf(StoreThrottledError);
  });
});

describe('listRules cursor', () => {
  it('issues a token for the last returned item and refuses tampered ones', async () => {
    const item = (id: string) => ({ PK: 'INSTANCE#inst', SK: `RULE#${id}`, RuleId: id, Name: id, ActionTypes: [], CreatedTime: 0, LastUpdatedTime: 0 });
    ddb.on(QueryCommand).resolves({ Items: [item('a'), item('b'), item('c')] });
    const page = await store().listRules('inst', {}, 2);
    expect(page.summaries.map((s) => s.RuleId)).toEqual(['a', 'b']);
    expect(JSON.parse(Buffer.from(page.nextToken!, 'base64url').toString())).toEqual({ v: 1, q: 'all', k: { PK: 'INSTANCE#inst', SK: 'RULE#b' } });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.Limit).toBe(3);

    await store().listRules('inst', {}, 2, page.nextToken);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ PK: 'INSTANCE#inst', SK: 'RULE#b' });

    const forged = Buffer.from(JSON.stringify({ v: 1, q: 'all', k: { PK: 'INSTANCE#other', SK: 'RULE#b' } })).toString('base64url');
    await expect(store().listRules('inst', {}, 2, forged)).rejects.toBeInstanceOf(InvalidCursorError);
    const extraKey = Buffer.from(JSON.stringify({ v: 1, q: 'all', k: { PK: 'INSTANCE#inst', SK: 'RULE#b', X: 'y' } })).toString('base64url');
    await expect(store().listRules('inst', {}, 2, extraKey)).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store().listRules('inst', { publishStatus: 'DRAFT' }, 2, page.nextToken)).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('keeps reading past short pages (1 MB limit) until the page is full', async () => {
    const item = (id: string) => ({ PK: 'INSTANCE#inst', SK: `RULE#${id}`, RuleId: id, ActionTypes: [], CreatedTime: 0, LastUpdatedTime: 0 });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('a')], LastEvaluatedKey: { PK: 'INSTANCE#inst', SK: 'RULE#a' } })
      .resolvesOnce({ Items: [item('b')] });
    const page = await store().listRules('inst', {}, 5);
    expect(page.summaries.map((s) => s.RuleId)).toEqual(['a', 'b']);
    expect(page.nextToken).toBeUndefined();
  });
});

describe('service error mapping', () => {
  it('maps store failures to the API errors', async () => {
    const config = rulesConfigFromEnv({});
    const errors: unknown[] = [];
    const service = new RulesService({ store: store(), config, checkFunction: () => [], onInternalError: (e) => errors.push(e) });
    ddb.on(GetCommand).rejects(new Error('disk on fire'));
    await expect(service.describeRule('inst', 'r')).rejects.toMatchObject({ name: 'InternalServiceException', statusCode: 500 });
    expect(errors).toHaveLength(1);
    ddb.on(GetCommand).rejects(Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(service.describeRule('inst', 'r')).rejects.toMatchObject({ name: 'ThrottlingException', statusCode: 429 });
    ddb.on(GetCommand).resolves({});
    await expect(service.deleteRule('inst', 'r')).rejects.toMatchObject({ name: 'ResourceNotFoundException', statusCode: 404 });
  });
});
