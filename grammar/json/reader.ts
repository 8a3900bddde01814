/**
 * A strict JSON reader (RFC 8259) without Chevrotain, into the same located tree as
 * the Chevrotain parser (parser.ts) makes of the same text. It reads well-formed
 * JSON only: at the first thing it does not expect it stops and says where.
 *
 * Most texts are well-formed (every stored rule was checked when it was created), so
 * the callers read with this first and need Chevrotain only for the located messages
 * about a malformed text (grammar/parse.ts) or not at all (grammar/stored.ts, the
 * Lambdas): building Chevrotain's lexer and parser is most of a CLI start's and a
 * cold Lambda's cost of the language (`npm run bench`). reader.test.ts holds it to
 * the parser: the same tree for every text the parser reads without error, and a
 * refusal for every text it reports an error in.
 */
import { MAX_NESTING_DEPTH } from '../depth.ts';
import type { JsonMember, JsonNode } from './tree.ts';
import { LineIndex } from './positions.ts';

export type StrictJsonResult =
  | { readonly value: JsonNode; readonly lines: LineIndex }
  /** Not well-formed JSON: the offset of the first character the reader did not expect. */
  | { readonly value?: undefined; readonly failedAt: number; readonly lines: LineIndex };

/** Thrown inside the reader only, to unwind to `readStrictJson`. */
class Stop {
  constructor(readonly at: number) {}
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** What may follow a number or a literal: the parser's lexer would read anything else as part of a malformed token. */
const ends = (c: number): boolean => Number.isNaN(c) || isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d;

/** The JSON escapes after a backslash (`"` `\` `/` b f n r t; `u` is handled apart). */
const SIMPLE_ESCAPE = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

const LITERALS: readonly { readonly word: string; readonly node: (span: JsonNode['span']) => JsonNode }[] = [
  { word: 'true', node: (span) => ({ kind: 'boolean', value: true, span }) },
  { word: 'false', node: (span) => ({ kind: 'boolean', value: false, span }) },
  { word: 'null', node: (span) => ({ kind: 'null', span }) },
];

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Reads `text` if it is well-formed JSON (a leading UTF-8 BOM is allowed). Never throws. */
export function readStrictJson(text: string, lines: LineIndex = new LineIndex(text)): StrictJsonResult {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;

  const skipSpace = (): void => {
    while (isSpace(text.charCodeAt(at))) at++;
  };
  const expect = (code: number): void => {
    if (text.charCodeAt(at) !== code) throw new Stop(at);
    at++;
  };

  /** A string token from the `"` at `at`: its decoded value and where it ends. */
  const string = (): { value: string; start: number; end: number } => {
    const start = at;
    let escaped = false;
    at++;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x22) break;
      if (Number.isNaN(c) || c < 0x20) throw new Stop(at);
      if (c === 0x5c) {
        escaped = true;
        const e = text.charCodeAt(at + 1);
        if (SIMPLE_ESCAPE.has(e)) at += 2;
        else if (e === 0x75 && isHex(text.charCodeAt(at + 2)) && isHex(text.charCodeAt(at + 3)) && isHex(text.charCodeAt(at + 4)) && isHex(text.charCodeAt(at + 5))) at += 6;
        else throw new Stop(at);
      } else {
        at++;
      }
    }
    at++;
    const image = text.slice(start, at);
    // As the parser's lexer: slicing when there is no escape, JSON.parse when there is.
    return { value: escaped ? (JSON.parse(image) as string) : image.slice(1, -1), start, end: at };
  };

  const value = (): JsonNode => {
    const start = at;
    const c = text.charCodeAt(at);
    if (c === 0x7b || c === 0x5b) return list(c === 0x7b);
    if (c === 0x22) {
      const s = string();
      return { kind: 'string', value: s.value, span: lines.span(s.start, s.end) };
    }
    if (c === 0x2d || isDigit(c)) {
      NUMBER.lastIndex = start;
      const raw = NUMBER.exec(text)?.[0];
      const n = raw === undefined ? NaN : Number(raw);
      if (raw === undefined || !Number.isFinite(n) || !ends(text.charCodeAt(start + raw.length))) throw new Stop(start);
      at = start + raw.length;
      return { kind: 'number', value: n, raw, span: lines.span(start, at) };
    }
    for (const literal of LITERALS) {
      if (text.startsWith(literal.word, start) && ends(text.charCodeAt(start + literal.word.length))) {
        at = start + literal.word.length;
        return literal.node(lines.span(start, at));
      }
    }
    throw new Stop(start);
  };

  /** An object (`{`) or an array (`[`) from its opening bracket at `at`. */
  const list = (object: boolean): JsonNode => {
    const open = at;
    if (++depth > MAX_NESTING_DEPTH) throw new Stop(open);
    at++;
    const close = object ? 0x7d : 0x5d;
    const members: JsonMember[] = [];
    const elements: JsonNode[] = [];
    skipSpace();
    if (text.charCodeAt(at) !== close) {
      for (;;) {
        if (object) {
          if (text.charCodeAt(at) !== 0x22) throw new Stop(at);
          const key = string();
          skipSpace();
          expect(0x3a);
          skipSpace();
          const v = value();
          members.push({ key: key.value, keySpan: lines.span(key.start, key.end), value: v, span: lines.span(key.start, v.span.end.offset) });
        } else {
          elements.push(value());
        }
        skipSpace();
        if (text.charCodeAt(at) !== 0x2c) break;
        at++;
        skipSpace();
      }
    }
    expect(close);
    depth--;
    const span = lines.span(open, at);
    return object ? { kind: 'object', members, span } : { kind: 'array', elements, span };
  };

  try {
    skipSpace();
    const read = value();
    skipSpace();
    if (at < text.length) throw new Stop(at);
    return { value: read, lines };
  } catch (e) {
    if (e instanceof Stop) return { failedAt: e.at, lines };
    // A string that passed the scan but not JSON.parse would be a bug of ours; refuse it all the same.
    return { failedAt: at, lines };
  }
}
