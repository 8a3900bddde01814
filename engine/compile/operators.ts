/**
 * What each leaf operator means on a present scalar value (docs/canonical-events.md,
 * general semantics). Missing values never reach these tests: the leaf handles them.
 */
import { idOfArn } from '../../grammar/arn.ts';
import type { JsonValue, LeafOperator } from '../../grammar/ast.ts';
import type { OperandSpec } from '../../grammar/catalogue/types.ts';

export type ValueTest = (value: unknown) => boolean;

/** `…T hh:mm:ss` + fraction + zone: the fraction is read apart, `Date.parse` keeps milliseconds only. */
const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})[.,](\d+)(.*)$/i;

/**
 * Nanoseconds since the epoch of a date-time (case fields compare as instants):
 * ISO-8601 text with every digit of its fraction kept (the documented operand is
 * `2023-11-11T11:11:11.111111Z`, to the microsecond, which `Date.parse` would cut to
 * `.111`), or epoch milliseconds. `undefined` when the value is not a date-time.
 */
export function instantNanos(v: unknown): bigint | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    const ms = Math.trunc(v);
    return BigInt(ms) * 1_000_000n + BigInt(Math.round((v - ms) * 1e6));
  }
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  const parts = ISO_WITH_FRACTION.exec(text);
  const wholeMillis = Date.parse(parts ? `${parts[1]}${parts[3]}` : text);
  if (Number.isNaN(wholeMillis)) return undefined;
  const fraction = parts ? BigInt(parts[2].slice(0, 9).padEnd(9, '0')) : 0n;
  return BigInt(wholeMillis) * 1_000_000n + fraction;
}

/** Epoch milliseconds of a date-time (see instantNanos), NaN when it is not one. */
export const toInstant = (v: unknown): number => {
  const nanos = instantNanos(v);
  return nanos === undefined ? NaN : Number(nanos) / 1e6;
};

/** A value as a number (NaN when it is none), as the numeric operators read it. */
export const toNumber = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

type TestBuilder = (operands: readonly JsonValue[], spec: OperandSpec) => ValueTest;

/**
 * `NumberGreaterOrEqualTo` / `NumberLessOrEqualTo`: on a date-time field the instants
 * compared (to the nanosecond), else the threshold `thresholdOf` describes.
 */
function numericTest(operator: ThresholdOperator, compare: (value: bigint, bound: bigint) => boolean): TestBuilder {
  return (operands, spec) => {
    const threshold = thresholdOf(operator, operands, spec);
    if (threshold) return thresholdTest(threshold);
    const bound = instantNanos(operands[0]);
    if (bound === undefined) return () => false;
    return (v) => {
      const value = instantNanos(v);
      return value !== undefined && compare(value, bound); // not a date-time: never satisfies
    };
  };
}

export { idOfArn };

/** The text `CONTAINS_ANY` and `EQUALS` compare of a present value. */
export const equalityKey = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** A present value never satisfies: the no-operand `EQUALS` is decided on the value's absence, by the leaf. */
const NEVER: ValueTest = () => false;

const OPERATOR_TESTS: Record<LeafOperator, TestBuilder> = {
  CONTAINS_ANY: (operands) => equalityTest(equalityOf('CONTAINS_ANY', operands)!),
  EQUALS: (operands) => {
    const equality = equalityOf('EQUALS', operands);
    return equality ? equalityTest(equality) : NEVER;
  },
  // Case-insensitive substring.
  CONTAINS: (operands) => {
    const needle = String(operands[0]).toLowerCase();
    return (v) => String(v).toLowerCase().includes(needle);
  },
  NumberGreaterOrEqualTo: numericTest('NumberGreaterOrEqualTo', (value, bound) => value >= bound),
  NumberLessOrEqualTo: numericTest('NumberLessOrEqualTo', (value, bound) => value <= bound),
};

/**
 * What `CONTAINS_ANY` and `EQUALS` (with an operand) test on a scalar, as data: the
 * value's text (a string as it is, anything else through `String`) is one of
 * `values`, or, when `arnIds`, the id an ARN value ends with is. A rule set reads a
 * field once per event and looks its text up once, then answers every such
 * condition on the field by the looked-up ids (engine/ruleset/program.ts), instead
 * of each condition hashing the text again. OPERATOR_TESTS builds its test from
 * this (equalityTest): one definition. Exact, case-sensitive equality with any
 * operand (IDs and enums); an ARN value also matches the id it ends with, as a case's
 * assigned_user holds the user ARN while the rule lists user IDs (an ARN operand
 * still needs the whole ARN).
 */
export interface Equality {
  readonly values: readonly string[];
  readonly arnIds: boolean;
}

export function equalityOf(operator: LeafOperator, operands: readonly JsonValue[]): Equality | undefined {
  if (operator === 'CONTAINS_ANY') return { values: operands.map(String), arnIds: true };
  if (operator === 'EQUALS' && operands.length > 0) return { values: [String(operands[0])], arnIds: false };
  return undefined;
}

/** The test an equality describes. */
export function equalityTest({ values, arnIds }: Equality): ValueTest {
  if (values.length === 1 && !arnIds) {
    const expected = values[0];
    return (v) => equalityKey(v) === expected;
  }
  const set = new Set(values);
  return (v) => {
    const text = equalityKey(v);
    if (set.has(text)) return true;
    if (!arnIds) return false;
    const id = idOfArn(text);
    return id !== undefined && set.has(id);
  };
}

/**
 * What `NumberGreaterOrEqualTo` and `NumberLessOrEqualTo` test on a number (not a
 * date-time) value, as data: the value as a number (`toNumber`: NaN, never
 * satisfying, when it is none) is at least, or at most, `bound`. A rule set converts
 * a field's value once per event and compares it with every bound on the field
 * (engine/ruleset/program.ts). OPERATOR_TESTS builds its test from this (thresholdTest).
 */
export interface Threshold {
  readonly bound: number;
  readonly atLeast: boolean;
}

export function thresholdOf(operator: LeafOperator, operands: readonly JsonValue[], spec: OperandSpec): Threshold | undefined {
  if (spec.kind === 'datetime' || (operator !== 'NumberGreaterOrEqualTo' && operator !== 'NumberLessOrEqualTo')) return undefined;
  return { bound: toNumber(operands[0]), atLeast: operator === 'NumberGreaterOrEqualTo' };
}

type ThresholdOperator = 'NumberGreaterOrEqualTo' | 'NumberLessOrEqualTo';

/** The test a threshold describes: NaN compares false, so a non-number never satisfies. */
export function thresholdTest({ bound, atLeast }: Threshold): ValueTest {
  return atLeast ? (v) => toNumber(v) >= bound : (v) => toNumber(v) <= bound;
}

export function compileValueTest(operator: LeafOperator, operands: readonly JsonValue[], spec: OperandSpec): ValueTest {
  return OPERATOR_TESTS[operator](operands, spec);
}

/**
 * On a list value (hierarchy ARNs, Zendesk tags) a test holds when it holds for any
 * element. `CONTAINS` on a list is membership, case-insensitive (Zendesk tags).
 */
export function compileListTest(operator: LeafOperator, operands: readonly JsonValue[], spec: OperandSpec): ValueTest {
  if (operator === 'CONTAINS') {
    const needle = String(operands[0]).toLowerCase();
    return (v) => Array.isArray(v) && v.some((e) => String(e).toLowerCase() === needle);
  }
  const elementTest = compileValueTest(operator, operands, spec);
  return (v) => (Array.isArray(v) ? v.some(elementTest) : elementTest(v));
}
