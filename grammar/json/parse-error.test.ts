import { describe, expect, it } from 'vitest';
import { jsonParseProblem } from './parse-error.ts';

/** What the message says of `text`, from the error JSON.parse throws on it. */
const problem = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonParseProblem('ev.json', text, err);
  }
  throw new Error('the text parsed');
};

describe('jsonParseProblem', () => {
  it('places a missing comma by line and column, without the offset', () => {
    expect(problem('{\n  "a": 1\n  "b": 2\n}')).toBe("ev.json:3:3: not valid JSON: Expected ',' or '}' after property value");
  });

  it('places a bad literal that V8 names by quoting the text at its start, and names the literal', () => {
    expect(problem('{\n "a": tru\n}')).toBe("ev.json:2:7: not valid JSON: unexpected 'tru'");
  });

  it('names the token where V8 quotes a cut excerpt of the text around it (F-c)', () => {
    // V8: `Unexpected token '}', ..."0",\n "x": }" is not valid JSON`, cut mid-quote.
    expect(problem('{"Version":"1.1.0",\n "x": }')).toBe("ev.json:2:7: not valid JSON: unexpected '}'");
    expect(problem(`["${'x'.repeat(60)}", ]`)).toBe("ev.json:1:66: not valid JSON: unexpected ']'");
    expect(problem('[1,\t\n]')).toBe("ev.json:2:1: not valid JSON: unexpected ']'");
  });

  it('says a text that holds nothing ends unexpectedly', () => {
    expect(problem('  \n')).toBe('ev.json:2:1: not valid JSON: unexpected end of the text');
  });

  it('escapes a control character it names, so the message stays one line', () => {
    expect(problem('{"a":\u0001}')).toBe("ev.json:1:6: not valid JSON: unexpected '\\u0001'");
  });

  it('counts a leading BOM as no column', () => {
    const text = '\uFEFF{"a": 1 "b": 2}';
    let err: unknown;
    try {
      JSON.parse(text.slice(1));
    } catch (e) {
      err = e;
    }
    expect(jsonParseProblem('ev.json', text, err)).toBe("ev.json:1:9: not valid JSON: Expected ',' or '}' after property value");
  });

  it('places a text that stops short at its end, whatever V8 calls it', () => {
    const message = problem('{\r\n "a": [1, 2');
    expect(message).toMatch(/^ev\.json:2:12: not valid JSON: \S/);
    expect(message).not.toMatch(/position|\d+$/);
  });
});
