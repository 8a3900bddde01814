/**
 * `JSON.stringify(value, null, 2)` in pieces: the same text, handed to `write` a part
 * at a time. A large report (backtest's `--json` is 36 MB at 10,000 calls) then never
 * exists as one string, and its first parts are on their way to the reader (a pipe)
 * while the next are made, instead of all of it being made first and copied after.
 */

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
};

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Pieces are gathered up to this many characters per `write`: few calls, none the size of the whole. */
const CHUNK = 256 * 1024;

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would print it, in pieces: plain
 * arrays and objects down to `split` levels are cut at their members, anything deeper
 * is one piece (JSON.stringify's own, its lines indented to where it sits: a JSON text
 * has no raw newline but between tokens).
 */
export function writePrettyJson(value: unknown, write: (chunk: string) => void, split = 2): void {
  let parts: string[] = [];
  let size = 0;
  const add = (part: string) => {
    parts.push(part);
    size += part.length;
    if (size >= CHUNK) {
      write(parts.join(''));
      parts = [];
      size = 0;
    }
  };
  piece(value, 0, split, add);
  if (size > 0) write(parts.join(''));
}

/**
 * `value`'s text where it sits, `depth` levels in: JSON.stringify's own, of the value
 * wrapped in as many one-member objects, less the wrappers' text (half the cost of
 * indenting the value's own text line by line).
 */
function nested(value: unknown, depth: number): string {
  if (depth === 0) return String(JSON.stringify(value, null, 2));
  let wrapped = value;
  let before = 0;
  let after = 0;
  for (let i = 0; i < depth; i++) {
    wrapped = { '': wrapped };
    before += 2 + 2 * (i + 1) + 4; // {, newline, indent, "":, space
    after += 2 + 2 * i; // newline, indent, }
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(before, text.length - after);
}

function piece(value: unknown, depth: number, split: number, add: (part: string) => void): void {
  if (depth >= split || !isPlain(value)) return add(nested(value, depth));
  const inner = `\n${'  '.repeat(depth + 1)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return add('[]');
    value.forEach((item, i) => {
      add(i === 0 ? `[${inner}` : `,${inner}`);
      if (omitted(item)) add('null');
      else piece(item, depth + 1, split, add);
    });
  } else {
    const keys = Object.keys(value).filter((k) => !omitted(value[k]));
    if (keys.length === 0) return add('{}');
    keys.forEach((k, i) => {
      add(`${i === 0 ? '{' : ','}${inner}${JSON.stringify(k)}: `);
      piece(value[k], depth + 1, split, add);
    });
  }
  add(`\n${'  '.repeat(depth)}${Array.isArray(value) ? ']' : '}'}`);
}
