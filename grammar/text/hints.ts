/**
 * "Did you mean" for the text form: the catalogue's closest-match (grammar/catalogue/suggest.ts)
 * with the suggestion quoted as text-form code.
 */
import { closest, didYouMean, editDistance } from '../catalogue/suggest.ts';

/**
 * ` (did you mean `queue`?)`, or `''` when no candidate is close. A word that is itself a
 * candidate gets none: it was refused for another reason (another source's `queue`),
 * and neither it nor its nearest neighbour is what the user meant.
 */
export function hint(word: string, candidates: Iterable<string>): string {
  const typed = word.toLowerCase();
  const list = [...candidates];
  if (list.some((c) => c.toLowerCase() === typed)) return '';
  const best = closest(word, list, (s) => s.toLowerCase());
  return didYouMean(best === undefined ? undefined : `\`${best}\``);
}

/** A word one typo away from a keyword (two for long words): `inn`, `adn`, `contians`. */
export function typoOf(word: string, keywords: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  return keywords.find((k) => k !== word && editDistance(word, k) <= limit && Math.abs(k.length - word.length) <= limit);
}
