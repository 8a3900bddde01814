/**
 * A Contact Lens analysis file's text read without `JSON.parse` of its transcript
 * (issue 13): on the evaluation bench's 10-minute calls, `JSON.parse` of the file is
 * most of a one-rule event's cost, and nearly all of it is the ~140 transcript items
 * (objects, keys, ids, loudness arrays; docs/performance.md "Session 10"). Here the
 * transcript array is read in WebAssembly (scan-assembly.ts: strings skipped 16 bytes at
 * a time) into columns, the items are made from them (strings are slices of the text),
 * and the rest of the file, a few KB, goes to `JSON.parse` with the array cut out.
 *
 * The value is `JSON.parse(text)`'s, member order included, or undefined, and the caller
 * parses the text as before (so a malformed file gets the same error, and a file this
 * does not read fast the same value). Undefined for: a text below MIN_CHARS or above
 * MAX_CHARS, a transcript that is not most of the text (MIN_TRANSCRIPT_SHARE), a character beyond ASCII anywhere (byte and character offsets would
 * differ: Japanese or accented text keeps JSON.parse), no top-level `"Transcript": [`,
 * an item with two members other than those scan-layout.ts names, or one written twice, or
 * an escape in a member it reads, or an offset that is not a plain integer, or 9 members;
 * no WebAssembly (`node --jitless`). An item's one other member (IssuesDetected on the real
 * files with issue detection) is JSON.parse of its value's slice, a key `__proto__` left to JSON.parse.
 */
import { analysisScanModule } from './scan-bytes.ts';
import { textsInMemory, wasmWordReader, type WasmWordReader } from '../../transcript/word-scan-wasm.ts';
import { BEGIN, CONTENT, END, FIELD_NAMES, ID, ITEM_BYTES, LOUDNESS, ORDER_AT, OTHER, OTHER_KEY_AT, PARTICIPANT_ID, RESULT, SENTIMENT } from './scan-layout.ts';

/**
 * Where the transcript array read here is (offsets from its `[` to just past its `]`), and
 * each item's other member's value (IssuesDetected), which JSON.parse read without a word of
 * a key written twice in it: for the check of keys written twice (engine/ingest/event-text-checked.ts).
 */
export interface TranscriptSpan {
  from: number;
  to: number;
  others?: { readonly item: number; readonly key: string; readonly from: number; readonly to: number }[];
}

/** Below this, JSON.parse costs a few µs: not worth a second look. */
const MIN_CHARS = 4096;
/** Above this, JSON.parse: the module's memory (kept for the process) stays within ~3 × this. */
const MAX_CHARS = 8 << 20;
/**
 * The share of the text from the transcript on below which JSON.parse is cheaper: the rest is
 * parsed anyway, after a copy. The real Contact Lens sample (a 13-turn call after 3.8 KB of
 * categories and summary: 45 % of it before the transcript) cost 1.18 × JSON.parse when read here.
 */
const MIN_TRANSCRIPT_SHARE = 2 / 3;
const BEYOND_ASCII = /[^\0-\x7f]/;
/** Room for the columns of one item per this many characters; a file with smaller items is left to JSON.parse. */
const CHARS_PER_ITEM = 32;

/** What stands for the transcript while the rest is parsed: a string no JSON text writes but with a `\u0000` escape, which is checked for. */
const SENTINEL_TEXT = '"\\u0000transcript"';
const SENTINEL = '\u0000transcript';

/** The order Contact Lens writes an item's members in (sorted), 4 bits a field from the lowest: read into one object literal. */
const USUAL_ORDER = [BEGIN, CONTENT, END, ID, LOUDNESS, PARTICIPANT_ID, SENTIMENT].reduceRight((order, field) => (order << 4) | field, 0);

type Items = (from: number, end: number, out: number, capacity: number) => number;

/**
 * The module runs in the word scan's memory (engine/transcript/word-scan-wasm.ts), the file
 * copied into a region it lends: the rule set then reads the transcript's texts where they
 * are (`textsInMemory`), not copying each in again, until the next file is read here or
 * the word scan's buffers grow over the region.
 */
class Scanner {
  private readonly items: Items;
  private readonly encoder = new TextEncoder();

  constructor(readonly reader: WasmWordReader) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(analysisScanModule()), { env: { memory: reader.memory } });
    this.items = instance.exports.items as Items;
  }

  /** The value of `text` (see the module's comment), or undefined; `span` hears where its transcript array is when read here. */
  read(text: string, span?: TranscriptSpan): unknown {
    const n = text.length;
    // the first: a later top-level one (written twice) leaves the sentinel unread below, and JSON.parse reads the file
    const key = text.indexOf('"Transcript"');
    if (key < 0) return undefined;
    const colon = skipWs(text, key + 12);
    if (text.charCodeAt(colon) !== 0x3a) return undefined;
    const from = skipWs(text, colon + 1);
    if (text.charCodeAt(from) !== 0x5b) return undefined;
    if (n - from < n * MIN_TRANSCRIPT_SHARE) return undefined;

    const capacity = (n / CHARS_PER_ITEM + 16) | 0;
    // the text, a 0 byte after it (a control character: every loop stops there), 32 bytes of room for SIMD reads, the columns
    const columns = (n + 48) & ~15;
    const size = columns + capacity * ITEM_BYTES;
    const reader = this.reader;
    // memory grown is kept for the process: not for a file that encodeInto below would refuse
    // (no memory to grow into: JSON.parse, which may find less room too, says so)
    const at = reader.lend(size, () => !BEYOND_ASCII.test(text));
    if (at < 0) return undefined;
    // ASCII only: then the bytes are the characters and every offset is both
    const bytes = new Uint8Array(reader.memory.buffer, at, n + 1);
    const { read, written } = this.encoder.encodeInto(text, bytes);
    if (read !== n || written !== n) return undefined;
    bytes[n] = 0;
    const out = at + columns;
    const count = this.items(at + from, at + n, out, capacity);
    if (count < 0) return undefined;
    const close = reader.view[RESULT >> 2]! - at;

    // The rest of the file, parsed with the sentinel where the array was. The sentinel is
    // the top level's Transcript only if the array was (not a nested member's, or an earlier one of two).
    const head = text.slice(0, from);
    const tail = text.slice(close);
    if (head.includes('\\u0000') || tail.includes('\\u0000')) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(head + SENTINEL_TEXT + tail);
    } catch {
      return undefined;
    }
    if (value === null || typeof value !== 'object' || (value as { Transcript?: unknown }).Transcript !== SENTINEL) return undefined;
    const contents: (string | undefined)[] = new Array(count);
    if (span) span.others = undefined;
    const items = this.build(text, count, at, out, contents, span);
    if (items === undefined) return undefined;
    (value as { Transcript: unknown }).Transcript = items;
    if (span) {
      span.from = from;
      span.to = close;
    }
    textsInMemory.set(items, { lending: reader.lending, spans: (out >> 2) + AT_CONTENT, contents });
    return value;
  }

  /** The items from their columns, members in the file's order. (No closures in the loop: they cost ten times the items.) */
  private build(text: string, count: number, at0: number, out: number, contents: (string | undefined)[], span?: TranscriptSpan): Record<string, unknown>[] | undefined {
    const w = this.reader.view;
    const TEXT_AT = at0;
    const items: Record<string, unknown>[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const at = (out >> 2) + k * ITEM_WORDS;
      const order = w[at + ORDER_WORD]!;
      if (order === USUAL_ORDER) {
        const content = text.slice(w[at + AT_CONTENT]! - TEXT_AT, w[at + AT_CONTENT + 1]! - TEXT_AT);
        contents[k] = content;
        items[k] = {
          BeginOffsetMillis: w[at + AT_BEGIN],
          Content: content,
          EndOffsetMillis: w[at + AT_END],
          Id: text.slice(w[at + AT_ID]! - TEXT_AT, w[at + AT_ID + 1]! - TEXT_AT),
          LoudnessScore: loudness(text, w[at + AT_LOUDNESS]! - TEXT_AT, w[at + AT_LOUDNESS + 1]! - TEXT_AT),
          ParticipantId: text.slice(w[at + AT_PARTICIPANT_ID]! - TEXT_AT, w[at + AT_PARTICIPANT_ID + 1]! - TEXT_AT),
          Sentiment: text.slice(w[at + AT_SENTIMENT]! - TEXT_AT, w[at + AT_SENTIMENT + 1]! - TEXT_AT),
        };
        continue;
      }
      const item: Record<string, unknown> = {};
      for (let o = order; o !== 0; o >>>= 4) {
        const field = o & 15;
        const from = w[at + 2 * (field - 1)]!;
        const to = w[at + 2 * (field - 1) + 1]!;
        if (field === F_OTHER) {
          const other = otherMember(text, w[at + OTHER_KEY_WORD]! - TEXT_AT, w[at + OTHER_KEY_WORD + 1]! - TEXT_AT, from - TEXT_AT, to - TEXT_AT);
          if (other === undefined) return undefined;
          item[other[0]] = other[1];
          // (the check of keys written twice, which steps over the array, scans these values: backtest only)
          if (span) (span.others ??= []).push({ item: k, key: other[0], from: from - TEXT_AT, to: to - TEXT_AT });
          continue;
        }
        const value = field === F_BEGIN || field === F_END ? from : field === F_LOUDNESS ? loudness(text, from - TEXT_AT, to - TEXT_AT) : text.slice(from - TEXT_AT, to - TEXT_AT);
        item[NAMES[field]!] = value;
        if (field === F_CONTENT) contents[k] = value as string;
      }
      items[k] = item;
    }
    return items;
  }
}

// The layout's numbers, read once into this module: an import is a live binding (a getter
// where tsx runs the code as CommonJS, as in the bench and the tests), too slow in the loop.
const NAMES = FIELD_NAMES;
const F_BEGIN = BEGIN, F_CONTENT = CONTENT, F_END = END, F_LOUDNESS = LOUDNESS, F_OTHER = OTHER;
const ITEM_WORDS = ITEM_BYTES >> 2, ORDER_WORD = ORDER_AT >> 2, OTHER_KEY_WORD = OTHER_KEY_AT >> 2;
/** Where a member's two words are in an item's columns. */
const AT_BEGIN = 2 * (BEGIN - 1), AT_CONTENT = 2 * (CONTENT - 1), AT_END = 2 * (END - 1), AT_ID = 2 * (ID - 1);
const AT_LOUDNESS = 2 * (LOUDNESS - 1), AT_PARTICIPANT_ID = 2 * (PARTICIPANT_ID - 1), AT_SENTIMENT = 2 * (SENTIMENT - 1);

/**
 * An item's other member: its key (no escapes: the module checked) and JSON.parse of its value's
 * text (the module matched only strings and brackets), or undefined: a malformed value, or a key
 * `__proto__` (JSON.parse makes it an own member; an assignment would set the prototype).
 */
function otherMember(text: string, keyFrom: number, keyTo: number, from: number, to: number): [string, unknown] | undefined {
  const key = text.slice(keyFrom, keyTo);
  if (key === '__proto__') return undefined;
  try {
    return [key, JSON.parse(text.slice(from, to))];
  } catch {
    return undefined;
  }
}

/** Powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A LoudnessScore's array from its text [from, to) (the module checked its grammar: numbers and
 * strings). Numbers of at most 15 digits and no exponent are read here as digits ÷ 10^k, which is
 * JSON.parse's double (both exact, and one division rounds correctly); anything else goes to JSON.parse.
 */
function loudness(text: string, from: number, to: number): unknown[] {
  const values: number[] = [];
  let p = from + 1;
  for (;;) {
    let c = text.charCodeAt(p);
    if (c === 0x5d) return values;
    const negative = c === 0x2d;
    if (negative) c = text.charCodeAt(++p);
    let digits = 0;
    let mantissa = 0;
    let scale = -1;
    for (;;) {
      if (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 0x2e && scale < 0) scale = 0;
      else break;
      c = text.charCodeAt(++p);
    }
    if (digits === 0 || digits > 15 || c === 0x65 || c === 0x45) return JSON.parse(text.slice(from, to)) as unknown[];
    const value = scale > 0 ? mantissa / POW10[scale]! : mantissa;
    values.push(negative ? -value : value);
    // `,` or `]`, maybe after whitespace
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++p);
    if (c === 0x2c) {
      p++;
      while ((c = text.charCodeAt(p)) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    }
  }
}

const skipWs = (text: string, p: number): number => {
  for (let c = text.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++p));
  return p;
};

let scanner: Scanner | null = null;
/** The word scan the scanner was made for (undefined: none yet). */
let scannerOf: WasmWordReader | null | undefined;

/**
 * `JSON.parse(text)` of an analysis file, its transcript read in WebAssembly; undefined
 * where that reading does not apply (see above): the caller parses the text itself.
 */
export function readAnalysisText(text: string, span?: TranscriptSpan): unknown {
  if (text.length < MIN_CHARS || text.length > MAX_CHARS) return undefined;
  const reader = wasmWordReader();
  // (a new word scan, as tests make, has a new memory: the module is instantiated on it)
  if (reader !== scannerOf) {
    scannerOf = reader;
    try {
      scanner = reader !== null ? new Scanner(reader) : null;
    } catch {
      scanner = null;
    }
  }
  return scanner?.read(text, span);
}
