import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXCERPT_COLUMNS, excerptAround } from './excerpt.ts';

const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;

describe('excerptAround', () => {
  it('keeps a line that fits as it is', () => {
    expect(excerptAround('queue inn ("a")', 7, 3)).toEqual({ text: 'queue inn ("a")', column: 7, width: 3 });
  });

  it('cuts a long line around the column, marking each cut', () => {
    const line = `${'a'.repeat(440)}"Operator": "CONTAINS_SOME"${'b'.repeat(100)}`;
    const at = excerptAround(line, 453, 15);
    expect(at.text).toHaveLength(EXCERPT_COLUMNS);
    expect(at.text.startsWith('…') && at.text.endsWith('…')).toBe(true);
    expect(at.text.slice(at.column - 1, at.column - 1 + at.width)).toBe('"CONTAINS_SOME"');
    // At the start, no mark before; at the end of the text (an unfinished function), the caret just after the last character.
    expect(excerptAround(line, 2, 1)).toMatchObject({ column: 2, text: `${line.slice(0, EXCERPT_COLUMNS - 1)}…` });
    const end = excerptAround(line, line.length + 1, 1);
    expect(end.text.startsWith('…') && end.text.endsWith('b')).toBe(true);
    expect(end.column).toBe(end.text.length + 1);
  });

  it('shows the character of the column under the caret, within the width, never half a surrogate pair', () => {
    const char = fc.constantFrom('a', ' ', '"', '😀', 'é');
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 300 }).map((cs) => cs.join('')), fc.nat({ max: 400 }), fc.integer({ min: 1, max: 40 }), (line, n, width) => {
        // Often the end of the text (an unfinished function's error), just after the last character.
        const column = 1 + Math.min(n, line.length);
        const at = excerptAround(line, column, width);
        expect(at.text.length).toBeLessThanOrEqual(Math.max(EXCERPT_COLUMNS, line.length <= EXCERPT_COLUMNS ? line.length : 0));
        expect(at.width).toBeGreaterThanOrEqual(1);
        if (line.length <= EXCERPT_COLUMNS) return;
        const inner = at.text.replace(/^…|…$/g, '');
        expect(isSurrogate(inner.charCodeAt(0)) && !isSurrogate(inner.charCodeAt(1))).toBe(false);
        expect(/[\ud800-\udbff]$/.test(inner)).toBe(false);
        if (column <= line.length && !isSurrogate(line.charCodeAt(column - 1))) expect(at.text[at.column - 1]).toBe(line[column - 1]);
        // The caret within the text, or just after it at the end of the text.
        expect(at.column - 1 + at.width).toBeLessThanOrEqual(at.text.length + (column > line.length ? 1 : 0));
      }),
    );
  });
});
