/**
 * Regular English plurals, for "an operand word matches the word or its plural".
 * Only regular rules; irregular plurals (knife/knives, child/children, man/men,
 * quiz/quizzes) are not produced, so they do not match.
 *
 * | word | plural | example |
 * | --- | --- | --- |
 * | ends in `s`, `x`, `z`, `ch`, `sh` | + `es` | box → boxes, church → churches, bus → buses |
 * | consonant + `y` | `y` → `ies` | policy → policies |
 * | consonant + `o` | + `s` and + `es` (both accepted) | photo → photos, potato → potatoes |
 * | anything else | + `s` | refund → refunds, day → days, knife → knifes |
 *
 * Words shorter than 3 characters, and words holding a digit, an apostrophe or a
 * redaction mask, have no plural (`I` must not match `is`, `a` not `as`).
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const LETTER = /^\p{L}$/u;

function isConsonant(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch) && !VOWELS.has(ch);
}

/** The plural forms of a lower-case word (empty when it takes none). */
export function pluralForms(word: string): string[] {
  if (word.length < 3 || /[\d'[]/.test(word)) return [];
  const last = word[word.length - 1];
  const beforeLast = word[word.length - 2];
  if (!LETTER.test(last)) return [];
  if (last === 's' || last === 'x' || last === 'z' || word.endsWith('ch') || word.endsWith('sh')) return [`${word}es`];
  if (last === 'y' && isConsonant(beforeLast)) return [`${word.slice(0, -1)}ies`];
  if (last === 'o' && isConsonant(beforeLast)) return [`${word}s`, `${word}es`];
  return [`${word}s`];
}

/**
 * The regular singulars of a lower-case word: the words whose regular plural (above)
 * it is (`refunds` → `refund`, `policies` → `policy`, `boxes` → `box`). Derived by
 * undoing `-s`, `-es`, `-ies` and keeping only candidates whose plural gives the word
 * back, so both directions follow one table. A candidate can be a non-word (`boxes` →
 * `boxe` too); no transcript says it, so it never matters.
 */
export function singularForms(word: string): string[] {
  if (!word.endsWith('s')) return [];
  const candidates = [word.slice(0, -1)];
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  return candidates.filter((c) => pluralForms(c).includes(word));
}

/** The word and its plural forms. */
export function wordForms(word: string): string[] {
  return [word, ...pluralForms(word)];
}

/**
 * The forms exact match accepts for an operand word: the word, its plurals and its
 * singulars. AWS (admin guide, exact-match-pattern-match-semantic-match): "Exact Match
 * is an exact word match, which can be either singular or plural", so `refunds`
 * matches `refund` as `refund` matches `refunds`. Irregular plurals (knife/knives,
 * child/children) are not supported either way.
 */
export function exactWordForms(word: string): string[] {
  return [word, ...pluralForms(word), ...singularForms(word)];
}
