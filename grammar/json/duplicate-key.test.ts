/**
 * The duplicate-key scan against an oracle: the strict reader's located tree keeps
 * every member in source order, duplicates included, so the first duplicate is the
 * member, of any object, that repeats a key of its object and starts first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey, memberPath, type DuplicateKey } from './duplicate-key.ts';
import { readStrictJson } from './reader.ts';
import type { JsonNode } from './tree.ts';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

function oracle(text: string): DuplicateKey | undefined {
  const read = readStrictJson(text);
  if (read.value === undefined) throw new Error(`not JSON: ${text}`);
  let found: DuplicateKey | undefined;
  const walk = (node: JsonNode, path: (string | number)[]): void => {
    if (node.kind === 'array') node.elements.forEach((e, i) => walk(e, [...path, i]));
    if (node.kind !== 'object') return;
    const seen = new Map<string, number>();
    for (const m of node.members) {
      const first = seen.get(m.key);
      if (first !== undefined && (!found || m.keySpan.start.offset < found.at)) found = { key: m.key, path: [...path, m.key], at: m.keySpan.start.offset, firstAt: first };
      if (first === undefined) seen.set(m.key, m.keySpan.start.offset);
      // Only what comes before the first duplicate is read as far as the scan goes; a later one inside is never first.
      walk(m.value, [...path, m.key]);
    }
  };
  walk(read.value, []);
  return found;
}

/** Keys that collide often, as JSON text: the same key escaped, quotes and backslashes inside. */
const key = fc.constantFrom('"a"', '"\\u0061"', '"b"', '"A"', '"a\\\\"', '"a\\""', '"\\"a"', '"__proto__"', '""');
const scalar = fc.constantFrom('1', '-2.5e3', 'true', 'null', '"a"', '"\\"a\\": 1"', '"{\\"a\\":"', '"\\\\"', '"]}"');
const space = fc.constantFrom('', ' ', '\n', '\r\n\t');
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), tie('array')),
  object: fc
    .array(fc.tuple(key, space, tie('value')), { maxLength: 5 })
    .map((members) => `{${members.map(([k, s, v]) => `${s}${k}${s}:${s}${v as string}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${(items as string[]).join(', ')}]`),
}));

describe('findDuplicateKey', () => {
  it('finds what the oracle finds, where it finds it, in any JSON text', () => {
    fc.assert(
      fc.property(value as fc.Arbitrary<string>, fc.boolean(), (text, bom) => {
        const t = bom ? `\uFEFF${text}` : text;
        expect(findDuplicateKey(t)).toEqual(oracle(t));
      }),
      RUNS,
    );
  });

  it('finds none in what JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => findDuplicateKey(JSON.stringify(v)) === undefined), RUNS);
  });

  it('a key equal once decoded is the same key; one inside a string is no key; sibling objects are apart', () => {
    expect(findDuplicateKey('{"A": 1, "\\u0041": 2}')).toEqual({ key: 'A', path: ['A'], at: 9, firstAt: 1 });
    expect(findDuplicateKey('{"a": "\\"a\\": 2", "b": [{"a": 1}, {"a": 2}]}')).toBeUndefined();
    expect(findDuplicateKey('[{"x": [1, {"k": 0, "k": 1}]}]')).toMatchObject({ path: [0, 'x', 1, 'k'] });
  });

  it('ends, without throwing, on text JSON.parse refuses: an unclosed string, a stray comma, anything', () => {
    // an unclosed string (also one whose last quote is escaped) once sent the scan back to the start, frames growing until memory ran out
    for (const text of ['{"a', '{"a": "b', '[{"a": 1, "a', '{"a\\"', '"\\"', '1,2', ',', '}]},', '{"a": 1,, "b": 2}', '{"\\q": 1, "\\u12": 2}']) {
      expect(() => findDuplicateKey(text), text).not.toThrow();
    }
    expect(findDuplicateKey('{"a": 1, "a": 2, "b')).toMatchObject({ key: 'a' });
    // any text, and any JSON text cut short or with a character dropped: one pass, no throw
    const damaged = fc.oneof(
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'a', ' ', '1'), maxLength: 60 }),
      fc.tuple(value as fc.Arbitrary<string>, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc.tuple(value as fc.Arbitrary<string>, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1)) + t.slice((n % (t.length + 1)) + 1)),
    );
    fc.assert(fc.property(damaged, (text) => void findDuplicateKey(text)), RUNS);
  });

  it('reads nesting far past the parsers\' limit without recursing', () => {
    const deep = `${'['.repeat(100_000)}{"a": 1, "a": 2}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)?.path.length).toBe(100_001);
  });
});

describe('memberPath', () => {
  it('prints members as the AWS APIs do, quoting keys that are not names', () => {
    expect(memberPath(['Actions', 0, 'TaskAction', 'Name'])).toBe('Actions[0].TaskAction.Name');
    expect(memberPath([1, 'Tags', 'a b', 'c'])).toBe('[1].Tags["a b"].c');
  });
});
