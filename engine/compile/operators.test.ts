import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileValueTest, equalityKey, equalityOf, idOfArn, thresholdOf, toNumber } from './operators.ts';

// Values and operands that collide on purpose: ids, ARNs ending in them, numbers and their text.
const ids = ['q1', 'q2', '7', 'gold', ''];
const arn = (id: string) => `arn:aws:connect:us-east-1:111122223333:instance/i-1/queue/${id}`;
const operand = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids).map(arn), fc.constant(7), fc.constant(true));
const value = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids).map(arn), fc.constant(7), fc.constant(7.5), fc.constant(true), fc.constant('arn:x'), fc.constant('arn:a/'));

describe('equalityOf', () => {
  it('says as data exactly what the CONTAINS_ANY and EQUALS tests compute on a present value', () => {
    fc.assert(
      fc.property(fc.constantFrom('CONTAINS_ANY', 'EQUALS') as fc.Arbitrary<'CONTAINS_ANY' | 'EQUALS'>, fc.array(operand, { minLength: 1, maxLength: 4 }), value, (operator, operands, v) => {
        const equality = equalityOf(operator, operands)!;
        const text = equalityKey(v);
        const id = equality.arnIds ? idOfArn(text) : undefined;
        const byData = equality.values.includes(text) || (id !== undefined && equality.values.includes(id));
        expect(byData).toBe(compileValueTest(operator, operands, { kind: 'strings', max: 100 })(v));
      }),
      { numRuns: 500 },
    );
  });

  it('has no equality for the no-value EQUALS or other operators', () => {
    expect(equalityOf('EQUALS', [])).toBeUndefined();
    expect(equalityOf('CONTAINS', ['a'])).toBeUndefined();
    expect(equalityOf('NumberGreaterOrEqualTo', [1])).toBeUndefined();
  });
});

describe('thresholdOf', () => {
  const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }), fc.constantFrom('3', ' 3 ', '', 'x', '1e3', null, true, {}, [2]));
  it('says as data exactly what the number tests compute on a present value', () => {
    fc.assert(
      fc.property(fc.constantFrom('NumberGreaterOrEqualTo', 'NumberLessOrEqualTo') as fc.Arbitrary<'NumberGreaterOrEqualTo' | 'NumberLessOrEqualTo'>, number, number, (operator, bound, v) => {
        const spec = { kind: 'number' } as const;
        const threshold = thresholdOf(operator, [bound as never], spec)!;
        const n = toNumber(v);
        expect(threshold.atLeast ? n >= threshold.bound : n <= threshold.bound).toBe(compileValueTest(operator, [bound as never], spec)(v));
      }),
      { numRuns: 500 },
    );
  });

  it('has none for date-times (compared to the nanosecond) or other operators', () => {
    expect(thresholdOf('NumberGreaterOrEqualTo', ['2023-11-11T11:11:11.111111Z'], { kind: 'datetime' })).toBeUndefined();
    expect(thresholdOf('EQUALS', [1], { kind: 'number' })).toBeUndefined();
  });
});
