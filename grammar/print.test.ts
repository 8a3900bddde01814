import { describe, expect, it } from 'vitest';
import type { FunctionDocument } from './ast.ts';
import { parseFunction } from './parse.ts';
import { printFunction, toPlainFunction } from './print.ts';
import { DOC_EXAMPLES } from '../test/support/doc-examples.ts';

const parse = (text: string): FunctionDocument => {
  const { document, errors } = parseFunction(text);
  expect(errors).toEqual([]);
  return document as FunctionDocument;
};

describe('printFunction', () => {
  it.each(Object.entries(DOC_EXAMPLES))('example %s prints back to the same JSON value', (_name, text) => {
    const printed = printFunction(parse(text));
    expect(JSON.parse(printed)).toEqual(JSON.parse(text));
    expect(printFunction(parse(printed))).toBe(printed);
  });

  it('writes the keys in canonical order, compact by default', () => {
    const text = `{"RuleFunction":{"Operands":[{"Negate":true,"FilterClause":{"Filters":[{"Data":"AGENT","Type":"ParticipantRole"}],"LogicOperator":"AND"},
      "ComparisonValue":"$.A","Operands":["hi"],"Operator":"CONTAINS_ANY"}],"Operator":"OR"},"Version":"2022-11-25"}`;
    expect(printFunction(parse(text))).toBe(
      '{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[{"Operator":"CONTAINS_ANY","Operands":["hi"],"ComparisonValue":"$.A",' +
        '"FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"AGENT"}]},"Negate":true}]}}',
    );
  });

  it('always writes Negate on a condition, and on a group only when the source did', () => {
    const text = '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[{"Operator":"OR","Operands":[{"Operator":"EQUALS","Operands":["x"],"ComparisonValue":"$.A"}],"Negate":false}]}}';
    expect(toPlainFunction(parse(text))).toEqual({
      Version: '2022-11-25',
      RuleFunction: {
        Operator: 'AND',
        Operands: [{ Operator: 'OR', Operands: [{ Operator: 'EQUALS', Operands: ['x'], ComparisonValue: '$.A', Negate: false }], Negate: false }],
      },
    });
    expect(Object.keys(toPlainFunction(parse(text)).RuleFunction)).toEqual(['Operator', 'Operands']);
  });

  it('puts a group FilterClause after its operands', () => {
    const plain = toPlainFunction(parse(DOC_EXAMPLES.S)).RuleFunction;
    expect(Object.keys(plain)).toEqual(['Operator', 'Operands', 'FilterClause']);
  });

  it('prints a bare-array FilterClause in the normal form', () => {
    const text =
      '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[{"Operator":"CONTAINS_ANY","Operands":["a"],"ComparisonValue":"$.B","FilterClause":[{"Type":"AiAgentUseCase","Data":{"Value":"SelfService"}}]}]}}';
    expect(printFunction(parse(text))).toContain('"FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"AiAgentUseCase","Data":{"Value":"SelfService"}}]},"Negate":false');
  });

  it('indents on request, and the indented form parses to the same document', () => {
    const document = parse(DOC_EXAMPLES.N);
    const indented = printFunction(document, { indent: 2 });
    expect(indented).toBe(JSON.stringify(JSON.parse(printFunction(document)), null, 2));
    expect(indented.split('\n')[1]).toBe('  "Version": "2022-11-25",');
    expect(printFunction(parse(indented))).toBe(printFunction(document));
    expect(printFunction(document, { indent: 0 })).toBe(printFunction(document));
  });
});
