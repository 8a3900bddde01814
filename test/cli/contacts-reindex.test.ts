/**
 * `connect-rules contacts reindex` (the built CLI) on tables that have the ByInstance
 * indexes but hold items written before them, as a stack updated in place has: it
 * gives those items their index keys and says how many; a table without the index
 * is refused with what to do. On the run's DynamoDB Local.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      `${state}: indexed 2 contact records and contact events stored before its index ByInstance\n${contacts}: indexed 1 task contact stored before its index ByInstance\n`,
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

  it('refuses a table without the index, saying what to do', async () => {
    const old = `${tableName(CONTACTS_TABLE)}-no-index`;
    const input = createTableInput(CONTACTS_TABLE, old);
    await dynamoDb.send(new CreateTableCommand({ ...input, GlobalSecondaryIndexes: input.GlobalSecondaryIndexes!.filter((g) => g.IndexName !== 'ByInstance'), AttributeDefinitions: input.AttributeDefinitions!.filter((a) => !a.AttributeName!.startsWith('GSI3')) }));
    const out = await reindex(['--state-table', tableName(PIPELINE_STATE_TABLE), '--contacts-table', old]);
    expect(out.stderr).toBe(`contacts reindex: table ${old} has no index ByInstance yet: deploy this version (CloudFormation adds it in place), then run this again once it is ACTIVE\n`);
    expect(out.status).toBe(2);
  });
});
