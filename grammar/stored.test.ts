import { describe, expect, it } from 'vitest';
import type { EventSourceName } from './catalogue/types.ts';
import { InvalidRuleFunctionError } from './errors.ts';
import { checkFunction } from './index.ts';
import { DOC_EXAMPLES } from '../test/support/doc-examples.ts';
import { requireStoredFunction } from './stored.ts';

const CALL: EventSourceName = 'OnPostCallAnalysisAvailable';
const REAL_TIME: EventSourceName = 'OnRealTimeCallAnalysisAvailable';

/** What `requireStoredFunction` threw, as `line:column message` lines. */
function refusal(text: string, source: EventSourceName): string[] {
  try {
    requireStoredFunction(text, source, 'rule r-1');
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRuleFunctionError);
    return (e as InvalidRuleFunctionError).errors.map((x) => `${x.line}:${x.column} ${x.message}`);
  }
  throw new Error('not refused');
}

describe('requireStoredFunction (no Chevrotain)', () => {
  it.each(Object.entries(DOC_EXAMPLES))('gives the document checkFunction gives for example %s, for each source', (_name, text) => {
    for (const source of [CALL, REAL_TIME]) {
      const checked = checkFunction(text, source);
      if (checked.document) expect(requireStoredFunction(text, source)).toEqual(checked.document);
      else expect(refusal(text, source)).toEqual(checked.errors.map((x) => `${x.line}:${x.column} ${x.message}`));
    }
  });

  it('refuses well-formed JSON that is not a function with the structure errors checkFunction gives', () => {
    const text = '{"Version":"2022-11-25",\n "RuleFunction":{"Operator":"AND"}}';
    expect(refusal(text, CALL)).toEqual(checkFunction(text, CALL).errors.map((x) => `${x.line}:${x.column} ${x.message}`));
    expect(refusal(text, CALL).length).toBeGreaterThan(0);
  });

  it.each([
    ['a condition at the root', '{"Version":"2022-11-25","RuleFunction":{"Operator":"EQUALS","Operands":["x"],"ComparisonValue":"$.ContactLens.PostCall.Queue.QueueId","Negate":false}}'],
    ['no RuleFunction', '{"Version":"2022-11-25"}'],
    ['an array', '[]'],
  ])('refuses well-formed JSON with %s by its structure error, not as malformed', (_what, text) => {
    const expected = checkFunction(text, CALL).errors.map((x) => `${x.line}:${x.column} ${x.message}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(refusal(text, CALL)).toEqual(expected);
  });

  it('refuses malformed JSON with one located syntax error where reading stopped', () => {
    expect(refusal('{"Version":"2022-11-25",\n  "RuleFunction": {,}}', CALL)).toEqual([
      '2:20 not well-formed JSON from here (`connect-rules validate` says what is wrong)',
    ]);
  });
});
