/**
 * "Did you mean": the closest candidate to a misspelt operator, path, filter type or
 * enum value, by edit distance (Levenshtein) on a normalised form.
 *
 * Work is bounded whatever the input: suggestions compare at most the first
 * `SUGGEST_PREFIX` characters of each side, so an unknown 256 KiB value costs what a
 * 128-character one does (a quadratic distance on the whole input once took 17 s and
 * held the single-threaded server). `suggestWork.steps` counts the cells computed, for
 * the property test that holds the bound.
 */
import { TEMPLATE_KEY, TEMPLATE_SUFFIX, isTemplatePath, type SourceCatalogue } from './types.ts';

/** Characters of an input (and of a candidate) that a suggestion looks at. */
export const SUGGEST_PREFIX = 128;

/** Distance cells computed since the last reset (tests count them; never timed). */
export const suggestWork = { steps: 0 };

const head = (s: string): string => (s.length > SUGGEST_PREFIX ? s.slice(0, SUGGEST_PREFIX) : s);

/** Levenshtein distance of the first `SUGGEST_PREFIX` characters of `a` and of `b`. */
export function editDistance(longA: string, longB: string): number {
  const a = head(longA);
  const b = head(longB);
  suggestWork.steps += a.length * b.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

const commonPrefix = (a: string, b: string): number => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/** Case and `_`/`-` insensitive: `NUMBER_GREATER` ~ `NumberGreater`, `contains_any` ~ `CONTAINS_ANY`. */
export const looseForm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

/**
 * The candidate closest to `input`, if close enough: within a third of the input's
 * length in edits, or an extension of it (`NUMBER_LESS` → `NumberLessOrEqualTo`), or
 * sharing a long start with it (`NumberGreaterThan` → `NumberGreaterOrEqualTo`).
 */
export function closest(
  input: string,
  candidates: Iterable<string>,
  normalise: (s: string) => string = looseForm,
): string | undefined {
  const wanted = normalise(head(input));
  if (wanted.length === 0) return undefined;
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const c = normalise(candidate);
    let score = editDistance(wanted, c);
    if (wanted.length >= 4 && c.startsWith(wanted)) score = Math.min(score, 1);
    if (commonPrefix(wanted, c) >= 8) score = Math.min(score, limit);
    if (score <= limit && (!best || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}

/** ` (did you mean X?)` or nothing. */
export const didYouMean = (suggestion: string | undefined): string => (suggestion ? ` (did you mean ${suggestion}?)` : '');

/**
 * The documented path of `catalogue` closest to `path` (templates compared with the
 * user's last segment as key), if close enough to be worth suggesting.
 */
export function closestPath(catalogue: Pick<SourceCatalogue, 'conditions'>, fullPath: string): string | undefined {
  const path = head(fullPath);
  const key = path.slice(path.lastIndexOf('.') + 1) || TEMPLATE_KEY;
  const candidates = [
    ...new Set(catalogue.conditions.map((s) => (isTemplatePath(s.path) ? s.path.slice(0, -TEMPLATE_SUFFIX.length) + `.${key}` : s.path))),
  ];
  const lower = path.toLowerCase();
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (!best || d < best.d) best = { candidate, d };
  }
  return best && best.d <= Math.max(3, Math.floor(path.length / 4)) ? best.candidate : undefined;
}
