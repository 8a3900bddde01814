/**
 * The phrase index on built items (arrays of transcript items), against a plain
 * oracle: an item holds a phrase when its lower-cased words, joined by spaces, include
 * the phrase's; a condition's filters keep an item by its role and offsets as AWS
 * documents the periods; a `Last` period without the conversation's duration counts
 * back from the latest end of any item (`endMillis`, the loop over the items' ends).
 * The rule set's tests (engine/ruleset/index.test.ts) hold it to each rule's own
 * matcher; these to an answer written out independently of both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseIndex } from './phrase-index.ts';
import { compileSelection, type SelectOptions } from './select.ts';
import type { TranscriptItem } from './types.ts';
import { ENGLISH_WORDS } from './language.ts';

interface Filters {
  readonly role?: string;
  readonly first?: number;
  readonly last?: number;
}

/** Words of a text as the oracle sees them: lower case, split on anything but letters, marks and digits. */
const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w !== '');

/** Whether `item` holds `phrase`: its words, in order, somewhere among the item's. */
const holds = (item: TranscriptItem, phrase: string): boolean => {
  const words = wordsOf(phrase);
  return words.length > 0 && ` ${wordsOf(item.Content).join(' ')} `.includes(` ${words.join(' ')} `);
};

/** What a condition of `phrases` under `filters` answers on `items`, written from the documented filters. */
function oracle(items: readonly TranscriptItem[], phrases: readonly string[], filters: Filters, totalMillis: number | undefined): boolean {
  // An item without a numeric end does not count towards the conversation's end.
  const latestEnd = Math.max(0, ...items.map((i) => i.EndOffsetMillis).filter((end) => typeof end === 'number'));
  const lastLimit = filters.last === undefined ? undefined : (totalMillis ?? latestEnd) - filters.last * 1000;
  return items.some(
    (i) =>
      (filters.role === undefined || i.ParticipantRole === filters.role) &&
      (filters.first === undefined || i.BeginOffsetMillis < filters.first * 1000) &&
      (lastLimit === undefined || i.EndOffsetMillis > lastLimit) &&
      phrases.some((p) => holds(i, p)),
  );
}

/** An index with the given conditions registered, and a way to start a new evaluation. */
function indexOf(conditions: readonly { phrases: readonly string[]; filters: Filters }[]) {
  const evaluations = { epoch: 0 };
  const index = new PhraseIndex(evaluations);
  const queries = conditions.map((c) => index.query(c.phrases, compileSelection(c.filters as SelectOptions)));
  index.seal();
  return {
    /** Every condition's answer on `items`, asked in `order` (by default in turn), in one new evaluation. */
    answers(items: readonly TranscriptItem[], totalMillis?: number, order = queries.map((_, q) => q)): boolean[] {
      evaluations.epoch++;
      const out: boolean[] = [];
      for (const q of order) out[q] = index.anyKept(items, queries[q], totalMillis, ENGLISH_WORDS);
      return out;
    },
  };
}

const at = (role: string, Content: string, BeginOffsetMillis: number, EndOffsetMillis: number, Id = Content): TranscriptItem => ({
  Id,
  ParticipantRole: role,
  Content,
  BeginOffsetMillis,
  EndOffsetMillis,
});

describe('PhraseIndex on built items: the conversation end of a Last period', () => {
  const refundLast10 = { phrases: ['refund'], filters: { last: 10 } };

  it('counts back from the latest end of any item, not from the last item (speech overlaps)', () => {
    const index = indexOf([refundLast10]);
    // A long agent turn ends at 60 s, after the customer's refund (40-45 s), the last item.
    const items = [at('AGENT', 'hello', 0, 3_000), at('AGENT', 'let me explain at length', 5_000, 60_000), at('CUSTOMER', 'a refund', 40_000, 45_000)];
    expect(index.answers(items)).toEqual([false]);
    // Without the long turn the call ends at 45 s: the refund is in its last 10 s.
    expect(index.answers([items[0], items[2]])).toEqual([true]);
    // The duration, when the event has it, wins over the items' ends.
    expect(index.answers(items, 50_000)).toEqual([true]);
  });

  it('finds the latest end in the first item and in the last of a transcript over several 32-item words', () => {
    const index = indexOf([refundLast10]);
    const filler = Array.from({ length: 69 }, (_, k) => at('AGENT', 'ok', k * 1_000, k * 1_000 + 500, `f${k}`));
    const refund = at('CUSTOMER', 'refund', 70_000, 75_000);
    // Latest end 75 s (the refund itself, last): the refund is kept.
    expect(index.answers([...filler, refund])).toEqual([true]);
    // Latest end 200 s, in item 0: the refund, ending at 75 s, is not in the last 10 s.
    expect(index.answers([at('AGENT', 'hold music', 0, 200_000), ...filler, refund])).toEqual([false]);
    // Latest end 200 s, in item 33 (the second word of the bit sets).
    const middle = [...filler];
    middle[33] = at('AGENT', 'hold music', 33_000, 200_000);
    expect(index.answers([...middle, refund])).toEqual([false]);
  });

  it('keeps an item that ends after the limit, not one that ends at it', () => {
    const index = indexOf([refundLast10]);
    // The call ends at 30 s (the agent's item): the limit is 20 s.
    const call = (refundEnd: number) => [at('CUSTOMER', 'refund', 15_000, refundEnd), at('AGENT', 'bye', 25_000, 30_000)];
    expect(index.answers(call(20_000))).toEqual([false]);
    expect(index.answers(call(20_001))).toEqual([true]);
  });

  it('reads the end again in a new evaluation of the same items array whose offsets changed', () => {
    const index = indexOf([refundLast10]);
    const items = [at('CUSTOMER', 'refund', 0, 5_000), at('AGENT', 'bye', 5_000, 12_000)];
    expect(index.answers(items)).toEqual([true]);
    (items[1] as { EndOffsetMillis: number }).EndOffsetMillis = 30_000;
    expect(index.answers(items)).toEqual([false]);
  });

  it('with an item lacking offsets: the end from the other items; no period keeps that item, a role filter alone does', () => {
    const index = indexOf([refundLast10, { phrases: ['refund'], filters: { role: 'CUSTOMER' } }, { phrases: ['refund'], filters: { first: 100 } }]);
    const noOffsets = { Id: 'x', ParticipantRole: 'CUSTOMER', Content: 'refund' } as TranscriptItem;
    expect(index.answers([at('AGENT', 'hi', 0, 20_000), noOffsets])).toEqual([false, true, false]);
    // A kept refund ends at the end of the items that have offsets.
    expect(index.answers([at('CUSTOMER', 'refund', 0, 20_000), noOffsets])).toEqual([true, true, true]);
  });
});

describe('PhraseIndex on built items: where a phrase stands', () => {
  it('matches whole words across letters beyond ASCII, capitals and emoji between words', () => {
    const index = indexOf([{ phrases: ['café'], filters: {} }, { phrases: ['über den preis'], filters: {} }, { phrases: ['straße'], filters: {} }]);
    expect(index.answers([at('CUSTOMER', 'Im CAFÉ 😀 über den Preis gesprochen', 0, 1_000)])).toEqual([true, true, false]);
    // `cafés` is café's plural; `straßenbahn` is another word.
    expect(index.answers([at('CUSTOMER', 'zwei cafés 🚋 straßenbahn', 0, 1_000)])).toEqual([true, false, false]);
    expect(index.answers([at('CUSTOMER', 'cafeteria, übe den preis', 0, 1_000)])).toEqual([false, false, false]);
  });

  it("finds a phrase ending at the item's last character, never one running on into the next item", () => {
    const index = indexOf([{ phrases: ['cancel my account'], filters: {} }]);
    expect(index.answers([at('CUSTOMER', 'please cancel my account', 0, 1_000)])).toEqual([true]);
    expect(index.answers([at('CUSTOMER', 'please cancel my account.', 0, 1_000)])).toEqual([true]);
    expect(index.answers([at('CUSTOMER', 'please cancel my', 0, 1_000), at('CUSTOMER', 'account', 1_000, 2_000)])).toEqual([false]);
    // A phrase's words stand whole: not the start of a longer word, not glued together.
    expect(index.answers([at('CUSTOMER', 'cancel my accountant', 0, 1_000)])).toEqual([false]);
    expect(index.answers([at('CUSTOMER', 'cancel myaccount', 0, 1_000)])).toEqual([false]);
    expect(index.answers([at('CUSTOMER', 'Cancel, my… account!', 0, 1_000)])).toEqual([true]);
  });
});

// Words no two of which are each other's plural or singular, so that the oracle's
// equality of words is exact match's: ASCII and beyond, prefixes of each other.
const WORDS = ['refund', 'cancel', 'my', 'mystery', 'account', 'accountant', 'the', 'café', 'naïve', 'über', 'straße', 'late', 'fee', 'box', 'ok'];
const word = fc.constantFrom(...WORDS).chain((w) => fc.constantFrom(w, w[0].toUpperCase() + w.slice(1)));
// Between words: spaces, punctuation, emoji (a surrogate pair), a line break, or nothing (two words glued into one).
const SEPARATORS = [' ', ' ', ', ', '. ', ' 😀 ', ' — ', '? ', '\n', '…', ''];
const text = fc
  .tuple(fc.array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: 10 }), fc.constantFrom('', '.', '!'))
  .map(([parts, end]) => parts.map(([w, s], k) => (k === parts.length - 1 ? w : w + s)).join('') + end);
const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));

// Offsets often whole seconds, so that items end exactly at a Last limit; ends in any order.
const millis = fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60 }).map((s) => s * 1000));
/** An item; with `offsets` other than 'both', one lacking an offset (the index then reads the items' own members). */
const transcriptItem = (offsets: fc.Arbitrary<'both' | 'no end' | 'no begin'>) =>
  fc.record({ role: fc.constantFrom('AGENT', 'CUSTOMER', 'SYSTEM'), content: text, begin: millis, length: millis, offsets }).map(({ role, content, begin, length, offsets }): TranscriptItem => {
    const item: Record<string, unknown> = { Id: content, ParticipantRole: role, Content: content };
    if (offsets !== 'no begin') item.BeginOffsetMillis = begin;
    if (offsets !== 'no end') item.EndOffsetMillis = begin + length;
    return item as unknown as TranscriptItem;
  });
// Most transcripts with every offset; some with an item lacking one now and then.
const transcript = fc.oneof(
  { weight: 3, arbitrary: fc.array(transcriptItem(fc.constant('both')), { maxLength: 70, size: 'max' }) },
  { weight: 1, arbitrary: fc.array(transcriptItem(fc.constantFrom('both', 'both', 'both', 'both', 'both', 'both', 'no end', 'no begin')), { maxLength: 70, size: 'max' }) },
);

/** The conversation's duration: mostly absent, so that a Last period counts back from the items' latest end. */
const total = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: millis });

const seconds = fc.integer({ min: 1, max: 40 });
const condition = fc.record({
  phrases: fc.array(phrase, { minLength: 1, maxLength: 3 }),
  filters: fc.record({ role: fc.constantFrom('AGENT', 'CUSTOMER'), first: seconds, last: seconds }, { requiredKeys: [] }),
});

describe('PhraseIndex on built items: property', () => {
  it('answers every condition as the oracle does, in any order of asking, over transcripts read in turn', () => {
    // Per transcript, the order the conditions ask in: a permutation of them.
    const conditionsAndOrders = fc.array(condition, { minLength: 1, maxLength: 12 }).chain((conditions) => {
      const all = conditions.map((_, q) => q);
      const order = fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      return fc.tuple(fc.constant(conditions), fc.array(order, { minLength: 4, maxLength: 4 }));
    });
    fc.assert(
      fc.property(conditionsAndOrders, fc.array(fc.tuple(transcript, total), { minLength: 1, maxLength: 3 }), ([conditions, orders], calls) => {
        const index = indexOf(conditions);
        // Each transcript, then the first again: nothing kept from one leaks into the next.
        [...calls, calls[0]].forEach(([items, total], n) => {
          const expected = conditions.map((c) => oracle(items, c.phrases, c.filters, total));
          expect(index.answers(items, total, orders[n])).toEqual(expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
