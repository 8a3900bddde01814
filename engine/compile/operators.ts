/**
 * What each leaf operator means on a present scalar value (context-mapping.md,
 * general semantics). Missing values never reach these tests: the leaf handles them.
 */
import type { JsonValue, LeafOperator } from '../../grammar/ast.ts';
import type { OperandSpec } from '../../grammar/catalogue/types.ts';

export type ValueTest = (value: unknown) => boolean;

/** Date-time operands (case fields) compare as instants; the value may be ISO text or epoch millis. */
export const toInstant = (v: unknown): number => (typeof v === 'number' ? v : Date.parse(String(v)));

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

type TestBuilder = (operands: readonly JsonValue[], spec: OperandSpec) => ValueTest;

function numericTest(compare: (value: number, bound: number) => boolean): TestBuilder {
  return (operands, spec) => {
    if (spec.kind === 'datetime') {
      const bound = toInstant(operands[0]);
      return (v) => compare(toInstant(v), bound);
    }
    const bound = toNumber(operands[0]);
    return (v) => compare(toNumber(v), bound); // NaN compares false: a non-number never satisfies
  };
}

const OPERATOR_TESTS: Record<LeafOperator, TestBuilder> = {
  // Exact, case-sensitive equality with any operand (IDs and enums).
  CONTAINS_ANY: (operands) => {
    const set = new Set(operands.map(String));
    return (v) => set.has(typeof v === 'string' ? v : String(v));
  },
  EQUALS: (operands) => {
    const expected = String(operands[0]);
    return (v) => (typeof v === 'string' ? v : String(v)) === expected;
  },
  // Case-insensitive substring.
  CONTAINS: (operands) => {
    const needle = String(operands[0]).toLowerCase();
    return (v) => String(v).toLowerCase().includes(needle);
  },
  NumberGreaterOrEqualTo: numericTest((value, bound) => value >= bound),
  NumberLessOrEqualTo: numericTest((value, bound) => value <= bound),
};

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
