/**
 * Builders for the key schemas of the table definitions (infra/tables.ts and the
 * modules it registers), so each table reads as its keys and indexes only.
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
