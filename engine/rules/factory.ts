/**
 * Wiring: a RulesService on a DynamoDB client, from the environment or explicit
 * options. Used by the Lambda handler (functions/rules-api.ts), `connect-rules
 * serve` and the tests.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { rulesConfigFromEnv, type RulesConfig } from './config.ts';
import { RulesService } from './service.ts';
import { RulesStore } from './store.ts';
import type { FunctionChecker } from './validate-request.ts';
import { dynamoDbClientFromEnv } from '../../storage/dynamodb-client.ts';

export interface CreateRulesServiceOptions {
  /** DynamoDB client; default one from the environment (`AWS_ENDPOINT_URL_DYNAMODB`, or the older `DYNAMODB_ENDPOINT`, overrides the endpoint). */
  readonly dynamoDb?: DynamoDBClient;
  readonly config?: Partial<RulesConfig>;
  readonly checkFunction?: FunctionChecker;
  readonly onInternalError?: (err: unknown) => void;
}

export interface RulesServiceBundle {
  readonly service: RulesService;
  readonly store: RulesStore;
  readonly config: RulesConfig;
  readonly dynamoDb: DynamoDBClient;
}

export async function createRulesService(options: CreateRulesServiceOptions = {}): Promise<RulesServiceBundle> {
  const config = rulesConfigFromEnv(process.env, options.config);
  const dynamoDb = options.dynamoDb ?? dynamoDbClientFromEnv(config.region);
  const store = new RulesStore(dynamoDb, {
    tableName: config.rulesTable,
    quota: config.rulesPerSourceQuota,
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
  });
  // Loaded on first use so the store and the HTTP layer never depend on the grammar at import time.
  const checkFunction = options.checkFunction ?? (await import('./function-check.ts')).checkRuleFunction;
  const service = new RulesService({ store, config, checkFunction, onInternalError: options.onInternalError });
  return { service, store, config, dynamoDb };
}
