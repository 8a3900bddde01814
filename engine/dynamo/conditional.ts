/**
 * A conditional write whose failed condition is an answer, not an error: `writeIf`
 * is true when written, false when DynamoDB refused it for its condition; any other
 * error is thrown. The lease module, the pipeline state's repositories and the local
 * back ends' put-if-absent all write this way. The refusal is recognised by its class
 * or, for an error built outside this copy of the SDK, by its name. `putVersioned`
 * is the write of optimistic concurrency on a `Version` attribute.
 */
import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DeleteCommand, type DynamoDBDocumentClient, type UpdateCommand } from '@aws-sdk/lib-dynamodb';

export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * A single-item write refused because a transaction holding the same item is under way
 * (AWS knowledge center, "dynamodb-transactwriteitems": a transaction conflict occurs when
 * "a PutItem, UpdateItem, or DeleteItem request for an item conflicts with an ongoing
 * TransactWriteItems request that includes the same item"); the SDK does not retry it.
 */
export const isTransactionConflict = (err: unknown): boolean =>
  err instanceof TransactionConflictException || (err as { name?: string } | undefined)?.name === 'TransactionConflictException';

export async function writeIf(doc: DynamoDBDocumentClient, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await doc.send(command as never);
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * Puts `item` as version `expected + 1` if the stored item is still version `expected`
 * (0: none is stored yet, so its partition key `pk` must be absent; versions start at 1).
 * False when another writer got there first: read again and retry (optimistic.ts).
 */
export function putVersioned(doc: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>, pk: string, expected: number): Promise<boolean> {
  return writeIf(
    doc,
    new PutCommand({
      TableName: tableName,
      Item: { ...item, Version: expected + 1 },
      ...(expected === 0
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': pk } }
        : { ConditionExpression: 'Version = :v', ExpressionAttributeValues: { ':v': expected } }),
    }),
  );
}
