import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePatternOperand } from '../../grammar/pattern-operand.ts';
import { compilePatternMatcher, PatternOperandError, patternWork, type PatternElement } from './pattern.ts';
import { said } from '../../test/support/transcript-items.ts';

const plain = (Value: string): PatternElement => ({ Type: 'PLAIN', Value });
const list = (...values: string[]): PatternElement => ({ Type: 'LIST', Value: values.map((Value) => ({ Type: 'PLAIN' as const, Value })) });
const near = (Distance: number, IsWithin = true): PatternElement => ({ Type: 'PROXIMITY', Value: { Distance, IsWithin } });
const num = (Decimal = false): PatternElement => ({ Type: 'NUMERICAL', Value: { Decimal } });

const matches = (operand: PatternElement[], ...texts: string[]) => compilePatternMatcher([operand]).find(said(...texts)) !== undefined;

describe('compilePatternMatcher', () => {
  it.each<[string, PatternElement[], string, boolean]>([
    ['prefix wildcard', [plain('neighbo*')], 'my neighbours are loud', true],
    ['prefix wildcard, US spelling', [plain('neighbo*')], 'the neighbor', true],
    ['prefix is the whole word', [plain('cancel*')], 'cancel it', true],
    ['prefix never inside a word', [plain('cel*')], 'cancel it', false],
    ['plain word is exact', [plain('cancel')], 'cancellation', false],
    ['plain word takes its plural', [plain('refund')], 'two refunds', true],
    ['several words in one PLAIN', [plain('credit card*')], 'my credit cards', true],
    ['several words, consecutive only', [plain('credit card')], 'credit on my card', false],
    ['two PLAIN elements are consecutive', [plain('credit'), plain('card')], 'a credit card', true],
    ['lone star is any word', [plain('cancel'), plain('*'), plain('account')], 'cancel my account', true],
    ['LIST: any value', [plain('my'), list('visa', 'master card', 'amex'), plain('card')], 'my master card card', true],
    ['LIST: another value', [plain('my'), list('visa', 'master card', 'amex'), plain('card')], 'charge my amex card', true],
    ['LIST: no value', [plain('my'), list('visa', 'amex'), plain('card')], 'my debit card', false],
    ['LIST with wildcard', [list('refund*', 'money back')], 'I want my money back', true],
    ['within 1: adjacent', [plain('credit'), near(1), plain('card')], 'credit card', true],
    ['within 1: one word between', [plain('credit'), near(1), plain('card')], 'credit union card', true],
    ['within 1: two words between', [plain('credit'), near(1), plain('card')], 'credit from the card', false],
    ['within 1: order matters', [plain('credit'), near(1), plain('card')], 'card credit', false],
    ['not within 1: far apart', [plain('credit*'), near(1, false), plain('card*')], 'credit from the old card', true],
    ['not within 1: near', [plain('credit*'), near(1, false), plain('card*')], 'my credit card', false],
    // AWS: credit* [is not within 0 to 1 word apart] card* finds "credit" mentioned but not "credit card"
    ['not within 1: no card at all', [plain('credit*'), near(1, false), plain('card*')], 'my credit is good', true],
    ['not within 1: no credit at all', [plain('credit*'), near(1, false), plain('card*')], 'my card is good', false],
    ['not within 1e12: anywhere after', [plain('credit'), near(1e12, false), plain('card')], 'credit then much later a card', false],
    ['within 1e12: anywhere after', [plain('credit'), near(1e12), plain('card')], 'credit then much later a card', true],
    ['number words joined by and, then within', [num(), near(0), plain('dollars')], 'one hundred and five dollars', true],
    ['a number never ends on and', [num(), plain('dollars')], 'five and dollars', false],
    ['not within: one near pair is enough to fail', [plain('credit'), near(2, false), plain('card')], 'card credit then credit card', false],
    ['number: digits', [plain('charged'), num(), plain('dollars')], 'I was charged 25 dollars', true],
    ['number: words', [plain('charged'), num(), plain('dollars')], 'I was charged twenty five dollars', true],
    ['number: hyphenated', [plain('charged'), num(), plain('dollars')], 'charged twenty-five dollars', true],
    ['number: with and', [plain('charged'), num(), plain('dollars')], 'charged one hundred and five dollars', true],
    ['number: grouping', [num(), plain('points')], 'you have 1,000 points', true],
    ['number: not a number', [plain('charged'), num(), plain('dollars')], 'charged many dollars', false],
    ['integer refuses a decimal', [plain('charged'), num(), plain('dollars')], 'charged 3.5 dollars', false],
    ['decimal: digits', [plain('charged'), num(true), plain('dollars')], 'charged 3.5 dollars', true],
    ['decimal: words', [plain('charged'), num(true), plain('dollars')], 'charged three point five dollars', true],
    ['decimal: integers too', [plain('charged'), num(true), plain('dollars')], 'charged three dollars', true],
    ['number then within', [num(), near(2), plain('days')], 'in 3 business days', true],
  ])('%s', (_, operand, text, expected) => {
    expect(matches(operand, text)).toBe(expected);
  });

  it('stays within one item', () => {
    expect(matches([plain('credit'), near(3), plain('card')], 'my credit', 'card please')).toBe(false);
  });

  it('reports the operand rendering and the matched words', () => {
    const m = compilePatternMatcher([[plain('charged'), num(true), plain('dollars')]]).find(said('Hi. I was Charged 3.5 dollars!'));
    expect(m?.phrase).toBe('charged [decimal] dollars');
    expect(m?.text).toBe('Charged 3.5 dollars');
  });

  it.each<[string, unknown, string]>([
    ['not an array', 'refund', '/0'],
    ['empty', [], '/0'],
    ['unknown type', [{ Type: 'REGEX', Value: 'x' }], '/0/0/Type'],
    ['leading proximity', [near(1), plain('a')], '/0/0'],
    ['trailing proximity', [plain('a'), near(1)], '/0/1'],
    ['two proximities', [plain('a'), near(1), near(2), plain('b')], '/0/2'],
    ['bad distance', [plain('a'), { Type: 'PROXIMITY', Value: { Distance: -1, IsWithin: true } }, plain('b')], '/0/1/Value/Distance'],
    ['list of non-plain', [{ Type: 'LIST', Value: [num()] }], '/0/0/Value/0'],
    ['plain without words', [plain('?!')], '/0/0/Value'],
    ['numerical without Decimal', [{ Type: 'NUMERICAL', Value: {} }], '/0/0/Value'],
  ])('refuses a malformed operand: %s', (_, operand, path) => {
    try {
      compilePatternMatcher([operand]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PatternOperandError);
      expect((err as PatternOperandError).path).toBe(path);
    }
  });
});

/** Positions the matcher visits to evaluate `operand` once on `text` (counted, never timed). */
function stepsFor(operand: unknown, text: string): { steps: number; words: number } {
  const items = said(text);
  const matcher = compilePatternMatcher([operand]);
  patternWork.steps = 0;
  matcher.find(items);
  return { steps: patternWork.steps, words: items[0].words.length };
}

describe('pattern evaluation does bounded work (issue 11: no operand hangs an event)', () => {
  const vocabulary = ['credit', 'card', 'one', 'hundred', 'and', 'five', 'point', '3', 'the', 'my', 'refund'];
  const text = (n: number, seed: number) => Array.from({ length: n }, (_, i) => vocabulary[(i * 7 + seed) % vocabulary.length]).join(' ');
  const plainValue = fc.oneof(fc.constantFrom('credit*', 'card', '*', 'one hundred', 'the my', 'refund*'), fc.stringMatching(/^[a-z*]{1,6}$/));
  const element = fc.oneof(
    { weight: 3, arbitrary: plainValue.map((Value) => ({ Type: 'PLAIN', Value })) },
    { weight: 1, arbitrary: fc.array(plainValue, { minLength: 1, maxLength: 3 }).map((vs) => ({ Type: 'LIST', Value: vs.map((Value) => ({ Type: 'PLAIN', Value })) })) },
    { weight: 1, arbitrary: fc.boolean().map((Decimal) => ({ Type: 'NUMERICAL', Value: { Decimal } })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ Distance: fc.oneof(fc.nat(5), fc.constant(1e12), fc.constant(Number.MAX_SAFE_INTEGER)), IsWithin: fc.boolean() })
        .map((Value) => ({ Type: 'PROXIMITY', Value })),
    },
  );
  /** Operands the validator's reader accepts. */
  const operand = fc.array(element, { minLength: 1, maxLength: 12 }).filter((o) => {
    try {
      parsePatternOperand(o);
      return true;
    } catch {
      return false;
    }
  });

  it('property: steps ≤ 8 × (words + 1) × the operand size, for any accepted operand and any distance', () => {
    fc.assert(
      fc.property(operand, fc.nat(300), fc.nat(10), (op, n, seed) => {
        const { steps, words } = stepsFor(op, text(n, seed));
        const size = JSON.stringify(op).length; // ≥ the slots, LIST options and parts it compiles to
        expect(steps).toBeLessThanOrEqual(8 * (words + 1) * size);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('a huge Distance and many WITHIN elements over a long utterance: work grows with the words, not their product', () => {
    const op = [plain('credit*'), ...Array.from({ length: 10 }, () => [near(1e12), plain('*')]).flat(), near(1e12, false), plain('card')];
    const short = stepsFor(op, text(500, 0));
    const long = stepsFor(op, text(1000, 0));
    expect(long.steps / short.steps).toBeLessThan(2.1);
  });
});
