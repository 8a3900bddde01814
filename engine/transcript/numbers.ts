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

const isDigitWord = (word: string | undefined): boolean => word !== undefined && (DIGIT_WORDS.has(word) || /^\d+$/.test(word));

/** Where numbers said in one item can end, computed once for all its words (linear). */
export interface NumberRuns {
  /**
   * The ends of a number said from word `p`: `chain` — the ends in `[lo, hi]` that
   * follow a number word (an `and` joins number words but a number never ends on it);
   * `plain` — intervals whose every position is an end (digits, the decimal tail).
   */
  ends(p: number, decimal: boolean): { chain?: readonly [number, number]; plain: (readonly [number, number])[] };
  /** `afterNumberWord[e]` is 1 when word `e − 1` is a number word. */
  readonly afterNumberWord: Uint8Array;
}

/**
 * The number runs of `words`. From word `at`: digits end right after themselves, number
 * words at every later number word of their run (`one hundred and five`: after `one`,
 * `hundred`, `five`); with decimals, the integer part's last end may go on with `point`
 * and digits or digit words (`three point five`, `3 point 5`).
 */
export function numberRuns(words: readonly string[]): NumberRuns {
  const n = words.length;
  const isNumber = words.map(isNumberWord);
  const chainEnd = new Int32Array(n).fill(-1); // end of the run of number words from p
  const digitEnd = new Int32Array(n + 1).fill(-1); // end of the run of digit words from k
  for (let p = n - 1; p >= 0; p--) {
    if (isDigitWord(words[p])) digitEnd[p] = p + 1 < n && isDigitWord(words[p + 1]) ? digitEnd[p + 1] : p + 1;
    if (!isNumber[p]) continue;
    if (p + 1 < n && isNumber[p + 1]) chainEnd[p] = chainEnd[p + 1];
    else if (words[p + 1] === 'and' && p + 2 < n && isNumber[p + 2]) chainEnd[p] = chainEnd[p + 2];
    else chainEnd[p] = p + 1;
  }
  const afterNumberWord = new Uint8Array(n + 1);
  for (let e = 1; e <= n; e++) afterNumberWord[e] = isNumber[e - 1] ? 1 : 0;
  return {
    afterNumberWord,
    ends(p, decimal) {
      const first = words[p];
      const plain: (readonly [number, number])[] = [];
      let last: number;
      let chain: readonly [number, number] | undefined;
      if (INTEGER.test(first) || (decimal && DECIMAL.test(first))) {
        last = p + 1;
        plain.push([last, last]);
      } else if (isNumber[p]) {
        last = chainEnd[p];
        chain = [p + 1, last];
      } else return { plain };
      if (decimal && words[last] === 'point' && last + 1 < n && digitEnd[last + 1] > 0) plain.push([last + 2, digitEnd[last + 1]]);
      return { chain, plain };
    },
  };
}
