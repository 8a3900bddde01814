/**
 * Pattern match (`*.PatternMatch.Transcript`): each operand of the `CONTAINS_ANY`
 * is an array of PatternMatch objects, read as an ordered
 * sequence of slots that must stand inside one transcript item:
 *
 * - `PLAIN` `{Value: "credit card*"}`: its words, consecutively; a word ending in
 *   `*` matches any word starting with the rest (`neighbo*` → `neighbour`,
 *   `neighbors`; a lone `*` is any one word); other words match as in exact match
 *   (the word, or the regular plural of the value's last word: in English only,
 *   language.ts);
 * - `LIST` `{Value: [PLAIN, ...]}`: any one of its PLAIN values;
 * - `NUMERICAL` `{Value: {Decimal}}`: one spoken number (numbers.ts); `Decimal: true`
 *   also accepts `3.5` / `three point five`;
 * - `PROXIMITY` `{Value: {Distance: d, IsWithin}}`, between two slots. Without it,
 *   neighbouring slots are consecutive words. `IsWithin: true`: the next slot
 *   starts after the previous one with at most `d` words between them.
 *   `IsWithin: false`: the part before occurs in the item, and no occurrence of the
 *   part after follows an occurrence of the part before with at most `d` words
 *   between, **including when the part after does not occur at all**. AWS (admin
 *   guide, exact-match-pattern-match-semantic-match): `credit* [is not within 0 to 1
 *   word apart] card*` finds contacts where "credit" was mentioned but not "credit
 *   card". Order matters in both ("card … credit" is not "credit within 1 word of
 *   card"). With several not-within parts, only the first must occur; each later
 *   part must not follow the one before it within its distance (undocumented;
 *   chosen as the same rule applied pair by pair).
 *
 * The operand is read by grammar/pattern-operand.ts (the validator's reader too) and
 * compiled here. Evaluation is linear in the item's words per slot, whatever the
 * distances or the number of elements: each slot maps the set of positions where it
 * may start to the set where it ends (a bitset, a sliding window for a distance,
 * interval marks for a spoken number), never enumerating paths; a distance beyond
 * the item's length is "anywhere". `patternWork.steps` counts the positions visited,
 * for the property test that holds the bound.
 *
 * `PatternMatchLanguageFilter` is the compiler's business (it compares the contact's
 * language); this module matches English number words only. In a language written
 * without spaces (JA and ZH are among the filter's values: AWS's API reference,
 * *OnRealTimeCallAnalysisAvailable*, "Data": "EN"|…|"KO"|"JA"|"ZH") a PLAIN value's
 * words are that language's segments, as the item's are (plainSlots).
 */
import { parsePatternOperand, PatternOperandError, type PatternElementAst } from '../../grammar/pattern-operand.ts';
import { wordForms } from './plural.ts';
import { numberRuns, type NumberRuns } from './numbers.ts';
import { segmentWithOffsets, tokenize } from './tokenize.ts';
import { matchAt, type PreparedItem, type TranscriptMatch, type TranscriptMatcher } from './types.ts';

export { PatternOperandError };

export interface PlainPattern {
  readonly Type: 'PLAIN';
  readonly Value: string;
}
export type PatternElement =
  | PlainPattern
  | { readonly Type: 'LIST'; readonly Value: readonly PlainPattern[] }
  | { readonly Type: 'PROXIMITY'; readonly Value: { readonly Distance: number; readonly IsWithin: boolean } }
  | { readonly Type: 'NUMERICAL'; readonly Value: { readonly Decimal: boolean } };
export type PatternOperand = readonly PatternElement[];

type Slot =
  | { readonly kind: 'word'; readonly word: string; readonly forms: ReadonlySet<string> }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'number'; readonly decimal: boolean }
  | { readonly kind: 'alternatives'; readonly options: readonly Segment[] };

/** Slots matched in order; `maxGap[i]` is how many words may stand before slot i (0: consecutive). */
interface Segment {
  readonly slots: readonly Slot[];
  readonly maxGap: readonly number[];
}

interface CompiledOperand {
  readonly display: string;
  /** Parts joined by `IsWithin: false` proximity; `notWithin[i]` sits between parts i and i+1. */
  readonly parts: readonly Segment[];
  readonly notWithin: readonly number[];
}

/** Positions visited by the matcher since the last reset (tests hold it to a linear bound). */
export const patternWork = { steps: 0 };

/**
 * The slots of a PLAIN value (consecutive); the parser guarantees at least one word.
 * With `segmenter` (a contact in a language written without spaces, language.ts) each
 * space-separated chunk is split into the words that language's items are split into
 * (ICU's segments, tokenize.ts `segmentWithOffsets`), so `お願いします` is the slots
 * `お願い` `し` `ます`, as "返金をお願いします。" is read.
 */
function plainSlots(value: string, path: string, segmenter: Intl.Segmenter | undefined): Slot[] {
  const slots: Slot[] = [];
  const chunks = value.trim().split(/\s+/).filter(Boolean);
  chunks.forEach((chunk, c) => {
    const star = chunk.endsWith('*');
    const text = star ? chunk.slice(0, -1) : chunk;
    const words = segmenter ? segmentWithOffsets(text, segmenter).words : tokenize(text);
    if (star && words.length === 0) {
      slots.push({ kind: 'prefix', prefix: '' });
      return;
    }
    words.forEach((word, w) => {
      const lastOfChunk = w === words.length - 1;
      if (star && lastOfChunk) slots.push({ kind: 'prefix', prefix: word });
      else {
        const lastOfValue = c === chunks.length - 1 && lastOfChunk;
        slots.push({ kind: 'word', word, forms: new Set(lastOfValue ? wordForms(word) : [word]) });
      }
    });
  });
  if (slots.length === 0) throw new PatternOperandError(`the PLAIN value ${JSON.stringify(value)} has no word`, path);
  return slots;
}

const consecutive = (slots: readonly Slot[]): Segment => ({ slots, maxGap: slots.map(() => 0) });

function slotsOf(e: Exclude<PatternElementAst, { type: 'PROXIMITY' }>, path: string, segmenter: Intl.Segmenter | undefined): Slot[] {
  switch (e.type) {
    case 'PLAIN':
      return plainSlots(e.value, `${path}/Value`, segmenter);
    case 'LIST':
      return [{ kind: 'alternatives', options: e.values.map((v, o) => consecutive(plainSlots(v, `${path}/Value/${o}/Value`, segmenter))) }];
    case 'NUMERICAL':
      return [{ kind: 'number', decimal: e.decimal }];
  }
}

function compileOperand(operand: unknown, path: string, segmenter?: Intl.Segmenter): CompiledOperand {
  let ast;
  try {
    ast = parsePatternOperand(operand);
  } catch (err) {
    if (err instanceof PatternOperandError) throw new PatternOperandError(err.reason, `${path}${err.path}`, err.element);
    throw err;
  }
  const parts: Segment[] = [];
  const notWithin: number[] = [];
  let slots: Slot[] = [];
  let gaps: number[] = [];
  let pendingGap = 0;
  ast.elements.forEach((e, i) => {
    if (e.type === 'PROXIMITY') {
      if (e.isWithin) pendingGap = e.distance;
      else {
        parts.push({ slots, maxGap: gaps });
        notWithin.push(e.distance);
        slots = [];
        gaps = [];
      }
      return;
    }
    slotsOf(e, `${path}/${i}`, segmenter).forEach((slot, k) => {
      slots.push(slot);
      gaps.push(k === 0 ? pendingGap : 0);
    });
    pendingGap = 0;
  });
  parts.push({ slots, maxGap: gaps });
  return { display: ast.display, parts, notWithin };
}

/** The words of one item and what the slots need of them, each computed once. */
interface Text {
  readonly words: readonly string[];
  readonly n: number;
  /** Whether a word slot also matches its English plural (the contact's language: language.ts). */
  readonly plurals: boolean;
  numbers?: NumberRuns;
}

const runs = (t: Text): NumberRuns => (t.numbers ??= numberRuns(t.words));

/**
 * Positions `q` with a member of `set` in `[q − gap, q]` (forward: the next slot may
 * start up to `gap` words after one ends) or in `[q, q + gap]` (backward). A sliding
 * window: linear whatever the gap.
 */
function widen(set: Uint8Array, gap: number, forward: boolean): Uint8Array {
  if (gap === 0) return set;
  const n = set.length;
  const g = Math.min(gap, n);
  const out = new Uint8Array(n);
  patternWork.steps += n;
  let inWindow = 0;
  for (let k = 0; k < n; k++) {
    const q = forward ? k : n - 1 - k;
    const leaving = forward ? q - g - 1 : q + g + 1;
    inWindow += set[q];
    if (leaving >= 0 && leaving < n) inWindow -= set[leaving];
    out[q] = inWindow > 0 ? 1 : 0;
  }
  return out;
}

/** `out` with the positions of `setOf(option)` for every option added (a LIST: any of its values). */
function orInto(out: Uint8Array, options: readonly Segment[], setOf: (option: Segment) => Uint8Array): Uint8Array {
  for (const option of options) {
    const set = setOf(option);
    for (let q = 0; q < out.length; q++) out[q] |= set[q];
  }
  return out;
}

/** Whether the one-word slot matches `word` (its plural only in English). */
function wordAt(slot: Extract<Slot, { kind: 'word' | 'prefix' }>, word: string, plurals: boolean): boolean {
  if (slot.kind === 'word') return plurals ? slot.forms.has(word) : word === slot.word;
  return word.startsWith(slot.prefix) && !word.startsWith('[');
}

/** Ends of `slot` started at any position of `starts` (bitsets over positions 0..n). */
function slotEnds(slot: Slot, t: Text, starts: Uint8Array): Uint8Array {
  const out = new Uint8Array(t.n + 1);
  patternWork.steps += t.n;
  switch (slot.kind) {
    case 'word':
    case 'prefix':
      for (let p = 0; p < t.n; p++) if (starts[p] && wordAt(slot, t.words[p], t.plurals)) out[p + 1] = 1;
      return out;
    case 'number': {
      // each start gives intervals of ends; marked with a difference array
      const chain = new Int32Array(t.n + 2);
      const plain = new Int32Array(t.n + 2);
      const r = runs(t);
      for (let p = 0; p < t.n; p++) {
        if (!starts[p]) continue;
        const ends = r.ends(p, slot.decimal);
        if (ends.chain) (chain[ends.chain[0]]++, chain[ends.chain[1] + 1]--);
        for (const [lo, hi] of ends.plain) (plain[lo]++, plain[hi + 1]--);
      }
      let inChain = 0;
      let inPlain = 0;
      for (let e = 0; e <= t.n; e++) {
        inChain += chain[e];
        inPlain += plain[e];
        if (inPlain > 0 || (inChain > 0 && r.afterNumberWord[e])) out[e] = 1;
      }
      return out;
    }
    case 'alternatives':
      return orInto(out, slot.options, (option) => segmentEnds(option, t, starts));
  }
}

/** Starts of `slot` from which it ends at a position of `cont`. */
function slotStarts(slot: Slot, t: Text, cont: Uint8Array): Uint8Array {
  const out = new Uint8Array(t.n + 1);
  patternWork.steps += t.n;
  switch (slot.kind) {
    case 'word':
    case 'prefix':
      for (let p = 0; p < t.n; p++) if (cont[p + 1] && wordAt(slot, t.words[p], t.plurals)) out[p] = 1;
      return out;
    case 'number': {
      const r = runs(t);
      // members of cont below e: all of them, and those that follow a number word
      const below = new Int32Array(t.n + 2);
      const belowAfterNumber = new Int32Array(t.n + 2);
      for (let e = 0; e <= t.n; e++) {
        below[e + 1] = below[e] + cont[e];
        belowAfterNumber[e + 1] = belowAfterNumber[e] + (cont[e] & r.afterNumberWord[e]);
      }
      const any = (sums: Int32Array, [lo, hi]: readonly [number, number]) => sums[hi + 1] - sums[lo] > 0;
      for (let p = 0; p < t.n; p++) {
        const ends = r.ends(p, slot.decimal);
        if ((ends.chain && any(belowAfterNumber, ends.chain)) || ends.plain.some((i) => any(below, i))) out[p] = 1;
      }
      return out;
    }
    case 'alternatives':
      return orInto(out, slot.options, (option) => segmentStarts(option, t, cont));
  }
}

function segmentEnds(segment: Segment, t: Text, starts: Uint8Array): Uint8Array {
  let set = starts;
  segment.slots.forEach((slot, i) => {
    if (i > 0) set = widen(set, segment.maxGap[i], true);
    set = slotEnds(slot, t, set);
  });
  return set;
}

function segmentStarts(segment: Segment, t: Text, cont: Uint8Array): Uint8Array {
  let set = cont;
  for (let i = segment.slots.length - 1; i >= 0; i--) {
    set = slotStarts(segment.slots[i], t, set);
    if (i > 0) set = widen(set, segment.maxGap[i], false);
  }
  return set;
}

const everywhere = (n: number): Uint8Array => new Uint8Array(n + 1).fill(1);

/** Whether some end in `ends` is followed by a start in `starts` at most `d` words later. */
function followsWithin(ends: Uint8Array, starts: Uint8Array, d: number): boolean {
  return widen(ends, d, true).some((v, q) => v === 1 && starts[q] === 1);
}

/** Where the operand matches in `words`: `[start, end)` of the first part's first occurrence, or undefined. */
function matchOperand(op: CompiledOperand, words: readonly string[], plurals: boolean): [number, number] | undefined {
  const t: Text = { words, n: words.length, plurals };
  const all = everywhere(t.n);
  const firstStarts = segmentStarts(op.parts[0], t, all);
  const start = firstStarts.indexOf(1);
  if (start < 0 || start >= t.n) return undefined;
  for (let i = 0; i < op.notWithin.length; i++) {
    const ends = segmentEnds(op.parts[i], t, all);
    const next = segmentStarts(op.parts[i + 1], t, all);
    if (followsWithin(ends, next, op.notWithin[i])) return undefined;
  }
  const only = new Uint8Array(t.n + 1);
  only[start] = 1;
  return [start, segmentEnds(op.parts[0], t, only).indexOf(1)];
}

export interface PatternMatcher extends TranscriptMatcher {
  /** A readable rendering of each operand (`credit* [not within 1] card*`). */
  readonly displays: readonly string[];
}

/** Compiles the operands of a pattern-match condition; throws PatternOperandError on a malformed one. */
export function compilePatternMatcher(operands: readonly unknown[]): PatternMatcher {
  const compiled = operands.map((operand, i) => compileOperand(operand, `/${i}`));
  // The operands as a language written without spaces reads them, made when a contact in
  // it is first met (one entry per language: bounded, language.ts keeps one object each).
  const bySegmenter = new Map<Intl.Segmenter, readonly CompiledOperand[]>();
  const segmentedFor = (segmenter: Intl.Segmenter): readonly CompiledOperand[] => {
    let ops = bySegmenter.get(segmenter);
    if (!ops) {
      ops = operands.map((operand, i) => {
        try {
          return compileOperand(operand, `/${i}`, segmenter);
        } catch {
          return compiled[i]; // a value ICU finds no word in: read as written, as before
        }
      });
      bySegmenter.set(segmenter, ops);
    }
    return ops;
  };
  return {
    displays: compiled.map((c) => c.display),
    find(items: readonly PreparedItem[]): TranscriptMatch | undefined {
      for (const p of items) {
        const segmenter = p.language.segmenter;
        for (const op of segmenter ? segmentedFor(segmenter) : compiled) {
          const range = matchOperand(op, p.words, p.language.plurals);
          if (range) return matchAt(op.display, p, range[0], range[1]);
        }
      }
      return undefined;
    },
  };
}
