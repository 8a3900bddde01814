import { describe, expect, it } from 'vitest';
import { apiLine, check, firstProblem, listOf, opt, req, str, struct, validate, type Spec } from './check.ts';

const ITEM: Spec = struct({ Name: req(str(1, 5)), Count: opt({ kind: 'number', integer: true, min: 0 }) });

describe('validate: structured problems', () => {
  it('locates each problem by its path and says what was expected and received', () => {
    const { value, problems } = validate(listOf(ITEM), [{ Name: 'ok' }, { Count: 1.5 }, 'x']);
    expect(value).toBeUndefined();
    expect(problems.map(({ path, code, received }) => ({ path, code, received }))).toEqual([
      { path: [1, 'Name'], code: 'required', received: undefined },
      { path: [1, 'Count'], code: 'not-integer', received: 1.5 },
      { path: [2], code: 'type', received: 'x' },
    ]);
  });

  it('stops at the limit', () => {
    expect(validate(listOf(ITEM), [{}, {}, {}], { limit: 1 }).problems).toHaveLength(1);
  });

  it('a closed struct keeps only its members; an open one keeps all but nulls, in the input order', () => {
    const fields = { B: opt({ kind: 'number' }), A: opt({ kind: 'string' }) };
    expect(validate({ kind: 'struct', fields }, { A: 'a', X: 1, B: 2 }).value).toEqual({ B: 2, A: 'a' });
    const open = validate({ kind: 'struct', fields, open: true }, { A: 'a', X: 1, N: null, B: 2 }).value as object;
    expect(Object.entries(open)).toEqual([['A', 'a'], ['X', 1], ['B', 2]]);
  });

  it('a strict struct refuses a member it does not name, even null (a typo in a file a person wrote)', () => {
    const spec: Spec = { kind: 'struct', strict: true, fields: { matches: opt(listOf(str())) } };
    const { problems } = validate(spec, { matchs: ['A'], other: null });
    expect(problems.map(({ path, code, received }) => ({ path, code, received }))).toEqual([
      { path: ['matchs'], code: 'unknown', received: ['A'] },
      { path: ['other'], code: 'unknown', received: null },
    ]);
    expect(apiLine(problems[0])).toBe('matchs: is not one of the members matches');
  });

  it('an open struct reports a missing member before a wrong one', () => {
    const spec: Spec = { kind: 'struct', open: true, fields: { A: opt({ kind: 'number' }), B: req({ kind: 'string' }) } };
    expect(validate(spec, { A: 'x' }, { limit: 1 }).problems[0]).toMatchObject({ path: ['B'], code: 'required' });
  });

  it('turns numeric ids into strings and numeric strings into numbers when asked', () => {
    expect(validate({ kind: 'string', fromNumber: true }, 35436).value).toBe('35436');
    expect(validate({ kind: 'number', fromString: true }, ' 12.5').value).toBe(12.5);
    expect(validate({ kind: 'number', fromString: true }, '').problems[0]).toMatchObject({ code: 'type', received: '' });
  });

  it('a map entry may take its spec from its key', () => {
    const spec: Spec = { kind: 'map', value: { kind: 'scalar' }, valueFor: (k) => (k.endsWith('_n') ? { kind: 'number' } : undefined) };
    expect(validate(spec, { a: 'x', b_n: 'y' }).problems[0]).toMatchObject({ path: [{ entry: 'b_n' }], code: 'type' });
  });
});

describe('the API wording', () => {
  it.each<[string, Spec, unknown, string]>([
    ['a long string', struct({ Name: req(str(1, 3)) }), { Name: 'abcd' }, 'Name: length 4 exceeds 3'],
    ['a list item', listOf(str()), ['a', 1], '[1]: must be a string, got the number 1'],
    ['a map key', { kind: 'map', key: { kind: 'string', max: 1 }, value: str() }, { ab: 'v' }, '["ab"] (key): length 2 exceeds 1'],
    ['a union', { kind: 'struct', union: true, fields: { A: opt(str()), B: opt(str()) } }, { A: 'a', B: 'b' }, ': exactly one of A, B must be set (got 2)'],
    ['too many items', listOf(str(), 0, 1), ['a', 'b'], ': has 2 items, at most 1 allowed'],
    ['an enum', { kind: 'string', enum: ['X', 'Y'] }, 'Z', ": 'Z' is not one of X, Y"],
    ['a long value, cut by characters (an astral one at the cut kept whole)', { kind: 'string', enum: ['X'] }, `${'x'.repeat(59)}\u{1F600}yy`, `: '${'x'.repeat(59)}\u{1F600}...' is not one of X`],
  ])('%s', (_, spec, value, line) => {
    expect(validate(spec, value).problems.map((p) => apiLine(p))).toEqual([line]);
    expect(firstProblem(spec, value)).toBe(line);
  });

  it('check prefixes the caller path and returns the clean copy', () => {
    const lines: string[] = [];
    expect(check(ITEM, { Name: 'abcdef' }, 'Actions[2].TaskAction', lines)).toBeUndefined();
    expect(lines).toEqual(['Actions[2].TaskAction.Name: length 6 exceeds 5']);
    expect(check(ITEM, { Name: 'a', Extra: 1 }, '', lines)).toEqual({ Name: 'a' });
  });
});

describe('validate with share: the input itself where it is already clean', () => {
  const spec: Spec = {
    kind: 'struct',
    open: true,
    fields: { Items: { spec: { kind: 'list', items: { kind: 'struct', open: true, fields: { N: { spec: { kind: 'number', fromString: true } } } } } } },
  };

  it('gives back the input objects and arrays when nothing is dropped or converted', () => {
    const input = { Items: [{ N: 1, other: 'x' }, { N: 2 }], Tags: { a: 'b' } };
    const { value } = validate(spec, input, { share: true });
    expect(value).toBe(input);
    expect(validate(spec, input).value).not.toBe(input);
    expect(validate(spec, input).value).toEqual(input);
  });

  it('copies only the path to what it cleans, and never changes the input', () => {
    const input = { Items: [{ N: 1 }, { N: '2' }, { N: 3, gone: null }], Keep: { a: 1 } };
    const before = structuredClone(input);
    const value = validate(spec, input, { share: true }).value as typeof input;
    expect(value).toEqual({ Items: [{ N: 1 }, { N: 2 }, { N: 3 }], Keep: { a: 1 } });
    expect(value).not.toBe(input);
    expect(value.Items).not.toBe(input.Items);
    expect(value.Items[0]).toBe(input.Items[0]);
    expect(value.Keep).toBe(input.Keep);
    expect(input).toEqual(before);
  });
});
