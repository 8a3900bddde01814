/**
 * Reading a query to its end: every page (`LastEvaluatedKey` → `ExclusiveStartKey`),
 * or up to `limit` items (each page asks only for what is still missing), from the
 * start or `from` a key (a list cursor's).
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  options: { readonly limit?: number; readonly from?: Record<string, unknown> } = {},
): Promise<Record<string, unknown>[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey = options.from;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}), ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return items;
}
