import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../depth.ts';
import { parseJson } from './parser.ts';
import { toPlainJson, type JsonNode } from './tree.ts';

/** `line:col message` of every error, the form the tables below are written in. */
const located = (text: string) => parseJson(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

const valueOf = (text: string) => {
  const result = parseJson(text);
  expect(result.errors).toEqual([]);
  return toPlainJson(result.value as JsonNode);
};

describe('parseJson: well-formed JSON', () => {
  it.each([
    ['{}', {}],
    ['[]', []],
    ['  {"a" : [1, -2.5e3, 0, true, false, null, "x"]}  ', { a: [1, -2500, 0, true, false, null, 'x'] }],
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"', '"\\/\b\f\n\r\té😀'],
    ['-0', -0],
    ['1E+2', 100],
    ['{"a":1,"a":2}', { a: 2 }],
    ['\uFEFF{"bom": true}', { bom: true }],
    ['{"__proto__": 1}', JSON.parse('{"__proto__": 1}')],
  ])('%s', (text, expected) => {
    expect(valueOf(text)).toEqual(expected);
  });

  it('locates every value, key and member', () => {
    const result = parseJson('{\n  "a": [1, "x"],\r\n  "b": null\n}');
    const root = result.value;
    if (root?.kind !== 'object') throw new Error('expected an object');
    expect(root.span.start).toEqual({ line: 1, column: 1, offset: 0 });
    expect(root.span.end).toMatchObject({ line: 4, column: 2 });
    const [a, b] = root.members;
    expect(a.keySpan.start).toMatchObject({ line: 2, column: 3 });
    expect(a.keySpan.end).toMatchObject({ line: 2, column: 6 });
    expect(a.value.span.start).toMatchObject({ line: 2, column: 8 });
    expect(a.span.end).toMatchObject({ line: 2, column: 16 });
    if (a.value.kind !== 'array') throw new Error('expected an array');
    expect(a.value.elements[1].span.start).toMatchObject({ line: 2, column: 12 });
    // \r\n is one line break.
    expect(b.keySpan.start).toMatchObject({ line: 3, column: 3 });
    expect(b.value.span.start).toMatchObject({ line: 3, column: 8 });
  });

  it('keeps duplicate keys, in order', () => {
    const root = parseJson('{"Operator":"AND","Operator":"OR"}').value;
    expect(root?.kind === 'object' && root.members.map((m) => m.key)).toEqual(['Operator', 'Operator']);
  });

  it('does not count a leading BOM as a column', () => {
    const root = parseJson('\uFEFF{"a":1}').value;
    expect(root?.span.start).toMatchObject({ line: 1, column: 1, offset: 1 });
  });
});

describe('parseJson: errors', () => {
  it.each([
    ['empty text', '', ['1:1 expected a value but found the end of the text']],
    ['only blanks', ' \n ', ['1:1 expected a value but found the end of the text']],
    ['trailing comma in an object', '{"a": 1,}', ['1:8 trailing comma is not allowed in JSON']],
    ['trailing comma in an array', '[1,\n 2,\n]', ['2:3 trailing comma is not allowed in JSON']],
    ['missing comma', '{"a": 1\n "b": 2}', [`2:2 expected ',' or '}' but found '"b"'`]],
    ['missing comma in an array', '[1 2]', [`1:4 expected ',' or ']' but found '2'`]],
    ['doubled comma', '[1,,2]', ["1:4 expected a value but found ','"]],
    ['leading comma', '{, "a": 1}', ["1:2 expected a string key or '}' but found ','"]],
    ['missing colon', '{"a" 1}', ["1:6 expected ':' after the key but found '1'"]],
    ['missing value', '{"a": }', ["1:7 expected a value but found '}'"]],
    ['unclosed object', '{"a": 1', ["1:8 expected ',' or '}' but found the end of the text"]],
    ['unclosed array', '[1,\n 2\n', ["2:3 expected ',' or ']' but found the end of the text"]],
    ['extra closing brace', '{"a": 1}}', ["1:9 expected the end of the text but found '}' (a JSON text holds a single value)"]],
    ['unexpected character', '{"a": @1}', ["1:7 unexpected character '@'"]],
    ['control character outside a string', '{"a":\u00011}', ["1:6 unexpected character '\\u0001'"]],
    ['BOM inside the text', '{"a":\uFEFF1}', ['1:6 unexpected byte order mark (U+FEFF) inside the text']],
    ['unterminated string', '{"a": "abc\n}', ['1:7 unterminated string (a string must end with " on the same line)']],
    ['bad escape', '["a\\qb"]', ["1:4 invalid escape '\\q' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"]],
    ['bad unicode escape', '["\\u12G4"]', ["1:3 invalid unicode escape '\\u12' (expected \\u and 4 hex digits)"]],
    ['raw tab in a string', '["a\tb"]', ['1:4 control character U+0009 must be escaped in a string']],
    ['single quotes', "['a']", ['1:2 strings must be in straight double quotes ("), not as in \'a\'']],
    ['typographic quotes', '[\u201ca\u201d]', ['1:2 strings must be in straight double quotes ("), not as in \u201ca\u201d']],
    ['a lone typographic quote', '[\u201c]', ['1:2 unexpected typographic quote \'\u201c\' (JSON strings use straight double quotes ")']],
    ['capitalised literal', '[True]', ["1:2 unexpected 'True' (JSON literals are lowercase: true, false, null)"]],
    ['unquoted key', '{Operator: "AND"}', ["1:2 unquoted text 'Operator' (strings and keys must be in double quotes)"]],
    ['leading zero', '[01]', ["1:2 invalid number '01' (leading zeros are not allowed)"]],
    ['bare fraction', '[.5]', ["1:2 invalid number '.5' (a '.' needs digits on both sides)"]],
    ['plus sign', '[+1]', ["1:2 invalid number '+1' (a leading '+' is not allowed)"]],
    ['empty exponent', '[1e]', ["1:2 invalid number '1e' (an exponent needs digits)"]],
    ['overflowing number', '[1e400]', ['1:2 number 1e400 is out of range']],
    // A number of 100,000 digits is not repeated whole in its message.
    ['overflowing long number', `[${'9'.repeat(100_000)}]`, [`1:2 number ${'9'.repeat(37)}... (100000 characters) is out of range`]],
    // Quotes are cut by characters (code points): an astral character at the cut is kept whole.
    ['an astral character alone', '[\u{1F600}]', ["1:2 unexpected character '\u{1F600}'"]],
    ['an astral character at the 12-character cut', `[${'@'.repeat(11)}\u{1F600}\u{1F600}]`, [`1:2 unexpected characters '${'@'.repeat(11)}\u{1F600}...'`]],
    ['an astral character at the 37-character cut', `{"a" "${'x'.repeat(35)}\u{1F600}yyyyy"}`, [`1:6 expected ':' after the key but found '"${'x'.repeat(35)}\u{1F600}...'`]],
  ])('%s', (_name, text, expected) => {
    expect(located(text)).toEqual(expected);
  });

  it('reports several errors in one pass, in text order', () => {
    const text = ['{', '  "a": [1 2,],', "  'b': True,", '  "c": "x\\y"', '  "d": 1,', '}'].join('\n');
    expect(located(text)).toEqual([
      "2:11 expected ',' or ']' but found '2'",
      '2:12 trailing comma is not allowed in JSON',
      '3:3 strings must be in straight double quotes ("), not as in \'b\'',
      "3:8 unexpected 'True' (JSON literals are lowercase: true, false, null)",
      "4:10 invalid escape '\\y' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
      `5:3 expected ',' or '}' but found '"d"'`,
      '5:9 trailing comma is not allowed in JSON',
    ]);
  });

  it('keeps the tree as meant when every error has an obvious intent', () => {
    const result = parseJson("{'a': True, \"b\": [1 2,], c: 01}");
    expect(result.intact).toBe(true);
    expect(toPlainJson(result.value as JsonNode)).toEqual({ a: true, b: [1, 2], c: 1 });
  });

  it('says when recovery had to drop part of the tree', () => {
    const result = parseJson('{"a": , "b": 2}');
    expect(result.intact).toBe(false);
    expect(result.errors.map((e) => e.message)).toEqual(["expected a value but found ','"]);
    // The member without a value is dropped; the rest of the object is still read.
    expect(toPlainJson(result.value as JsonNode)).toEqual({ b: 2 });
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = parseJson(deep);
    expect(result.value).toBeUndefined();
    expect(result.errors.map((e) => `${e.column} ${e.message}`)).toEqual([`${MAX_NESTING_DEPTH + 1} nesting is deeper than ${MAX_NESTING_DEPTH} levels`]);
    expect(parseJson(`${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`).errors).toEqual([]);
  });
});
