/**
 * The validator (grammar/catalogue/check.ts) and the pattern matcher
 * (engine/transcript/pattern.ts) read PatternMatch operands with one parser
 * (grammar/pattern-operand.ts). End to end: an operand the validator accepts must
 * compile and evaluate, or a stored rule would fail at evaluation time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../../grammar/index.ts';
import { compileFunction } from './index.ts';

const words = fc.oneof(
  fc.constantFrom('credit*', 'card', '*', '[PII]', "don't", 'e-mail', 'ʼ', '…', '3.5', 'ünïcödé', '  spaced  out  ', '-', '**', 'a*b'),
  fc.string({ maxLength: 8 }),
);
const plain = fc.record({ Type: fc.constant('PLAIN'), Value: fc.oneof(words, fc.constant(7 as unknown as string)) });
const element = fc.oneof(
  { weight: 4, arbitrary: plain },
  { weight: 1, arbitrary: fc.record({ Type: fc.constant('LIST'), Value: fc.array(plain, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ Type: fc.constant('PROXIMITY'), Value: fc.record({ Distance: fc.integer({ min: -1, max: 5 }), IsWithin: fc.boolean() }) }) },
  { weight: 1, arbitrary: fc.record({ Type: fc.constant('NUMERICAL'), Value: fc.record({ Decimal: fc.boolean() }) }) },
);
const operands = fc.array(fc.array(element, { maxLength: 5 }), { minLength: 1, maxLength: 3 });

const event = {
  EventSourceName: 'OnPostCallAnalysisAvailable',
  InstanceId: 'i-1',
  ContactLens: {
    PostCall: {
      ContactId: 'c-1',
      Transcript: [{ Id: 't1', ParticipantRole: 'CUSTOMER', Content: 'My credit card, the e-mail and 3.5 dollars', BeginOffsetMillis: 0, EndOffsetMillis: 4000 }],
    },
  },
};

describe('pattern operands: validator and matcher agree', () => {
  it('every operand the validator accepts compiles and evaluates', () => {
    let accepted = 0;
    fc.assert(
      fc.property(operands, (ops) => {
        const fn = JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS_ANY', Operands: ops, ComparisonValue: '$.ContactLens.PostCall.PatternMatch.Transcript', FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'ANY' }] }, Negate: false }] },
        });
        const { document } = checkFunction(fn, 'OnPostCallAnalysisAvailable');
        if (!document) return;
        accepted++;
        const compiled = compileFunction(document, 'OnPostCallAnalysisAvailable');
        expect(typeof compiled.matches(event)).toBe('boolean');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
    expect(accepted).toBeGreaterThan(20); // the generator must reach valid operands, or the property proves nothing
  });

  it('refuses a PLAIN value whose only word-like character is a star inside a chunk (found by the property)', () => {
    const fn = JSON.stringify({
      Version: '2022-11-25',
      RuleFunction: {
        Operator: 'AND',
        Operands: [{ Operator: 'CONTAINS_ANY', Operands: [[{ Type: 'PLAIN', Value: '*!' }]], ComparisonValue: '$.ContactLens.PostCall.PatternMatch.Transcript', Negate: false }],
      },
    });
    const { errors } = checkFunction(fn, 'OnPostCallAnalysisAvailable');
    expect(errors.map((e) => e.message).join('\n')).toContain('a PLAIN Value must be a string with at least one word');
  });
});
