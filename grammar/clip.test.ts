import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip } from './clip.ts';

describe('clip', () => {
  it('keeps the first characters whole, as a plain cut of the code points would', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 60 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (text, a, b) => {
        const [keep, limit] = a <= b ? [a, b] : [b, a];
        const chars = [...text];
        const expected = chars.length > limit ? `${chars.slice(0, keep).join('')}~` : text;
        expect(clip(text, limit, keep, '~')).toBe(expected);
      }),
    );
  });

  it('never ends in half a surrogate pair', () => {
    expect(clip('ab\u{1F600}cd', 3, 3, '...')).toBe('ab\u{1F600}...');
    expect(clip('\u{1F600}', 1, 1, '...')).toBe('\u{1F600}');
  });
});
