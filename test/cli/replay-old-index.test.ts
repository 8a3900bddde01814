/**
 * A table an older version made with an index of this version's name but other keys
 * (storage/local-dynamodb.ts IndexMismatchError) is the user's to mend with the command
 * the message names: `replay --endpoint` says so on stderr and exits 2, as for any bad
 * input, not with a stack trace. On the run's DynamoDB Local.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { PIPELINE_STATE_TABLE } from '../../storage/pipeline-tables.ts';
import { createTableInput } from '../../storage/tables.ts';
import { runCliAsync } from '../support/cli.ts';
import { dynamoDbClient, freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';

it('replay refuses a state table whose ByInstance index has other keys, saying what to do, exit 2', async () => {
  const env = freshTableEnv();
  const name = env[PIPELINE_STATE_TABLE.envVar]!;
  const input = createTableInput(PIPELINE_STATE_TABLE, name);
  const today = input.GlobalSecondaryIndexes!.find((g) => g.IndexName === 'ByInstance')!;
  const todaysKeys = new Set(today.KeySchema!.map((k) => k.AttributeName));
  const client = dynamoDbClient();
  try {
    // ByInstance as an older version keyed it
    await client.send(new CreateTableCommand({
      ...input,
      AttributeDefinitions: [...input.AttributeDefinitions!.filter((a) => !todaysKeys.has(a.AttributeName)), { AttributeName: 'InstanceId', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [...input.GlobalSecondaryIndexes!.filter((g) => g !== today), { IndexName: 'ByInstance', KeySchema: [{ AttributeName: 'InstanceId', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }));
  } finally {
    client.destroy();
  }
  const r = await runCliAsync(['replay', 'examples/events/05-ctr-voice-cancellation.json', '--rules', 'examples/rules', '--dry-run', '--endpoint', sharedDynamoDb().endpoint], { env });
  expect(r.stderr).toBe(
    `table ${name}: its index ByInstance has the keys InstanceId (HASH), this version needs ContactsPK (HASH), ContactsSK (RANGE). ` +
      `Delete that index (aws dynamodb update-table --table-name ${name} --global-secondary-index-updates '[{"Delete":{"IndexName":"ByInstance"}}]' --endpoint-url <DynamoDB endpoint>) and start again: it is then made anew\n`,
  );
  expect(r.status).toBe(2);
}, 120_000);
