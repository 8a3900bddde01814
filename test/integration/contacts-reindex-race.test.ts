/**
 * `contacts reindex` on DynamoDB Local. Beside a live pipeline: a contact the pipeline rewrites between
 * the reindex's Scan and its update keeps what the pipeline wrote (the update is
 * conditioned on the keys it read). The rewrite is made by the pipeline's own writer
 * (ContactRecords.put) just before the reindex's first UpdateItem reaches DynamoDB
 * Local, from a client middleware. On a DescribeContact response a version before
 * 7a49b85 stored as given (`{"Contact": ...}`, no `Origin`): no reader takes it and
 * ingesting it again is refused, so the reindex rewrites it in the CTR's shape, marked
 * as a response, with the key its initiation gives and the UpdatedAt its last update
 * gives; after that a newer response replaces it, an older one does not. Each test on
 * tables of its own.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reindexContactTables } from '../../engine/contacts/reindex.ts';
import { ContactRecords } from '../../engine/pipeline/state/contact-records.ts';
import { StateTable } from '../../engine/pipeline/state/table.ts';
import { dynamoDbClient, freshTables } from '../support/dynamodb.ts';

const INSTANCE = 'reindex-race';
let admin: DynamoDBClient;
let doc: DynamoDBDocumentClient;
/** Each test's own tables (a reindex scans the whole table: another test's items would change its counts). */
let names: Record<string, string>;

beforeAll(() => {
  admin = dynamoDbClient();
  doc = DynamoDBDocumentClient.from(admin);
});
beforeEach(async () => {
  names = await freshTables(admin, ['pipelineState', 'contacts']);
});
afterAll(() => admin?.destroy());

const at = (iso: string) => Date.parse(iso) / 1000;
const ctr = (initiated: string, updated: string) => ({ ContactId: 'r1', Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: at(initiated), LastUpdateTimestamp: at(updated) });

/** A client on the shared DynamoDB Local that runs `before` once, ahead of its first UpdateItem. */
function clientRunningBeforeFirstUpdate(before: () => Promise<void>): DynamoDBClient {
  const client = dynamoDbClient();
  let pending: (() => Promise<void>) | undefined = before;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateItemCommand' && pending) {
        const run = pending;
        pending = undefined;
        await run();
      }
      return next(args);
    },
    { step: 'initialize', name: 'writeBeforeFirstUpdate' },
  );
  return client;
}

describe('contacts reindex beside a live pipeline', () => {
  it('leaves a contact the pipeline rewrote after the Scan as the pipeline wrote it', async () => {
    const state = names.pipelineState!;
    // As a version before ffa4839 stored it: the epoch-number initiation (09:00) unread, the last update (11:00) in its key.
    await doc.send(new PutCommand({
      TableName: state,
      Item: {
        PK: `CONTACT#${INSTANCE}#r1`, SK: 'RECORD#CTR', InstanceId: INSTANCE, ContactId: 'r1',
        UpdatedAt: Date.parse('2025-03-17T11:00:00Z'), Record: JSON.stringify(ctr('2025-03-17T09:00:00Z', '2025-03-17T11:00:00Z')),
        ContactsPK: `CONTACTS#${INSTANCE}`, ContactsSK: '2025-03-17T11:00:00.000Z#r1',
      },
    }));
    // Meanwhile the pipeline stores a newer CTR of the contact, whose initiation Connect corrected to 09:05.
    const pipeline = new ContactRecords(new StateTable(doc, state, 14 * 86_400));
    const client = clientRunningBeforeFirstUpdate(async () => {
      expect(await pipeline.put({ instanceId: INSTANCE, contactId: 'r1' }, ctr('2025-03-17T09:05:00Z', '2025-03-17T12:00:00Z'), Date.parse('2025-03-17T12:00:00Z'), new Date('2025-03-17T12:00:00Z'))).toBe('stored');
    });
    try {
      expect(await reindexContactTables(client, { stateTable: state, contactsTable: names.contacts! })).toEqual([
        `${state}: indexed 0 contact records and contact events stored before its index ByInstance, corrected 0 whose keys were computed by an older version, rewrote 0 DescribeContact responses stored as given by an older version in the CTR's shape`,
        `${names.contacts}: indexed 0 task contacts stored before its index ByInstance, corrected 0 whose keys were computed by an older version`,
      ]);
    } finally {
      client.destroy();
    }
    const { Item } = await doc.send(new GetCommand({ TableName: state, Key: { PK: `CONTACT#${INSTANCE}#r1`, SK: 'RECORD#CTR' }, ConsistentRead: true }));
    expect(Item).toMatchObject({ UpdatedAt: Date.parse('2025-03-17T12:00:00Z'), ContactsSK: '2025-03-17T09:05:00.000Z#r1' });
    expect(JSON.parse(String(Item!.Record))).toEqual(ctr('2025-03-17T09:05:00Z', '2025-03-17T12:00:00Z'));
  });
});

const RESPONSES = 'reindex-responses';
const ARN = `arn:aws:connect:us-east-1:111122223333:instance/${RESPONSES}`;

const contact = (id: string, lastUpdate: string) => ({
  Arn: `${ARN}/contact/${id}`,
  Id: id,
  Channel: 'VOICE',
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2025-03-17T09:00:00Z',
  LastUpdateTimestamp: lastUpdate,
  QueueInfo: { Id: 'q-billing', EnqueueTimestamp: '2025-03-17T09:01:00Z' },
  Attributes: { tier: 'gold' },
});

const keyOf = (id: string) => ({ PK: `CONTACT#${RESPONSES}#${id}`, SK: 'RECORD#CTR' });
const read = async (id: string) => (await doc.send(new GetCommand({ TableName: names.pipelineState!, Key: keyOf(id), ConsistentRead: true }))).Item!;

describe('contacts reindex on DescribeContact responses stored as given', () => {
  it('rewrites them in the CTR shape, marked, so a newer response is stored again', async () => {
    const state = names.pipelineState!;
    // As a version before 7a49b85 stored them: the response (and a bare Contact) as given, keyed by UpdatedAt (its disconnect) for want of a top-level InitiationTimestamp.
    const old = { InstanceId: RESPONSES, UpdatedAt: Date.parse('2025-03-17T09:20:00Z'), ContactsPK: `CONTACTS#${RESPONSES}` };
    await doc.send(new PutCommand({ TableName: state, Item: { ...keyOf('d1'), ...old, ContactId: 'd1', ContactsSK: '2025-03-17T09:20:00.000Z#d1', Record: JSON.stringify({ Contact: contact('d1', '2025-03-17T09:30:00Z') }) } }));
    await doc.send(new PutCommand({ TableName: state, Item: { ...keyOf('d2'), ...old, ContactId: 'd2', ContactsSK: '2025-03-17T09:20:00.000Z#d2', Record: JSON.stringify(contact('d2', '2025-03-17T09:30:00Z')) } }));
    const pipeline = new ContactRecords(new StateTable(doc, state, 14 * 86_400));
    const key = { instanceId: RESPONSES, contactId: 'd1' };
    const newer = contact('d1', '2025-03-17T10:00:00Z');
    // What docs/pipeline.md advised before: ingesting it again is refused, the item has no Origin.
    expect(await pipeline.put(key, newer, Date.parse('2025-03-17T10:00:00Z'), new Date('2025-03-17T10:00:00Z'), true)).toBe('stale');

    expect(await reindexContactTables(admin, { stateTable: state, contactsTable: names.contacts! })).toEqual([
      `${state}: indexed 0 contact records and contact events stored before its index ByInstance, corrected 0 whose keys were computed by an older version, rewrote 2 DescribeContact responses stored as given by an older version in the CTR's shape`,
      `${names.contacts}: indexed 0 task contacts stored before its index ByInstance, corrected 0 whose keys were computed by an older version`,
    ]);
    for (const id of ['d1', 'd2']) {
      const item = await read(id);
      // UpdatedAt as the writer computes it today: the response's LastUpdateTimestamp, not the disconnect the older version fell back to
      expect(item).toMatchObject({ Origin: 'DescribeContact', ContactsSK: `2025-03-17T09:00:00.000Z#${id}`, UpdatedAt: Date.parse('2025-03-17T09:30:00Z') });
      expect(JSON.parse(String(item.Record))).toMatchObject({
        ContactId: id,
        InstanceARN: ARN,
        Channel: 'VOICE',
        InitiationTimestamp: '2025-03-17T09:00:00Z',
        Queue: { ARN: `${ARN}/queue/q-billing` },
        Attributes: { tier: 'gold' },
      });
    }
    expect((await pipeline.get(key))?.record).toMatchObject({ ContactId: 'd1', LastUpdateTimestamp: '2025-03-17T09:30:00Z' });

    // Once marked, an older response (09:25: after the disconnect the item said before) is kept out, a newer one replaces it,
    // and a second reindex has nothing to rewrite.
    expect(await pipeline.put(key, contact('d1', '2025-03-17T09:25:00Z'), Date.parse('2025-03-17T09:25:00Z'), new Date('2025-03-17T10:00:00Z'), true)).toBe('stale');
    expect(await pipeline.put(key, newer, Date.parse('2025-03-17T10:00:00Z'), new Date('2025-03-17T10:00:00Z'), true)).toBe('stored');
    expect((await reindexContactTables(admin, { stateTable: state, contactsTable: names.contacts! }))[0]).toMatch(/corrected 0 .*, rewrote 0 DescribeContact responses/);
  });
});
