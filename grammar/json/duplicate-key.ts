/**
 * The first key written twice in one object of a JSON text. `JSON.parse` keeps the
 * last of duplicate keys without a word, so a rule file or an API body with a second
 * `"PublishStatus"` would be read as whatever the second says; the readers that
 * refuse duplicates run this over the text `JSON.parse` has just accepted.
 *
 * It reads well-formed JSON (the caller parsed it first): it looks at brackets,
 * commas and strings and skips everything else. It keeps a frame per open object or
 * array, never recurses (no depth limit of its own: the text parsed), and decodes a
 * key only when it holds an escape, since `"\u0041"` and `"A"` are one key to
 * `JSON.parse`. Given a text JSON.parse refuses, it still ends, in one pass at most
 * (a string left open ends the text, a stray comma or bracket is stepped over, a bad escape
 * in a key is kept as written), and its
 * answer means nothing: it once looped on an unclosed string until memory ran out.
 *
 * Its own module, which parse-error.ts does not import: the readers of events, which
 * keep the last of a duplicate (docs/canonical-events.md), bundle none of it.
 */
import { clip } from '../clip.ts';
import { parseJsonOr, type LocatedProblem, type ProblemPlace } from './parse-error.ts';
import { LineIndex } from './positions.ts';

export interface DuplicateKey {
  /** The key, decoded. */
  readonly key: string;
  /** The member the second occurrence writes, from the root: `['Actions', 0, 'TaskAction', 'Name']`. */
  readonly path: readonly (string | number)[];
  /** The offset in the text of the second occurrence's opening quote. */
  readonly at: number;
  /** The offset of the first occurrence's opening quote. */
  readonly firstAt: number;
}

interface ObjectFrame {
  /** Each key written so far in this object, at the offset of its opening quote. */
  readonly keys: Map<string, number>;
  /** The member being read (its key), for a duplicate's path below it. */
  key: string;
  /** After `{` or `,`: the next string is a key. */
  expectKey: boolean;
}

interface ArrayFrame {
  readonly keys?: undefined;
  index: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The offset just past the string whose opening quote is at `open`, or -1 when it is never closed. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  for (;;) {
    if (close < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(close - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
}

/**
 * `text` (well-formed JSON; a leading BOM is skipped) → its first duplicate key, or undefined
 * (any other text: an answer in one pass, meaning nothing).
 * `skip`: a value already checked (offsets from its first character to just past its last),
 * stepped over: the transcript array the analysis-file reader read (backtest, engine/ingest/event-text-checked.ts).
 */
export function findDuplicateKey(text: string, skip?: { readonly from: number; readonly to: number }): DuplicateKey | undefined {
  const frames: (ObjectFrame | ArrayFrame)[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;
  const skipFrom = skip?.from ?? -1;
  while (at < length) {
    if (at === skipFrom) {
      at = Math.max(skip!.to, at + 1);
      continue;
    }
    const c = text.charCodeAt(at);
    if (c === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      const top = frames[frames.length - 1];
      if (top?.keys && top.expectKey) {
        const image = text.slice(at + 1, end - 1);
        const key = image.includes('\\') ? decodedKey(image) : image;
        const firstAt = top.keys.get(key);
        if (firstAt !== undefined) {
          const path = frames.slice(0, -1).map((f) => (f.keys ? f.key : f.index));
          return { key, path: [...path, key], at, firstAt };
        }
        top.keys.set(key, at);
        top.key = key;
        top.expectKey = false;
      }
      at = end;
      continue;
    }
    if (c === 0x7b) frames.push({ keys: new Map(), key: '', expectKey: true });
    else if (c === 0x5b) frames.push({ index: 0 });
    else if (c === 0x7d || c === 0x5d) frames.pop();
    else if (c === 0x2c) {
      const top = frames[frames.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
    at++;
  }
  return undefined;
}

/** A key's escapes decoded as JSON.parse decodes them (an escape it refuses: the key as written). */
function decodedKey(image: string): string {
  try {
    return JSON.parse(`"${image}"`) as string;
  } catch {
    return image;
  }
}

const NAME = /^[A-Za-z_$][\w$]*$/;

/** A member path as the AWS APIs print one: `Actions[0].TaskAction.Name`, `Tags["a b"]`. */
export function memberPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (NAME.test(seg)) s = s === '' ? seg : `${s}.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/**
 * `label:line:col: duplicate key "Name" at Actions[0].Name (first written at line 3,
 * column 5)`, at the second occurrence, and that place; the path is left out for a key of the root.
 */
export function duplicateKeyFailure(label: string, text: string, dup: DuplicateKey): LocatedProblem {
  const lines = new LineIndex(text);
  const { line, column } = lines.position(dup.at);
  const first = lines.position(dup.firstAt);
  const where = dup.path.length > 1 ? ` at ${memberPath(dup.path)}` : '';
  return {
    message: `${label}:${line}:${column}: duplicate key ${JSON.stringify(clip(dup.key, 40, 37, '...'))}${where} (first written at line ${first.line}, column ${first.column})`,
    at: { line, column },
  };
}

/** `duplicateKeyFailure`'s message. */
export const duplicateKeyProblem = (label: string, text: string, dup: DuplicateKey): string => duplicateKeyFailure(label, text, dup).message;

/**
 * The warning of a key written twice in an event or contact file's JSON `text`, or undefined:
 * what eval, the REPL, replay, rule tests and backtest say where a user reads it, never on the
 * Lambdas' path (events are not refused for it: docs/canonical-events.md).
 */
export function duplicateKeyWarning(label: string, text: string): string | undefined {
  const dup = findDuplicateKey(text);
  return dup && duplicateKeyWarningOf(label, text, dup);
}

/** The warning of `dup`, a key written twice in `text`: the place of the second, and that the last is read. */
export const duplicateKeyWarningOf = (label: string, text: string, dup: DuplicateKey): string =>
  `${duplicateKeyProblem(label, text, dup)}: the last is read, as the Lambda runtime reads an event`;

/**
 * `parseJsonOr` (parse-error.ts) that also refuses a key written twice in one object,
 * located at the second (JSON.parse would keep the last): for what people write, the
 * APIs' bodies and rule test files.
 */
export function parseUniqueJsonOr(text: string, label: string, refuse: (problem: string, at?: ProblemPlace) => Error): unknown {
  const value = parseJsonOr(text, label, refuse);
  const dup = findDuplicateKey(text);
  if (dup) {
    const { message, at } = duplicateKeyFailure(label, text, dup);
    throw refuse(message, at);
  }
  return value;
}
