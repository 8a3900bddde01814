/**
 * The bytes of word-scan-wasm.ts's module (its layout and the reader that runs it are
 * there), assembled here (1.5 KB; no toolchain needed). Not in any bundle: the module's
 * bytes are kept in word-scan-wasm-bytes.ts, which the reader instantiates
 * (the assembler took 7 KB of every bundle that matches transcripts, the bytes as
 * base64 take 2). word-scan.test.ts fails when the two differ; `npm run wasm` writes
 * the bytes file again from `assemble()`.
 */
import { ENDS, ENTRY_FOLLOWS, ENTRY_ID, ENTRY_STARTS, HASH_HEADER, HASHED_WORD_BYTES, MISS, NOTHING_FOLLOWS, RESULTS, SPACE, STUCK, WORD } from './word-scan-wasm.ts';

const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};
const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
/** The block type of a block, loop or if that leaves nothing on the stack. */
const EMPTY = 0x40;
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = [0x6a];
const SUB = [0x6b];
const AND = [0x71];
const SHL = [0x74];
const SHR_U = [0x76];
const EQ = [0x46];
const NE = [0x47];
const EQZ = [0x45];
const LT_U = [0x49];
const GE_U = [0x4f];
const SELECT = [0x1b];
/** Loads and stores, 4-byte aligned words (`offset` added to the address) and bytes. */
const load = (offset = 0) => [0x28, 2, ...uleb(offset)];
const load8 = (offset = 0) => [0x2d, 0, ...uleb(offset)];
const LOAD8 = load8();
const STORE = [0x36, 2, 0];
/**
 * Control. A branch names its target by depth, counted outwards from the innermost
 * enclosing block, loop or if (0): to a `BLOCK` it jumps past its `END` (a break), to a
 * `LOOP` back to its start (a continue).
 */
const BLOCK = [0x02, EMPTY];
const LOOP = [0x03, EMPTY];
const IF = [0x04, EMPTY];
const ELSE = [0x05];
const END = [0x0b];
const BR = (depth: number) => [0x0c, depth];
const BR_IF = (depth: number) => [0x0d, depth];
/** `local += by`. */
const advance = (local: number, by: number) => [...get(local), ...i32(by), ...ADD, ...set(local)];
/** `while (local !== end) body`: a block around a loop, left (depth 1) at the end, repeated (depth 0) after `body`. */
const whileNot = (local: number, end: number, body: number[]) => [
  ...BLOCK, ...LOOP,
  ...get(local), ...get(end), ...EQ, ...BR_IF(1),
  ...body,
  ...BR(0), ...END, ...END,
];
/** `while (at !== end) { if (memory8[at] === byte) { found; break } at++ }`. */
const seek = (at: number, end: number, byte: number, found: number[]) =>
  whileNot(at, end, [
    // Depth 2 from inside the if: the while's block (the if is 0, the loop 1).
    ...get(at), ...LOAD8, ...i32(byte), ...EQ, ...IF, ...found, ...BR(2), ...END,
    ...advance(at, 1),
  ]);

/** Texts this long or longer are read as two chains (see `body`); shorter ones gain nothing from it. */
const SPLIT_AT_LEAST = 32;

/** `scan`'s parameters, in order (see `body`): the text's length, and the byte offsets of the table, the text, the states, the second chain's states, the dictionary's `starts` and `follows` (word-scan.ts), the table's class map, and where the marked words' positions go. */
const PARAMS = ['n', 'table', 'text', 'out', 'second', 'starts', 'follows', 'classes', 'marksAt'] as const;
/**
 * Its other locals, all i32: where each chain reads (p, q) and to; their states (s, t),
 * where they write (op, oq), the address of their entries (e, f); where the second chain
 * starts (0: one chain), the marks being written, the id of the word being listed and
 * the `starts` and position of the word before it.
 */
const LOCALS = ['p', 'q', 'pEnd', 'qEnd', 's', 't', 'op', 'oq', 'e', 'f', 'split', 'marks', 'id', 'prevStarts', 'prevAt'] as const;
/** Each local's index: the parameters first, as WebAssembly numbers them. */
const L = Object.fromEntries([...PARAMS, ...LOCALS].map((local, index) => [local, index])) as Record<
  (typeof PARAMS)[number] | (typeof LOCALS)[number],
  number
>;

/**
 * One character of a chain: the state is written at `o`, which moves on only when the
 * transition ends a word (so the states kept are those of the words' last characters);
 * `state = table[state][text[p]]`.
 */
const step = (p: number, s: number, o: number, e: number) => [
  ...get(p), ...LOAD8, ...get(L.classes), ...ADD, ...LOAD8, ...get(s), ...ADD, ...set(e),
  ...get(o), ...get(s), ...STORE,
  ...get(o), ...get(e), ...load(ENDS * 4), ...ADD, ...set(o),
  ...get(e), ...load(), ...set(s),
  ...advance(p, 1),
];

/**
 * `scan(n, table, text, out, second, starts, follows, classes, marksAt)`: the states of the words' ends at
 * `out` (and `second`), turned into their word ids at `out`; at `marksAt` (the text's copy, its bytes
 * read by then, or a buffer of its own when the text is read where a file left it) the positions of
 * the words that may start a phrase there (word-scan.ts `starts`, `follows`); returns how many
 * words; the final state and the number of those positions at `RESULTS`. Nothing is written
 * at `text` (unless `marksAt` is `text`).
 *
 * The table reads form a chain (each depends on the one before), so a text of
 * `SPLIT_AT_LEAST` characters or more is read as two chains at once, which the processor
 * overlaps: after a space the automaton is always between words (or STUCK), so the text
 * after the first space from its middle on is read from START, its states written at
 * `second`; their ids follow the first part's (no copy of the states).
 *
 * The function as JavaScript (`u8[a]`: the byte at address a; `i32[a]`: the 4-byte word
 * at byte address a; all arithmetic on 32 bits, `<` and `>>>` unsigned):
 *
 *     function scan(n, table, text, out, second, starts, follows, classes, marksAt) {
 *       let s = table, t = table, op = out, oq = second, p = text, q, pEnd, qEnd, e, f, split = 0;
 *       if (n >= SPLIT_AT_LEAST)
 *         for (q = text + (n >>> 1), qEnd = text + n; q !== qEnd; q++)
 *           if (u8[q] === SPACE) { split = q + 1 - text; break; }
 *       if (split === 0) {
 *         for (pEnd = text + n; p !== pEnd; ) step(p, s, op, e);
 *         endOfText(op, s);
 *       } else {
 *         q = text + split;
 *         for (pEnd = text + Math.min(split, n - split); p !== pEnd; ) { step(p, s, op, e); step(q, t, oq, f); }
 *         for (pEnd = text + split; p !== pEnd; ) step(p, s, op, e);
 *         for (qEnd = text + n; q !== qEnd; ) step(q, t, oq, f);
 *         endOfText(oq, t); // the first part ended after a space: between words, or STUCK
 *         if (s !== table + STUCK) s = t;
 *       }
 *       i32[RESULTS] = s;
 *       let marks = marksAt, id, prevStarts = 0, prevAt = 0;
 *       for (p = out; p !== op; ) wordOf(p, p);
 *       for (q = second; q !== oq; op += 4) wordOf(q, op);
 *       markPrevious(NOTHING_FOLLOWS); // the last word: nothing follows it
 *       i32[RESULTS + 4] = (marks - marksAt) >>> 2;
 *       return (op - out) >>> 2;
 *     }
 *     // endOfText(o, s): the end of the text ends the last word, as a space would:
 *     i32[o] = s; o += i32[s + u8[classes + SPACE] + ENDS * 4];
 *     // wordOf(from, to): the kept state's word, its id written at `to`; the word before
 *     // listed at `marks` when a phrase it starts may go on with this one:
 *     id = i32[i32[from] + WORD * 4]; i32[to] = id;
 *     markPrevious(i32[follows + 4 * (id + 1)]);
 *     prevStarts = i32[starts + 4 * (id + 1)]; prevAt = (to - out) >>> 2; from += 4;
 *     // markPrevious(follows):
 *     i32[marks] = prevAt; marks += (prevStarts & follows) !== 0 ? 4 : 0;
 *     // step(p, s, o, e), inlined (its arguments are locals it updates):
 *     e = s + u8[classes + u8[p]]; i32[o] = s; o += i32[e + ENDS * 4]; s = i32[e]; p++;
 */
/** `i32[o] = s; o += i32[s + u8[classes + SPACE] + ENDS * 4]`: the state kept, as a word's end when a space would end one. */
const endOfText = (o: number, s: number) => [
  ...get(o), ...get(s), ...STORE,
  ...get(o), ...get(s), ...get(L.classes), ...load8(SPACE), ...ADD, ...load(ENDS * 4), ...ADD, ...set(o),
];
/** The word of the state kept at `from`, written at `to` as its id; its position also at `marks` (which moves on) when marked. */
const wordOf = (from: number, to: number) => [
  ...get(from), ...load(), ...load(WORD * 4), ...set(L.id),
  ...get(to), ...get(L.id), ...STORE,
  // The word before is kept as a phrase's start when a phrase it starts may go on with this one.
  ...get(L.id), ...i32(2), ...SHL, ...set(L.id),
  ...markPrevious([...get(L.follows), ...get(L.id), ...ADD, ...load(4)]),
  ...get(L.starts), ...get(L.id), ...ADD, ...load(4), ...set(L.prevStarts),
  ...get(to), ...get(L.out), ...SUB, ...i32(2), ...SHR_U, ...set(L.prevAt),
  ...advance(from, 4),
];
/** `i32[marks] = prevAt; marks += (prevStarts & follows) !== 0 ? 4 : 0`, `follows` the next word's (the code leaving it). */
const markPrevious = (follows: number[]) => [
  ...get(L.marks), ...get(L.prevAt), ...STORE,
  ...get(L.marks), ...get(L.prevStarts), ...follows, ...AND, ...i32(0), ...NE, ...i32(2), ...SHL, ...ADD, ...set(L.marks),
];
const body = (): number[] => [
  ...get(L.table), ...set(L.s), ...get(L.table), ...set(L.t),
  ...get(L.out), ...set(L.op), ...get(L.second), ...set(L.oq), ...get(L.text), ...set(L.p),
  // split = 1 + the first space at or after the middle, 0 when none or the text is short.
  ...get(L.n), ...i32(SPLIT_AT_LEAST), ...GE_U, ...IF,
  ...get(L.text), ...get(L.n), ...i32(1), ...SHR_U, ...ADD, ...set(L.q),
  ...get(L.text), ...get(L.n), ...ADD, ...set(L.qEnd),
  ...seek(L.q, L.qEnd, SPACE, [...get(L.q), ...i32(1), ...ADD, ...get(L.text), ...SUB, ...set(L.split)]),
  ...END,
  ...get(L.split), ...EQZ, ...IF,
  ...get(L.text), ...get(L.n), ...ADD, ...set(L.pEnd),
  ...whileNot(L.p, L.pEnd, step(L.p, L.s, L.op, L.e)),
  // The end of the text ends the last word, as a space would: the state's entry for a space tells whether it ends one.
  ...endOfText(L.op, L.s),
  ...ELSE,
  ...get(L.text), ...get(L.split), ...ADD, ...set(L.q),
  // Both chains for min(split, n − split) characters, then the rest of the longer one.
  ...get(L.text), ...get(L.split), ...get(L.n), ...get(L.split), ...SUB,
  ...get(L.split), ...get(L.n), ...get(L.split), ...SUB, ...LT_U, ...SELECT, ...ADD, ...set(L.pEnd),
  ...whileNot(L.p, L.pEnd, [...step(L.p, L.s, L.op, L.e), ...step(L.q, L.t, L.oq, L.f)]),
  ...get(L.text), ...get(L.split), ...ADD, ...set(L.pEnd),
  ...whileNot(L.p, L.pEnd, step(L.p, L.s, L.op, L.e)),
  ...get(L.text), ...get(L.n), ...ADD, ...set(L.qEnd),
  ...whileNot(L.q, L.qEnd, step(L.q, L.t, L.oq, L.f)),
  // The first part ends after a space: between words, or STUCK. The text's end is the second's.
  ...endOfText(L.oq, L.t),
  // The text's final state: the second part's, unless the first ended STUCK.
  ...get(L.s), ...get(L.table), ...i32(STUCK), ...ADD, ...NE, ...IF, ...get(L.t), ...set(L.s), ...END,
  ...END,
  ...i32(RESULTS), ...get(L.s), ...STORE,
  // Each kept state's word: the first part's ids in place, then the second part's after them (none when the text was not split); the marked words' positions at `marksAt`.
  ...get(L.out), ...set(L.p), ...get(L.marksAt), ...set(L.marks),
  ...whileNot(L.p, L.op, wordOf(L.p, L.p)),
  ...get(L.second), ...set(L.q),
  ...whileNot(L.q, L.oq, [...wordOf(L.q, L.op), ...advance(L.op, 4)]),
  // The last word: followed by nothing.
  ...markPrevious(i32(NOTHING_FOLLOWS)),
  ...i32(RESULTS + 4), ...get(L.marks), ...get(L.marksAt), ...SUB, ...i32(2), ...SHR_U, ...STORE,
  ...get(L.op), ...get(L.out), ...SUB, ...i32(2), ...SHR_U,
  ...END,
];
// --- `words`: the same answer from the words' boundaries and a hash table (SIMD). ---

/**
 * `scan` steps the automaton once per character, a chain of dependent loads. `words`
 * gives the same answer (the ids of the words, the marked ones' positions) with work
 * per word instead: the bytes that belong to a word are found sixteen at a time
 * (word-scan.ts's boundaries: a letter or digit; a joiner `'`/`-` between two of them;
 * a decimal mark `.`/`,` between two digits; so a word is a maximal run of such bytes),
 * kept as a bit per byte; then each run's bytes, folded to lower case (`| 0x20`,
 * which changes no other byte a word holds) and padded with zeros to 16, are looked
 * up in a hash table of the dictionary's words (`hashTableOf`: one probe, the table
 * made without collisions), whose entry holds the word and its id. A word longer than
 * 16 bytes is no dictionary word (a dictionary holding one is read by `scan`). A `[`
 * (a redaction mask may follow) answers as `scan` does, STUCK, and the caller reads
 * the text stepwise.
 */

const I64 = 0x7e;
const V128 = 0x7b;
const simd = (op: number) => [0xfd, ...uleb(op)];
/** `v128.load` at the address on the stack plus `offset` (alignment hint 1 byte: any address). */
const vload = (offset = 0) => [...simd(0x00), 0, ...uleb(offset)];
const SPLAT = simd(0x0f);
const V_EQ = simd(0x23);
const V_LT_S = simd(0x25);
const V_MIN_U = simd(0x77);
const TEE = (local: number) => [0x22, local];
const V_AND = simd(0x4e);
const V_OR = simd(0x50);
const ALL_TRUE = simd(0x63);
const BITMASK = simd(0x64);
const V_SUB = simd(0x71);
const extractI64 = (lane: number) => [...simd(0x1d), lane];
const vconst = (bytes: number[]) => [...simd(0x0c), ...bytes];
const OR = [0x72];
const STORE16 = [0x3b, 1, 0];
const load64 = (offset = 0) => [0x29, 3, ...uleb(offset)];
const STORE64 = [0x37, 3, 0];
const I64_CONST = (v: number) => [0x42, ...sleb(v)];
const I64_AND = [0x83];
const I64_OR = [0x84];
const I64_XOR = [0x85];
const I64_SHL = [0x86];
const I64_SHR_U = [0x88];
const I64_MUL = [0x7e];
const I64_SUB = [0x7d];
const I64_CTZ = [0x7a];
const I64_EQZ = [0x50];
const WRAP = [0xa7];
const EXTEND_U = [0xad];
const LE_U = [0x4d];

/** `words`' parameters: the text's length, its address, where ids go, where marks go, the scratch bits, the dictionary's `starts`, `follows`, hash table. */
const WORDS_PARAMS = ['n', 'text', 'out', 'marks', 'bits', 'starts', 'follows', 'hash'] as const;
const WORDS_I32 = ['o', 'brackets', 'chunk', 'p', 'len', 'op', 'mp', 'prevStarts', 'prevAt', 'entry', 'miss', 'slots'] as const;
const WORDS_I64 = ['m', 'carry', 'starting', 'k1', 'k2', 'shift'] as const;
const WORDS_V128 = ['fold', 'lowerA', 'letters', 'zeroChar', 'digits', 'apos', 'dash', 'dot', 'comma', 'bracket', 'iota', 'vm', 'v0', 'vp', 'gm', 'gp', 'v', 't'] as const;
const W = Object.fromEntries([...WORDS_PARAMS, ...WORDS_I32, ...WORDS_I64, ...WORDS_V128].map((local, index) => [local, index])) as Record<
  (typeof WORDS_PARAMS)[number] | (typeof WORDS_I32)[number] | (typeof WORDS_I64)[number] | (typeof WORDS_V128)[number],
  number
>;
const splatTo = (byte: number, local: number) => [...i32(byte), ...SPLAT, ...set(local)];
/**
 * Per byte of the vector on the stack: at most local `limit`'s (unsigned), as `min_u(x, limit) === x`:
 * two instructions on x64, where `lt_u` (which it has no instruction for) takes three or four.
 */
const atMost = (limit: number) => [...TEE(W.t), ...get(limit), ...V_MIN_U, ...get(W.t), ...V_EQ];
/** Per byte of local `v`: a digit. */
const digitsOf = (v: number) => [...get(v), ...get(W.zeroChar), ...V_SUB, ...atMost(W.digits)];
/** Per byte of local `v`: a letter (`(v | 0x20) − 'a' <u 26`), or a digit given as the vector on the stack's code `digits`. */
const wordBytesOf = (v: number, digits: number[]) => [
  ...get(v), ...get(W.fold), ...V_OR, ...get(W.lowerA), ...V_SUB, ...atMost(W.letters), ...digits, ...V_OR,
];

/**
 * `words(n, text, out, marks, bits, starts, follows, hash)`, as JavaScript (the bytes
 * just before and just after the text no letter or digit: a space where the reader copied
 * the text, a quote where it reads a file's string in place; nothing is written over
 * or after the text, which may be a file's, its next string 16 bytes on or fewer):
 *
 *     let brackets = 0;
 *     for (let o = 0; o < n; o += 16) {
 *       const within = n - o < 16 ? (1 << (n - o)) - 1 : 0xffff;   // the last block's lanes past the end: no word
 *       const v0 = bytes(text + o);
 *       if ((bitmask(isJoiner(v0) | isDecimal(v0) | v0 === '[') & within) === 0) {   // most blocks: letters and digits only
 *         u16[bits + 2 * (o >> 4)] = bitmask(isWordByte(v0)) & within;
 *         continue;
 *       }
 *       const vm = bytes(text + o - 1), vp = bytes(text + o + 1);
 *       const inWord = isWordByte(v0) | (isJoiner(v0) & isWordByte(vm) & isWordByte(vp)) | (isDecimal(v0) & isDigit(vm) & isDigit(vp));
 *       u16[bits + 2 * (o >> 4)] = bitmask(inWord) & within;
 *       brackets |= bitmask(v0 === '[') & within;
 *     }
 *     u64[bits + 2 * ceil(n / 16)] = 0;   // the bits past the text's last block
 *     let op = out, mp = marks, prevStarts = 0, prevAt = 0, carry = 0n;
 *     for (let chunk = 0; chunk < ceil(n / 16); chunk += 4) {   // 64 bytes of the text a chunk
 *       const m = u64[bits + 2 * chunk];
 *       let starting = m & ~((m << 1n) | carry); carry = m >> 63n;
 *       for (; starting !== 0n; starting &= starting - 1n) {
 *         const p = 16 * chunk + ctz(starting);
 *         const len = ctz(~(u64[bits + 2 * (p >> 4)] >> (p & 15)));   // the run of word bytes from p
 *         const v = (bytes(text + p) | 0x20) & (iota < len);
 *         const slot = hash + 64 + 32 * Number(((lo(v) * k1) ^ (hi(v) * k2)) >> shift);
 *         const entry = len <= 16 && bytes(slot) === v ? slot : hash + MISS;   // (MISS: id -1, starts 0, follows NOTHING_FOLLOWS)
 *         i32[op] = i32[entry + 16]; (then, as `scan`'s wordOf, the word's `starts` and `follows` read at entry + 20 and + 24
 *         instead of at its id in the dictionary's arrays (`words` leaves its `starts` and `follows` parameters unread):
 *         the word before listed at `mp` when a phrase it starts may go on with this one)
 *         op += 4;
 *       }
 *     }
 *     markPrevious(NOTHING_FOLLOWS);
 *     i32[RESULTS] = brackets; i32[RESULTS + 4] = (mp - marks) >>> 2;
 *     return (op - out) >>> 2;
 */
const wordsBody = (): number[] => [
  ...splatTo(0x20, W.fold),
  ...splatTo(0x61, W.lowerA), ...splatTo(25, W.letters), ...splatTo(0x30, W.zeroChar), ...splatTo(9, W.digits),
  ...splatTo(0x27, W.apos), ...splatTo(0x2d, W.dash), ...splatTo(0x2e, W.dot), ...splatTo(0x2c, W.comma), ...splatTo(0x5b, W.bracket),
  ...vconst([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), ...set(W.iota),
  // The word bytes, a bit each, 16 to a block.
  ...BLOCK, ...LOOP,
  ...get(W.o), ...get(W.n), ...GE_U, ...BR_IF(1),
  // The block's lanes within the text (the last block's past its end are no word: they may be another text's bytes).
  ...i32(1), ...get(W.n), ...get(W.o), ...SUB, ...SHL, ...i32(1), ...SUB, ...i32(0xffff),
  ...get(W.n), ...get(W.o), ...SUB, ...i32(16), ...LT_U, ...SELECT, ...set(W.len),
  ...get(W.text), ...get(W.o), ...ADD, ...vload(), ...set(W.v0),
  // A block without a joiner, a decimal mark or a `[` within the text (most blocks of a
  // transcript's text): its word bytes are its letters and digits, the bytes around it unread.
  ...get(W.v0), ...get(W.apos), ...V_EQ, ...get(W.v0), ...get(W.dash), ...V_EQ, ...V_OR,
  ...get(W.v0), ...get(W.dot), ...V_EQ, ...V_OR, ...get(W.v0), ...get(W.comma), ...V_EQ, ...V_OR,
  ...get(W.v0), ...get(W.bracket), ...V_EQ, ...V_OR, ...BITMASK, ...get(W.len), ...AND, ...EQZ,
  ...IF,
  ...get(W.bits), ...get(W.o), ...i32(3), ...SHR_U, ...ADD,
  ...wordBytesOf(W.v0, digitsOf(W.v0)), ...BITMASK, ...get(W.len), ...AND, ...STORE16,
  ...ELSE,
  ...get(W.text), ...get(W.o), ...ADD, ...i32(1), ...SUB, ...vload(), ...set(W.vm),
  ...get(W.text), ...get(W.o), ...ADD, ...vload(1), ...set(W.vp),
  ...digitsOf(W.vm), ...set(W.gm), ...digitsOf(W.vp), ...set(W.gp),
  ...get(W.bits), ...get(W.o), ...i32(3), ...SHR_U, ...ADD,
  ...wordBytesOf(W.v0, digitsOf(W.v0)),
  ...get(W.v0), ...get(W.apos), ...V_EQ, ...get(W.v0), ...get(W.dash), ...V_EQ, ...V_OR,
  ...wordBytesOf(W.vm, get(W.gm)), ...V_AND, ...wordBytesOf(W.vp, get(W.gp)), ...V_AND, ...V_OR,
  ...get(W.v0), ...get(W.dot), ...V_EQ, ...get(W.v0), ...get(W.comma), ...V_EQ, ...V_OR,
  ...get(W.gm), ...V_AND, ...get(W.gp), ...V_AND, ...V_OR,
  ...BITMASK, ...get(W.len), ...AND, ...STORE16,
  ...get(W.brackets), ...get(W.v0), ...get(W.bracket), ...V_EQ, ...BITMASK, ...get(W.len), ...AND, ...OR, ...set(W.brackets),
  ...END,
  ...advance(W.o, 16), ...BR(0),
  ...END, ...END,
  // Zero bits after the last block (`o` is now 16 × the blocks), for the chunks' and the runs' reads.
  ...get(W.bits), ...get(W.o), ...i32(3), ...SHR_U, ...ADD, ...I64_CONST(0), ...STORE64,
  ...get(W.hash), ...load64(0), ...set(W.k1), ...get(W.hash), ...load64(8), ...set(W.k2), ...get(W.hash), ...load64(16), ...set(W.shift),
  ...get(W.hash), ...i32(MISS), ...ADD, ...set(W.miss), ...get(W.hash), ...i32(HASH_HEADER), ...ADD, ...set(W.slots),
  ...get(W.out), ...set(W.op), ...get(W.marks), ...set(W.mp),
  // Each word: where its run of word bytes starts.
  ...BLOCK, ...LOOP,
  ...get(W.chunk), ...i32(4), ...SHL, ...get(W.n), ...GE_U, ...BR_IF(1),
  ...get(W.bits), ...get(W.chunk), ...i32(1), ...SHL, ...ADD, ...load64(), ...set(W.m),
  ...get(W.m), ...get(W.m), ...I64_CONST(1), ...I64_SHL, ...get(W.carry), ...I64_OR, ...I64_CONST(-1), ...I64_XOR, ...I64_AND, ...set(W.starting),
  ...get(W.m), ...I64_CONST(63), ...I64_SHR_U, ...set(W.carry),
  ...BLOCK, ...LOOP,
  ...get(W.starting), ...I64_EQZ, ...BR_IF(1),
  ...get(W.chunk), ...i32(4), ...SHL, ...get(W.starting), ...I64_CTZ, ...WRAP, ...ADD, ...set(W.p),
  ...get(W.starting), ...get(W.starting), ...I64_CONST(1), ...I64_SUB, ...I64_AND, ...set(W.starting),
  // len: the run of word bytes from p.
  ...get(W.bits), ...get(W.p), ...i32(4), ...SHR_U, ...i32(1), ...SHL, ...ADD, ...load64(),
  ...get(W.p), ...i32(15), ...AND, ...EXTEND_U, ...I64_SHR_U, ...I64_CONST(-1), ...I64_XOR, ...I64_CTZ, ...WRAP, ...set(W.len),
  // The word's bytes, folded and padded.
  ...get(W.text), ...get(W.p), ...ADD, ...vload(), ...get(W.fold), ...V_OR,
  // (`lt_s`: a run is at most 64 bytes, a positive byte, and x64 compares signed bytes in one instruction)
  ...get(W.iota), ...get(W.len), ...SPLAT, ...V_LT_S, ...V_AND, ...set(W.v),
  ...get(W.slots),
  ...get(W.v), ...extractI64(0), ...get(W.k1), ...I64_MUL, ...get(W.v), ...extractI64(1), ...get(W.k2), ...I64_MUL, ...I64_XOR,
  ...get(W.shift), ...I64_SHR_U, ...WRAP, ...i32(5), ...SHL, ...ADD, ...set(W.entry),
  // The word's entry, or the header's for a word not in the table: its id, `starts` and `follows` at one address.
  ...get(W.entry), ...get(W.miss),
  ...get(W.entry), ...vload(), ...get(W.v), ...V_EQ, ...ALL_TRUE, ...get(W.len), ...i32(HASHED_WORD_BYTES), ...LE_U, ...AND,
  ...SELECT, ...set(W.entry),
  // As `scan`'s wordOf: the id written; the word before listed when a phrase it starts may go on with this one.
  ...get(W.op), ...get(W.entry), ...load(ENTRY_ID), ...STORE,
  ...wordsMarkPrevious([...get(W.entry), ...load(ENTRY_FOLLOWS)]),
  ...get(W.entry), ...load(ENTRY_STARTS), ...set(W.prevStarts),
  ...get(W.op), ...get(W.out), ...SUB, ...i32(2), ...SHR_U, ...set(W.prevAt),
  ...advance(W.op, 4),
  ...BR(0),
  ...END, ...END,
  ...advance(W.chunk, 4), ...BR(0),
  ...END, ...END,
  ...wordsMarkPrevious(i32(NOTHING_FOLLOWS)),
  ...i32(RESULTS), ...get(W.brackets), ...STORE,
  ...i32(RESULTS + 4), ...get(W.mp), ...get(W.marks), ...SUB, ...i32(2), ...SHR_U, ...STORE,
  ...get(W.op), ...get(W.out), ...SUB, ...i32(2), ...SHR_U,
  ...END,
];
/** `i32[mp] = prevAt; mp += (prevStarts & follows) !== 0 ? 4 : 0` (`markPrevious` with `words`' locals). */
function wordsMarkPrevious(follows: number[]): number[] {
  return [
    ...get(W.mp), ...get(W.prevAt), ...STORE,
    ...get(W.mp), ...get(W.prevStarts), ...follows, ...AND, ...i32(0), ...NE, ...i32(2), ...SHL, ...ADD, ...set(W.mp),
  ];
}

/** The module's bytes. */
export function assemble(): Uint8Array<ArrayBuffer> {
  const code = [...vector([[LOCALS.length, I32]]), ...body()];
  const words = [...vector([[WORDS_I32.length, I32], [WORDS_I64.length, I64], [WORDS_V128.length, V128]]), ...wordsBody()];
  const type = (params: readonly unknown[]) => [0x60, ...vector(params.map(() => [I32])), ...vector([[I32]])];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // Two function types: (i32 × the parameters) → i32.
    ...section(1, vector([type(PARAMS), type(WORDS_PARAMS)])),
    ...section(3, vector([[0], [1]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(7, vector([[...name('scan'), 0x00, 0], [...name('words'), 0x00, 1], [...name('memory'), 0x02, 0]])),
    ...section(10, vector([[...uleb(code.length), ...code], [...uleb(words.length), ...words]])),
  ]);
}
