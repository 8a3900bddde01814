/**
 * "Did you mean" for the text form: the catalogue's closest-match (grammar/catalogue/suggest.ts)
 * with the suggestion quoted as text-form code.
 */
import { closest, didYouMean, editDistance } from '../catalogue/suggest.ts';

/** ` (did you mean `queue`?)`, or `''` when no candidate is close; never the word itself (it was refused as written). */
export function hint(word: string, candidates: Iterable<string>): string {
  const typed = word.toLowerCase();
  const others = [...candidates].filter((c) => c.toLowerCase() !== typed);
  const best = closest(word, others, (s) => s.toLowerCase());
  return didYouMean(best === undefined ? undefined : `\`${best}\``);
}

/** A word one typo away from a keyword (two for long words): `inn`, `adn`, `contians`. */
export function typoOf(word: string, keywords: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  return keywords.find((k) => k !== word && editDistance(word, k) <= limit && Math.abs(k.length - word.length) <= limit);
}
