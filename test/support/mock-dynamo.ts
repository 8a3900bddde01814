/**
 * A DynamoDB document client under aws-sdk-client-mock, for the failures DynamoDB
 * Local cannot produce on demand (transaction conflicts, throttling), and the
 * cancellation DynamoDB answers a transaction with.
 */
import { DynamoDBClient, TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/** A document client with dummy credentials, and its mock (reset it before each test, restore it after the file). */
export function mockedDocumentClient() {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
  return { doc, ddb: mockClient(doc) };
}

/** A cancelled transaction, one reason per item: a code (`None` for an item that did not cause it) or a whole reason. */
export const cancelled = (...reasons: (string | CancellationReason)[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons.map((r) => (typeof r === 'string' ? { Code: r } : r)),
  });
