/**
 * The bytes of the module read.ts runs, assembled here (no toolchain needed). Not in any
 * bundle: scan-bytes.ts holds the bytes (`npm run wasm` writes them;
 * build/analysis-scan-wasm.test.ts fails when they are stale).
 *
 * `items(from, end, out, capacity)` reads the JSON array at `from` (a Contact Lens voice
 * transcript; the file's bytes end at `end`, where a 0 byte stands) item by item into
 * columns from `out` (scan-layout.ts): per member, the span of a string's contents, an
 * offset's value, or a LoudnessScore array's text; and the members' order. It answers
 * the number of items and leaves the position after the array's `]` at RESULT. Strings
 * are skipped 16 bytes at a time (SIMD: the next quote, backslash or control character);
 * keys are told by length and 8-byte compares. It checks the JSON grammar of what it
 * reads and answers -1 (for JSON.parse to read the file) on anything else: a member it
 * meets twice (or a second of a name it does not know), an escape in what it reads, a control character, an item that is not an
 * object of such members, an offset that is not an integer of 1 to 9 digits, a
 * LoudnessScore that is not an array of numbers and strings. -2: more than `capacity` items.
 * One member of another name per item (OTHER) is skipped, not checked: strings (escapes
 * allowed) and brackets are matched to find its end, and read.ts gives that slice to JSON.parse.
 */
import { BEGIN, CONTENT, END as END_FIELD, FIELD_NAMES, ID, ITEM_BYTES, LOUDNESS, ORDER_AT, OTHER, OTHER_KEY_AT, PARTICIPANT_ID, PARTICIPANT_ROLE, RESULT, SENTIMENT } from './scan-layout.ts';

export const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const sleb = (v: bigint): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
/** The first `n` (≤ 8) bytes of `s` at `at`, as a little-endian signed 64-bit constant. */
const bytes64 = (s: string, at: number, n = 8): bigint => {
  let v = 0n;
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(s.charCodeAt(at + k));
  return BigInt.asIntN(64, v);
};

/** Structured control with named labels: a branch's depth is counted from the labels open where it is written. */
class Asm {
  private readonly open: string[] = [];
  private scope(opcode: number, label: string, body: () => number[]): number[] {
    this.open.push(label);
    const code = body();
    this.open.pop();
    return [opcode, 0x40, ...code, 0x0b];
  }
  block = (label: string, body: () => number[]) => this.scope(0x02, label, body);
  loop = (label: string, body: () => number[]) => this.scope(0x03, label, body);
  /** `if` (the condition on the stack) with no result. */
  when = (body: () => number[]) => this.scope(0x04, '', body);
  private depth(label: string): number {
    const at = this.open.lastIndexOf(label);
    if (at < 0) throw new Error(`no label ${label}`);
    return this.open.length - 1 - at;
  }
  br = (label: string) => [0x0c, this.depth(label)];
  brIf = (label: string) => [0x0d, this.depth(label)];
}

const get = (l: number) => [0x20, l];
const set = (l: number) => [0x21, l];
const tee = (l: number) => [0x22, l];
const i32 = (v: number) => [0x41, ...sleb(BigInt(v))];
const i64 = (v: bigint) => [0x42, ...sleb(v)];
const LOAD8 = [0x2d, 0, 0];
const load64At = (offset: number) => [0x29, 0, ...uleb(offset)];
const store = (offset: number) => [0x36, 2, ...uleb(offset)];
const EQ = [0x46], NE = [0x47], LT_U = [0x49], GE_U = [0x4f], ADD = [0x6a], SUB = [0x6b], MUL = [0x6c], AND = [0x71], OR = [0x72], SHL = [0x74], CTZ = [0x68], EQZ = [0x45];
const I64_EQ = [0x51], I64_AND = [0x83];
const RETURN = [0x0f];
const V128_LOAD = [0xfd, 0x00, 0x00, 0x00], SPLAT = [0xfd, 0x0f], V_EQ = [0xfd, 0x23], V_LT_U = [0xfd, 0x26], V_OR = [0xfd, 0x50], BITMASK = [0xfd, 0x64];

// Parameters, then locals.
const P = 0, END = 1, OUT = 2, CAPACITY = 3;
const C = 4, Q = 5, MASK = 6, FIELD = 7, ITEM = 8, V = 9, SEEN = 10, COUNT = 11, START = 12, ORDER = 13, SHIFT = 14;
const LOCALS = 11;
/** The module's functions: `items`, then the two it calls. */
const SKIP_WS = 1, STRING = 2;
const call = (f: number) => [0x10, f];
const LT_S = [0x48];

/** `skipWs(p)`: past the whitespace from p. */
function skipWsBody(): number[] {
  const a = new Asm();
  const p = 0, c = 1;
  return [
    ...a.block('ws', () =>
      a.loop('ws-next', () => [
        ...get(p), ...LOAD8, ...tee(c), ...i32(32), ...EQ,
        ...get(c), ...i32(10), ...EQ, ...OR, ...get(c), ...i32(13), ...EQ, ...OR, ...get(c), ...i32(9), ...EQ, ...OR,
        ...EQZ, ...a.brIf('ws'),
        ...get(p), ...i32(1), ...ADD, ...set(p), ...a.br('ws-next'),
      ]),
    ),
    ...get(p),
  ];
}

/**
 * `string(p)`, p at a string's opening quote: its closing quote, or -1 for an escape or a
 * control character first (the 0 at the text's end is one: the search, 16 bytes at a time
 * but taking the first it finds, never passes it).
 */
function stringBody(): number[] {
  const a = new Asm();
  const p = 0, q = 1, mask = 2;
  const fail = [...i32(-1), ...RETURN];
  return [
    ...get(p), ...i32(1), ...ADD, ...set(q),
    ...a.loop('str', () => [
      ...get(q), ...V128_LOAD, ...i32(34), ...SPLAT, ...V_EQ,
      ...get(q), ...V128_LOAD, ...i32(92), ...SPLAT, ...V_EQ, ...V_OR,
      ...get(q), ...V128_LOAD, ...i32(32), ...SPLAT, ...V_LT_U, ...V_OR,
      ...BITMASK, ...tee(mask), ...EQZ,
      ...a.when(() => [...get(q), ...i32(16), ...ADD, ...set(q), ...a.br('str')]),
    ]),
    ...get(q), ...get(mask), ...CTZ, ...ADD, ...tee(q),
    ...LOAD8, ...i32(34), ...NE, ...a.when(() => fail),
    ...get(q),
  ];
}

export function assemble(): Uint8Array<ArrayBuffer> {
  const a = new Asm();
  const fail = [...i32(-1), ...RETURN];
  /** -1 when the condition on the stack holds: a branch out of the block around the code, after which -1 is answered (2 bytes a check, not 6). */
  const failIf = () => a.brIf('failed');
  const byteIs = (ch: string) => [...get(P), ...LOAD8, ...i32(ch.charCodeAt(0)), ...EQ];
  const failUnless = (ch: string) => [...get(P), ...LOAD8, ...i32(ch.charCodeAt(0)), ...NE, ...failIf()];
  const next = [...get(P), ...i32(1), ...ADD, ...set(P)];
  // (functions, not inlined at each of their 11 and 4 uses: 0.8 KB less of every bundle that reads analysis files)
  // (the call only at whitespace: compact files, as Contact Lens writes them, make none)
  const skipWs = () => [...get(P), ...LOAD8, ...i32(33), ...LT_U, ...a.when(() => [...get(P), ...call(SKIP_WS), ...set(P)])];
  /** P at a string's opening quote: Q at its closing one (fails on an escape, a control character — the 0 at `end` is one). */
  const string = () => [...get(P), ...call(STRING), ...tee(Q), ...i32(0), ...LT_S, ...failIf()];
  const isDigit = (local: number) => [...get(local), ...i32(48), ...SUB, ...i32(10), ...LT_U];
  /** Past a run of digits. */
  const digitsRun = () =>
    a.block('digits', () => a.loop('digit', () => [...get(P), ...LOAD8, ...set(C), ...isDigit(C), ...EQZ, ...a.brIf('digits'), ...next, ...a.br('digit')]));
  /** P at a number: past it, its grammar checked (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?). */
  const skipNumber = () => [
    ...byteIs('-'), ...a.when(() => next),
    ...get(P), ...LOAD8, ...set(C),
    ...isDigit(C), ...EQZ, ...failIf(),
    ...get(C), ...i32(48), ...EQ, ...a.when(() => next),
    ...get(C), ...i32(48), ...NE, ...a.when(() => digitsRun()),
    ...byteIs('.'), ...a.when(() => [...next, ...get(P), ...LOAD8, ...set(C), ...isDigit(C), ...EQZ, ...failIf(), ...digitsRun()]),
    ...get(P), ...LOAD8, ...i32(32), ...OR, ...i32(101), ...EQ,
    ...a.when(() => [
      ...next,
      ...byteIs('+'), ...byteIs('-'), ...OR, ...a.when(() => next),
      ...get(P), ...LOAD8, ...set(C), ...isDigit(C), ...EQZ, ...failIf(),
      ...digitsRun(),
    ]),
  ];
  /** P at an offset: V its value (an integer of 1 to 9 digits without a leading zero, else fail), P past it. */
  const integer = () => [
    ...i32(0), ...set(V), ...get(P), ...set(START),
    ...a.block('int', () =>
      a.loop('int-digit', () => [
        ...get(P), ...LOAD8, ...i32(48), ...SUB, ...tee(C), ...i32(10), ...LT_U, ...EQZ, ...a.brIf('int'),
        ...get(V), ...i32(10), ...MUL, ...get(C), ...ADD, ...set(V),
        ...next, ...a.br('int-digit'),
      ]),
    ),
    ...get(P), ...get(START), ...SUB, ...tee(C), ...i32(1), ...SUB, ...i32(9), ...LT_U, ...EQZ, ...failIf(),
    ...get(C), ...i32(1), ...NE, ...get(START), ...LOAD8, ...i32(48), ...EQ, ...AND, ...failIf(),
    // a fraction or an exponent: JSON.parse reads it
    ...get(P), ...LOAD8, ...tee(C), ...i32(46), ...EQ, ...get(C), ...i32(32), ...OR, ...i32(101), ...EQ, ...OR, ...failIf(),
  ];
  /** Q at a string's closing quote, P at its opening one: escapes allowed, control characters (the 0 at `end`) not. */
  const anyString = () => [
    ...get(P), ...i32(1), ...ADD, ...set(Q),
    ...a.block('any-str', () =>
      a.loop('any-str-next', () => [
        ...get(Q), ...LOAD8, ...tee(C), ...i32(34), ...EQ, ...a.brIf('any-str'),
        ...get(C), ...i32(32), ...LT_U, ...failIf(),
        ...get(C), ...i32(92), ...EQ,
        ...a.when(() => [...get(Q), ...i32(1), ...ADD, ...tee(Q), ...LOAD8, ...i32(32), ...LT_U, ...failIf()]),
        ...get(Q), ...i32(1), ...ADD, ...set(Q), ...a.br('any-str-next'),
      ]),
    ),
  ];
  /**
   * P at any value: past its end, found by matching strings and brackets only (its grammar is
   * JSON.parse's, of the slice, in read.ts). Never past the 0 at `end`: that fails.
   */
  const skipAny = () =>
    a.block('any', () => [
      ...byteIs('"'), ...a.when(() => [...anyString(), ...get(Q), ...i32(1), ...ADD, ...set(P), ...a.br('any')]),
      ...byteIs('{'), ...byteIs('['), ...OR,
      ...a.when(() => [
        ...i32(0), ...set(V),
        ...a.loop('nest', () => [
          ...get(P), ...LOAD8, ...tee(C), ...EQZ, ...failIf(),
          ...get(C), ...i32(34), ...EQ, ...a.when(() => [...anyString(), ...get(Q), ...i32(1), ...ADD, ...set(P), ...a.br('nest')]),
          ...get(C), ...i32(0x7b), ...EQ, ...get(C), ...i32(0x5b), ...EQ, ...OR, ...a.when(() => [...get(V), ...i32(1), ...ADD, ...set(V)]),
          ...get(C), ...i32(0x7d), ...EQ, ...get(C), ...i32(0x5d), ...EQ, ...OR,
          ...a.when(() => [...get(V), ...i32(1), ...SUB, ...tee(V), ...EQZ, ...a.when(() => [...next, ...a.br('any')])]),
          ...next, ...a.br('nest'),
        ]),
      ]),
      // a number, true, false or null: up to a delimiter, whitespace or a control character
      ...a.loop('scalar', () => [
        ...get(P), ...LOAD8, ...tee(C), ...i32(33), ...LT_U, ...a.brIf('any'),
        ...get(C), ...i32(0x2c), ...EQ, ...get(C), ...i32(0x7d), ...EQ, ...OR, ...get(C), ...i32(0x5d), ...EQ, ...OR, ...a.brIf('any'),
        ...next, ...a.br('scalar'),
      ]),
    ]);
  /** FIELD of the key from P + 1 to Q (scan-layout.ts), 0 for any other. */
  const keyField = () => {
    // (the key starts at P + 1: loads at P with an offset one more)
    const at = get(P);
    const is = (field: number) => {
      const key = FIELD_NAMES[field]!;
      const n = key.length;
      const checks: number[] = [];
      if (n === 2) checks.push(...at, 0x2f, 0, 1, ...i32(key.charCodeAt(0) | (key.charCodeAt(1) << 8)), ...EQ);
      else if (n < 8) checks.push(...at, ...load64At(1), ...i64((1n << BigInt(8 * n)) - 1n), ...I64_AND, ...i64(bytes64(key, 0, n)), ...I64_EQ);
      else {
        checks.push(...at, ...load64At(1), ...i64(bytes64(key, 0)), ...I64_EQ);
        checks.push(...at, ...load64At(n - 7), ...i64(bytes64(key, n - 8)), ...I64_EQ, ...AND);
        if (n > 16) checks.push(...at, ...load64At(9), ...i64(bytes64(key, 8)), ...I64_EQ, ...AND);
      }
      return [...get(C), ...i32(n), ...EQ, ...a.when(() => [...checks, ...a.when(() => [...i32(field), ...set(FIELD), ...a.br('key')])])];
    };
    return a.block('key', () => [
      ...i32(0), ...set(FIELD),
      ...get(Q), ...get(P), ...SUB, ...i32(1), ...SUB, ...set(C),
      ...[CONTENT, PARTICIPANT_ID, SENTIMENT, ID, BEGIN, END_FIELD, LOUDNESS, PARTICIPANT_ROLE].flatMap(is),
    ]);
  };
  /** P at an array's `[`: past its `]`, each element a number or a string. */
  const skipArray = () =>
    a.block('array', () => [
      ...next, ...skipWs(),
      ...byteIs(']'), ...a.when(() => [...next, ...a.br('array')]),
      ...a.loop('element', () => [
        ...a.block('element-done', () => [
          ...byteIs('"'), ...a.when(() => [...string(), ...get(Q), ...i32(1), ...ADD, ...set(P), ...a.br('element-done')]),
          ...skipNumber(),
        ]),
        ...skipWs(),
        ...byteIs(','), ...a.when(() => [...next, ...skipWs(), ...a.br('element')]),
        ...failUnless(']'), ...next,
      ]),
    ]);
  /** The first of FIELD's two words in the item's columns. */
  const slot = [...get(ITEM), ...get(FIELD), ...i32(1), ...SUB, ...i32(3), ...SHL, ...ADD];
  const isStringField = [...get(FIELD), ...i32(BEGIN), ...LT_U, ...get(FIELD), ...i32(PARTICIPANT_ROLE), ...EQ, ...OR];
  const code = a.block('failed', () => [
    // (once a file: the call unguarded)
    ...failUnless('['), ...next, ...get(P), ...call(SKIP_WS), ...set(P),
    ...i32(0), ...set(COUNT),
    ...a.block('items-done', () => [
      ...byteIs(']'), ...a.brIf('items-done'),
      ...a.loop('item', () => [
        ...get(COUNT), ...get(CAPACITY), ...GE_U, ...a.when(() => [...i32(-2), ...RETURN]),
        ...failUnless('{'), ...next, ...skipWs(),
        ...get(OUT), ...get(COUNT), ...i32(ITEM_BYTES), ...MUL, ...ADD, ...set(ITEM),
        ...i32(0), ...set(SEEN), ...i32(0), ...set(ORDER), ...i32(0), ...set(SHIFT),
        ...a.block('members-done', () => [
          ...byteIs('}'), ...a.brIf('members-done'),
          ...a.loop('member', () => [
            ...failUnless('"'), ...string(), ...keyField(),
            // another name: OTHER, its key's span kept
            ...get(FIELD), ...EQZ, ...a.when(() => [...i32(OTHER), ...set(FIELD), ...get(ITEM), ...get(P), ...i32(1), ...ADD, ...store(OTHER_KEY_AT), ...get(ITEM), ...get(Q), ...store(OTHER_KEY_AT + 4)]),
            // 9 members: the order's 32 bits are full
            ...get(SHIFT), ...i32(32), ...EQ, ...failIf(),
            ...get(SEEN), ...i32(1), ...get(FIELD), ...SHL, ...AND, ...failIf(),
            ...get(SEEN), ...i32(1), ...get(FIELD), ...SHL, ...OR, ...set(SEEN),
            ...get(ORDER), ...get(FIELD), ...get(SHIFT), ...SHL, ...OR, ...set(ORDER),
            ...get(SHIFT), ...i32(4), ...ADD, ...set(SHIFT),
            ...get(Q), ...i32(1), ...ADD, ...set(P), ...skipWs(), ...failUnless(':'), ...next, ...skipWs(),
            ...a.block('value', () => [
              ...get(FIELD), ...i32(OTHER), ...EQ,
              ...a.when(() => [...get(P), ...set(START), ...skipAny(), ...slot, ...tee(C), ...get(START), ...store(0), ...get(C), ...get(P), ...store(4), ...a.br('value')]),
              ...byteIs('"'),
              ...a.when(() => [
                ...isStringField, ...EQZ, ...failIf(),
                ...string(),
                ...slot, ...tee(C), ...get(P), ...i32(1), ...ADD, ...store(0),
                ...get(C), ...get(Q), ...store(4),
                ...get(Q), ...i32(1), ...ADD, ...set(P), ...a.br('value'),
              ]),
              ...get(FIELD), ...i32(BEGIN), ...EQ, ...get(FIELD), ...i32(END_FIELD), ...EQ, ...OR,
              ...a.when(() => [...integer(), ...slot, ...get(V), ...store(0), ...a.br('value')]),
              ...get(FIELD), ...i32(LOUDNESS), ...EQ, ...byteIs('['), ...AND,
              ...a.when(() => [...get(P), ...set(START), ...skipArray(), ...slot, ...tee(C), ...get(START), ...store(0), ...get(C), ...get(P), ...store(4), ...a.br('value')]),
              ...fail,
            ]),
            ...skipWs(),
            ...byteIs(','), ...a.when(() => [...next, ...skipWs(), ...a.br('member')]),
            ...failUnless('}'),
          ]),
        ]),
        ...next,
        ...get(ITEM), ...get(ORDER), ...store(ORDER_AT),
        ...get(COUNT), ...i32(1), ...ADD, ...set(COUNT),
        ...skipWs(),
        ...byteIs(','), ...a.when(() => [...next, ...skipWs(), ...a.br('item')]),
        ...failUnless(']'),
      ]),
    ]),
    ...i32(RESULT), ...get(P), ...i32(1), ...ADD, ...store(0),
    ...get(COUNT), ...RETURN,
  ]).concat(fail);
  const body = (locals: number, code: number[]) => {
    const fn = [0x01, locals, 0x7f, ...code, 0x0b];
    return [...uleb(fn.length), ...fn];
  };
  const functions = [0x03, ...body(LOCALS, code), ...body(1, skipWsBody()), ...body(2, stringBody())];
  const name = (n: string) => [n.length, ...Array.from(n, (c) => c.charCodeAt(0))];
  const exports = [0x01, ...name('items'), 0x00, 0x00];
  // the memory is the word scan's (engine/transcript/word-scan-wasm.ts): the rule set reads the transcript's texts where this left them
  const imports = [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // two types: (i32, i32, i32, i32) -> i32, (i32) -> i32
    0x01, 0x0e, 0x02, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x02, ...uleb(imports.length), ...imports,
    0x03, 0x04, 0x03, 0x00, 0x01, 0x01,
    0x07, ...uleb(exports.length), ...exports,
    0x0a, ...uleb(functions.length), ...functions,
  ]);
}
