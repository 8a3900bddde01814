import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { RECIPIENT_TOKEN, TEXT_TOKENS, unknownTokens } from './injection.ts';
import { resolvePath, TokenResolver } from './render.ts';

/** Every token a rule may hold: each source's text tokens and the recipient token (the request validator checks UserIds against it). */
const ADMITTED = [...new Set([...Object.values(TEXT_TOKENS).flat(), RECIPIENT_TOKEN])];

/** What rendering answered with jsonpath-plus before (script evaluation off, unwrapped; undefined for a root that is no object). */
function jsonpathPlus(json: unknown, path: string): unknown {
  if (json === null || typeof json !== 'object') return undefined;
  return JSONPath({ path, json: json as object, eval: false, wrap: false, autostart: false }).evaluate(path, json as object, undefined, undefined);
}

/** An event holding `value` at the token's path. */
function eventWith(token: string, value: unknown): unknown {
  return token
    .slice(2)
    .split('.')
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

describe('the token paths', () => {
  it('every admitted token is a dotted path the resolver reads', () => {
    expect(ADMITTED.length).toBeGreaterThan(20);
    for (const token of ADMITTED) {
      expect(resolvePath(eventWith(token, 'v-1'), token), token).toBe('v-1');
      expect(jsonpathPlus(eventWith(token, 'v-1'), token), token).toBe('v-1');
    }
  });

  it("every admitted token is, whole, one token of the validator's grammar: the resolver is given no other path", () => {
    for (const token of ADMITTED) expect(unknownTokens(token, []), token).toEqual([token]);
  });
});

describe('a token resolved in an event', () => {
  const event = JSON.parse(
    '{"A": {"Null": null, "Zero": 0, "False": false, "Empty": "", "Text": "abc", "List": [1, 2], "Obj": {"k": 1}, "__proto__": {"Own": "p"}, "constructor": "own ctor"}}',
  ) as Record<string, unknown>;

  it.each([
    ['$.A.Null', null],
    ['$.A.Zero', 0],
    ['$.A.False', false],
    ['$.A.Empty', ''],
    ['$.A.Text', 'abc'],
    ['$.A.Missing', undefined],
    ['$.A.Zero.B', undefined],
    ['$.A.Null.B', undefined],
    ['$.A.Text.B', undefined],
    // Own properties of a text or a list are found, as jsonpath-plus finds them.
    ['$.A.Text.length', 3],
    ['$.A.List.length', 2],
    // ...but nothing of an empty text, zero or false (jsonpath-plus looks into truthy values only).
    ['$.A.Empty.length', undefined],
    ['$.A.Zero.toFixed', undefined],
    // An own `__proto__` (JSON.parse makes one) and `constructor` are data like any other key.
    ['$.A.__proto__.Own', 'p'],
    ['$.A.constructor', 'own ctor'],
    // Inherited properties are not.
    ['$.A.Obj.toString', undefined],
    ['$.A.Obj.constructor', undefined],
    ['$.A.Obj.__proto__', undefined],
    ['$.A.Obj.hasOwnProperty', undefined],
    ['$.A.Own', undefined],
  ])('%s is %j, as jsonpath-plus answered', (path, expected) => {
    expect(resolvePath(event, path)).toStrictEqual(expected);
    expect(jsonpathPlus(event, path)).toStrictEqual(expected);
  });

  it('an object or a list is the event’s own value (the caller writes it as JSON)', () => {
    expect(resolvePath(event, '$.A.Obj')).toBe((event.A as Record<string, unknown>).Obj);
    expect(new TokenResolver(event).value('$.A.List')).toBe('[1,2]');
  });

  it('no event (or one that is no object) has no values', () => {
    for (const json of [null, undefined, 'abc', 7, true]) expect(resolvePath(json, '$.length')).toBeUndefined();
  });
});

describe('the resolver answers as jsonpath-plus did', () => {
  const segments = [...new Set(ADMITTED.flatMap((t) => t.slice(2).split('.')))];
  /** The tokens' own keys, and keys every object or text inherits. */
  const key = fc.constantFrom(...segments, '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'length', 'x');
  const leaf = fc.oneof(fc.constantFrom(null, undefined, 0, '', false, true), fc.string(), fc.integer(), fc.double());
  /** An object of `entries`, own (`__proto__` included, as JSON.parse makes it) or inherited from its prototype. */
  const objectOf = (entries: [string, unknown][], inherited: [string, unknown][]) => Object.setPrototypeOf(Object.fromEntries(entries), Object.fromEntries(inherited)) as object;
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.tuple(fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }), fc.array(fc.tuple(key, tie('value')), { maxLength: 2 })).map(([own, inherited]) => objectOf(own, inherited)),
    ),
  }));
  /** A value on the way to `keys`: any value, or an object holding (or inheriting) the next key among others. */
  const along = (keys: readonly string[]): fc.Arbitrary<unknown> =>
    keys.length === 0
      ? value
      : fc.oneof(
          { arbitrary: value, weight: 1 },
          {
            arbitrary: fc
              .tuple(fc.array(fc.tuple(key, value), { maxLength: 3 }), along(keys.slice(1)), fc.boolean())
              .map(([others, next, own]) => (own ? objectOf([...others, [keys[0]!, next]], []) : objectOf(others, [[keys[0]!, next]]))),
            weight: 5,
          },
        );

  it('on events built around the admitted tokens', () => {
    const tokenAndEvent = fc.constantFrom(...ADMITTED).chain((token) => fc.tuple(fc.constant(token), along(token.slice(2).split('.'))));
    fc.assert(
      fc.property(tokenAndEvent, ([token, event]) => {
        expect(resolvePath(event, token)).toBe(jsonpathPlus(event, token));
      }),
      { numRuns: 2000 },
    );
  });

  it('on dotted paths through inherited and special keys', () => {
    const pathAndEvent = fc.array(key, { minLength: 1, maxLength: 4 }).chain((keys) => fc.tuple(fc.constant(`$.${keys.join('.')}`), along(keys)));
    fc.assert(
      fc.property(pathAndEvent, ([path, event]) => {
        expect(resolvePath(event, path)).toBe(jsonpathPlus(event, path));
      }),
      { numRuns: 2000 },
    );
  });
});
