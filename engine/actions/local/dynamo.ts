/**
 * What the actions' DynamoDB services share (the local back ends, the categories and the
 * email ledger every back end keeps): write an item unless it exists (ids are derived
 * from the exactly-once key, so a redelivery finds its own item). Reading every page
 * of a query is the storage kernel's (engine/dynamo/query.ts).
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeIf } from '../../dynamo/conditional.ts';

/** Stores `item` unless an item with its key exists; true when it was written. */
export function putIfAbsent(doc: DynamoDBDocumentClient, table: string, item: Record<string, unknown>): Promise<boolean> {
  return writeIf(doc, new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
}
