/**
 * The loop of word-scan.ts's automaton, in WebAssembly: the text's bytes, one table
 * read per character (`scan`); and, for a dictionary whose words are all of at most 16
 * characters, the same answer read per word instead (`words`, below: the words'
 * boundaries found sixteen bytes at a time with SIMD, each word looked up in a hash
 * table). In JavaScript the reading cost a quarter more on the bench's
 * calls, copy included (measured, interleaved: docs/performance.md "Evaluation"): each
 * `charCodeAt` dispatches on the string's representation and each typed-array access
 * reloads and checks the array, so the state no longer fits in registers and every
 * character's read waits on a store and a reload of it. Here the text is first copied as UTF-8
 * into the module's memory by the native `TextEncoder.encodeInto` (which also tells a
 * text beyond ASCII: its bytes do not fit in one byte per character).
 *
 * One module and one memory per process. The memory holds, in order: 16 bytes of
 * results, the tables of the dictionaries read so far (an arena: when it would pass
 * `ARENA_LIMIT`, it is emptied and each dictionary copies its table in again on its
 * next read; a dictionary's hash table follows its automaton's), then the buffers of
 * one reading (16 spaces, the text, then the marked words' positions; states; second
 * chain's states, or `words`' marked positions; `words`' bit per character), sized for
 * the longest text so far.
 *
 * A table (`ROW` 4-byte entries per state, the row at byte offset state × 4 × ROW from
 * the table's start) is indexed by a character's class (`CLASSES` of them, word-symbols.ts's
 * symbols: a letter or digit, a joiner, a decimal mark, `[`, anything else), not by its
 * code: entries 0 … CLASSES − 1, per class, the next state's row offset in bytes; entries
 * `ENDS` … `ENDS` + CLASSES − 1, per class, 4 when that transition ends a word, else 0
 * (apart, so that the next state is read without a mask: the reads' chain is one
 * addition and one load a character, 4% less CPU than with a flag bit, interleaved);
 * entry `WORD`, the id of the word the state ends, -1 for none. After the rows, the
 * class map: per ASCII code, its class × 4 (128 bytes), read beside the chain, not in
 * it. Rows of 85 entries instead of 257 (one per ASCII code) make the 500 rules' table
 * a third as large (137 KB instead of 411), so less of it is evicted between events
 * (docs/performance.md "Evaluation").
 * Row 0 is START (between words), row 1 STUCK (absorbing: a `[` was met; the caller
 * reads such a text another way). `tableOf` writes this layout; `place` turns the row
 * offsets into addresses as it copies a table into the memory; `scan` reads it.
 */

import { wordScanModule } from './word-scan-wasm-bytes.ts';
import { ASCII_CLASSES } from './word-symbols.ts';

/** The classes of ASCII codes a table tells apart (word-symbols.ts's symbols). */
export const CLASSES = ASCII_CLASSES;
/** Entries per state's row: the next states, the word ends, the state's word. */
const ROW = 2 * CLASSES + 1;
/** Where a row's word ends start. */
export const ENDS = CLASSES;
/** Where a row holds its state's word. */
export const WORD = 2 * CLASSES;
/** 4-byte entries of the class map after a table's rows (a byte per ASCII code). */
export const CLASS_MAP_ENTRIES = 32;
/** Bytes per row. */
export const ROW_BYTES = ROW * 4;
/** Row offsets of the two fixed states. */
export const START = 0;
export const STUCK = ROW_BYTES;

/** Added to a transition given to `tableOf` when it ends a word (row offsets are even). */
export const ENDS_WORD = 1;

/**
 * The table, in the layout above, of an automaton of `states` states (START's and
 * STUCK's first): `transition(state, c)` on each class c, the next state's row offset
 * (plus `ENDS_WORD` when the transition ends a word); `wordOf(state)` its word; then
 * the class map, from `classOf` (per ASCII code, its class).
 */
export function tableOf(
  states: number,
  transition: (state: number, c: number) => number,
  wordOf: (state: number) => number,
  classOf: ArrayLike<number>,
): Int32Array {
  const table = new Int32Array(states * ROW + CLASS_MAP_ENTRIES);
  for (let state = 0; state < states; state++) {
    const row = state * ROW;
    for (let c = 0; c < CLASSES; c++) {
      const entry = transition(state, c);
      table[row + c] = entry & ~ENDS_WORD;
      // The bytes the output moves on by: one state kept.
      table[row + ENDS + c] = (entry & ENDS_WORD) !== 0 ? 4 : 0;
    }
    table[row + WORD] = wordOf(state);
  }
  // The class map, as byte offsets into a row.
  const map = new Uint8Array(table.buffer, states * ROW * 4, 128);
  for (let code = 0; code < 128; code++) map[code] = 4 * classOf[code];
  return table;
}

/** The tables together may take this much of the memory before it is emptied for new ones. */
const ARENA_LIMIT = 16 << 20;
/** Fillings of the arenas, numbered across readers, so that a placement is never taken for another's. */
let generations = 0;
/** Loans of memory (`WasmWordReader.lend`), numbered across readers, so that one is never taken for another's. */
let lendings = 0;
/** Where the results of a reading go: the final state, then how many marked words. */
export const RESULTS = 0;
const ARENA_START = 16;

/**
 * The bit of a word's `starts` for phrases it starts alone (or whatever follows), set in
 * every word's `follows` and in what follows the last word of a text.
 */
export const NOTHING_FOLLOWS = 1 << 31;

/** The ASCII space: after one the automaton is between words (or STUCK); the text's end reads as one. */
export const SPACE = 0x20;

// `words` (word-scan-wasm-assembly.ts) looks a text's words up in this table.
/** Bytes of a hash table's header: the two 64-bit multipliers, the shift, padding, then the entry of a word not in the table (`MISS`). */
export const HASH_HEADER = 64;
/** Where the header's entry of a word not in the table is: id -1, `starts` 0, `follows` NOTHING_FOLLOWS (its word never compared). */
export const MISS = 32;
/** Bytes of an entry: the word (16, zero-padded), then at these offsets its id, its `starts` and its `follows` (word-scan.ts), padding. */
const HASH_ENTRY = 32;
export const ENTRY_ID = 16;
export const ENTRY_STARTS = 20;
export const ENTRY_FOLLOWS = 24;
/** The longest word `words` looks up. */
export const HASHED_WORD_BYTES = 16;

/** The slot of `lo`, `hi` (a word's bytes 0-7 and 8-15, little-endian) under the multipliers and shift. */
const slotOf = (lo: bigint, hi: bigint, k1: bigint, k2: bigint, shift: bigint): number =>
  Number((BigInt.asUintN(64, lo * k1) ^ BigInt.asUintN(64, hi * k2)) >> shift);

/** The most slots a hash table may have per word: past it, `hashTableOf` gives up and the automaton reads. */
export const MAX_SLOTS_PER_WORD = 64;
/** Multiplier pairs tried at each table size. */
const ATTEMPTS_PER_SIZE = 16;

/**
 * The hash table `words` reads (as 4-byte entries), of `words[id]` (lower case, each
 * at most `HASHED_WORD_BYTES` bytes of ASCII; those the automaton cannot read left
 * out by the caller as undefined): a power of two slots, from four per word, and
 * multipliers drawn until no two words share a slot (a fixed sequence: the same
 * table every time). Or undefined when no table of at most `MAX_SLOTS_PER_WORD`
 * slots per word has one: a collision-free table needs about n² slots for n words
 * (the birthday bound), so large dictionaries (more than a few hundred words) are
 * read by the automaton, in bounded memory (32 bytes a slot: at most 2 KB a word).
 * Each entry holds, beside the word's id, its `starts` and `follows` (at id + 1: word-scan.ts),
 * so that `words` finds all three at the one address its lookup gives.
 */
export function hashTableOf(words: readonly (string | undefined)[], starts?: ArrayLike<number>, follows?: ArrayLike<number>): Int32Array | undefined {
  const present = words.flatMap((word, id) => (word === undefined ? [] : [{ word, id }]));
  const halves = present.map(({ word }) => {
    const bytes = new Uint8Array(16);
    for (let k = 0; k < word.length; k++) bytes[k] = word.charCodeAt(k);
    const view = new DataView(bytes.buffer);
    return [view.getBigUint64(0, true), view.getBigUint64(8, true)] as const;
  });
  let seed = 0x9e3779b97f4a7c15n;
  const next = () => (seed = BigInt.asUintN(64, seed * 6364136223846793005n + 1442695040888963407n)) | 1n;
  const count = Math.max(1, present.length);
  const mostBits = Math.max(4, Math.ceil(Math.log2(MAX_SLOTS_PER_WORD * count)));
  for (let bits = Math.max(4, Math.ceil(Math.log2(4 * count))); bits <= mostBits; bits++) {
    const shift = BigInt(64 - bits);
    for (let attempt = 0; attempt < ATTEMPTS_PER_SIZE; attempt++) {
      const k1 = next();
      const k2 = next();
      const slots = halves.map(([lo, hi]) => slotOf(lo, hi, k1, k2, shift));
      if (new Set(slots).size !== slots.length) continue;
      const table = new Int32Array((HASH_HEADER + (HASH_ENTRY << bits)) / 4);
      const view = new DataView(table.buffer);
      view.setBigUint64(0, k1, true);
      view.setBigUint64(8, k2, true);
      view.setBigUint64(16, shift, true);
      view.setInt32(MISS + ENTRY_ID, -1, true);
      view.setInt32(MISS + ENTRY_FOLLOWS, NOTHING_FOLLOWS, true);
      const bytes = new Uint8Array(table.buffer);
      present.forEach(({ word, id }, k) => {
        const at = HASH_HEADER + HASH_ENTRY * slots[k];
        for (let c = 0; c < word.length; c++) bytes[at + c] = word.charCodeAt(c);
        view.setInt32(at + ENTRY_ID, id, true);
        view.setInt32(at + ENTRY_STARTS, starts?.[id + 1] ?? 0, true);
        view.setInt32(at + ENTRY_FOLLOWS, follows?.[id + 1] ?? NOTHING_FOLLOWS, true);
      });
      return table;
    }
  }
  return undefined;
}

// --- The module's bytes: word-scan-wasm-assembly.ts assembles them; word-scan-wasm-bytes.ts holds them. ---


// --- The memory, its arena of tables and the buffers of one reading. ---

/** A table placed in the memory: where, and in which filling of the arena. */
export interface Placement {
  base: number;
  generation: number;
}

type Scan = (n: number, table: number, text: number, out: number, second: number, starts: number, follows: number, classes: number, marksAt: number) => number;
type Words = (n: number, text: number, out: number, marks: number, bits: number, starts: number, follows: number, hash: number) => number;

/** Bytes before a reading's text: spaces, which `words` reads as what precedes its first character. */
const BEFORE_TEXT = 16;
/** Bytes after a text's room that `words` may read (a space at its end, its last block's 16 and one more). */
const AFTER_TEXT = 32;

/**
 * Texts whose bytes are already in the reader's memory, read there instead of copied in
 * again: a parsed analysis file's transcript, which analysis-text/read.ts copied into a
 * region of this memory lent to it (`WasmWordReader.lend`). Item k's Content is the bytes
 * [from, to) whose addresses are the two words at `view[spans + k * SPANS_STRIDE]`, while the
 * loan numbered `lending` lasts, and while the item's Content is still `contents[k]`, the
 * string the parse gave it (a Content assigned since has other bytes).
 */
export interface TextsInMemory {
  readonly lending: number;
  readonly spans: number;
  readonly contents: readonly (string | undefined)[];
}

/** 4-byte words from one item's span to the next's (analysis-text/scan-layout.ts ITEM_BYTES: its columns). */
export const SPANS_STRIDE = 21;

/**
 * Per items array (the parsed transcript, JSON.parse's value: nothing added to it), where
 * its items' texts are in the memory (the loan may since have ended: WordDictionary.read checks).
 */
export const textsInMemory = new WeakMap<object, TextsInMemory>();

export class WasmWordReader {
  /** The memory; analysis-text/read.ts's module shares it. */
  readonly memory: WebAssembly.Memory;
  private readonly scan: Scan;
  private readonly words_: Words;
  private readonly encoder = new TextEncoder();
  /** Renewed when the arena is emptied: a placement of another generation is gone. */
  // Public only to save accessor bytes in the bundle, as `lending`: written by `place` alone (a dictionary compares its placement's with it per text).
  generation = ++generations;
  private arenaEnd = ARENA_START;
  /** The longest text the buffers hold, and where they are. */
  private capacity = 0;
  private text = 0;
  private out = 0;
  private second = 0;
  /** Where `words` keeps a bit per byte of the text. */
  private bits = 0;
  private words!: Int32Array;
  private textBytes!: Uint8Array;
  /** Where the buffers end. */
  private end = 0;
  /** The number of the last loan, 0 once the buffers have been laid out again (over it: it starts where they ended): its bytes are as put there while this is its number. */
  // Public only to save accessor bytes in the bundle: written by `lend` and `layOut` alone, never by a reader (stale spans would look live).
  lending = 0;
  /** How many marked words the last `read` found. */
  marked = 0;
  /** Where in `view` the last read left the marked words' positions. */
  marksAt = 0;

  constructor(private readonly arenaLimit = ARENA_LIMIT) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(wordScanModule()), {});
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.scan = instance.exports.scan as Scan;
    this.words_ = instance.exports.words as Words;
    this.layOut(256);
  }

  /** Where `table` is in the memory, copying it in when `placed` is not current: its first `rows` entries an automaton's rows (their transitions made addresses), the rest as they are. */
  place(table: Int32Array, placed: Placement, rows = table.length): number {
    if (placed.generation === this.generation) return placed.base;
    const bytes = table.length * 4;
    if (this.arenaEnd + bytes > this.arenaLimit && this.arenaEnd > ARENA_START) {
      this.generation = ++generations;
      this.arenaEnd = ARENA_START;
    }
    placed.base = this.arenaEnd;
    placed.generation = this.generation;
    this.arenaEnd += bytes;
    this.layOut(this.capacity);
    // The transitions as addresses in the memory (a table holds them as offsets from its start).
    const words = this.words;
    const at = placed.base >> 2;
    for (let k = 0; k < table.length; k++) words[at + k] = k < rows && k % ROW < ENDS ? table[k] + placed.base : table[k];
    return placed.base;
  }

  /**
   * Lends `size` bytes of the memory, after the buffers (the memory grown to hold them),
   * until the next loan or until the buffers grow over them (a longer text, a new table):
   * their address (a multiple of 16), or -1 when the memory must grow and cannot, or
   * `mayGrow` says not to. `lending` is then the loan's number.
   */
  lend(size: number, mayGrow: () => boolean): number {
    const at = (this.end + 15) & ~15;
    const have = this.memory.buffer.byteLength;
    if (at + size > have) {
      if (!mayGrow()) return -1;
      try {
        this.memory.grow(Math.ceil((at + size - have) / 65536));
      } catch {
        return -1;
      }
      // (the views renewed; the buffers stay where they are)
      this.layOut(this.capacity);
    }
    this.lending = ++lendings;
    return at;
  }

  /**
   * Reads `text` with the table at `table` (its class map at `classes`): -1 when it holds a character beyond ASCII,
   * -2 when the automaton got STUCK (a `[`), else the number of words, their ids left in
   * `words` from `idsAt` on and the positions of the marked ones from `marksAt` on
   * (`marked` of them), until the next read. (Read in place: copying them out cost
   * more than the phrase scan that reads them.)
   */
  read(table: number, text: string, classes: number, starts: number, follows: number): number {
    const n = text.length;
    if (n > this.capacity) this.layOut(Math.max(n, 2 * this.capacity));
    // An ASCII text is n bytes; a character beyond ASCII takes two or more.
    if (this.encoder.encodeInto(text, this.textBytes).written !== n) return -1;
    const count = this.scan(n, table, this.text, this.out, this.second, starts, follows, classes, this.text);
    const words = this.words;
    if (words[RESULTS >> 2] === table + STUCK) return -2;
    this.marked = words[(RESULTS >> 2) + 1];
    this.marksAt = this.text >> 2;
    return count;
  }

  /**
   * `read` of the `n` bytes at address `text` of the loan numbered `lending` (texts in memory:
   * `TextsInMemory`), read where they are; -3 when the loan has ended (the caller copies the
   * text in). The marked words' positions go where a copied text would be (not over the
   * file's bytes).
   */
  readAt(table: number, text: number, n: number, lending: number, classes: number, starts: number, follows: number): number {
    if (n > this.capacity) this.layOut(Math.max(n, 2 * this.capacity));
    if (lending !== this.lending) return -3;
    const count = this.scan(n, table, text, this.out, this.second, starts, follows, classes, this.text);
    const words = this.words;
    if (words[RESULTS >> 2] === table + STUCK) return -2;
    this.marked = words[(RESULTS >> 2) + 1];
    this.marksAt = this.text >> 2;
    return count;
  }

  /**
   * `read` through `words` (above): the same answer, from the words' boundaries and the
   * dictionary's hash table at `hash` (`hashTableOf`), with its `starts` and `follows`.
   */
  readWords(hash: number, text: string, starts: number, follows: number): number {
    const n = text.length;
    if (n > this.capacity) this.layOut(Math.max(n, 2 * this.capacity));
    if (this.encoder.encodeInto(text, this.textBytes).written !== n) return -1;
    // What follows the text is no word's (the bytes of a longer text read before may be there).
    this.textBytes[n] = SPACE;
    return this.readWordsAt(hash, this.text, n, this.lending, starts, follows);
  }

  /**
   * `readWords` of the `n` bytes at address `at` of the loan numbered `lending` (texts in
   * memory: `TextsInMemory`), read where they are (the bytes before and after them no
   * letter or digit: a JSON string's quotes); -3 when the loan has ended (the caller copies the text in).
   * (`readWords` reads its copy through here, as the current loan's.)
   */
  readWordsAt(hash: number, text: number, n: number, lending: number, starts: number, follows: number): number {
    if (n > this.capacity) this.layOut(Math.max(n, 2 * this.capacity));
    if (lending !== this.lending) return -3;
    const count = this.words_(n, text, this.out, this.second, this.bits, starts, follows, hash);
    const words = this.words;
    if (words[RESULTS >> 2] !== 0) return -2;
    this.marked = words[(RESULTS >> 2) + 1];
    this.marksAt = this.second >> 2;
    return count;
  }

  /** The memory as 4-byte words (renewed when it grows): where `read` leaves its answer. */
  get view(): Int32Array {
    return this.words;
  }

  /** Where in `view` the last read left the words' ids. */
  get idsAt(): number {
    return this.out >> 2;
  }

  /** The buffers after the arena, for texts of up to `capacity` characters; the memory grown to hold them. */
  private layOut(capacity: number): void {
    this.capacity = capacity;
    this.text = this.arenaEnd + BEFORE_TEXT;
    // Three bytes per character, the most UTF-8 takes: `encodeInto` is faster when it cannot run out of room.
    // After the scan it holds the marked words' positions: a word per two characters at most, 4 bytes each.
    this.out = this.text + ((3 * capacity + AFTER_TEXT + 3) & ~3);
    // A state per character and one for the text's end.
    this.second = this.out + 4 * (capacity + 1);
    // A bit per character, in 16-bit blocks, and 4 blocks more.
    this.bits = this.second + 4 * (capacity + 1);
    const end = this.bits + 2 * (Math.ceil(capacity / 16) + 4);
    this.end = end;
    // The loan, from the buffers' end before, may be the buffers' now.
    this.lending = 0;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    // (renewed: a memory that grows leaves the old views empty)
    this.words = new Int32Array(this.memory.buffer);
    this.textBytes = new Uint8Array(this.memory.buffer, this.text, 3 * capacity);
    new Uint8Array(this.memory.buffer, this.text - BEFORE_TEXT, BEFORE_TEXT).fill(SPACE);
  }
}

let reader: WasmWordReader | null | undefined;

/** The process's reader, made on first use; null where WebAssembly is not available (`node --jitless`). */
export function wasmWordReader(): WasmWordReader | null {
  if (reader === undefined) reader = typeof WebAssembly === 'object' ? new WasmWordReader() : null;
  return reader;
}

/** For tests: the process's reader replaced by one whose arena holds `arenaLimit` bytes of tables (by default, as the process's own), or by none (as without WebAssembly). */
export function replaceWasmWordReader(arenaLimit: number | null = ARENA_LIMIT): void {
  reader = arenaLimit === null ? null : new WasmWordReader(arenaLimit);
}
