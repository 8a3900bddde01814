/**
 * "Did you mean" for the text form: the catalogue's closest-match (grammar/catalogue/suggest.ts)
 * with the suggestion quoted as text-form code.
 */
import { closest, didYouMean, editDistance } from '../catalogue/suggest.ts';

/** ` (did you mean `queue`?)`, or `''` when no candidate is close. */
export function hint(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates, (s) => s.toLowerCase());
  return didYouMean(best === undefined ? undefined : `\`${best}\``);
}

/** A word one typo away from a keyword (two for long words): `inn`, `adn`, `contians`. */
export function typoOf(word: string, keywords: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  return keywords.find((k) => k !== word && editDistance(word, k) <= limit && Math.abs(k.length - word.length) <= limit);
}
