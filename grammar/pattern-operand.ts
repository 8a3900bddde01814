/**
 * The one reader of a PatternMatch operand (AWS API reference,
 * "PatternMatch Operands": "Each operand is an array of Pattern match objects" of
 * `Type` PLAIN | LIST | PROXIMITY | NUMERICAL). The validator (catalogue/check.ts)
 * reports its errors; the engine (engine/transcript/pattern.ts) compiles what it
 * returns, so the two can never disagree on what an operand is.
 *
 * Read as an ordered sequence: PLAIN, LIST and NUMERICAL are slots; a PROXIMITY
 * stands between two slots. A PLAIN value is split into chunks on whitespace; a
 * chunk counts as a word when it holds a letter, mark or digit (what the transcript
 * tokenizer keeps as word characters) or ends in the `*` wildcard.
 *
 * Bounds: AWS documents none on `Distance` ("Distance": number) or on the number of
 * elements, so none is refused here beyond "a whole number ≥ 0"; the matcher's work
 * is linear in the item's words whatever the distance (a distance beyond the item's
 * length means "anywhere"). The number of operands per condition (100) is a catalogue
 * limit.
 */
import { PATTERN_MATCH_TYPES } from './catalogue/rows.ts';

export type PatternElementAst =
  | { readonly type: 'PLAIN'; readonly value: string }
  | { readonly type: 'LIST'; readonly values: readonly string[] }
  | { readonly type: 'NUMERICAL'; readonly decimal: boolean }
  | { readonly type: 'PROXIMITY'; readonly distance: number; readonly isWithin: boolean };

export interface PatternOperandAst {
  readonly elements: readonly PatternElementAst[];
  /** A readable rendering: `credit* [not within 1] card*`. */
  readonly display: string;
}

/**
 * A malformed operand. `path` is a JSON pointer inside the operand (`/2/Value`);
 * `element` the 0-based element it concerns, when it concerns one.
 */
export class PatternOperandError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly element?: number,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'PatternOperandError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;

/** Whether a PLAIN value has a word: a chunk with a word character, or one ending in `*`. */
export function plainHasWord(value: unknown): value is string {
  return typeof value === 'string' && value.trim().split(/\s+/).some((chunk) => WORD_CHARACTER.test(chunk) || chunk.endsWith('*'));
}

function render(e: PatternElementAst): string {
  switch (e.type) {
    case 'PLAIN':
      return e.value;
    case 'LIST':
      return `[${e.values.join('|')}]`;
    case 'NUMERICAL':
      return e.decimal ? '[decimal]' : '[number]';
    case 'PROXIMITY':
      return `[${e.isWithin ? 'within' : 'not within'} ${e.distance}]`;
  }
}

/** Reads one element at index `i` of `operand`; throws PatternOperandError. */
function readElement(operand: readonly unknown[], i: number): PatternElementAst {
  const element = operand[i];
  const fail = (reason: string, member = ''): never => {
    throw new PatternOperandError(reason, `/${i}${member}`, i);
  };
  if (!isRecord(element)) return fail(`must be a PatternMatch object, not ${element === null ? 'null' : Array.isArray(element) ? 'an array' : typeof element}`);
  const { Type: type, Value: value } = element;
  if (typeof type !== 'string' || !(PATTERN_MATCH_TYPES as readonly string[]).includes(type)) {
    return fail(`Type must be one of ${PATTERN_MATCH_TYPES.map((t) => JSON.stringify(t)).join(', ')}, not ${JSON.stringify(type) ?? 'undefined'}`, '/Type');
  }
  switch (type) {
    case 'PLAIN':
      if (!plainHasWord(value)) return fail('a PLAIN Value must be a string with at least one word', '/Value');
      return { type, value };
    case 'LIST': {
      if (!Array.isArray(value) || value.length === 0) return fail('a LIST Value must be a non-empty array of PLAIN objects', '/Value');
      const values = value.map((o: unknown, k) =>
        isRecord(o) && o.Type === 'PLAIN' && plainHasWord(o.Value) ? o.Value : fail('a LIST holds PLAIN objects with a word each', `/Value/${k}`),
      );
      return { type, values };
    }
    case 'NUMERICAL':
      if (!isRecord(value) || typeof value.Decimal !== 'boolean') return fail('a NUMERICAL Value is {"Decimal": boolean}', '/Value');
      return { type, decimal: value.Decimal };
    default: {
      const previous = operand[i - 1];
      if (i === 0 || i === operand.length - 1 || (isRecord(previous) && previous.Type === 'PROXIMITY')) {
        return fail('PROXIMITY must stand between two other elements');
      }
      if (!isRecord(value) || typeof value.IsWithin !== 'boolean') return fail('a PROXIMITY Value is {"Distance": n, "IsWithin": boolean}', '/Value');
      const distance = value.Distance;
      if (typeof distance !== 'number' || !Number.isInteger(distance) || distance < 0) {
        return fail('PROXIMITY Distance must be a whole number ≥ 0', '/Value/Distance');
      }
      return { type: 'PROXIMITY', distance, isWithin: value.IsWithin };
    }
  }
}

/** The operand read, or a PatternOperandError naming where it is malformed. */
export function parsePatternOperand(operand: unknown): PatternOperandAst {
  if (!Array.isArray(operand) || operand.length === 0) {
    throw new PatternOperandError(
      'a pattern operand must be a non-empty array of PatternMatch objects ({"Type": "PLAIN", "Value": "..."})',
      '',
    );
  }
  const elements = operand.map((_, i) => readElement(operand, i));
  return { elements, display: elements.map(render).join(' ') };
}
