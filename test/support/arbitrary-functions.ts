/**
 * fast-check building blocks shared by the property tests of the JSON form
 * (grammar/parse.fuzz.test.ts) and of the text form (grammar/text/).
 */
import fc from 'fast-check';

/** Short strings with the characters that are hard to write: quotes, backslashes, controls, lone surrogates. */
export const hardText = (extra: readonly string[] = []) =>
  fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', '\udfff', '\uFEFF', ...extra) },
    ),
    maxLength: 10,
  });

/** Integers and doubles; -0 prints as 0, not a difference a rule can see. */
export const number = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
);

/** PatternMatch operand tokens with values drawn from `value`. */
export function patternTokens(value: fc.Arbitrary<string>) {
  const plainToken = fc.record({ Type: fc.constant('PLAIN'), Value: value });
  const token = fc.oneof(
    plainToken,
    fc.record({ Type: fc.constant('LIST'), Value: fc.array(plainToken, { maxLength: 3 }) }),
    fc.record({ Type: fc.constant('PROXIMITY'), Value: fc.record({ Distance: fc.nat(10), IsWithin: fc.boolean() }) }),
    fc.record({ Type: fc.constant('NUMERICAL'), Value: fc.record({ Decimal: fc.boolean() }) }),
  );
  return { plainToken, token };
}

/** Any JSON, normalised the way JSON would (no -0, own "__proto__" keys). */
export const normalisedJson = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
