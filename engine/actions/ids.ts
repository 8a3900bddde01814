/**
 * Deterministic identifiers: the same (event, rule, action) always names the same task,
 * case, email or event, so a redelivery or a retry writes the same item (exactly once)
 * and downstream idempotency tokens repeat.
 */
import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from `parts` (version nibble 4, variant 8-b, like random ones). */
export function stableUuid(...parts: readonly (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A short hex token (idempotency tokens have length limits: Cases 64, Connect 500). */
export function stableToken(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
