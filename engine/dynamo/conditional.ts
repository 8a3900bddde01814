/**
 * A conditional write whose failed condition is an answer, not an error: `writeIf`
 * is true when written, false when DynamoDB refused it for its condition; any other
 * error is thrown. The lease module, the pipeline state's repositories and the local
 * back ends' put-if-absent all write this way. The refusal is recognised by its class
 * or, for an error built outside this copy of the SDK, by its name.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

export async function writeIf(doc: DynamoDBDocumentClient, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await doc.send(command as never);
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
