/**
 * What the Lambda bundles hold in place of grammar/catalogue/suggest.ts
 * (build/catalogue-suggest.ts): no "did you mean". A Lambda compiles only published
 * rules, which the rules API, `connect-rules` and the text form checked with their
 * suggestions when they were written; a rule refused here is logged with the same
 * located error, without the suggestion. Saves ~0.6 KB of every function that compiles
 * rules, which the 600 KB budget (test/deploy/package.test.ts) needed in session 12.
 */
export const SUGGEST_PREFIX = 128;
export const suggestWork = { steps: 0 };
export const editDistance = (_a: string, _b: string): number => Infinity;
export const looseForm = (s: string): string => s;
export const closest = (_input: string, _candidates: Iterable<string>, _normalise?: (s: string) => string): string | undefined => undefined;
export const closestPath = (_catalogue: unknown, _path: string): string | undefined => undefined;
export const didYouMean = (_suggestion: string | undefined): string => '';
