/**
 * How often a live session's attributes are asked of Connect (segments.ts), so that a
 * Connect that fails or never answers costs a Kinesis batch a bounded time: each ask
 * may take CONNECT_ANSWER_MS (1.5 s, connect-attributes.ts), and a batch holds up to
 * hundreds of records of as many sessions.
 * - A session whose ask failed does not ask again for SESSION_RETRY_MS (the time is
 *   kept in its real-time state, `SessionAttributesFailedAt`, so it holds across
 *   batches and function instances): 30 s, because segments come every few seconds
 *   and a call lasts minutes; a session so pays at most one ask per 30 s of a hung
 *   Connect, and gets its attributes within 30 s of Connect's return.
 * - After FAILURES_BEFORE_PAUSE failures in a row that are Connect's, not the
 *   contact's, no session of this function instance asks for CONNECT_PAUSE_MS, then
 *   one ask tries again: a batch spends at most two asks (3 s) plus one per 30 s on
 *   a hung Connect, whatever its number of sessions.
 */
import type { RealtimeContactState } from '../context/realtime.ts';

export const SESSION_RETRY_MS = 30_000;
export const FAILURES_BEFORE_PAUSE = 2;
export const CONNECT_PAUSE_MS = 30_000;

/**
 * Failures that are about the contact asked for (Connect answered at once, AWS API
 * reference, GetContactAttributes Errors): they hold back that session, not the others.
 */
const CONTACT_ERRORS: ReadonlySet<string> = new Set(['ResourceNotFoundException', 'InvalidRequestException']);

/** Whether the session's last failed ask is too recent to ask again (a time ahead of the clock counts as none). */
export function sessionBackingOff(state: RealtimeContactState | undefined, nowMs: number): boolean {
  const failedAt = state?.SessionAttributesFailedAt;
  if (failedAt === undefined) return false;
  const since = nowMs - Date.parse(failedAt);
  return since >= 0 && since < SESSION_RETRY_MS;
}

/** The asks of one function instance: paused after failures of Connect in a row. */
export class ConnectAsks {
  private failuresInARow = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  /** Whether a session may ask now (not during a pause). */
  mayAsk(nowMs: number): boolean {
    return nowMs >= this.pausedUntil;
  }

  succeeded(): void {
    this.failuresInARow = 0;
  }

  /** A failed ask: one of Connect's counts toward a pause (after a pause, the first failure pauses again). */
  failed(error: unknown, nowMs: number): void {
    if (CONTACT_ERRORS.has((error as { name?: unknown } | undefined)?.name as string)) return;
    if (++this.failuresInARow >= FAILURES_BEFORE_PAUSE) this.pausedUntil = nowMs + CONNECT_PAUSE_MS;
  }
}
