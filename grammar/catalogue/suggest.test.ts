/**
 * "Did you mean" does bounded work for any input (issue 11: a 20,000-character unknown
 * ComparisonValue once took 17 s to refuse). Work is counted in distance cells, never timed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../index.ts';
import { closest, editDistance, SUGGEST_PREFIX, suggestWork } from './suggest.ts';

const fn = (path: string, operand = 'x') =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'EQUALS', Operands: [operand], ComparisonValue: path, Negate: false }] },
  });

/** Cells computed to validate `text` (and suggest what it can). */
function workOf(text: string): number {
  suggestWork.steps = 0;
  checkFunction(text, 'OnPostCallAnalysisAvailable');
  return suggestWork.steps;
}

describe('suggestions', () => {
  it('still suggest the near miss', () => {
    expect(closest('NumberGreaterThan', ['NumberGreaterOrEqualTo', 'NumberLessOrEqualTo'])).toBe('NumberGreaterOrEqualTo');
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const { errors } = checkFunction(fn('$.ContactLens.PostCall.ContactAtribute.Tier'), 'OnPostCallAnalysisAvailable');
    expect(errors.map((e) => e.message).join('\n')).toContain('did you mean $.ContactLens.PostCall.ContactAttribute.Tier');
  });

  it('property: the work of refusing an unknown path does not grow with its length (up to 256 KiB)', () => {
    const bound = workOf(fn(`$.ContactLens.PostCall.${'x'.repeat(SUGGEST_PREFIX)}`));
    expect(bound).toBeGreaterThan(0); // the suggestion ran, so the bound means something
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 256 * 1024 }), fc.constantFrom('x', 'a.b', 'Ü', '$.ContactLens.PostCall.'), (n, unit) => {
        const long = `$.ContactLens.PostCall.${unit.repeat(Math.ceil(n / unit.length)).slice(0, n)}`;
        expect(workOf(fn(long))).toBeLessThanOrEqual(bound * 2);
      }),
      { numRuns: 40 },
    );
  });

  it('the work of refusing an unknown enum value does not grow with its length', () => {
    const path = '$.ContactLens.PostCall.Sentiment.State';
    const short = workOf(fn(path, 'x'.repeat(SUGGEST_PREFIX)));
    expect(short).toBeGreaterThan(0);
    expect(workOf(fn(path, 'x'.repeat(256 * 1024 - 200)))).toBeLessThanOrEqual(short * 2);
  });
});
