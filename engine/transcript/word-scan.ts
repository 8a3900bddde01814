/**
 * The words of an item's text looked up in place, without tokenising it: exact match
 * needs only to know, word by word, which of a few known words (the operands' words
 * and their forms) each one is. Tokenising a 10-minute call allocates a string and an
 * array slot for each of its ~2,000 words; this walks the characters once, hashes each
 * word as it goes and looks it up in a small open-addressing table, allocating nothing.
 *
 * The word boundaries are tokenize.ts's, restricted to ASCII text (letters, digits,
 * `'`/`-` between word characters, `.`/`,` between digits, `[MASK]`s); on a text
 * holding any other character `ids` answers -1 and the caller uses the tokens
 * (`PreparedItem.words`) instead, so the result never differs from tokenising. The
 * property test in word-scan.test.ts holds the two to that.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** Kinds of ASCII characters, as tokenize.ts sees them. */
const OTHER = 0;
const WORD = 1;
/** `'` and `-`: part of a word between two word characters */
const JOINER = 2;
/** `.` and `,`: part of a number between two digits */
const DECIMAL = 3;
/** `[`: may open a redaction mask */
const BRACKET = 4;
const NON_ASCII = 5;
const KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  KIND[c] = word ? WORD : c === 0x27 || c === 0x2d ? JOINER : c === 0x2e || c === 0x2c ? DECIMAL : c === 0x5b ? BRACKET : OTHER;
}
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isMask = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 0x5f;
/** ASCII lower case of a character code. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c | 0x20 : c);

function hashOf(word: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
  return h;
}

/** Where the ids of a text's words are written: one buffer, grown as needed (callers read it before the next scan). */
let buffer = new Int32Array(256);

/** A buffer of at least `n` slots (reused: valid until the next call). */
export function idBuffer(n: number): Int32Array {
  if (buffer.length < n) buffer = new Int32Array(Math.max(n, buffer.length * 2));
  return buffer;
}

/** A fixed set of lower-case words, each with an id (0 … size − 1). */
export class WordDictionary {
  private readonly words: string[] = [];
  private readonly byWord = new Map<string, number>();
  /** Open addressing: slot → id + 1 (0 = empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Per lower-case ASCII first character, a bit per length of the words starting with it (31: 31 and longer): most words are ruled out without a lookup. */
  private readonly starts = new Uint32Array(128);

  constructor(words: Iterable<string>) {
    for (const word of words) {
      if (!this.byWord.has(word)) {
        this.byWord.set(word, this.words.length);
        this.words.push(word);
      }
    }
    let size = 16;
    while (size < this.words.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.words.forEach((word, id) => {
      const first = word.charCodeAt(0);
      if (first < 128) this.starts[first] |= 1 << Math.min(word.length, 31);
      let slot = hashOf(word) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    });
  }

  get size(): number {
    return this.words.length;
  }

  /** The id of a word, -1 when it is not in the dictionary. */
  id(word: string): number {
    return this.byWord.get(word) ?? -1;
  }

  /** The id of the word `text[start, end)` (lower-cased), or -1. */
  private lookup(text: string, start: number, end: number): number {
    const length = end - start;
    let h = FNV_OFFSET;
    for (let k = start; k < end; k++) h = Math.imul(h ^ lower(text.charCodeAt(k)), FNV_PRIME);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const word = this.words[entry - 1];
      if (word.length !== length) continue;
      let k = 0;
      while (k < length && lower(text.charCodeAt(start + k)) === word.charCodeAt(k)) k++;
      if (k === length) return entry - 1;
    }
  }

  /**
   * Writes to `out` the id of each word of `text` in order (-1 for a word not in the
   * dictionary) and returns how many words there are; -1 when `text` holds a
   * character other than ASCII, whose words only tokenize.ts knows. `out` must have
   * `text.length` slots at least.
   */
  ids(text: string, out: Int32Array): number {
    const n = text.length;
    const starts = this.starts;
    let count = 0;
    let i = 0;
    while (i < n) {
      const code = text.charCodeAt(i);
      const kind = code < 128 ? KIND[code] : NON_ASCII;
      if (kind === WORD) {
        // A word: its characters, and a joiner between word characters or a decimal
        // point or comma between digits.
        const start = i;
        i++;
        while (i < n) {
          const c = text.charCodeAt(i);
          const k = c < 128 ? KIND[c] : NON_ASCII;
          if (k === WORD) {
            i++;
            continue;
          }
          if (k === NON_ASCII) return -1;
          if (k === OTHER || k === BRACKET) break;
          const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
          if (next >= 128) return -1;
          const joins = k === JOINER ? next >= 0 && KIND[next] === WORD : isDigit(text.charCodeAt(i - 1)) && isDigit(next);
          if (!joins) break;
          i++;
        }
        const length = i - start;
        // Most words are ruled out by their first character and length, without hashing them.
        out[count++] = starts[lower(code)] & (1 << (length > 31 ? 31 : length)) ? this.lookup(text, start, i) : -1;
        continue;
      }
      if (kind === NON_ASCII) return -1;
      if (kind === BRACKET) {
        // A redaction mask is one word, brackets included.
        let j = i + 1;
        while (j < n && isMask(text.charCodeAt(j))) j++;
        if (j > i + 1 && j < n && text.charCodeAt(j) === 0x5d /* ] */) {
          out[count++] = starts[0x5b] & (1 << Math.min(j + 1 - i, 31)) ? this.lookup(text, i, j + 1) : -1;
          i = j + 1;
          continue;
        }
      }
      i++;
    }
    return count;
  }
}
