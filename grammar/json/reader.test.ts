/**
 * The strict reader against the Chevrotain parser: on every text, either the parser
 * reports no error and the reader gives the very same located tree, or the parser
 * reports an error and the reader refuses the text (and says where it stopped).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../depth.ts';
import { parseJson } from './parser.ts';
import { readStrictJson } from './reader.ts';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

function expectAgreement(text: string): void {
  const parsed = parseJson(text);
  const read = readStrictJson(text);
  if (parsed.errors.length === 0) {
    expect(read.value).toEqual(parsed.value);
  } else {
    expect(read.value).toBeUndefined();
    if (read.value === undefined) {
      expect(read.failedAt).toBeGreaterThanOrEqual(0);
      expect(read.failedAt).toBeLessThanOrEqual(text.length);
    }
  }
}

/** Bits of JSON, right and wrong, around the places where the two could differ. */
const piece = fc.constantFrom(
  '{', '}', '[', ']', ',', ':', ' ', '\n', '\r', '\r\n', '\t', '\u00a0', '\uFEFF', '"', "'", '\\', '\u201c', '\u0001',
  '"a"', '"Operator"', '"\\u0041\\n"', '"\\q"', '"\\u12"', '"\u2028"', '"\ud800"', '"x\\/y"',
  '0', '1', '-', '+', '.', 'e', 'E', '-0', '1.5', '1.', '.5', '01', '1e5', '1e+5', '1E-5', '1e', '1e+', '1e999', '-1x', '12abc',
  'true', 'false', 'null', 'True', 'nul', 'truex', 'x', '$', '_',
);
const jsonish = fc.array(piece, { maxLength: 30, size: 'max' }).map((parts) => parts.join(''));

describe('readStrictJson', () => {
  it('reads every JSON value to the tree the parser makes, whatever the layout', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, '\t', '\r\n '), fc.boolean(), (value, indent, bom) => {
        const text = `${bom ? '\uFEFF' : ''}${JSON.stringify(value, null, indent as never)}`;
        expect(parseJson(text).errors).toEqual([]);
        expectAgreement(text);
      }),
      RUNS,
    );
  });

  it('refuses exactly what the parser reports an error in, on token soup', () => {
    fc.assert(fc.property(jsonish, expectAgreement), RUNS);
  });

  it('agrees with the parser on mutated JSON texts', () => {
    const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'insert', 'replace'), piece });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
        let text = JSON.stringify(value, null, 1);
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + (m.kind === 'delete' ? '' : m.piece) + text.slice(m.kind === 'insert' ? at : at + 1);
        }
        expectAgreement(text);
      }),
      RUNS,
    );
  });

  it.each([
    ['', 0],
    ['  ', 2],
    ['{"a":1,}', 7],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['01', 0],
    ['1e999', 0],
    ['[truex]', 1],
    ['"a\\qb"', 2],
    ['{"a":1}\uFEFF', 7],
    ['{"a":1} x', 8],
    [`${'['.repeat(MAX_NESTING_DEPTH + 1)}${']'.repeat(MAX_NESTING_DEPTH + 1)}`, MAX_NESTING_DEPTH],
  ])('refuses %j, stopping at offset %i', (text, at) => {
    expect(readStrictJson(text)).toMatchObject({ failedAt: at });
    expect(parseJson(text).errors.length).toBeGreaterThan(0);
  });

  it('reads duplicate keys, escapes, a leading BOM and the deepest nesting allowed as the parser does', () => {
    for (const text of [
      '{"a":1,"a":[true,false,null]}',
      '\uFEFF {"k\\u00e9y": "\\"q\\"\\n", "n": -0.5e-3}',
      `${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`,
      '{\r\n "a":\r "b"\n}',
    ]) {
      expect(readStrictJson(text).value).toBeDefined();
      expectAgreement(text);
    }
  });
});
