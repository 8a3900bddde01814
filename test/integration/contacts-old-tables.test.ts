/**
 * Tables made by a version without the ByInstance indexes (SearchContacts): the
 * local server (`connect-rules serve`, also under `--data-dir` and `contacts
 * --data-dir`) adds the missing index with UpdateTable, indexes the contacts stored
 * before and says so; an index of that name with other keys is refused with what to
 * do. On the run's DynamoDB Local, through the real SDK.
 */
import { SearchContactsCommand } from '@aws-sdk/client-connect';
import { CreateTableCommand, DescribeTableCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRulesApi } from '../../functions/local-server.ts';
import { CONTACTS_TABLE } from '../../storage/action-tables.ts';
import { localDynamoDbClient, startLocalDynamoDb, type LocalDynamoDb } from '../../storage/local-dynamodb.ts';
import { PIPELINE_STATE_TABLE } from '../../storage/pipeline-tables.ts';
import { createTableInput, tableName, type TableDefinition } from '../../storage/tables.ts';
import { connectClient, newInstanceId, silentLogger } from '../support/rules-api.ts';

// This file's own DynamoDB Local (test/README.md): DynamoDB Local fills an index added
// to a table before it is ACTIVE, in 4 s alone but past ten minutes while the whole
// suite's tables share one; what is under test is the server's upgrade, not that wait.
let own: LocalDynamoDb;
let dynamoDb: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const startApi = () => startLocalRulesApi({ port: 0, dynamoDbEndpoint: own.endpoint, logger: silentLogger() });

/** The CreateTable input of `def` as a version without its ByInstance index made it. */
function withoutByInstance(def: TableDefinition, name: string): CreateTableCommandInput {
  const input = createTableInput(def, name);
  const index = input.GlobalSecondaryIndexes!.find((g) => g.IndexName === 'ByInstance')!;
  const only = new Set(index.KeySchema!.map((k) => k.AttributeName));
  return {
    ...input,
    GlobalSecondaryIndexes: input.GlobalSecondaryIndexes!.filter((g) => g !== index),
    AttributeDefinitions: input.AttributeDefinitions!.filter((a) => !only.has(a.AttributeName)),
  };
}

const indexes = async (name: string) => ((await dynamoDb.send(new DescribeTableCommand({ TableName: name }))).Table!.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort();

beforeAll(async () => {
  own = await startLocalDynamoDb();
  dynamoDb = localDynamoDbClient(own.endpoint);
  doc = DynamoDBDocumentClient.from(dynamoDb);
}, 120_000);
afterAll(async () => {
  dynamoDb?.destroy();
  await own?.stop();
});

describe('serve on tables made before the ByInstance indexes', () => {
  it('adds the indexes, indexes the contacts stored before, and says so', async () => {
    const instance = newInstanceId('old-tables');
    const state = tableName(PIPELINE_STATE_TABLE);
    const contacts = tableName(CONTACTS_TABLE);
    await dynamoDb.send(new CreateTableCommand(withoutByInstance(PIPELINE_STATE_TABLE, state)));
    await dynamoDb.send(new CreateTableCommand(withoutByInstance(CONTACTS_TABLE, contacts)));
    // Items as the older version wrote them: a CTR, the contact events of a contact without one, a task.
    await doc.send(new PutCommand({
      TableName: state,
      Item: { PK: `CONTACT#${instance}#old-ctr`, SK: 'RECORD#CTR', InstanceId: instance, ContactId: 'old-ctr', UpdatedAt: Date.parse('2025-03-11T09:10:00Z'),
        Record: JSON.stringify({ ContactId: 'old-ctr', Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: '2025-03-11T09:00:00Z' }) },
    }));
    await doc.send(new PutCommand({
      TableName: state,
      Item: { PK: `CONTACT#${instance}#old-events`, SK: 'RECORD#EVENTS', Version: 2, UpdatedAt: Date.parse('2025-03-11T10:02:00Z'),
        Record: JSON.stringify({ Id: 'old-events', Channel: 'CHAT', InitiationMethod: 'API', InitiationTimestamp: '2025-03-11T10:00:00Z' }) },
    }));
    await doc.send(new PutCommand({
      TableName: contacts,
      Item: { PK: `INSTANCE#${instance}#CONTACT#old-task`, SK: 'CONTACT', Kind: 'TASK', Status: 'OPEN',
        Task: { ContactId: 'old-task', Channel: 'TASK', InitiationMethod: 'API', Name: 'Follow up', PreviousContactId: 'old-ctr', ContactFlowId: 'f', Status: 'OPEN', InitiationTimestamp: '2025-03-11T09:20:00.000Z' } },
    }));

    const api = await startApi();
    const client = connectClient(api.url);
    try {
      expect(api.notices).toEqual([
        `table ${state} was made before its index ByInstance: added it, and indexed the 2 contacts stored before`,
        `table ${contacts} was made before its index ByInstance: added it, and indexed the 1 contact stored before`,
      ]);
      expect(await indexes(state)).toEqual(['ByInstance', 'Pending']);
      expect(await indexes(contacts)).toEqual(['ByCategory', 'ByInstance', 'ByPrevious']);
      const out = await client.send(
        new SearchContactsCommand({
          InstanceId: instance,
          TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-11T00:00:00Z'), EndTime: new Date('2025-03-12T00:00:00Z') },
          Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' },
        }),
      );
      expect(out.Contacts!.map((c) => [c.Id, c.Channel])).toEqual([
        ['old-ctr', 'VOICE'],
        ['old-task', 'TASK'],
        ['old-events', 'CHAT'],
      ]);
    } finally {
      client.destroy();
      await api.close();
    }

    // the next start finds nothing to add
    const again = await startApi();
    expect(again.notices).toEqual([]);
    await again.close();
  }, 120_000);

  it('refuses an index of that name with other keys, saying what to do', async () => {
    const saved = process.env.PIPELINE_STATE_TABLE;
    const name = `${saved}-other-keys`;
    process.env.PIPELINE_STATE_TABLE = name;
    try {
      const input = withoutByInstance(PIPELINE_STATE_TABLE, name);
      await dynamoDb.send(
        new CreateTableCommand({
          ...input,
          AttributeDefinitions: [...input.AttributeDefinitions!, { AttributeName: 'InstanceId', AttributeType: 'S' }],
          GlobalSecondaryIndexes: [...input.GlobalSecondaryIndexes!, { IndexName: 'ByInstance', KeySchema: [{ AttributeName: 'InstanceId', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        }),
      );
      await expect(startApi()).rejects.toThrow(
        `table ${name}: its index ByInstance has the keys InstanceId (HASH), this version needs ContactsPK (HASH), ContactsSK (RANGE). ` +
          `Delete that index (aws dynamodb update-table --table-name ${name} --global-secondary-index-updates '[{"Delete":{"IndexName":"ByInstance"}}]' --endpoint-url <DynamoDB endpoint>) and start again: it is then made anew`,
      );
    } finally {
      process.env.PIPELINE_STATE_TABLE = saved;
    }
  });
});
