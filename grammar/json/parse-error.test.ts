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

  it('places a bad literal that V8 names by quoting the text at its start, without the quote', () => {
    expect(problem('{\n "a": tru\n}')).toBe("ev.json:2:7: not valid JSON: Unexpected token '\\n'");
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
