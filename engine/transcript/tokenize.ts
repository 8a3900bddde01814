/**
 * Words of a transcript text, as every transcript matcher sees them
 *:
 *
 * - lower case; split on whitespace and punctuation;
 * - an apostrophe (`'`, `’`, `‘`, `ʼ`) or a hyphen (`-`, `‐`, `‑`) between two word
 *   characters belongs to the word (`don't`, `e-mail`); curly apostrophes and hyphen
 *   variants are normalised to `'` and `-` so `don’t` equals `don't`;
 * - a `.` or `,` between two digits belongs to the number (`3.5`, `1,000`), so a
 *   spoken decimal stays one word;
 * - a redaction mask (`[PII]`, `[NAME]`, `[CREDIT_DEBIT_NUMBER]`: `[`, capitals, digits
 *   or `_`, `]`) is one word kept with its brackets (`[pii]`): an operand word never
 *   contains brackets, so a masked entity matches nothing, and `my [NAME] is` does not
 *   become `my is`.
 *
 * Word characters are Unicode letters, marks and digits.
 */

export interface Tokens {
  readonly words: string[];
  readonly starts: number[];
  readonly ends: number[];
}

const NON_ASCII_WORD = /[\p{L}\p{M}\p{N}]/u;

function isWordCode(code: number, text: string, at: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  return NON_ASCII_WORD.test(String.fromCodePoint(text.codePointAt(at) ?? code));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isApostrophe = (code: number): boolean => code === 0x27 || code === 0x2019 || code === 0x2018 || code === 0x02bc;
const isHyphen = (code: number): boolean => code === 0x2d || code === 0x2010 || code === 0x2011;
const isMaskCode = (code: number): boolean =>
  (code >= 65 && code <= 90) || isDigit(code) || code === 0x5f; /* A-Z 0-9 _ */

/** Length of the code point at `at` (2 for a surrogate pair). */
function width(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
}

/** Where a redaction mask starting at `at` (`[`) ends (exclusive), or -1. */
function maskEnd(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && isMaskCode(text.charCodeAt(i))) i++;
  return i > at + 1 && i < text.length && text.charCodeAt(i) === 0x5d ? i + 1 : -1;
}

/** Curly apostrophes and hyphen variants, which words store as `'` and `-`. */
const FANCY_JOINERS = /[\u2019\u2018\u02bc\u2010\u2011]/g;
export const normaliseJoiners = (word: string): string => word.replace(FANCY_JOINERS, (c) => (c === '\u2010' || c === '\u2011' ? '-' : "'"));

/** Words of `text` with where each stands in it. Never throws; non-strings give no words. */
export function tokenizeWithOffsets(text: string): Tokens {
  return scan(text, [], []);
}

/** The lower-case words of `text` (see the module comment for the rules). */
export function tokenize(text: string): string[] {
  return scan(text, undefined, undefined).words;
}

/** The words of `text`, and where they stand when `starts` and `ends` are given (most callers need only the words). */
function scan(text: string, starts: number[] | undefined, ends: number[] | undefined): { words: string[]; starts: number[]; ends: number[] } {
  const words: string[] = [];
  const out = { words, starts: starts ?? [], ends: ends ?? [] };
  if (typeof text !== 'string') return out;
  const n = text.length;
  // Lower-case once and slice words out of it; only where lower-casing changes the
  // length (a few Unicode letters) would offsets shift, so then each word is lowered alone.
  const whole = text.toLowerCase();
  const lower = whole.length === n ? whole : undefined;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 0x5b /* [ */) {
      const end = maskEnd(text, i);
      if (end > 0) {
        words.push(lower ? lower.slice(i, end) : text.slice(i, end).toLowerCase());
        starts?.push(i);
        ends?.push(end);
        i = end;
        continue;
      }
    }
    if (!isWordCode(code, text, i)) {
      i += width(text, i);
      continue;
    }
    const start = i;
    let fancyJoiner = false;
    i += width(text, i);
    for (;;) {
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (isWordCode(c, text, i)) {
        i += width(text, i);
        continue;
      }
      // a joiner belongs to the word when a word character follows it
      const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if ((isApostrophe(c) || isHyphen(c)) && next >= 0 && isWordCode(next, text, i + 1)) {
        if (c > 127) fancyJoiner = true;
        i += 1;
        continue;
      }
      if ((c === 0x2e || c === 0x2c) && isDigit(text.charCodeAt(i - 1)) && isDigit(next)) {
        i += 1;
        continue;
      }
      break;
    }
    const word = lower ? lower.slice(start, i) : text.slice(start, i).toLowerCase();
    words.push(fancyJoiner ? normaliseJoiners(word) : word);
    starts?.push(start);
    ends?.push(i);
  }
  return out;
}

/**
 * The longest text given to ICU in one call. Node 20's ICU (74) segments a run of
 * Japanese in time that grows faster than its length, and past some 65,536 characters
 * not at all (65,600 `あ` had not returned after 20 s; Node 22's ICU takes 36 ms).
 * Pieces of at most this length keep the work linear in the item on every Node; a
 * piece of 4,096 characters costs no more per character than shorter ones (measured
 * on Node 20). An item no longer than this (every spoken turn) is one piece, as before.
 */
const SEGMENT_PIECE = 4096;

/** Whether a piece may end after `code`: a space or punctuation, but not `[` (a mask begins), a joiner or a decimal point. */
const ENDS_PIECE = /[\s\p{Z}\u3001\u3002\uff01\uff0c\uff0e\uff1f\u0e2f\u0e5a\u0e5b!?;:)\]"\u201d\u300d\u300f\uff09]/u;

/**
 * Where the piece of `text` beginning at `from` ends: after the last space or
 * punctuation in its second half, so no word is cut; or, in a run of letters that
 * long with none (no sentence is), after any character that splits no surrogate pair.
 */
function pieceEnd(text: string, from: number): number {
  const limit = from + SEGMENT_PIECE;
  if (limit >= text.length) return text.length;
  for (let at = limit - 1; at >= from + SEGMENT_PIECE / 2; at--) {
    if (ENDS_PIECE.test(text[at])) return at + 1;
  }
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/**
 * A word of a language written without spaces as its NFKC (compatibility) form, so that
 * what an input method wrote full-width (`ＶＩＳＡ`, `１２３`) or half-width (`ｶｰﾄﾞ`) is
 * the word written plainly (`visa`, `123`, `カード`), in an item as in an operand. Only the
 * word is folded, after ICU has cut the text: the offsets still point into the text as
 * said, so explain quotes it as said. Every word, not only those holding such a
 * character: NFKC also folds CJK compatibility ideographs and superscripts, and costs
 * some 0.9 µs of CPU for a 45-character Japanese item against 18 µs for ICU's segmenting
 * of it (process.cpuUsage, 5 rounds, Node 20). English and the other spaced languages
 * are not folded: their texts are read in place by the WebAssembly reader, which would
 * have to copy each to fold it (a full-width word on an en-US call is a documented limit).
 */
const compatible = (word: string): string => word.normalize('NFKC');

/**
 * Words of `text` in a language written without spaces (language.ts): the word-like
 * segments of `segmenter` (ICU's dictionary segmentation: "返金をお願いします" →
 * `返金`, `を`, `お願い`, `し`, `ます`), in their NFKC form (compatible), lower case, with where each
 * stands; a redaction mask is one word, as above. Never throws; non-strings give no words. A long text is
 * segmented in pieces (SEGMENT_PIECE), so the work is linear in it whatever it says.
 */
export function segmentWithOffsets(text: string, segmenter: Intl.Segmenter): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  if (typeof text !== 'string') return { words, starts, ends };
  let maskedTo = 0;
  forEachSegment(text, segmenter, (segment, index, isWordLike) => {
    if (index < maskedTo) return;
    // a mask is read in the whole text: one that crosses a piece's end stays one word
    const mask = segment === '[' ? maskEnd(text, index) : -1;
    if (mask > 0) {
      words.push(text.slice(index, mask).toLowerCase());
      starts.push(index);
      ends.push(mask);
      maskedTo = mask;
      return;
    }
    if (!isWordLike) return;
    words.push(normaliseJoiners(compatible(segment).toLowerCase()));
    starts.push(index);
    ends.push(index + segment.length);
  });
  return { words, starts, ends };
}

/**
 * Each segment of `text` by `segmenter`, in order, with where it stands in `text`. A long
 * text is given to ICU in pieces (SEGMENT_PIECE), so the work is linear in it whatever it says.
 */
export function forEachSegment(text: string, segmenter: Intl.Segmenter, visit: (segment: string, index: number, isWordLike: boolean) => void): void {
  for (let from = 0; from < text.length; ) {
    const to = pieceEnd(text, from);
    const piece = to === text.length && from === 0 ? text : text.slice(from, to);
    for (const { segment, index, isWordLike } of segmenter.segment(piece)) visit(segment, from + index, isWordLike === true);
    from = to;
  }
}
