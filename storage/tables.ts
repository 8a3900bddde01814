/**
 * The DynamoDB tables of the project, defined once as data. The local server and
 * the tests create them from here (`createTableInput`, storage/local-dynamodb.ts
 * `ensureTables`), and deploy/cloudformation.ts turns the same data into
 * `AWS::DynamoDB::Table` resources for serverless.yml.
 *
 * Rules table (single-table design, docs/rules-api.md "Table design"):
 *
 * | item      | PK                  | SK                 | GSI1 (BySource)                          | GSI2 (ByStatus)                 |
 * |-----------|---------------------|--------------------|------------------------------------------|---------------------------------|
 * | rule      | INSTANCE#<id>       | RULE#<ruleId>      | INSTANCE#<id>#SOURCE#<src> / <status>#<ruleId> | INSTANCE#<id>#STATUS#<status> / <ruleId> |
 * | name lock | INSTANCE#<id>       | NAME#<name>        | -                                        | -                               |
 * | token     | INSTANCE#<id>       | TOKEN#<clientToken>| -                                        | -                               |
 * | quota     | INSTANCE#<id>       | QUOTA#<src>        | -                                        | -                               |
 *
 * The engine's hot path (all PUBLISHED rules of one instance and event source) is
 * one Query on GSI1: `GSI1PK = INSTANCE#<id>#SOURCE#<src> AND begins_with(GSI1SK, "PUBLISHED#")`.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { PIPELINE_TABLES } from './pipeline-tables.ts';
import { S, gsi, keys, type TableDefinition } from './table-schema.ts';
import { ACTION_TABLES } from './action-tables.ts';

export type { TableDefinition } from './table-schema.ts';

/** Index names and key attribute names of the rules table, used by engine/rules/store.ts. */
export const RULES_KEYS = {
  pk: 'PK',
  sk: 'SK',
  bySourceIndex: 'BySource',
  bySourcePk: 'GSI1PK',
  bySourceSk: 'GSI1SK',
  byStatusIndex: 'ByStatus',
  byStatusPk: 'GSI2PK',
  byStatusSk: 'GSI2SK',
  ttl: 'ExpiresAt',
} as const;

export const RULES_TABLE: TableDefinition = {
  key: 'rules',
  logicalId: 'RulesTable',
  envVar: 'RULES_TABLE',
  defaultName: 'connect-rules-local-rules',
  keySchema: keys(RULES_KEYS.pk, RULES_KEYS.sk),
  attributeDefinitions: [
    S(RULES_KEYS.pk),
    S(RULES_KEYS.sk),
    S(RULES_KEYS.bySourcePk),
    S(RULES_KEYS.bySourceSk),
    S(RULES_KEYS.byStatusPk),
    S(RULES_KEYS.byStatusSk),
  ],
  globalSecondaryIndexes: [
    gsi(RULES_KEYS.bySourceIndex, RULES_KEYS.bySourcePk, RULES_KEYS.bySourceSk),
    gsi(RULES_KEYS.byStatusIndex, RULES_KEYS.byStatusPk, RULES_KEYS.byStatusSk),
  ],
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: RULES_KEYS.ttl,
};

/** Every table of the project, by key. */
export const TABLES: Readonly<Record<string, TableDefinition>> = {
  [RULES_TABLE.key]: RULES_TABLE,
  ...PIPELINE_TABLES,
  ...ACTION_TABLES,
};

/** The table's name at run time: `$<envVar>` or the local default. */
export function tableName(def: TableDefinition, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[def.envVar];
  return fromEnv && fromEnv.trim() !== '' ? fromEnv.trim() : def.defaultName;
}

/** A `CreateTableCommandInput` for the definition (deep copies, so callers may not alter the data). */
export function createTableInput(def: TableDefinition, name = tableName(def)): CreateTableCommandInput {
  return structuredClone({
    TableName: name,
    KeySchema: [...def.keySchema],
    AttributeDefinitions: [...def.attributeDefinitions],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.length > 0 ? [...def.globalSecondaryIndexes] : undefined,
    BillingMode: def.billingMode,
  }) as CreateTableCommandInput;
}
