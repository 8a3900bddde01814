/**
 * Regular English plurals, for "an operand word matches the word or its plural"
 * (context-mapping.md). Only regular rules; irregular plurals (knife/knives,
 * child/children, man/men, quiz/quizzes) are not produced, so they do not match.
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

/** The word and its plural forms. */
export function wordForms(word: string): string[] {
  return [word, ...pluralForms(word)];
}
