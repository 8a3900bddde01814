import { describe, expect, it } from 'vitest';
import type { RealtimeContactState } from '../context/realtime.ts';
import { CONNECT_PAUSE_MS, ConnectAsks, SESSION_RETRY_MS, sessionBackingOff } from './connect-asks.ts';

const T = Date.parse('2025-03-12T10:00:00Z');
const failedAt = (ms: number) => ({ SessionAttributesFailedAt: new Date(ms).toISOString() }) as RealtimeContactState;
const timeout = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
const notFound = Object.assign(new Error('Contact not found'), { name: 'ResourceNotFoundException' });

describe('sessionBackingOff', () => {
  it('holds a session back for SESSION_RETRY_MS after its failed ask, not before a failure nor after the back-off', () => {
    expect(sessionBackingOff(undefined, T)).toBe(false);
    expect(sessionBackingOff(failedAt(T), T + SESSION_RETRY_MS - 1)).toBe(true);
    expect(sessionBackingOff(failedAt(T), T + SESSION_RETRY_MS)).toBe(false);
    // a failure stamped ahead of this clock (another instance's) does not hold the session back for ever
    expect(sessionBackingOff(failedAt(T + 3_600_000), T)).toBe(false);
  });
});

describe('ConnectAsks', () => {
  it("pauses every session's asks after two of Connect's failures in a row; one ask after the pause, whose failure pauses again", () => {
    const asks = new ConnectAsks();
    asks.failed(timeout, T);
    expect(asks.mayAsk(T)).toBe(true);
    asks.failed(timeout, T);
    expect(asks.mayAsk(T + CONNECT_PAUSE_MS - 1)).toBe(false);
    expect(asks.mayAsk(T + CONNECT_PAUSE_MS)).toBe(true);
    asks.failed(timeout, T + CONNECT_PAUSE_MS);
    expect(asks.mayAsk(T + CONNECT_PAUSE_MS + 1)).toBe(false);
  });

  it("does not pause for a contact's own failures (Connect answered about that contact), and an answer ends a run of failures", () => {
    const asks = new ConnectAsks();
    for (let i = 0; i < 5; i++) asks.failed(notFound, T);
    expect(asks.mayAsk(T)).toBe(true);
    asks.failed(timeout, T);
    asks.succeeded();
    asks.failed(timeout, T);
    expect(asks.mayAsk(T)).toBe(true);
  });
});
