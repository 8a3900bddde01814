/**
 * Spoken numbers, for the `NUMERICAL` pattern slot (pattern.ts): where a number
 * said at word `at` of a tokenised item can end.
 *
 * A number is digits (`42`, `1,000`; with decimals allowed also `3.5`) or number
 * words: `zero`…`nineteen`, `twenty`…`ninety`, `hundred`, `thousand`, `million`,
 * `billion`, hyphenated compounds (`twenty-five`), and `and` between number words
 * (`one hundred and five`). With decimals allowed, an integer part may be followed
 * by `point` and digits or digit words (`three point five`, `3 point 5`).
 */

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const NUMBER_WORDS = new Set([
  ...UNITS,
  'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
  'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety',
  'hundred', 'thousand', 'million', 'billion',
]);
const DIGIT_WORDS = new Set(UNITS);

const INTEGER = /^\d{1,3}(,\d{3})+$|^\d+$/;
const DECIMAL = /^\d+\.\d+$/;

function isNumberWord(word: string): boolean {
  if (NUMBER_WORDS.has(word)) return true;
  if (!word.includes('-')) return false;
  return word.split('-').every((part) => NUMBER_WORDS.has(part));
}

/**
 * Calls `onEnd(end)` (exclusive word index) for every way a number starting at
 * `words[at]` can end, shortest first; stops when `onEnd` returns true, and then
 * returns true.
 */
export function forEachNumberEnd(
  words: readonly string[],
  at: number,
  decimal: boolean,
  onEnd: (end: number) => boolean,
): boolean {
  const first = words[at];
  if (first === undefined) return false;
  let end: number;
  if (INTEGER.test(first) || (decimal && DECIMAL.test(first))) {
    end = at + 1;
    if (onEnd(end)) return true;
  } else if (isNumberWord(first)) {
    end = at + 1;
    if (onEnd(end)) return true;
    while (end < words.length) {
      if (isNumberWord(words[end])) end += 1;
      else if (words[end] === 'and' && end + 1 < words.length && isNumberWord(words[end + 1])) end += 2;
      else break;
      if (onEnd(end)) return true;
    }
  } else {
    return false;
  }
  if (!decimal || words[end] !== 'point') return false;
  let k = end + 1;
  while (k < words.length && (DIGIT_WORDS.has(words[k]) || /^\d+$/.test(words[k]))) {
    k += 1;
    if (onEnd(k)) return true;
  }
  return false;
}
