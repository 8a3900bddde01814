/**
 * Work of a delivery that is not settled yet: an analysis or evaluation claimed by
 * another invocation (which may be running, or may have died and its claim not yet
 * expired), or one whose evaluation failed. The delivery must not be acknowledged
 * while that is so: the error fails it, so the source retries it (then dead-letters
 * it); the retry takes a dead claim over once its lease has passed.
 */
export class UnsettledWorkError extends Error {
  override readonly name = 'UnsettledWorkError';
  constructor(
    /** The input whose delivery is failed. */
    readonly label: string,
    /** One line per piece of work not settled. */
    readonly pending: readonly string[],
  ) {
    super(`${label}: ${pending.length} piece(s) of work not settled, the delivery is retried: ${pending.join('; ')}`);
  }
}
