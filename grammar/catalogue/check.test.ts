import { describe, expect, it } from 'vitest';
import { show } from './check.ts';

describe('show', () => {
  it('quotes a value as JSON, a long one cut by characters: an astral one at the cut is kept whole', () => {
    expect(show(['a', 1])).toBe('["a",1]');
    expect(show(`${'x'.repeat(55)}\u{1F600}${'y'.repeat(10)}`)).toBe(`"${'x'.repeat(55)}\u{1F600}...`);
  });
});
