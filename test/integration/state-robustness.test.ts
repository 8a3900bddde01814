/**
 * The exactly-once state under what real DynamoDB does to it:
 * - retries: when a write reaches DynamoDB but its response is lost (a timeout, a
 *   reset connection), the SDK sends it again, and the retry meets the condition its
 *   own first attempt changed; claims and completions must recognise their own
 *   earlier write, or an analysis is never evaluated and an action never runs;
 * - TTL: DynamoDB deletes an item whose TTL has passed at any moment, so state
 *   written under a clock in the past (replay --clock) must not carry a past TTL.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbActionLedger } from '../../engine/actions/ledger.ts';
import { PipelineStateStore } from '../../engine/pipeline/state-store.ts';
import { subjectsState } from '../../engine/pipeline/state/repositories.ts';
import { createTables, dynamoDbClient } from '../support/dynamodb.ts';

let names: Record<string, string>;
/** Operations (`UpdateItem`, `PutItem`) whose next response is to be lost once. */
const loseNext = new Set<string>();
let lost = 0;

/** A client whose chosen writes are applied by DynamoDB but answered with a transient error, once. */
function lossyClient(): DynamoDBClient {
  const client = dynamoDbClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (loseNext.delete((context.commandName ?? '').replace(/Command$/, ''))) {
        lost++;
        // What the SDK sees when a connection drops after the request was processed.
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseResponseOnce' },
  );
  return client;
}

beforeAll(async () => {
  const admin = dynamoDbClient();
  names = await createTables(admin, ['pipelineState', 'ledger']);
  admin.destroy();
});

beforeEach(() => {
  loseNext.clear();
  lost = 0;
});

describe('a lost response, retried by the SDK', () => {
  it('a subject claim and its completion still succeed', async () => {
    const store = new PipelineStateStore(lossyClient(), { tableName: names.pipelineState });
    store.use(subjectsState);
    const key = { instanceId: 'i-1', contactId: 'c-1' };
    const now = new Date('2025-03-12T10:00:00Z');
    const reg = await store.registerSubject(key, 'ANALYSIS#POST_CALL', { eventKey: 'k-1', ref: { kind: 'file', path: '/a.json' }, label: 'a.json', dueAt: now.toISOString() }, now);

    loseNext.add('UpdateItem');
    const token = await store.claimSubject(reg.item, now);
    expect(lost).toBe(1);
    expect(token).toBeDefined();

    loseNext.add('UpdateItem');
    await expect(store.completeSubject(reg.item, token!, 'ctr', now)).resolves.toBeUndefined();
    expect(lost).toBe(2);
    expect(await store.openSubjects(key)).toEqual([]);
  });

  it('an action ledger claim is still ours, so the action runs', async () => {
    const ledger = new DynamoDbActionLedger(DynamoDBDocumentClient.from(lossyClient()), names.ledger);
    loseNext.add('PutItem');
    const claim = await ledger.claim('event-1|rule-1|0', new Date(), 60_000);
    expect(lost).toBe(1);
    expect(claim.state).toBe('claimed');
  });
});

describe('TTL of state written under a clock in the past', () => {
  it('counts from the wall clock, so DynamoDB does not delete the state mid-evaluation', async () => {
    const client = dynamoDbClient();
    const store = new PipelineStateStore(client, { tableName: names.pipelineState, stateTtlSeconds: 3600 });
    store.use(subjectsState);
    const past = new Date('2025-03-12T10:00:00Z');
    const reg = await store.registerSubject({ instanceId: 'i-2', contactId: 'c-2' }, 'ANALYSIS#POST_CALL', { eventKey: 'k-2', ref: { kind: 'file', path: '/b.json' }, label: 'b.json', dueAt: past.toISOString() }, past);
    const { Item } = await DynamoDBDocumentClient.from(client).send(new GetCommand({ TableName: names.pipelineState, Key: { PK: reg.item.pk, SK: reg.item.sk } }));
    expect(Item!.ExpiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 3600 - 5);
    client.destroy();
  });
});
