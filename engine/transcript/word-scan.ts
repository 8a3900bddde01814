/**
 * The words of an item's text looked up in place, without tokenising it: exact match
 * needs only to know, word by word, which of a few known words (the operands' words
 * and their forms) each one is. Tokenising a 10-minute call allocates a string and an
 * array slot for each of its ~2,000 words; this walks the characters once and steps,
 * character by character, down a trie of the known words (case folded by the
 * character table), allocating nothing: a word that is no known word's prefix falls
 * into a dead state after a character or two, and no word is hashed or read twice.
 * (Measured on the bench's calls: half the time of hashing each candidate word.) The
 * automaton's loop runs in WebAssembly (word-scan-wasm.ts), over the text's bytes; when
 * every word the automaton can read is of at most 16 characters, the WebAssembly reader
 * gives the same answer per word instead of per character (word-scan-wasm.ts `words`:
 * the words' bytes found with SIMD, each word looked up in a hash table; 10% less CPU a
 * text on the bench's calls, docs/performance.md "Session 9").
 *
 * The word boundaries are tokenize.ts's, restricted to ASCII text (letters, digits,
 * `'`/`-` between word characters, `.`/`,` between digits, `[MASK]`s); on a text
 * holding any other character `read` answers -1 and the caller uses the tokens
 * (`PreparedItem.words`) instead, so the result never differs from tokenising. The
 * property test in word-scan.test.ts holds the two to that.
 */

import { CLASS_MAP_ENTRIES, CLASSES, ENDS_WORD, HASHED_WORD_BYTES, hashTableOf, NOTHING_FOLLOWS, ROW_BYTES, START, STUCK, tableOf, wasmWordReader, SPANS_STRIDE, type Placement, type TextsInMemory, type WasmWordReader } from './word-scan-wasm.ts';
import { normaliseJoiners } from './tokenize.ts';
import { BRACKET, FIRST_DECIMAL, FIRST_JOINER, NON_ASCII, OTHER, SYMBOL, WIDTH } from './word-symbols.ts';

/** The symbol of a character of a known word, -1 when a word read from text can never hold it (an upper-case letter, a bracket, beyond ASCII). */
const symbolOfWordChar = (code: number): number => (code >= 65 && code <= 90 ? -1 : SYMBOL[code] < OTHER ? SYMBOL[code] : -1);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isMask = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 0x5f;

/** `readLatin`'s symbol of a letter beyond ASCII (a word character). */
const LATIN_LETTER = NON_ASCII + 1;
/** A symbol per UTF-16 code unit for `readLatin`: SYMBOL's, and the Latin-1 letters and word-ending marks it reads; NON_ASCII for the rest. */
const LATIN_SYMBOL = SYMBOL.slice(0, 256);
LATIN_SYMBOL.fill(LATIN_LETTER, 0xc0);
LATIN_SYMBOL[0xd7] = LATIN_SYMBOL[0xf7] = NON_ASCII;
for (const c of [0xa0, 0xa1, 0xab, 0xbb, 0xbf]) LATIN_SYMBOL[c] = OTHER;
/** (and tokenize.ts's other joiners: `’`, `‘` read as `'`, `‐`, `‑` as `-`; not `ʼ`, a letter to it) */
const latinSymbol = (c: number): number =>
  c < 256 ? LATIN_SYMBOL[c] : c === 0x2019 || c === 0x2018 ? FIRST_JOINER : c === 0x2010 || c === 0x2011 ? FIRST_JOINER + 1 : NON_ASCII;

/**
 * The automaton `read` runs: the trie's nodes turned into states over every
 * character, so that the end of a word is a transition rather than a branch.
 * A state's row (word-scan-wasm.ts's layout) holds, per symbol (the class of an ASCII
 * code), the next state's row offset and whether the transition ends a word (whose id
 * is the state's), and the state's word. The states:
 *
 * - START: between words;
 * - in a word, at trie node n (node 0: no known word starts so; the dead node has
 *   two states, after a digit or not, since a `.` or `,` joins only digits);
 * - after a word at node n and a joiner (`'`/`-`): a word character continues the
 *   word through the joiner, anything else ends the word at n;
 * - after a word at node n ending in a digit and a `.`/`,`: a digit continues it;
 * - STUCK: a `[` was met, which may open a mask (`[PII]`: one word): the automaton
 *   stays there and `read` reads the text again stepwise.
 *
 * Characters beyond ASCII are not in the table: such a text is told before it is read.
 * The states after a joiner or a decimal mark are made only for the nodes where a word
 * ends or the trie goes on through that mark; the others share the dead node's.
 */
/** `ending` is WordDictionary's: a node's word at the node's offset (node × WIDTH). */
function compileAutomaton(trie: ArrayLike<number>, ending: ArrayLike<number>): Int32Array {
  const nodes = ending.length / WIDTH;
  // Rows per symbol (SYMBOL); `tableOf` adds the map from ASCII codes to symbols.
  const rows: number[][] = [];
  /** Per state: the id of the word it would end, -1 when none (`ending` − 1). */
  const words: number[] = [];
  const newState = (node: number): number => {
    rows.push(new Array(CLASSES).fill(0));
    words.push(ending[node * WIDTH] - 1);
    return (rows.length - 1) * ROW_BYTES;
  };
  newState(0); // START
  newState(0); // STUCK
  const lastSymbol = new Int8Array(nodes).fill(-1);
  for (let node = 0; node < nodes; node++)
    for (let symbol = 0; symbol < WIDTH; symbol++) {
      const target = trie[node * WIDTH + symbol] / WIDTH;
      if (target !== 0) lastSymbol[target] = symbol;
    }
  const isDigitSymbol = (symbol: number): boolean => symbol >= 26 && symbol < FIRST_JOINER;
  // In a word at `node` (the dead node: after a digit or not).
  const word: number[] = [];
  for (let node = 0; node < nodes; node++) word.push(newState(node));
  const deadAfterDigit = newState(0);
  const wordState = (node: number, digit: boolean): number => (node === 0 && digit ? deadAfterDigit : word[node]);
  // After a word and a mark (symbol − FIRST_JOINER: `'`, `-`, `.`, `,`), per node, made when needed.
  const pending = new Map<number, number>();
  const pendingState = (node: number, mark: number): number => {
    const through = trie[node * WIDTH + FIRST_JOINER + mark] / WIDTH;
    const shared = ending[node * WIDTH] === 0 && through === 0;
    const key = (shared ? 0 : node) * 4 + mark;
    let state = pending.get(key);
    if (state === undefined) pending.set(key, (state = newState(shared ? 0 : node)));
    return state;
  };
  const set = (state: number, symbol: number, next: number, ends: boolean) => {
    rows[state / ROW_BYTES][symbol] = next | (ends ? ENDS_WORD : 0);
  };
  // Between words: a word character starts a word, `[` may start a mask, anything else is skipped.
  const between = (symbol: number): number =>
    symbol < FIRST_JOINER ? wordState(trie[WIDTH + symbol] / WIDTH, isDigitSymbol(symbol)) : symbol === BRACKET ? STUCK : START;
  for (let symbol = 0; symbol < CLASSES; symbol++) {
    set(START, symbol, between(symbol), false);
    set(STUCK, symbol, STUCK, false);
  }
  // The ending of a word by `symbol`: it is emitted, and `symbol` read as between words.
  const end = (state: number, symbol: number) => set(state, symbol, between(symbol), true);
  const wordStates: [number, number, boolean][] = word.map((state, node) => [state, node, node !== 0 && isDigitSymbol(lastSymbol[node])]);
  wordStates.push([deadAfterDigit, 0, true]);
  for (const [state, node, digit] of wordStates) {
    for (let symbol = 0; symbol < CLASSES; symbol++) {
      if (symbol < FIRST_JOINER) set(state, symbol, wordState(trie[node * WIDTH + symbol] / WIDTH, isDigitSymbol(symbol)), false);
      else if (symbol < FIRST_DECIMAL || (symbol < OTHER && digit)) set(state, symbol, pendingState(node, symbol - FIRST_JOINER), false);
      else end(state, symbol);
    }
  }
  for (const [key, state] of pending) {
    const node = key >> 2;
    const mark = key & 3;
    const through = trie[node * WIDTH + FIRST_JOINER + mark] / WIDTH;
    // A joiner joins word characters; a decimal mark, digits.
    for (let symbol = 0; symbol < CLASSES; symbol++) {
      const continues = mark < 2 ? symbol < FIRST_JOINER : isDigitSymbol(symbol);
      if (continues) set(state, symbol, wordState(trie[through * WIDTH + symbol] / WIDTH, isDigitSymbol(symbol)), false);
      else end(state, symbol);
    }
  }
  return tableOf(rows.length, (state, symbol) => rows[state][symbol], (state) => words[state], SYMBOL);
}

/** Where the ids of a text's words are written when it is read stepwise or from its tokens: one buffer, grown as needed (callers read it before the next scan). */
let buffer = new Int32Array(256);
/** The same for the positions of the marked words. */
let markBuffer = new Int32Array(256);

/** `buffer`, of at least `n` slots (reused: valid until the next call). */
function idBuffer(n: number): Int32Array {
  if (buffer.length < n) buffer = new Int32Array(Math.max(n, buffer.length * 2));
  return buffer;
}

/** `markBuffer`, of at least `n` slots. */
function marksBuffer(n: number): Int32Array {
  if (markBuffer.length < n) markBuffer = new Int32Array(Math.max(n, markBuffer.length * 2));
  return markBuffer;
}

/** `reading` pointed at the buffers, `marked` positions in `markBuffer`. */
function readInBuffers(marked: number): void {
  reading.ids = buffer;
  reading.marks = markBuffer;
  reading.idsAt = reading.marksAt = 0;
  reading.marked = marked;
}

/**
 * Where the last `WordDictionary.read` (of any dictionary) left its answer, valid until
 * the next: the words' ids at `ids[idsAt]` …, the positions of the marked words at
 * `marks[marksAt]` … (`marked` of them). In the WebAssembly reader's memory when it read
 * the text, so that nothing is copied.
 */
export interface Reading {
  ids: Int32Array;
  idsAt: number;
  marks: Int32Array;
  marksAt: number;
  marked: number;
}
export const reading: Reading = { ids: buffer, idsAt: 0, marks: markBuffer, marksAt: 0, marked: 0 };

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
  /** At a node's offset: its word's id + 1; 0 when no word ends there. */
  private readonly ending: Int32Array;
  /** The same trie as one automaton over every character (see `read`), made on first use: most dictionaries of a rule set's rules are never read. */
  private automaton: Int32Array | undefined;
  /** Where the automaton is in the WebAssembly reader's memory. */
  private readonly placed: Placement = { base: 0, generation: 0 };
  /**
   * The addresses, in that memory, of the automaton's rows, its class map, `starts`,
   * `follows` and the hash table (0: none), for the current placement: worked out once a
   * placement (`locate`), not once a text (~116 texts an event at 500 rules).
   */
  private tableAt = 0;
  private classesAt = 0;
  private startsAt = 0;
  private followsAt = 0;
  private hashAt = 0;
  /**
   * At a word's id + 1 (0: a word not in the dictionary): the bits of the phrases it may
   * start (`NOTHING_FOLLOWS` for those it starts whatever follows; some bit exactly when
   * the word is marked), and of those whose start it may follow (`NOTHING_FOLLOWS`
   * always): a marked word is listed by the WebAssembly reader only when its `starts`
   * and the next word's `follows` share a bit.
   * One bit per first word of a pair, 31 in turn: two first words may share one, which
   * lists a few more words, never fewer.
   */
  private readonly starts: Int32Array;
  private readonly follows: Int32Array;
  /** Where the class map, then `starts` and `follows`, begin after the automaton's rows, in 4-byte entries. */
  private rows = 0;
  /**
   * The hash table of the words the automaton can read (word-scan-wasm.ts `words`,
   * which reads a text with it instead of the automaton), after `follows`; undefined
   * when one of them is longer than it looks up (the automaton reads those texts).
   */
  private hashed: Int32Array | undefined;

  /**
   * `marked`: the words whose positions `read` also lists (those a phrase starts with): a
   * word, whatever follows it; a pair, the first word when the second follows it (the
   * stepwise reading, and the tokens, list the first word wherever it stands).
   */
  constructor(words: Iterable<string>, marked: Iterable<string | readonly [string, string]> = []) {
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
        // A mask or a word beyond ASCII is found through `byWord` only (see `read`).
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
      ending[node] = id + 1;
    });
    this.starts = new Int32Array(this.words.length + 1);
    this.follows = new Int32Array(this.words.length + 1).fill(NOTHING_FOLLOWS);
    const bits = new Map<number, number>();
    for (const start of marked) {
      const word = typeof start === 'string' ? start : start[0];
      const id = this.byWord.get(word);
      if (id === undefined) continue;
      if (typeof start === 'string') this.starts[id + 1] |= NOTHING_FOLLOWS;
      else {
        let bit = bits.get(id);
        if (bit === undefined) bits.set(id, (bit = 1 << bits.size % 31));
        this.starts[id + 1] |= bit;
        const second = this.byWord.get(start[1]);
        if (second !== undefined) this.follows[second + 1] |= bit;
      }
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
   * Reads the words of `text`, leaving in `reading` the id of each in order (-1 for a
   * word not in the dictionary) and the positions of the marked ones; returns how many
   * words there are, or -1 when `text` holds a character other than ASCII, whose words
   * only tokenize.ts knows. `text` may be item `k`'s Content of texts already in the
   * WebAssembly reader's memory (`inMemory`): then its bytes are read there rather than
   * copied in, by the hash table or by the automaton.
   */
  read(text: string, inMemory?: TextsInMemory, k = 0): number {
    const reader = wasmWordReader();
    if (reader !== null) {
      if (this.placed.generation !== reader.generation) this.locate(reader);
      let count = -3;
      // (the loan checked before its spans are read: after it, they may be anything)
      if (inMemory !== undefined && inMemory.contents[k] === text && inMemory.lending === reader.lending) {
        const view = reader.view;
        const at = inMemory.spans + k * SPANS_STRIDE;
        const from = view[at];
        count =
          this.hashAt !== 0
            ? reader.readWordsAt(this.hashAt, from, view[at + 1] - from, inMemory.lending, this.startsAt, this.followsAt)
            : reader.readAt(this.tableAt, from, view[at + 1] - from, inMemory.lending, this.classesAt, this.startsAt, this.followsAt);
      }
      if (count === -3)
        count =
          this.hashAt !== 0
            ? reader.readWords(this.hashAt, text, this.startsAt, this.followsAt)
            : reader.read(this.tableAt, text, this.classesAt, this.startsAt, this.followsAt);
      if (count >= 0) {
        // (the view changes only when the memory grows: stored only then, ~40 instructions a text less than storing it each time, by callgrind over the bench's phrases)
        const view = reader.view;
        if (reading.ids !== view || reading.marks !== view) reading.ids = reading.marks = view;
        reading.idsAt = reader.idsAt;
        reading.marksAt = reader.marksAt;
        reading.marked = reader.marked;
      }
      if (count !== -2) return count;
    }
    // Without WebAssembly (`node --jitless`), every text is read stepwise; with it, those with a `[`.
    return this.stepwise(text, idBuffer(text.length), marksBuffer(text.length));
  }

  /**
   * `read` of a text `read` leaves to the tokens (-1) whose characters beyond ASCII are
   * all Latin-1 letters (`à`…`ÿ`, `À`…`Þ` but `×`/`÷`: a Spanish, Portuguese or French
   * text), `¡`, `¿`, `«`, `»` and the no-break space (which end a word, as in
   * tokenize.ts) or its curly apostrophes and hyphens (`’`: a chat typed on a phone); -1 on any other, whose words only tokenize.ts knows. A word of ASCII is
   * found down the trie, as `stepwise` does, allocating nothing; one holding such a
   * letter (a few of a text's words) by its lower case in `byWord`. The words and their
   * boundaries are tokenize.ts's (the property test in word-scan.test.ts holds them to
   * it); marked words are listed wherever they stand.
   */
  readLatin(text: string): number {
    const n = text.length;
    const out = idBuffer(n);
    const marks = marksBuffer(n);
    const next = this.next;
    let count = 0;
    let marked = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      let symbol = latinSymbol(c);
      if (symbol === NON_ASCII) return -1;
      if (symbol === BRACKET) {
        // A redaction mask (ASCII only) is one word, brackets included.
        let j = i + 1;
        while (j < n && isMask(text.charCodeAt(j))) j++;
        if (j > i + 1 && j < n && text.charCodeAt(j) === 0x5d /* ] */) {
          const id = this.id(text.slice(i, j + 1).toLowerCase());
          if (this.isMarked(id)) marks[marked++] = count;
          out[count++] = id;
          i = j + 1;
          continue;
        }
      }
      if (symbol > LATIN_LETTER || (symbol >= FIRST_JOINER && symbol < LATIN_LETTER)) {
        i++;
        continue;
      }
      // A word: down the trie while its characters are ASCII (`at`: 0, dead), else looked up whole.
      const start = i;
      let latin = symbol === LATIN_LETTER;
      let fancy = false;
      let at = latin ? 0 : next[WIDTH + symbol];
      for (i++; i < n; i++) {
        c = text.charCodeAt(i);
        symbol = latinSymbol(c);
        if (symbol < FIRST_JOINER || symbol === LATIN_LETTER) {
          if (symbol === LATIN_LETTER) latin = true;
          else at = next[at + symbol];
          continue;
        }
        if (symbol === NON_ASCII) return -1;
        if (symbol >= OTHER) break;
        // A joiner between word characters, a decimal mark between digits.
        const following = i + 1 < n ? latinSymbol(text.charCodeAt(i + 1)) : OTHER;
        if (following === NON_ASCII) return -1;
        const joins = symbol < FIRST_DECIMAL ? following < FIRST_JOINER || following === LATIN_LETTER : isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
        if (!joins) break;
        at = next[at + symbol];
        if (c > 255) fancy = true;
      }
      const id = latin ? this.id(fancy ? normaliseJoiners(text.slice(start, i).toLowerCase()) : text.slice(start, i).toLowerCase()) : this.ending[at] - 1;
      if (this.isMarked(id)) marks[marked++] = count;
      out[count++] = id;
    }
    readInBuffers(marked);
    return count;
  }

  /** `read` from a text's words (tokenize.ts), for a text `read` leaves to them (beyond ASCII): always their count. */
  readWords(words: readonly string[]): number {
    const n = words.length;
    const out = idBuffer(n);
    const marks = marksBuffer(n);
    let marked = 0;
    for (let k = 0; k < n; k++) {
      const id = this.id(words[k]);
      out[k] = id;
      if (this.isMarked(id)) marks[marked++] = k;
    }
    readInBuffers(marked);
    return n;
  }

  /** Places the tables in `reader`'s memory (made on first use), and notes where each part is. */
  private locate(reader: WasmWordReader): void {
    const table = reader.place((this.automaton ??= this.withStarts(compileAutomaton(this.next, this.ending))), this.placed, this.rows);
    this.tableAt = table;
    this.classesAt = table + 4 * this.rows;
    this.startsAt = this.classesAt + 4 * CLASS_MAP_ENTRIES;
    this.followsAt = this.startsAt + 4 * this.starts.length;
    this.hashAt = this.hashed ? this.followsAt + 4 * this.follows.length : 0;
  }

  /** The automaton's rows and class map, then `starts` and `follows`, then the hash table when there is one. */
  private withStarts(rows: Int32Array): Int32Array {
    this.rows = rows.length - CLASS_MAP_ENTRIES;
    const readable = this.words.map((word) => (Array.prototype.every.call(word, (c: string) => symbolOfWordChar(c.charCodeAt(0)) >= 0) ? word : undefined));
    this.hashed = readable.every((word) => word === undefined || word.length <= HASHED_WORD_BYTES) ? hashTableOf(readable, this.starts, this.follows) : undefined;
    const hashed = this.hashed ?? new Int32Array(0);
    const all = new Int32Array(rows.length + 2 * this.starts.length + hashed.length);
    all.set(rows);
    all.set(this.starts, rows.length);
    all.set(this.follows, rows.length + this.starts.length);
    all.set(hashed, rows.length + 2 * this.starts.length);
    return all;
  }

  /** `read` one word at a time down the trie, into the buffers `out` and `marks`: for texts with a `[` (a redaction mask may follow), which the automaton leaves to it. */
  private stepwise(text: string, out: Int32Array, marks: Int32Array): number {
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
        const id = ending[at] - 1;
        if (this.isMarked(id)) marks[marked++] = count;
        out[count++] = id;
        continue;
      }
      if (symbol === NON_ASCII) return -1;
      if (symbol === BRACKET) {
        // A redaction mask is one word, brackets included (rare: looked up by its text).
        let j = i + 1;
        while (j < n && isMask(text.charCodeAt(j))) j++;
        if (j > i + 1 && j < n && text.charCodeAt(j) === 0x5d /* ] */) {
          const id = this.id(text.slice(i, j + 1).toLowerCase());
          if (this.isMarked(id)) marks[marked++] = count;
          out[count++] = id;
          i = j + 1;
          continue;
        }
      }
      i++;
    }
    readInBuffers(marked);
    return count;
  }

  /** Whether the word of `id` is marked (-1, no word: never; `starts[0]` stays 0). */
  isMarked(id: number): boolean {
    return this.starts[id + 1] !== 0;
  }
}
