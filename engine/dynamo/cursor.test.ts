/**
 * List cursors: a token round-trips to its key for its own query; anything a client
 * could send instead (not base64 JSON, another version, a key that is not an object,
 * a token of another query) is refused with what is wrong, never used as a key.
 */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

const token = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

describe('list cursors', () => {
  it('round-trips the key of its own query', () => {
    const key = { PK: 'INSTANCE#i', SK: 'RULE#r', N: 5 };
    expect(decodeCursor(encodeCursor('rules|i', key), 'rules|i')).toEqual({ ok: true, key });
  });

  it('a token of another query is refused as such', () => {
    expect(decodeCursor(encodeCursor('rules|i', { PK: 'x' }), 'rules|j')).toEqual({ ok: false, problem: 'other-query' });
  });

  it('anything else is malformed', () => {
    for (const bad of ['%%%', 'bm90IGpzb24', token(null), token([1]), token('s'), token({ v: 2, q: 'q', k: {} }), token({ v: 1, q: 'q' }), token({ v: 1, q: 'q', k: null }), token({ v: 1, q: 'q', k: [] }), token({ v: '1', q: 'q', k: {} })]) {
      expect(decodeCursor(bad, 'q')).toEqual({ ok: false, problem: 'malformed' });
    }
  });
});
