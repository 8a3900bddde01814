/**
 * The words of an item's text looked up in place, without tokenising it: exact match
 * needs only to know, word by word, which of a few known words (the operands' words
 * and their forms) each one is. Tokenising a 10-minute call allocates a string and an
 * array slot for each of its ~2,000 words; this walks the characters once and steps,
 * character by character, down a trie of the known words (case folded by the
 * character table), allocating nothing: a word that is no known word's prefix falls
 * into a dead state after a character or two, and no word is hashed or read twice.
 * (Measured on the bench's calls: half the time of hashing each candidate word.)
 *
 * The word boundaries are tokenize.ts's, restricted to ASCII text (letters, digits,
 * `'`/`-` between word characters, `.`/`,` between digits, `[MASK]`s); on a text
 * holding any other character `ids` answers -1 and the caller uses the tokens
 * (`PreparedItem.words`) instead, so the result never differs from tokenising. The
 * property test in word-scan.test.ts holds the two to that.
 */

/**
 * Symbols of the trie, per UTF-16 code unit: a letter (either case) or a digit is
 * 0 … 35; `'` and `-` (joiners: part of a word between two word characters) 36 and
 * 37; `.` and `,` (part of a number between two digits) 38 and 39; anything else
 * ends a word. A table over all code units spares a range test per character.
 */
const WIDTH = 40;
const FIRST_JOINER = 36;
const FIRST_DECIMAL = 38;
/** Ends a word. */
const OTHER = 40;
/** `[`: may open a redaction mask. */
const BRACKET = 41;
/** Any character beyond ASCII: only tokenize.ts knows its words. */
const NON_ASCII = 42;
const SYMBOL = new Uint8Array(65536).fill(NON_ASCII);
SYMBOL.fill(OTHER, 0, 128);
for (let c = 0; c < 26; c++) SYMBOL[97 + c] = SYMBOL[65 + c] = c;
for (let c = 0; c < 10; c++) SYMBOL[48 + c] = 26 + c;
SYMBOL[0x27] = FIRST_JOINER;
SYMBOL[0x2d] = FIRST_JOINER + 1;
SYMBOL[0x2e] = FIRST_DECIMAL;
SYMBOL[0x2c] = FIRST_DECIMAL + 1;
SYMBOL[0x5b] = BRACKET;

/** The symbol of a character of a known word, -1 when a word read from text can never hold it (an upper-case letter, a bracket, beyond ASCII). */
const symbolOfWordChar = (code: number): number => (code >= 65 && code <= 90 ? -1 : SYMBOL[code] < OTHER ? SYMBOL[code] : -1);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isMask = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 0x5f;

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
  /**
   * The trie: node n's transitions are `next[n * WIDTH + symbol]`, each stored as its
   * target's offset (target × WIDTH) so stepping needs no multiplication; node 0 is
   * dead (every transition back to 0), node 1 the root.
   */
  private readonly next: Int32Array;
  /** At a node's offset: 2 × (its word's id + 1), plus 1 when the word is marked; 0 when no word ends there. */
  private readonly ending: Int32Array;
  /** How many marked words the last `ids` found (their positions are in its `marks`). */
  marked = 0;
  private readonly markedIds = new Set<number>();

  /** `marked`: the words whose positions `ids` also lists (those a phrase starts with). */
  constructor(words: Iterable<string>, marked: Iterable<string> = []) {
    for (const word of words) {
      if (!this.byWord.has(word)) {
        this.byWord.set(word, this.words.length);
        this.words.push(word);
      }
    }
    const next: number[] = new Array(2 * WIDTH).fill(0);
    const ending: number[] = [0, 0];
    this.words.forEach((word, id) => {
      let node = 1;
      for (let k = 0; k < word.length; k++) {
        const symbol = symbolOfWordChar(word.charCodeAt(k));
        // A mask or a word beyond ASCII is found through `byWord` only (see `ids`).
        if (symbol < 0) return;
        let target = next[node * WIDTH + symbol] / WIDTH;
        if (target === 0) {
          target = ending.length;
          ending.push(0);
          for (let s = 0; s < WIDTH; s++) next.push(0);
          next[node * WIDTH + symbol] = target * WIDTH;
        }
        node = target;
      }
      ending[node] = 2 * (id + 1);
    });
    for (const word of marked) {
      const id = this.byWord.get(word);
      if (id === undefined) continue;
      this.markedIds.add(id);
      let node = 1;
      for (let k = 0; k < word.length && node !== 0; k++) {
        const symbol = symbolOfWordChar(word.charCodeAt(k));
        node = symbol < 0 ? 0 : next[node * WIDTH + symbol] / WIDTH;
      }
      if (node !== 0) ending[node] |= 1;
    }
    this.next = Int32Array.from(next);
    this.ending = new Int32Array(ending.length * WIDTH);
    ending.forEach((e, node) => (this.ending[node * WIDTH] = e));
  }

  get size(): number {
    return this.words.length;
  }

  /** The id of a word, -1 when it is not in the dictionary. */
  id(word: string): number {
    return this.byWord.get(word) ?? -1;
  }

  /**
   * Writes to `out` the id of each word of `text` in order (-1 for a word not in the
   * dictionary) and returns how many words there are; -1 when `text` holds a
   * character other than ASCII, whose words only tokenize.ts knows. `out` must have
   * `text.length` slots at least. With `marks` (as long), the positions of the marked
   * words go there too, and `marked` says how many.
   */
  ids(text: string, out: Int32Array, marks?: Int32Array): number {
    const n = text.length;
    const next = this.next;
    const ending = this.ending;
    let count = 0;
    let marked = 0;
    let i = 0;
    while (i < n) {
      let symbol = SYMBOL[text.charCodeAt(i)];
      if (symbol < FIRST_JOINER) {
        // A word: its characters, and a joiner between word characters or a decimal
        // point or comma between digits.
        let at = next[WIDTH + symbol];
        i++;
        while (i < n) {
          symbol = SYMBOL[text.charCodeAt(i)];
          if (symbol < FIRST_JOINER) {
            at = next[at + symbol];
            i++;
            continue;
          }
          if (symbol === NON_ASCII) return -1;
          if (symbol >= OTHER) break;
          const following = i + 1 < n ? SYMBOL[text.charCodeAt(i + 1)] : OTHER;
          if (following === NON_ASCII) return -1;
          const joins =
            symbol < FIRST_DECIMAL ? following < FIRST_JOINER : isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
          if (!joins) break;
          at = next[at + symbol];
          i++;
        }
        const end = ending[at];
        if ((end & 1) !== 0 && marks !== undefined) marks[marked++] = count;
        out[count++] = (end >> 1) - 1;
        continue;
      }
      if (symbol === NON_ASCII) return -1;
      if (symbol === BRACKET) {
        // A redaction mask is one word, brackets included (rare: looked up by its text).
        let j = i + 1;
        while (j < n && isMask(text.charCodeAt(j))) j++;
        if (j > i + 1 && j < n && text.charCodeAt(j) === 0x5d /* ] */) {
          const id = this.id(text.slice(i, j + 1).toLowerCase());
          if (id >= 0 && marks !== undefined && this.isMarked(id)) marks[marked++] = count;
          out[count++] = id;
          i = j + 1;
          continue;
        }
      }
      i++;
    }
    this.marked = marked;
    return count;
  }

  /** Whether the word of `id` is marked. */
  isMarked(id: number): boolean {
    return this.markedIds.has(id);
  }
}
