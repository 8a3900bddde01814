/**
 * The handlers' clients find DynamoDB Local through the SDK's own variable,
 * `AWS_ENDPOINT_URL_DYNAMODB` (what `osls invoke local` and SAM users set), and
 * still through the older `DYNAMODB_ENDPOINT`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRulesService } from '../../engine/rules/factory.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const INSTANCE = 'e0e0e0e0-0000-4000-8000-000000000016';
const client = dynamoDbClient();
const saved = { ...process.env };

beforeAll(async () => {
  await createTables(client, ['rules']);
});
afterEach(() => {
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'DYNAMODB_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
afterAll(() => client.destroy());

async function listWith(env: Record<string, string>): Promise<unknown> {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }, env);
  const { service, dynamoDb } = await createRulesService();
  try {
    return await service.listRules(INSTANCE, {});
  } finally {
    dynamoDb.destroy();
  }
}

describe('the DynamoDB endpoint from the environment', () => {
  it('is AWS_ENDPOINT_URL_DYNAMODB, ahead of the older DYNAMODB_ENDPOINT', async () => {
    const out = await listWith({ AWS_ENDPOINT_URL_DYNAMODB: sharedDynamoDb().endpoint, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });
    expect(out).toEqual({ RuleSummaryList: [] });
  });

  it('is still DYNAMODB_ENDPOINT alone', async () => {
    const out = await listWith({ DYNAMODB_ENDPOINT: sharedDynamoDb().endpoint });
    expect(out).toEqual({ RuleSummaryList: [] });
  });
});
