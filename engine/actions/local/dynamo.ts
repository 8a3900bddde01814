/**
 * What the local back ends share: write an item unless it exists (ids are derived
 * from the exactly-once key, so a redelivery finds its own item). Reading every page
 * of a query is the storage kernel's (engine/dynamo/query.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Stores `item` unless an item with its key exists; true when it was written. */
export async function putIfAbsent(doc: DynamoDBDocumentClient, table: string, item: Record<string, unknown>): Promise<boolean> {
  try {
    await doc.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
