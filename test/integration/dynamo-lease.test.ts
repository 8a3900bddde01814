/**
 * The storage kernel's lease (engine/dynamo/lease.ts) on DynamoDB Local: claimed by
 * one holder, refused to another while held, taken over once it has passed, renewed,
 * completed, released; on both table shapes the engine uses (an absent item is free,
 * as in the action ledger and the real-time firings; a status is free, as for the
 * pipeline's analyses), and on an item written in the older representation.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Leases } from '../../engine/dynamo/lease.ts';
import { createTables, dynamoDbClient } from '../support/dynamodb.ts';

const client = dynamoDbClient();
const doc = DynamoDBDocumentClient.from(client);
let names: Record<string, string>;

const T0 = new Date('2025-03-12T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

beforeAll(async () => {
  names = await createTables(client, ['ledger', 'pipelineState']);
});
afterAll(() => client.destroy());

/** The ledger's shape: an absent item is free, the claim creates it. */
const created = () => new Leases(doc, { tableName: names.ledger, keyAttribute: 'KEY', statusAttribute: 'Status', tokenAttribute: 'Token', held: 'RUNNING' });
const stored = async (table: string, key: Record<string, unknown>) => (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

describe('a lease on an item the claim creates', () => {
  it('is claimed by one holder and refused to another while held, with the time it ends', async () => {
    const leases = created();
    const key = { KEY: 'held-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE, { create: { StartedTime: T0.toISOString() } });
    expect(first.state).toBe('claimed');
    expect(await stored(names.ledger, key)).toMatchObject({ Status: 'RUNNING', LeaseUntil: '2025-03-12T10:05:00.000Z', StartedTime: '2025-03-12T10:00:00.000Z' });

    const second = await leases.claim(key, at(4 * MINUTE), 5 * MINUTE);
    expect(second).toMatchObject({ state: 'held', until: '2025-03-12T10:05:00.000Z' });
  });

  it('is taken over once it has passed; the earlier holder can then neither renew nor complete', async () => {
    const leases = created();
    const key = { KEY: 'expired-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE, { create: { StartedTime: T0.toISOString() } });
    if (first.state !== 'claimed') throw new Error(first.state);

    // The lease ends at 10:05:00.000: from then on it may be taken over.
    const taken = await leases.claim(key, at(5 * MINUTE), 5 * MINUTE, { create: { StartedTime: 'not written on a take-over' } });
    expect(taken.state).toBe('taken-over');
    if (taken.state !== 'taken-over') return;
    expect(taken.previous).toMatchObject({ Token: first.token, StartedTime: '2025-03-12T10:00:00.000Z' });
    expect(taken.token).not.toBe(first.token);

    expect(await leases.renew(key, first.token, at(20 * MINUTE))).toBe(false);
    expect(await leases.complete(key, first.token, 'DONE', { Outcome: 'first' })).toBe(false);
    expect(await stored(names.ledger, key)).toMatchObject({ Status: 'RUNNING', Token: taken.token, LeaseUntil: '2025-03-12T10:10:00.000Z', StartedTime: '2025-03-12T10:00:00.000Z' });
  });

  it('is renewed by its holder: another claim is refused until the new end', async () => {
    const leases = created();
    const key = { KEY: 'renewed-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE);
    if (first.state !== 'claimed') throw new Error(first.state);
    expect(await leases.renew(key, first.token, at(15 * MINUTE))).toBe(true);

    expect(await leases.claim(key, at(10 * MINUTE), 5 * MINUTE)).toMatchObject({ state: 'held', until: '2025-03-12T10:15:00.000Z' });
    expect((await leases.claim(key, at(15 * MINUTE), 5 * MINUTE)).state).toBe('taken-over');
  });

  it('ended now by its holder (renewed to now) is taken over at once', async () => {
    const leases = created();
    const key = { KEY: 'ended-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE);
    if (first.state !== 'claimed') throw new Error(first.state);
    expect(await leases.renew(key, first.token, at(MINUTE))).toBe(true);
    expect((await leases.claim(key, at(MINUTE), 5 * MINUTE)).state).toBe('taken-over');
  });

  it('once completed is settled, whatever the time, and a retry of the completion still passes', async () => {
    const leases = created();
    const key = { KEY: 'completed-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE);
    if (first.state !== 'claimed') throw new Error(first.state);
    expect(await leases.complete(key, first.token, 'DONE', { Outcome: 'the outcome' })).toBe(true);
    expect(await leases.complete(key, first.token, 'DONE', { Outcome: 'the outcome' })).toBe(true);

    const later = await leases.claim(key, at(60 * MINUTE), 5 * MINUTE);
    expect(later.state).toBe('settled');
    if (later.state === 'settled') expect(later.item).toMatchObject({ Status: 'DONE', Outcome: 'the outcome' });
    expect((await stored(names.ledger, key))!.LeaseUntil).toBeUndefined();
  });

  it('released by its holder is deleted, and the next claim is a new one', async () => {
    const leases = created();
    const key = { KEY: 'released-1' };
    const first = await leases.claim(key, T0, 5 * MINUTE);
    if (first.state !== 'claimed') throw new Error(first.state);
    expect(await leases.release(key, first.token)).toBe(true);
    expect(await stored(names.ledger, key)).toBeUndefined();
    expect((await leases.claim(key, at(MINUTE), 5 * MINUTE)).state).toBe('claimed');
  });
});

describe('a lease on an item with a free status (an analysis waiting to be evaluated)', () => {
  /** The pipeline's shape, with the older `ClaimedAt` (epoch ms of the claim) read for a 5-minute lease. */
  const subjects = () =>
    new Leases(doc, {
      tableName: names.pipelineState,
      keyAttribute: 'PK',
      statusAttribute: 'Status',
      tokenAttribute: 'ClaimToken',
      held: 'CLAIMED',
      free: 'PENDING',
      legacyUntil: (item) => (item.ClaimedAt === undefined ? undefined : new Date(Number(item.ClaimedAt) + 5 * MINUTE).toISOString()),
      legacy: ['ClaimedAt'],
    });
  const pending = async (pk: string, extra: Record<string, unknown> = {}) => {
    await doc.send(new PutCommand({ TableName: names.pipelineState, Item: { PK: pk, SK: 'ANALYSIS#POST_CALL', Status: 'PENDING', ...extra } }));
    return { PK: pk, SK: 'ANALYSIS#POST_CALL' };
  };

  it('is not created by a claim: an absent item is settled, and nothing is written', async () => {
    const key = { PK: 'CONTACT#i#absent', SK: 'ANALYSIS#POST_CALL' };
    expect(await subjects().claim(key, T0, 5 * MINUTE)).toEqual({ state: 'settled', item: undefined });
    expect(await stored(names.pipelineState, key)).toBeUndefined();
  });

  it('is claimed from the free status, refused while held, released to the free status and claimed again', async () => {
    const leases = subjects();
    const key = await pending('CONTACT#i#free-1');
    const first = await leases.claim(key, T0, 5 * MINUTE);
    if (first.state !== 'claimed') throw new Error(first.state);
    expect((await leases.claim(key, at(MINUTE), 5 * MINUTE)).state).toBe('held');

    expect(await leases.release(key, first.token)).toBe(true);
    const item = await stored(names.pipelineState, key);
    expect(item).toMatchObject({ Status: 'PENDING' });
    expect(item!.ClaimToken).toBeUndefined();
    expect((await leases.claim(key, at(MINUTE), 5 * MINUTE)).state).toBe('claimed');
  });

  it('written in the older representation (ClaimedAt) is held until that claim has passed, then taken over and rewritten', async () => {
    const leases = subjects();
    const key = await pending('CONTACT#i#legacy-1', { Status: 'CLAIMED', ClaimToken: 'old-token', ClaimedAt: T0.getTime() });

    expect(await leases.claim(key, at(4 * MINUTE), 5 * MINUTE)).toMatchObject({ state: 'held', until: '2025-03-12T10:05:00.000Z' });
    const taken = await leases.claim(key, at(6 * MINUTE), 5 * MINUTE);
    expect(taken.state).toBe('taken-over');
    const item = await stored(names.pipelineState, key);
    expect(item).toMatchObject({ Status: 'CLAIMED', LeaseUntil: '2025-03-12T10:11:00.000Z' });
    expect(item!.ClaimedAt).toBeUndefined();
    expect(item!.ClaimToken).not.toBe('old-token');
  });
});
