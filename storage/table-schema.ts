/**
 * What a table definition is, and builders for its key schemas (storage/tables.ts and
 * the modules it registers), so each table reads as its keys and indexes only.
 */
import type { AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';

/** A string attribute. */
export const S = (AttributeName: string): AttributeDefinition => ({ AttributeName, AttributeType: 'S' });

/** A hash key, and a range key when given. */
export const keys = (pk: string, sk?: string): KeySchemaElement[] => [
  { AttributeName: pk, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
];

/** A global secondary index projecting every attribute. */
export const gsi = (IndexName: string, pk: string, sk: string): GlobalSecondaryIndex => ({
  IndexName,
  KeySchema: keys(pk, sk),
  Projection: { ProjectionType: 'ALL' },
});

export interface TableDefinition {
  /** Stable key of the table in code (`rules`). */
  readonly key: string;
  /** CloudFormation logical id (`RulesTable`). */
  readonly logicalId: string;
  /** Environment variable that names the table at run time. */
  readonly envVar: string;
  /** Name used when the environment variable is not set (local runs, tests). */
  readonly defaultName: string;
  readonly keySchema: readonly KeySchemaElement[];
  readonly attributeDefinitions: readonly AttributeDefinition[];
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
  readonly billingMode: 'PAY_PER_REQUEST';
  /** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes expired items. */
  readonly ttlAttribute?: string;
}
