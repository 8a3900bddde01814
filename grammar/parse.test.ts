import { describe, expect, it } from 'vitest';
import type { ConditionNode, GroupNode, RuleNode } from './ast.ts';
import { InvalidRuleFunctionError, RuleStructureError, RuleSyntaxError } from './errors.ts';
import { parseFunction, parseFunctionOrThrow } from './parse.ts';
import { DOC_EXAMPLES } from '../test/support/doc-examples.ts';

/** `line:col message` of every error. */
const located = (text: string) => parseFunction(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

const parsed = (text: string) => {
  const result = parseFunction(text);
  expect(result.errors).toEqual([]);
  if (result.document === undefined) throw new Error('no document');
  return result.document;
};

const asGroup = (node: RuleNode | undefined): GroupNode => {
  if (node?.kind !== 'group') throw new Error(`expected a group, got ${node?.kind}`);
  return node;
};
const asCondition = (node: RuleNode | undefined): ConditionNode => {
  if (node?.kind !== 'condition') throw new Error(`expected a condition, got ${node?.kind}`);
  return node;
};

/** A document around one root group body, for the structure tables. */
const doc = (ruleFunction: string) => `{"Version":"2022-11-25","RuleFunction":${ruleFunction}}`;
/** The column, in `doc(...)`, of the character of the RuleFunction text that follows `before`. */
const col = (before: string) => doc('').length - 1 + before.length + 1;
const leaf = '{"Operator":"EQUALS","Operands":["x"],"ComparisonValue":"$.Case.Fields.status","Negate":false}';

describe('parseFunction: the documented examples', () => {
  it.each(Object.entries(DOC_EXAMPLES))('example %s parses without errors', (_name, text) => {
    const result = parseFunction(text);
    expect(result.errors).toEqual([]);
    expect(result.document?.version).toBe('2022-11-25');
  });

  it('A: a root AND of two conditions, with filters and spans', () => {
    const document = parsed(DOC_EXAMPLES.A);
    expect(document.versionSpan.start).toMatchObject({ line: 1, column: 12 });
    const root = document.root;
    expect(root).toMatchObject({ kind: 'group', operator: 'AND' });
    expect(root.span.start).toMatchObject({ line: 1, column: 40 });
    expect(root.negate).toBeUndefined();
    const [transcript, queue] = root.operands.map(asCondition);
    expect(transcript).toMatchObject({
      operator: 'CONTAINS_ANY',
      operands: [{ value: 'refund' }],
      comparisonValue: '$.ContactLens.RealTimeCall.ExactMatch.Transcript',
      negate: false,
      filterClause: { logicOperator: 'AND', filters: [{ type: 'ParticipantRole', data: 'CUSTOMER' }] },
    });
    expect(transcript.span.start).toMatchObject({ line: 2, column: 3 });
    expect(transcript.operands[0].span.start).toMatchObject({ line: 2, column: 42 });
    expect(transcript.filterClause?.filters[0].dataSpan.start).toMatchObject({ line: 3, column: 86 });
    expect(transcript.negateSpan?.start).toMatchObject({ line: 3, column: 109 });
    expect(queue.filterClause).toBeUndefined();
    expect(queue.comparisonValue).toBe('$.ContactLens.RealTimeCall.Queue.QueueId');
  });

  it('E: pattern-match operands stay plain JSON arrays', () => {
    const condition = asCondition(parsed(DOC_EXAMPLES.E).root.operands[0]);
    expect(condition.operands).toHaveLength(1);
    expect(condition.operands[0].value).toEqual([
      { Type: 'PLAIN', Value: 'credit*' },
      { Type: 'PROXIMITY', Value: { Distance: 1, IsWithin: false } },
      { Type: 'PLAIN', Value: 'card*' },
    ]);
    expect(condition.filterClause?.filters.map((f) => [f.type, f.data])).toEqual([
      ['ParticipantRole', 'ANY'],
      ['PatternMatchLanguageFilter', 'EN'],
    ]);
  });

  it('F: a nested AND group, numeric operands and an empty Operands', () => {
    const root = parsed(DOC_EXAMPLES.F).root;
    const [shift, holds, noQueue] = root.operands;
    const shiftGroup = asGroup(shift);
    expect(shiftGroup.operator).toBe('AND');
    expect(shiftGroup.operands.map((n) => asCondition(n).operands[0].value)).toEqual([-2, 2]);
    expect(asCondition(holds).operands.map((o) => o.value)).toEqual([3]);
    const none = asCondition(noQueue);
    expect(none.operands).toEqual([]);
    expect(none.operandsSpan.start).toMatchObject({ line: 8, column: 35 });
  });

  it('S: a FilterClause on the root group', () => {
    const root = parsed(DOC_EXAMPLES.S).root;
    expect(root.operator).toBe('OR');
    expect(root.filterClause).toMatchObject({ logicOperator: 'AND', filters: [{ type: 'MetricDataGrouping', data: ['QUEUE'] }] });
    expect(root.filterClause?.span.start).toMatchObject({ line: 12, column: 16 });
    expect(root.operands.map((n) => asGroup(n).operands.length)).toEqual([2, 1]);
  });

  it('T: a metric group with one condition', () => {
    const group = asGroup(parsed(DOC_EXAMPLES.T).root.operands[0]);
    expect(asCondition(group.operands[0])).toMatchObject({
      operator: 'EQUALS',
      comparisonValue: '$.MetricData.AGENT_ACTIVITY',
      operands: [{ value: '<agentStatusId>' }],
    });
  });
});

describe('parseFunction: what the AST keeps', () => {
  it('keeps unknown operators and versions as written: checking them is the validator’s job', () => {
    const document = parsed('{"Version":"1999-01-01","RuleFunction":{"Operator":"XOR","Operands":[{"Operator":"NUMBER_GREATER","Operands":[1],"ComparisonValue":"$.A"}]}}');
    expect(document.version).toBe('1999-01-01');
    expect(document.root.operator).toBe('XOR');
    expect(asCondition(document.root.operands[0]).operator).toBe('NUMBER_GREATER');
  });

  it('leaves a missing Negate undefined (it means false)', () => {
    const document = parsed(doc('{"Operator":"AND","Operands":[{"Operator":"EQUALS","Operands":["x"],"ComparisonValue":"$.A"}],"Negate":true}'));
    expect(document.root.negate).toBe(true);
    expect(asCondition(document.root.operands[0]).negate).toBeUndefined();
  });

  it('normalises a FilterClause written as a bare array of filters (AI-agent doc quirk)', () => {
    const text = doc(
      '{"Operator":"AND","Operands":[{"Operator":"CONTAINS_ANY","Operands":["id"],"ComparisonValue":"$.ContactLens.PostCall.AiAgent.IdWithVersion","FilterClause":[{"Type":"AiAgentUseCase","Data":{"Value":"SelfService"}}],"Negate":false}]}',
    );
    const clause = asCondition(parsed(text).root.operands[0]).filterClause;
    expect(clause).toMatchObject({ logicOperator: 'AND', filters: [{ type: 'AiAgentUseCase', data: { Value: 'SelfService' } }] });
    expect(clause?.logicOperatorSpan).toEqual(clause?.span);
  });

  it('accepts a FilterClause without LogicOperator, as AND', () => {
    const text = doc('{"Operator":"AND","Operands":[],"FilterClause":{"Filters":[{"Type":"MetricDataGrouping","Data":["QUEUE"]}]}}');
    expect(parsed(text).root.filterClause?.logicOperator).toBe('AND');
  });

  it('reads a node with child objects as operands as a group, whatever its operator', () => {
    const root = parsed(doc(`{"Operator":"AND","Operands":[{"Operator":"and","Operands":[${leaf}]}]}`)).root;
    expect(asGroup(root.operands[0]).operator).toBe('and');
  });

  it('accepts a leading BOM, CRLF line ends and indentation', () => {
    const document = parsed(`\uFEFF{\r\n\t"Version": "2022-11-25",\r\n\t"RuleFunction": {"Operator": "OR", "Operands": []}\r\n}\r\n`);
    expect(document.root.operatorSpan.start).toMatchObject({ line: 3, column: 31 });
  });
});

describe('parseFunction: error positions', () => {
  // [name, text, expected `line:col message` list]
  const cases: [string, string, string[]][] = [
    [
      'trailing comma (the JSON is read as meant, so its structure is checked too)',
      '{\n  "Version": "2022-11-25",\n}',
      ['2:26 trailing comma is not allowed in JSON', '1:1 missing "RuleFunction" (the root AND / OR group of the rule)'],
    ],
    [
      'missing comma',
      '{"Version": "2022-11-25"\n "RuleFunction": {"Operator": "AND", "Operands": []}}',
      [`2:2 expected ',' or '}' but found '"RuleFunction"'`],
    ],
    [
      'unterminated string',
      '{"Version": "2022-11-25,\n "RuleFunction": {"Operator": "AND", "Operands": []}}',
      ['1:13 unterminated string (a string must end with " on the same line)', `2:2 expected ',' or '}' but found '"RuleFunction"'`],
    ],
    [
      'bad escape',
      '{"Version": "2022\\x11-25", "RuleFunction": {"Operator": "AND", "Operands": []}}',
      ["1:18 invalid escape '\\x' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"],
    ],
    ['unexpected character', '{"Version": @"2022-11-25"}', ["1:13 unexpected character '@'", '1:1 missing "RuleFunction" (the root AND / OR group of the rule)']],
    ['not an object', '["Version"]', ['1:1 a rule function must be a JSON object {"Version": ..., "RuleFunction": {...}}, found an array']],
    ['empty text', '', ['1:1 expected a value but found the end of the text']],
    [
      'missing Version and RuleFunction, expression at the top',
      '{"Operator": "AND", "Operands": []}',
      [
        '1:1 missing "Version" (the language version, "2022-11-25")',
        '1:1 missing "RuleFunction" (the root AND / OR group of the rule)',
        '1:2 unknown key "Operator" in the document (it belongs inside "RuleFunction")',
        '1:21 unknown key "Operands" in the document (it belongs inside "RuleFunction")',
      ],
    ],
    ['Version not a string', '{"Version": 2022, "RuleFunction": {"Operator": "AND", "Operands": []}}', ['1:13 "Version" must be a string, found number 2022']],
    [
      'leaf at the root',
      `{"Version": "2022-11-25",\n "RuleFunction": ${leaf}}`,
      ['2:18 the root of a rule function must be an AND or OR group, found condition EQUALS on "$.Case.Fields.status" (wrap it: {"Operator": "AND", "Operands": [ ... ]})'],
    ],
    [
      'RuleFunction not an object',
      doc('"AND"'),
      [`1:${col('')} "RuleFunction" must be an object (a condition or an AND / OR group), found string "AND"`],
    ],
    [
      'RuleFunction a long string, cut by characters: an astral character at the cut stays whole',
      doc(`"${'x'.repeat(36)}\u{1F600}${'y'.repeat(10)}"`),
      [`1:${col('')} "RuleFunction" must be an object (a condition or an AND / OR group), found string "${'x'.repeat(36)}\u{1F600}..."`],
    ],
    [
      'unknown key with a suggestion',
      doc('{"Operator": "AND", "Operand": []}'),
      [`1:${col('')} missing "Operands" (the conditions and groups the operator combines)`, `1:${col('{"Operator": "AND", ')} unknown key "Operand" (did you mean "Operands"?)`],
    ],
    [
      'unknown key without a suggestion',
      doc('{"Operator": "AND", "Operands": [], "Weight": 2}'),
      [`1:${col('{"Operator": "AND", "Operands": [], ')} unknown key "Weight" in an AND / OR group (allowed: "Operator", "Operands", "FilterClause", "Negate")`],
    ],
    [
      'key in the wrong case',
      doc(`{"Operator": "AND", "Operands": [{"Operator":"EQUALS","Operands":["x"],"comparisonValue":"$.A"}]}`),
      [
        `1:${col('{"Operator": "AND", "Operands": [')} missing "ComparisonValue": a EQUALS condition needs the path of the value it tests, e.g. "$.ContactLens.PostCall.Queue.QueueId"`,
        `1:${col('{"Operator": "AND", "Operands": [{"Operator":"EQUALS","Operands":["x"],')} unknown key "comparisonValue" (did you mean "ComparisonValue"?)`,
      ],
    ],
    [
      'duplicate key',
      doc('{"Operator": "AND",\n "Operator": "OR", "Operands": []}'),
      ['2:2 duplicate key "Operator" (first written at line 1, column 41)'],
    ],
    [
      'missing Operator',
      doc(`{"Operands": [${leaf}]}`),
      [`1:${col('')} missing "Operator" (AND or OR)`],
    ],
    [
      'Operands not an array',
      doc('{"Operator": "AND", "Operands": {}}'),
      [`1:${col('{"Operator": "AND", "Operands": ')} "Operands" must be an array, found an object`],
    ],
    [
      'operand not an object',
      doc('{"Operator": "OR", "Operands": ["x"]}'),
      [`1:${col('{"Operator": "OR", "Operands": [')} an operand of OR must be an object (a condition or an AND / OR group), found string "x"`],
    ],
    [
      'neither group nor condition',
      doc('{"Operator": "AND", "Operands": [{"Operator": "NOT", "Operands": [1]}]}'),
      [
        `1:${col('{"Operator": "AND", "Operands": [')} missing "ComparisonValue": operator "NOT" is not AND / OR and the operands are not nodes, so this is read as a condition, which needs the path of the value it tests`,
      ],
    ],
    [
      'wrong types in a condition',
      doc('{"Operator": "AND", "Operands": [{"Operator": 1, "Operands": "x", "ComparisonValue": 2, "Negate": "false"}]}'),
      [
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": ')} "Operator" must be a string (e.g. "EQUALS" or "CONTAINS_ANY"), found number 1`,
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": 1, "Operands": ')} "Operands" must be an array, found string "x"`,
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": 1, "Operands": "x", "ComparisonValue": ')} "ComparisonValue" must be a string, a path such as "$.ContactLens.PostCall.Queue.QueueId", found number 2`,
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": 1, "Operands": "x", "ComparisonValue": 2, "Negate": ')} "Negate" must be true or false, found string "false"`,
      ],
    ],
    [
      'FilterClause problems',
      doc(
        '{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [{"Data": 1}, {"Type": 2, "Data": 1}, "x", {"Type": "A"}], "Type": "B"}}',
      ),
      [
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": ')} "LogicOperator" must be a string ("AND"), found number 1`,
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [')} missing "Type" in a filter (e.g. "ParticipantRole")`,
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [{"Data": 1}, {"Type": ')} a filter's "Type" must be a string, found number 2`,
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [{"Data": 1}, {"Type": 2, "Data": 1}, ')} a filter must be an object {"Type": ..., "Data": ...}, found string "x"`,
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [{"Data": 1}, {"Type": 2, "Data": 1}, "x", ')} missing "Data" in a filter`,
        `1:${col('{"Operator": "AND", "Operands": [], "FilterClause": {"LogicOperator": 1, "Filters": [{"Data": 1}, {"Type": 2, "Data": 1}, "x", {"Type": "A"}], ')} unknown key "Type" in a FilterClause (it belongs in a filter: "Filters": [{"Type": ..., "Data": ...}])`,
      ],
    ],
    [
      'FilterClause not an object, Filters not an array',
      doc('{"Operator": "AND", "Operands": [{"Operator": "EQUALS", "Operands": [], "ComparisonValue": "$.A", "FilterClause": "x"}, {"Operator": "EQUALS", "Operands": [], "ComparisonValue": "$.A", "FilterClause": {"Filters": {}}}]}'),
      [
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": "EQUALS", "Operands": [], "ComparisonValue": "$.A", "FilterClause": ')} "FilterClause" must be an object {"LogicOperator": "AND", "Filters": [...]}, found string "x"`,
        `1:${col('{"Operator": "AND", "Operands": [{"Operator": "EQUALS", "Operands": [], "ComparisonValue": "$.A", "FilterClause": "x"}, {"Operator": "EQUALS", "Operands": [], "ComparisonValue": "$.A", "FilterClause": {"Filters": ')} "Filters" must be an array, found an object`,
      ],
    ],
    [
      'filter keys on the node itself',
      doc(`{"Operator": "AND", "Operands": [], "Filters": []}`),
      [`1:${col('{"Operator": "AND", "Operands": [], ')} unknown key "Filters" in an AND / OR group (it belongs inside "FilterClause")`],
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(located(text)).toEqual(expected);
  });

  it('reports several syntax errors of a multi-line function in one parse', () => {
    const text = [
      '{',
      '  "Version": "2022-11-25",',
      '  "RuleFunction": {',
      '    "Operator": "AND",',
      '    "Operands": [',
      `      {"Operator": "EQUALS", "Operands": ['Gold'], "ComparisonValue": "$.Case.Fields.tier" "Negate": False},`,
      '    ],',
      '  }',
      '}',
    ].join('\n');
    expect(located(text)).toEqual([
      '6:43 strings must be in straight double quotes ("), not as in \'Gold\'',
      `6:92 expected ',' or '}' but found '"Negate"'`,
      "6:102 unexpected 'False' (JSON literals are lowercase: true, false, null)",
      '6:108 trailing comma is not allowed in JSON',
      '7:6 trailing comma is not allowed in JSON',
    ]);
  });

  it('reports syntax errors, then structure errors when the JSON could be read as meant', () => {
    const errors = parseFunction(doc('{"Operator": "AND", "Operands": [], "Negate": 1,}')).errors;
    expect(errors.map((e) => [e.constructor.name, e.message])).toEqual([
      [RuleSyntaxError.name, 'trailing comma is not allowed in JSON'],
      [RuleStructureError.name, '"Negate" must be true or false, found number 1'],
    ]);
  });

  it('reports only the syntax errors when recovery had to drop part of the JSON', () => {
    // The Operands array is lost, but no "missing Operands" echoes the syntax error.
    expect(located(doc('{"Operator": "AND", "Operands": [}'))).toEqual([`1:${col('{"Operator": "AND", "Operands": [')} expected a value or ']' but found '}'`]);
  });
});

describe('parseFunctionOrThrow', () => {
  it('returns the document or throws one error listing all problems', () => {
    expect(parseFunctionOrThrow(DOC_EXAMPLES.N).root.operator).toBe('AND');
    expect(() => parseFunctionOrThrow('{"Version": 1}', 'rule.json')).toThrow(InvalidRuleFunctionError);
    expect(() => parseFunctionOrThrow('{"Version": 1}', 'rule.json')).toThrow(/rule\.json:1:1: missing "RuleFunction"/);
  });
});
