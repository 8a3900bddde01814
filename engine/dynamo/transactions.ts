/**
 * Retrying a DynamoDB transaction that another writer or a throttle cancelled
 * (not one of its own conditions): which cancellation reasons are worth a retry,
 * and the jittered exponential backoff between attempts.
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';

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
