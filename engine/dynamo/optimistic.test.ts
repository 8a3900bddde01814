import { describe, expect, it } from 'vitest';
import { CONFLICT, retryOnConflict } from './optimistic.ts';

/** A try that loses `conflicts` times, then returns `value`; `calls` counts the tries. */
function losing(conflicts: number, value: string) {
  const state = { calls: 0 };
  const attempt = async () => (++state.calls <= conflicts ? CONFLICT : value);
  return { state, attempt };
}

describe('retryOnConflict', () => {
  it('reads and writes again after each conflict, and returns the first result', async () => {
    const { state, attempt } = losing(2, 'written');
    await expect(retryOnConflict(3, attempt, () => new Error('gave up'))).resolves.toBe('written');
    expect(state.calls).toBe(3);
  });

  it("throws the caller's error once every try lost", async () => {
    const { state, attempt } = losing(3, 'written');
    await expect(retryOnConflict(3, attempt, () => new Error('the item kept changing'))).rejects.toThrow('the item kept changing');
    expect(state.calls).toBe(3);
  });

  it('lets any other error of a try through at once', async () => {
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw new Error('not found');
    };
    await expect(retryOnConflict(5, attempt, () => new Error('gave up'))).rejects.toThrow('not found');
    expect(calls).toBe(1);
  });
});
