import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFunctionDocument } from './build-ast.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES, type EventSourceName } from './catalogue/index.ts';
import { conditionLimitError, MAX_COMPOUND_PARTS, MAX_CONDITIONS, tooManyConditions } from './condition-limit.ts';
import { checkFunction } from './index.ts';
import { LineIndex } from './json/positions.ts';
import { readStrictJson } from './json/reader.ts';
import { jsonShape } from './json/shape.ts';
import { parseFunction } from './parse.ts';
import { checkWellFormedFunction } from './stored.ts';
import { checkAnyForm, parseText } from './text/index.ts';
import { conditionCountingFor, validateFunction } from './validate.ts';
import { plainFunction } from '../test/support/arbitrary-text-functions.ts';
import { and, leaf, render, role } from '../test/support/validator.ts';

const PC = '$.ContactLens.PostCall';
const holds = (n: number) => leaf('NumberGreaterOrEqualTo', `${PC}.Agent.NumberOfHolds`, [n]);
const beginning = leaf('NumberLessOrEqualTo', `${PC}.Sentiment.Score.Beginning`, [-2], { filters: [role('CUSTOMER')] });
const end = leaf('NumberGreaterOrEqualTo', `${PC}.Sentiment.Score.End`, [2], { filters: [role('CUSTOMER')] });

const MANY = 100_000;
const CONDITION = '{"Operator": "EQUALS", "Operands": ["closed"], "ComparisonValue": "$.Case.Fields.status", "Negate": false}';
/** 10^5 conditions, the last with a key no condition has: parsed in full, it would be reported. */
const manyJson = `{"Version": "2022-11-25", "RuleFunction": {"Operator": "AND", "Operands": [${Array(MANY - 1)
  .fill(CONDITION)
  .join(',')}, ${CONDITION.replace('"Negate"', '"Negated"')}]}}`;
const twentyFirstJson = `:1:${manyJson.indexOf(CONDITION) + 20 * (CONDITION.length + 1) + 1}: ${tooManyConditions(20)}`;

describe('a function past the condition limit is refused before it is parsed', () => {
  it('JSON: one error, at the 21st condition, whatever follows it (CreateRule, validate, eval, stored rules)', () => {
    for (const errors of [
      checkFunction(manyJson, 'OnCaseUpdate').errors,
      checkWellFormedFunction(manyJson, 'OnCaseUpdate')!.errors,
      checkAnyForm(manyJson, 'OnCaseUpdate').errors,
      parseFunction(manyJson).errors,
    ]) {
      expect(errors.map((e) => e.format())).toEqual([`<function>${twentyFirstJson}`]);
    }
  });

  it('text: one error, at the 21st condition, though a later one is malformed', () => {
    const text = `on OnCaseUpdate\n${Array(MANY - 1).fill('status = "closed"').join(' and ')} and status = `;
    const at = `<function>:2:${20 * 'status = "closed" and '.length + 1}: ${tooManyConditions(20)}`;
    expect(parseText(text).errors.map((e) => e.format())).toEqual([at]);
    expect(checkAnyForm(text, 'OnCaseUpdate').errors.map((e) => e.format())).toEqual([at]);
  });

  it('a compound condition counts once, as the validator counts it', () => {
    // 5 compounds (the most of their kind) and 15 conditions: 25 conditions, 20 as the limit counts.
    const twenty = [...Array.from({ length: 5 }, () => and(beginning, end)), ...Array.from({ length: 15 }, (_, i) => holds(i + 1))];
    expect(checkFunction(render(and(...twenty)), 'OnPostCallAnalysisAvailable').errors).toEqual([]);
    const errors = checkFunction(render(and(...twenty, holds(99))), 'OnPostCallAnalysisAvailable').errors;
    expect(errors.map((e) => e.message)).toEqual([tooManyConditions(20)]);
    // The 21st is the last operand, on its own line, where the validator (given the whole tree) puts it.
    expect(errors[0]!.span.start.line).toBe(MAX_CONDITIONS + 2);
  });

  it('text: groups of two or three conditions count once (they may be compounds), so a valid function is never refused early', () => {
    const text = `on post-call\n${Array.from({ length: 20 }, (_, i) => `(holds >= ${i + 1} and holds >= ${i + 2})`).join(' and ')}`;
    expect(parseText(text).errors).toEqual([]);
    // The validator, knowing the source, counts the 40 conditions.
    expect(checkAnyForm(text).errors.map((e) => e.message)).toEqual([tooManyConditions(20)]);
  });

  it('no catalogue allows more conditions, or a larger compound, than the early count assumes', () => {
    for (const source of EVENT_SOURCE_NAMES) {
      const catalogue = CATALOGUE[source];
      expect(catalogue.limits.conditions, source).toBeLessThanOrEqual(MAX_CONDITIONS);
      for (const c of catalogue.compounds ?? []) {
        expect(c.requires.length + (c.optional?.length ?? 0) + (c.exactlyOneOf ? 1 : 0), c.name).toBeLessThanOrEqual(MAX_COMPOUND_PARTS);
      }
    }
  });

  describe('a metric rule past 20 conditions is told which of its own limits it passed, where (review B F2)', () => {
    const queueSize = (n: number) => ({
      Operator: 'NumberGreaterOrEqualTo',
      ComparisonValue: '$.MetricData.CONTACTS_IN_QUEUE',
      Operands: [n],
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataFilterByQueue', Data: ['q-1'] }] },
      Negate: false,
    });
    const metricRule = (...sizes: number[]) =>
      JSON.stringify({
        Version: '2022-11-25',
        RuleFunction: {
          Operator: 'OR',
          Operands: sizes.map((size, g) => ({ Operator: 'AND', Operands: Array.from({ length: size }, (_, i) => queueSize(100 * g + i)) })),
          FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataGrouping', Data: ['QUEUE'] }] },
        },
      });
    /** Where the condition `Operands: [n]` of a rule's text starts, as `:line:column`. */
    const at = (text: string, n: number) => `:1:${text.lastIndexOf('{', text.indexOf(`"Operands":[${n}]`)) + 1}`;

    it('two groups of 11: the first group past its 10, at its 11th condition', () => {
      const text = metricRule(11, 11);
      const { errors } = checkFunction(text, 'OnMetricDataUpdate');
      expect(errors.map((e) => e.format())).toEqual([`<function>${at(text, 10)}: a metric group holds at most 10 conditions, got 11`]);
    });

    it('three groups of 7: past the 2 metric groups, at the third', () => {
      const text = metricRule(7, 7, 7);
      const { errors } = checkFunction(text, 'OnMetricDataUpdate');
      const third = text.split('{"Operator":"AND"').slice(0, 3).join('{"Operator":"AND"').length + 1;
      expect(errors.map((e) => e.format())).toEqual([`<function>:1:${third}: an OnMetricDataUpdate rule has at most 2 metric groups, got 3`]);
    });

    it('the text form too: the `on metrics` header or the caller names the source (review A B)', () => {
      const condition = (n: number) => `CONTACTS_IN_QUEUE(by queue ("q-1")) >= ${n}`;
      const group = (size: number, g: number) => `(\n${Array.from({ length: size }, (_, i) => `  ${condition(100 * g + i)}`).join(' and\n')}\n)`;
      const body = (...sizes: number[]) => `for each queue\n${sizes.map(group).join(' or\n')}\n`;
      /** `line:column` of condition `n` in `text`. */
      const where = (text: string, n: number) => {
        const before = text.slice(0, text.indexOf(condition(n))).split('\n');
        return `${before.length}:${before.at(-1)!.length + 1}`;
      };
      const headed = `on metrics\n${body(11, 11)}`;
      expect(parseText(headed).errors.map((e) => e.format())).toEqual([`<function>:${where(headed, 10)}: a metric group holds at most 10 conditions, got 11`]);
      const bare = body(11, 11);
      expect(parseText(bare, { source: 'OnMetricDataUpdate' }).errors.map((e) => e.format())).toEqual([
        `<function>:${where(bare, 10)}: a metric group holds at most 10 conditions, got 11`,
      ]);
      const three = `on OnMetricDataUpdate\n${body(7, 7, 7)}`;
      expect(parseText(three).errors.map((e) => e.message)).toEqual(['an OnMetricDataUpdate rule has at most 2 metric groups, got 3']);
      // what checkAnyForm (validate, eval, the REPL) gives the same text
      expect(checkAnyForm(headed).errors.map((e) => e.format())).toEqual(parseText(headed).errors.map((e) => e.format()));
    });

    it('the early refusal is one the validator gives the same function too (parsed past the early check)', () => {
      for (const text of [metricRule(11, 11), metricRule(7, 7, 7), metricRule(10, 12)]) {
        const built = buildFunctionDocument(readStrictJson(text).value!);
        const validator = validateFunction(built.document!, 'OnMetricDataUpdate').map((e) => e.format());
        const early = conditionLimitError(jsonShape(text), new LineIndex(text), conditionCountingFor('OnMetricDataUpdate'));
        expect(validator).toContain(early!.format());
      }
    });
  });

  it('random JSON functions: the early refusal is the validator\'s own limit error (property)', () => {
    const flat = EVENT_SOURCE_NAMES.filter((s) => CATALOGUE[s].structure === 'flat' && CATALOGUE[s].documented);
    const wide = plainFunction.map((p) => {
      // Widen the root so that some functions pass the limit.
      const root = p.RuleFunction as { Operands?: unknown[] };
      const operands = root.Operands ?? [];
      return { ...p, RuleFunction: { ...root, Operands: Array.from({ length: 6 }, () => operands).flat() } };
    });
    let refused = 0;
    fc.assert(
      fc.property(wide, fc.constantFrom(...flat), (plain, source: EventSourceName) => {
        const text = JSON.stringify(plain);
        const built = buildFunctionDocument(readStrictJson(text).value!);
        if (!built.document) return;
        const limit = validateFunction(built.document, source).find((e) => e.message === tooManyConditions(20));
        const early = conditionLimitError(jsonShape(text), new LineIndex(text), conditionCountingFor(source));
        expect(early?.format()).toBe(limit?.format());
        if (limit) refused++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    expect(refused).toBeGreaterThan(0);
  });
});
