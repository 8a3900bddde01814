/**
 * Retrying a DynamoDB transaction that another writer or a throttle cancelled
 * (not one of its own conditions): which cancellation reasons are worth a retry,
 * the jittered exponential backoff between attempts, and the loop itself
 * (`transactWrite`), under the rules store and any repository with transactions.
 */
import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

const RETRYABLE_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** The cancellation codes, `None` for the items that did not cause it. */
export const cancellationCodes = (reasons: readonly CancellationReason[]): string[] => reasons.map((r) => r.Code ?? 'None');

/** Whether a cancellation came from contention or throttling rather than a condition. */
export const isRetryableCancellation = (reasons: readonly CancellationReason[]): boolean =>
  cancellationCodes(reasons).some((c) => RETRYABLE_CODES.has(c));

/** Waits before attempt `attempt + 1`: random up to min(1 s, 20 ms × 2^attempt), at least 5 ms. */
export function backoff(attempt: number): Promise<void> {
  const cap = Math.min(1_000, 20 * 2 ** attempt);
  return new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * cap) + 5));
}

export interface TransactionPolicy<T> {
  /** Attempts in all, the first included, while contention or throttling cancels the transaction. */
  readonly maxAttempts: number;
  /**
   * The caller's reading of a cancellation, before any retry: throws its own error for
   * one of its conditions, returns a result to end with (a replay), or undefined to
   * leave it to the policy (retried when retryable, else the cancellation is thrown).
   */
  readonly cancelled: (reasons: readonly CancellationReason[]) => T | undefined;
  /** The error once `maxAttempts` contended attempts have failed. */
  readonly contention: (codes: readonly string[]) => Error;
  /** What to throw for an error other than a cancellation (default: itself). */
  readonly translate?: (err: unknown) => unknown;
}

/** Sends the transaction under `policy`: undefined once written, or the result `cancelled` ended with. */
export async function transactWrite<T>(doc: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>, policy: TransactionPolicy<T>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw policy.translate ? policy.translate(err) : err;
      const reasons = err.CancellationReasons ?? [];
      const result = policy.cancelled(reasons);
      if (result !== undefined) return result;
      if (!isRetryableCancellation(reasons)) throw err;
      if (attempt >= policy.maxAttempts) throw policy.contention(cancellationCodes(reasons));
      await backoff(attempt);
    }
  }
}
