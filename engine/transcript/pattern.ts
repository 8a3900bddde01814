/**
 * Pattern match (`*.PatternMatch.Transcript`): each operand of the `CONTAINS_ANY`
 * is an array of PatternMatch objects (rules-language.md §3.1), read as an ordered
 * sequence of slots that must stand inside one transcript item:
 *
 * - `PLAIN` `{Value: "credit card*"}`: its words, consecutively; a word ending in
 *   `*` matches any word starting with the rest (`neighbo*` → `neighbour`,
 *   `neighbors`; a lone `*` is any one word); other words match as in exact match
 *   (the word, or the regular plural of the value's last word);
 * - `LIST` `{Value: [PLAIN, ...]}`: any one of its PLAIN values;
 * - `NUMERICAL` `{Value: {Decimal}}`: one spoken number (numbers.ts); `Decimal: true`
 *   also accepts `3.5` / `three point five`;
 * - `PROXIMITY` `{Value: {Distance: d, IsWithin}}`, between two slots. Without it,
 *   neighbouring slots are consecutive words. `IsWithin: true`: the next slot
 *   starts after the previous one with at most `d` words between them.
 *   `IsWithin: false`: the part before and the part after both occur in the item,
 *   and no occurrence of the part after follows an occurrence of the part before
 *   with at most `d` words between — exactly the complement of `IsWithin: true`
 *   when both parts occur. Order matters in both ("card … credit" is not "credit
 *   within 1 word of card").
 *
 * `PatternMatchLanguageFilter` is the compiler's business (it compares the contact's
 * language); this module matches English number words only.
 */
import { wordForms } from './plural.ts';
import { forEachNumberEnd } from './numbers.ts';
import { tokenize } from './tokenize.ts';
import { matchAt, type PreparedItem, type TranscriptMatch, type TranscriptMatcher } from './types.ts';

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

/** A malformed PatternMatch operand; `path` is like `/0/2/Value` (operand, element, member). */
export class PatternOperandError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PatternOperandError';
  }
}

type Slot =
  | { readonly kind: 'word'; readonly forms: ReadonlySet<string> }
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The slots of a PLAIN value (consecutive). */
function plainSlots(value: unknown, path: string): Slot[] {
  if (typeof value !== 'string') throw new PatternOperandError('a PLAIN Value must be a string', path);
  const slots: Slot[] = [];
  const chunks = value.trim().split(/\s+/).filter(Boolean);
  chunks.forEach((chunk, c) => {
    const star = chunk.endsWith('*');
    const words = tokenize(star ? chunk.slice(0, -1) : chunk);
    if (star && words.length === 0) {
      slots.push({ kind: 'prefix', prefix: '' });
      return;
    }
    words.forEach((word, w) => {
      const lastOfChunk = w === words.length - 1;
      if (star && lastOfChunk) slots.push({ kind: 'prefix', prefix: word });
      else {
        const lastOfValue = c === chunks.length - 1 && lastOfChunk;
        slots.push({ kind: 'word', forms: new Set(lastOfValue ? wordForms(word) : [word]) });
      }
    });
  });
  if (slots.length === 0) throw new PatternOperandError(`the PLAIN value ${JSON.stringify(value)} has no word`, path);
  return slots;
}

function consecutive(slots: readonly Slot[]): Segment {
  return { slots, maxGap: slots.map(() => 0) };
}

function display(element: PatternElement): string {
  switch (element.Type) {
    case 'PLAIN':
      return element.Value;
    case 'LIST':
      return `[${element.Value.map((p) => p.Value).join('|')}]`;
    case 'NUMERICAL':
      return element.Value.Decimal ? '[decimal]' : '[number]';
    case 'PROXIMITY':
      return `[${element.Value.IsWithin ? 'within' : 'not within'} ${element.Value.Distance}]`;
  }
}

function compileOperand(operand: unknown, path: string): CompiledOperand {
  if (!Array.isArray(operand) || operand.length === 0) {
    throw new PatternOperandError('a pattern operand must be a non-empty array of PatternMatch objects', path);
  }
  const parts: Segment[] = [];
  const notWithin: number[] = [];
  let slots: Slot[] = [];
  let gaps: number[] = [];
  let pendingGap = 0;
  let afterProximity = true; // no slot yet: a PROXIMITY here has nothing before it
  operand.forEach((element: unknown, e) => {
    const at = `${path}/${e}`;
    if (!isRecord(element)) throw new PatternOperandError('a PatternMatch element must be an object', at);
    const { Type, Value } = element;
    if (Type === 'PROXIMITY') {
      if (afterProximity) throw new PatternOperandError('PROXIMITY must stand between two other elements', at);
      if (!isRecord(Value) || typeof Value.IsWithin !== 'boolean') {
        throw new PatternOperandError('PROXIMITY Value must be {Distance, IsWithin}', `${at}/Value`);
      }
      const distance = Value.Distance;
      if (typeof distance !== 'number' || !Number.isInteger(distance) || distance < 0) {
        throw new PatternOperandError('PROXIMITY Distance must be a whole number ≥ 0', `${at}/Value/Distance`);
      }
      if (Value.IsWithin) pendingGap = distance;
      else {
        parts.push({ slots, maxGap: gaps });
        notWithin.push(distance);
        slots = [];
        gaps = [];
        pendingGap = 0;
      }
      afterProximity = true;
      return;
    }
    let added: Slot[];
    if (Type === 'PLAIN') added = plainSlots(Value, `${at}/Value`);
    else if (Type === 'LIST') {
      if (!Array.isArray(Value) || Value.length === 0) {
        throw new PatternOperandError('LIST Value must be a non-empty array of PLAIN objects', `${at}/Value`);
      }
      const options = Value.map((option: unknown, o) => {
        if (!isRecord(option) || option.Type !== 'PLAIN') {
          throw new PatternOperandError('a LIST holds PLAIN objects only', `${at}/Value/${o}`);
        }
        return consecutive(plainSlots(option.Value, `${at}/Value/${o}/Value`));
      });
      added = [{ kind: 'alternatives', options }];
    } else if (Type === 'NUMERICAL') {
      if (!isRecord(Value) || typeof Value.Decimal !== 'boolean') {
        throw new PatternOperandError('NUMERICAL Value must be {Decimal: boolean}', `${at}/Value`);
      }
      added = [{ kind: 'number', decimal: Value.Decimal }];
    } else {
      throw new PatternOperandError(
        `unknown PatternMatch Type ${JSON.stringify(Type)} (PLAIN, LIST, PROXIMITY or NUMERICAL)`,
        `${at}/Type`,
      );
    }
    added.forEach((slot, k) => {
      slots.push(slot);
      gaps.push(k === 0 ? pendingGap : 0);
    });
    pendingGap = 0;
    afterProximity = false;
  });
  if (afterProximity) {
    throw new PatternOperandError('PROXIMITY must stand between two other elements', `${path}/${operand.length - 1}`);
  }
  parts.push({ slots, maxGap: gaps });
  return { display: (operand as PatternElement[]).map(display).join(' '), parts, notWithin };
}

/** Calls `onEnd` with every end of `slot` matched at `words[at]`; true as soon as `onEnd` is. */
function slotEnds(slot: Slot, words: readonly string[], at: number, onEnd: (end: number) => boolean): boolean {
  if (at >= words.length) return false;
  switch (slot.kind) {
    case 'word':
      return slot.forms.has(words[at]) && onEnd(at + 1);
    case 'prefix':
      return words[at].startsWith(slot.prefix) && !words[at].startsWith('[') && onEnd(at + 1);
    case 'number':
      return forEachNumberEnd(words, at, slot.decimal, onEnd);
    case 'alternatives':
      return slot.options.some((option) => segmentEnds(option, words, at, onEnd));
  }
}

/** Every end of `segment` matched with its first slot at `words[at]`. */
function segmentEnds(segment: Segment, words: readonly string[], at: number, onEnd: (end: number) => boolean): boolean {
  const step = (i: number, pos: number): boolean =>
    slotEnds(segment.slots[i], words, pos, (end) => {
      if (i + 1 === segment.slots.length) return onEnd(end);
      for (let gap = 0; gap <= segment.maxGap[i + 1]; gap++) if (step(i + 1, end + gap)) return true;
      return false;
    });
  return step(0, at);
}

/** The first occurrence `[start, end)` of a segment, or undefined. */
function firstOccurrence(segment: Segment, words: readonly string[]): [number, number] | undefined {
  for (let start = 0; start < words.length; start++) {
    let found = -1;
    if (segmentEnds(segment, words, start, (end) => ((found = end), true))) return [start, found];
  }
  return undefined;
}

/** Every occurrence `[start, end)` of a segment. */
function occurrences(segment: Segment, words: readonly string[]): [number, number][] {
  const all: [number, number][] = [];
  for (let start = 0; start < words.length; start++) {
    segmentEnds(segment, words, start, (end) => (all.push([start, end]), false));
  }
  return all;
}

/** Where operand matches in `words`: `[start, end)` of the match, or undefined. */
function matchOperand(op: CompiledOperand, words: readonly string[]): [number, number] | undefined {
  if (op.parts.length === 1) return firstOccurrence(op.parts[0], words);
  const found = op.parts.map((part) => occurrences(part, words));
  if (found.some((list) => list.length === 0)) return undefined;
  for (let i = 0; i < op.notWithin.length; i++) {
    const d = op.notWithin[i];
    for (const [, end] of found[i]) {
      for (const [start] of found[i + 1]) if (start >= end && start - end <= d) return undefined;
    }
  }
  const starts = found.map((list) => list[0][0]);
  const ends = found.map((list) => list[list.length - 1][1]);
  return [Math.min(...starts), Math.max(...ends)];
}

export interface PatternMatcher extends TranscriptMatcher {
  /** A readable rendering of each operand (`credit* [not within 1] card*`). */
  readonly displays: readonly string[];
}

/** Compiles the operands of a pattern-match condition; throws PatternOperandError on a malformed one. */
export function compilePatternMatcher(operands: readonly unknown[]): PatternMatcher {
  const compiled = operands.map((operand, i) => compileOperand(operand, `/${i}`));
  return {
    displays: compiled.map((c) => c.display),
    find(items: readonly PreparedItem[]): TranscriptMatch | undefined {
      for (const p of items) {
        for (const op of compiled) {
          const range = matchOperand(op, p.words);
          if (range) return matchAt(op.display, p, range[0], range[1]);
        }
      }
      return undefined;
    },
  };
}
