/**
 * `contacts reindex` beside a live pipeline: a contact the pipeline rewrites between
 * the reindex's Scan and its update keeps what the pipeline wrote (the update is
 * conditioned on the keys it read). The rewrite is made by the pipeline's own writer
 * (ContactRecords.put) just before the reindex's first UpdateItem reaches DynamoDB
 * Local, from a client middleware.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexContactTables } from '../../engine/contacts/reindex.ts';
import { ContactRecords } from '../../engine/pipeline/state/contact-records.ts';
import { StateTable } from '../../engine/pipeline/state/table.ts';
import { createTables, dynamoDbClient } from '../support/dynamodb.ts';

const INSTANCE = 'reindex-race';
let admin: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let names: Record<string, string>;

beforeAll(async () => {
  admin = dynamoDbClient();
  doc = DynamoDBDocumentClient.from(admin);
  names = await createTables(admin, ['pipelineState', 'contacts']);
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
        `${state}: indexed 0 contact records and contact events stored before its index ByInstance, corrected 0 whose keys were computed by an older version`,
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
