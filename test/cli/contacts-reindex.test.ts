/**
 * `connect-rules contacts reindex` (the built CLI) on tables that have the ByInstance
 * indexes but hold items written before them, as a stack updated in place has: it
 * gives those items their index keys and says how many; a table without the index
 * is refused with what to do; contacts an older version indexed by other keys (a CTR's
 * epoch-number InitiationTimestamp, read since ffa4839) get today's. On the run's DynamoDB Local.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsService } from '../../engine/contacts/service.ts';
import { ContactsStore } from '../../engine/contacts/store.ts';
import { FileObjectReader } from '../../engine/ingest/object-reader.ts';
import { CONTACTS_TABLE } from '../../storage/action-tables.ts';
import { PIPELINE_STATE_TABLE } from '../../storage/pipeline-tables.ts';
import { createTableInput, tableName } from '../../storage/tables.ts';
import { runCliAsync } from '../support/cli.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const INSTANCE = 'reindex-instance';
let dynamoDb: DynamoDBClient;
let doc: DynamoDBDocumentClient;

/** No AWS credentials, profile or region anywhere: a local --endpoint needs none, as for every other command. */
const NO_AWS_SETUP = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
  AWS_REGION: '',
  AWS_DEFAULT_REGION: '',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const reindex = (args: string[] = []) => runCliAsync(['contacts', 'reindex', '--endpoint', sharedDynamoDb().endpoint, ...args], { env: NO_AWS_SETUP });

beforeAll(async () => {
  dynamoDb = dynamoDbClient();
  doc = DynamoDBDocumentClient.from(dynamoDb);
  await createTables(dynamoDb, ['pipelineState', 'contacts']);
}, 120_000);
afterAll(() => dynamoDb?.destroy());

describe('connect-rules contacts reindex', () => {
  it('indexes the contact records, contact events and tasks written before the indexes', async () => {
    const state = tableName(PIPELINE_STATE_TABLE);
    const contacts = tableName(CONTACTS_TABLE);
    await doc.send(new PutCommand({
      TableName: state,
      Item: { PK: `CONTACT#${INSTANCE}#c1`, SK: 'RECORD#CTR', InstanceId: INSTANCE, ContactId: 'c1', UpdatedAt: 1, Record: JSON.stringify({ ContactId: 'c1', Channel: 'VOICE', InitiationTimestamp: '2025-03-11T09:00:00Z' }) },
    }));
    await doc.send(new PutCommand({
      TableName: state,
      Item: { PK: `CONTACT#${INSTANCE}#c2`, SK: 'RECORD#EVENTS', Version: 1, UpdatedAt: 1, Record: JSON.stringify({ Id: 'c2', Channel: 'CHAT', InitiationTimestamp: '2025-03-11T10:00:00Z' }) },
    }));
    await doc.send(new PutCommand({
      TableName: contacts,
      Item: { PK: `INSTANCE#${INSTANCE}#CONTACT#t1`, SK: 'CONTACT', Kind: 'TASK', Status: 'OPEN', Task: { ContactId: 't1', Channel: 'TASK', InitiationMethod: 'API', Name: 'n', ContactFlowId: 'f', Status: 'OPEN', InitiationTimestamp: '2025-03-11T09:30:00.000Z' } },
    }));
    const store = new ContactsStore(doc, { stateTable: state, contactsTable: contacts, reader: new FileObjectReader() });
    expect(await store.contactsOf(INSTANCE)).toEqual([]);

    const out = await reindex(['--state-table', state, '--contacts-table', contacts]);
    expect(out.stderr).not.toMatch(/Error/);
    expect(out.stdout).toBe(
      `${state}: indexed 2 contact records and contact events stored before its index ByInstance, corrected 0 whose keys were computed by an older version, rewrote 0 DescribeContact responses stored as given by an older version in the CTR's shape\n` +
        `${contacts}: indexed 1 task contact stored before its index ByInstance, corrected 0 whose keys were computed by an older version\n`,
    );
    expect(out.status).toBe(0);
    expect((await store.contactsOf(INSTANCE)).map((c) => [c.contactId, c.origin]).sort()).toEqual([
      ['c1', 'ctr'],
      ['c2', 'contact-events'],
      ['t1', 'task'],
    ]);
    // a second run finds nothing left
    expect((await reindex(['--state-table', state, '--contacts-table', contacts])).stdout).toContain(`${state}: indexed 0 contact records`);
  });

  it('corrects the keys an older version gave CTRs with epoch-number times, so SearchContacts finds them by their initiation', async () => {
    const instance = 'reindex-older-keys';
    const state = tableName(PIPELINE_STATE_TABLE);
    const contacts = tableName(CONTACTS_TABLE);
    const store = new ContactsStore(doc, { stateTable: state, contactsTable: contacts, reader: new FileObjectReader() });
    const service = new ContactsService(store, { region: 'us-east-1', accountId: '111122223333' });
    const at = (iso: string) => Date.parse(iso) / 1000;
    // A CTR as the pipeline stores it; ContactsSK as a version before ffa4839 computed it: epoch-number InitiationTimestamps were not read, so the last update stood in.
    const olderCtr = (id: string, initiated: string, updated: string) => ({
      PK: `CONTACT#${instance}#${id}`,
      SK: 'RECORD#CTR',
      InstanceId: instance,
      ContactId: id,
      UpdatedAt: Date.parse(updated),
      ContactsPK: `CONTACTS#${instance}`,
      ContactsSK: `${new Date(updated).toISOString()}#${id}`,
      Record: JSON.stringify({ ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: at(initiated), LastUpdateTimestamp: at(updated) }),
    });
    // o1 called at 09:00 and was updated last at 11:00; o2 called at 10:00, updated at 10:20.
    await doc.send(new PutCommand({ TableName: state, Item: olderCtr('o1', '2025-03-16T09:00:00Z', '2025-03-16T11:00:00Z') }));
    await doc.send(new PutCommand({ TableName: state, Item: olderCtr('o2', '2025-03-16T10:00:00Z', '2025-03-16T10:20:00Z') }));
    // o3 as this version writes it (ISO times): nothing to correct.
    await doc.send(new PutCommand({
      TableName: state,
      Item: {
        PK: `CONTACT#${instance}#o3`, SK: 'RECORD#CTR', InstanceId: instance, ContactId: 'o3', UpdatedAt: Date.parse('2025-03-16T12:10:00Z'),
        ContactsPK: `CONTACTS#${instance}`, ContactsSK: '2025-03-16T12:00:00.000Z#o3',
        Record: JSON.stringify({ ContactId: 'o3', Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: '2025-03-16T12:00:00Z' }),
      },
    }));
    const search = async (from: string, to: string) =>
      (await service.searchContacts({
        InstanceId: instance,
        TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: at(from), EndTime: at(to) },
        Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' },
      })).Contacts.map((c) => c.Id);
    // Before: o1 is looked for at 11:00, outside the morning it was called in.
    expect(await search('2025-03-16T08:30:00Z', '2025-03-16T10:30:00Z')).toEqual(['o2']);

    const out = await reindex(['--state-table', state, '--contacts-table', contacts]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(
      `${state}: indexed 0 contact records and contact events stored before its index ByInstance, corrected 2 whose keys were computed by an older version, rewrote 0 DescribeContact responses stored as given by an older version in the CTR's shape\n` +
        `${contacts}: indexed 0 task contacts stored before its index ByInstance, corrected 0 whose keys were computed by an older version\n`,
    );
    expect(out.status).toBe(0);
    expect(await search('2025-03-16T08:30:00Z', '2025-03-16T10:30:00Z')).toEqual(['o1', 'o2']);
    expect(await search('2025-03-16T08:30:00Z', '2025-03-16T09:30:00Z')).toEqual(['o1']);
    expect(await search('2025-03-16T00:00:00Z', '2025-03-17T00:00:00Z')).toEqual(['o1', 'o2', 'o3']);

    // A second run finds nothing left to do.
    expect((await reindex(['--state-table', state, '--contacts-table', contacts])).stdout).toBe(
      `${state}: indexed 0 contact records and contact events stored before its index ByInstance, corrected 0 whose keys were computed by an older version, rewrote 0 DescribeContact responses stored as given by an older version in the CTR's shape\n` +
        `${contacts}: indexed 0 task contacts stored before its index ByInstance, corrected 0 whose keys were computed by an older version\n`,
    );
  });

  it('refuses a table without the index, saying what to do', async () => {
    const old = `${tableName(CONTACTS_TABLE)}-no-index`;
    const input = createTableInput(CONTACTS_TABLE, old);
    await dynamoDb.send(new CreateTableCommand({ ...input, GlobalSecondaryIndexes: input.GlobalSecondaryIndexes!.filter((g) => g.IndexName !== 'ByInstance'), AttributeDefinitions: input.AttributeDefinitions!.filter((a) => !a.AttributeName!.startsWith('GSI3')) }));
    const out = await reindex(['--state-table', tableName(PIPELINE_STATE_TABLE), '--contacts-table', old]);
    expect(out.stderr).toBe(`contacts reindex: table ${old} has no index ByInstance yet: deploy this version (CloudFormation adds it in place), then run this again once it is ACTIVE\n`);
    expect(out.status).toBe(2);
  });
});
