import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExactMatcher, compilePhraseTable } from './exact.ts';
import type { PhraseWork } from './phrase-automaton.ts';
import { exactWordForms } from './plural.ts';
import { prepareTranscript } from './prepare.ts';
import { tokenize } from './tokenize.ts';
import { item } from '../../test/support/transcript-items.ts';

/**
 * The naive reading of exact match (exact.ts's header): a phrase's words stand
 * consecutively in the item, the last one in any of its forms (a one-word phrase: any
 * form). Tried at every position: quadratic, and obviously right.
 */
function naiveMatches(phrases: readonly string[], text: string): { index: number; from: number; to: number }[] {
  const words = tokenize(text);
  const found: { index: number; from: number; to: number }[] = [];
  phrases.forEach((phrase, index) => {
    const p = tokenize(phrase);
    if (p.length === 0) return;
    const lasts = new Set(exactWordForms(p[p.length - 1]));
    for (let at = 0; at + p.length <= words.length; at++) {
      let ok = true;
      for (let k = 0; k < p.length - 1 && ok; k++) ok = words[at + k] === p[k];
      if (ok && lasts.has(words[at + p.length - 1])) {
        found.push({ index, from: at, to: at + p.length });
        break;
      }
    }
  });
  return found;
}

const naiveFound = (phrases: readonly string[], text: string): Set<number> => new Set(naiveMatches(phrases, text).map((m) => m.index));

/** The match that starts first, ties to the operand given first. */
const naiveFirst = (phrases: readonly string[], text: string) =>
  naiveMatches(phrases, text).sort((a, b) => a.from - b.from || a.index - b.index)[0];

const foundIn = (phrases: readonly string[], texts: readonly string[], k: number): Set<number> => {
  const table = compilePhraseTable(phrases);
  const out = new Int32Array(phrases.length);
  const items = texts.map((t, i) => item('CUSTOMER', t, i));
  return new Set(out.subarray(0, table.foundAt(items, k, out)));
};

/** A text of `n` words "a", and one phrase of `m` words "a" then "b": overlapping itself everywhere. */
const selfOverlapping = (m: number) => `${'a '.repeat(m)}b`;

describe('exact match over phrases that overlap themselves', () => {
  it('property: the phrase table finds exactly what the naive reading finds (in place, from tokens, and the matcher)', () => {
    // Few words, so that phrases overlap themselves and each other: "a a b", "a b a b a"…
    const word = fc.constantFrom('a', 'b', 'box', 'boxes', 'c');
    const phrase = fc.array(word, { minLength: 1, maxLength: 7 }).map((ws) => ws.join(' '));
    const text = fc.array(word, { maxLength: 40 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 6 }), fc.array(text, { minLength: 1, maxLength: 3 }), (phrases, texts) => {
        const items = prepareTranscript(texts.map((t, i) => item('CUSTOMER', t, i))).items;
        const table = compilePhraseTable(phrases);
        const matcher = compileExactMatcher(phrases);
        texts.forEach((t, k) => {
          const expected = naiveFound(phrases, t);
          expect(foundIn(phrases, texts, k)).toEqual(expected);
          expect(table.first(items[k])).toEqual(naiveFirst(phrases, t));
          expect(table.has(items[k])).toBe(expected.size > 0);
        });
        const any = texts.some((t) => naiveFound(phrases, t).size > 0);
        expect(matcher.test(items)).toBe(any);
        expect(matcher.find(items) !== undefined).toBe(any);
      }),
      { numRuns: 400 },
    );
  });

  it('find names the match that starts first (ties: the operand given first)', () => {
    const items = prepareTranscript([item('CUSTOMER', 'x a b c d', 0)]).items;
    expect(compileExactMatcher(['b', 'a b c d']).find(items)).toMatchObject({ phrase: 'a b c d' });
    expect(compileExactMatcher(['a b', 'a']).find(items)).toMatchObject({ phrase: 'a b' });
    expect(compileExactMatcher(['a', 'a b']).find(items)).toMatchObject({ phrase: 'a' });
  });

  it('first stops once no match under way can start earlier (review B #7: it used to walk the whole item)', () => {
    const n = 100_000;
    const items = prepareTranscript([item('CUSTOMER', `b ${'a '.repeat(n)}b`, 0)]).items;
    const work: PhraseWork = { steps: 0 };
    const table = compilePhraseTable(['b', 'a b'], work);
    work.steps = 0;
    expect(table.first(items[0])).toEqual({ index: 0, from: 0, to: 1 });
    expect(work.steps).toBeLessThan(10);
  });

  it('work is linear in the text: a 5,000-word self-overlapping phrase over 100,000 words of it', () => {
    const steps = (m: number, n: number) => {
      const work: PhraseWork = { steps: 0 };
      const table = compilePhraseTable([selfOverlapping(m)], work);
      const items = [item('CUSTOMER', 'a '.repeat(n).trim(), 0)];
      const out = new Int32Array(1);
      work.steps = 0;
      expect(table.foundAt(items, 0, out)).toBe(0);
      return work.steps;
    };
    const n = 100_000;
    // Each word moves the automaton once and may fall back once: about 2 steps a word,
    // whatever the phrase's length (the old comparison from every start: m × n).
    for (const m of [10, 1_000, 5_000]) {
      const s = steps(m, n);
      expect(s).toBeGreaterThanOrEqual(n); // counted at all
      expect(s).toBeLessThanOrEqual(3 * n);
    }
    // and it finds the phrase where it stands, at the end
    const table = compilePhraseTable([selfOverlapping(5_000)]);
    const out = new Int32Array(1);
    expect(table.foundAt([item('CUSTOMER', `${'a '.repeat(n)}b`, 0)], 0, out)).toBe(1);
  });

  it('compiles in work linear in the phrases, a 125,000-word phrase too (it overflowed the stack: R-robust L3)', () => {
    for (const m of [1_000, 125_000]) {
      const work: PhraseWork = { steps: 0 };
      const words = Array.from({ length: m }, (_, k) => `w${k % 7}`).join(' ');
      const matcher = compileExactMatcher([words, 'w w w', selfOverlapping(m)], work);
      expect(work.steps).toBeGreaterThan(m); // counted at all
      expect(work.steps).toBeLessThanOrEqual(10 * m);
      const items = prepareTranscript([item('CUSTOMER', `well ${words} then`, 0)]).items;
      expect(matcher.find(items)).toMatchObject({ phrase: words });
    }
  });
});
