/**
 * Read-then-conditional-write under optimistic concurrency: one try reads the item,
 * computes the change and writes it on condition that the item is still what it
 * read; when another writer got there first the try says `CONFLICT` and the next
 * one reads again. Used where a change depends on the item's current content and
 * no single conditional update can express it: contact events merged into one item
 * (pipeline state), a contact's real-time state, a rule updated or deleted. The
 * caller says how many tries and what the item changing under every one of them
 * means to its own callers.
 */

/** What a try returns when its conditional write lost to another writer. */
export const CONFLICT: unique symbol = Symbol('conflict');

/** Runs `attempt` until it returns something else than `CONFLICT`, at most `maxAttempts` times; then throws `gaveUp()`. */
export async function retryOnConflict<T>(maxAttempts: number, attempt: () => Promise<T | typeof CONFLICT>, gaveUp: () => Error): Promise<T> {
  for (let i = 1; i <= maxAttempts; i++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
  }
  throw gaveUp();
}
