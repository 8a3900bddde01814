/**
 * Where `JSON.parse` stopped, as `file:line:col` like every located message of the
 * project (the offset turned into a line and column by the LineIndex the rule files'
 * messages use). V8 gives the offset in some messages (`... in JSON at position 446`)
 * and quotes the text instead in others (`Unexpected token 'x', "..." is not valid
 * JSON`); there the strict reader says where it stopped (the start of a bad literal).
 * V8's positioned sentences are kept (`Expected ',' or '}' after property value`);
 * where it quotes the text instead, that excerpt is cut at a length, often mid-quote,
 * so the message names the token at the place itself (`unexpected '}'`).
 */
import { clip } from '../clip.ts';
import { LineIndex } from './positions.ts';
import { readStrictJson } from './reader.ts';

const AT_POSITION = /\s+in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/;
/** A word-like token (a misspelt literal, a bare name): quoted whole, not by its first letter. */
const WORD = /[\p{L}\p{N}_$+\-.]+/uy;
const WORD_LIMIT = 24;

/** The token at `offset` of `text`, in words: `unexpected 'tru'`, `unexpected '}'`, `unexpected end of the text`. */
function unexpectedAt(text: string, offset: number): string {
  if (offset >= text.length) return 'unexpected end of the text';
  WORD.lastIndex = offset;
  const token = WORD.exec(text)?.[0] ?? String.fromCodePoint(text.codePointAt(offset)!);
  // A new line or tab, escaped: the message stays one readable line.
  const shown = JSON.stringify(clip(token, WORD_LIMIT, WORD_LIMIT - 1, '…')).slice(1, -1).replace(/\\"/g, '"');
  return `unexpected '${shown}'`;
}

/** Where a problem of a text is (1-based), when it is known. */
export interface ProblemPlace {
  readonly line: number;
  readonly column: number;
}

/** A problem's message (`label:line:col: ...`) and its place, for a caller that keeps the place apart too. */
export interface LocatedProblem {
  readonly message: string;
  readonly at?: ProblemPlace;
}

/** `label:line:col: not valid JSON: <reason>` for the error `JSON.parse(text)` threw, and that place. */
export function jsonParseFailure(label: string, text: string, err: unknown): LocatedProblem {
  const message = String((err as Error)?.message ?? err);
  const lines = new LineIndex(text);
  const given = AT_POSITION.exec(message)?.[1];
  const read = given === undefined ? readStrictJson(text, lines) : undefined;
  // V8's offset is of the text after a BOM the caller dropped; the LineIndex counts the BOM.
  const offset = given !== undefined ? Number(given) + (text.charCodeAt(0) === 0xfeff ? 1 : 0) : read && read.value === undefined ? read.failedAt : undefined;
  if (offset === undefined) return { message: `${label}: not valid JSON: ${message.replace(/,\s*(?:\.\.\.)?"[\s\S]*$/, '')}` };
  const reason = given !== undefined ? message.replace(AT_POSITION, '') : unexpectedAt(text, offset);
  const { line, column } = lines.position(offset);
  return { message: `${label}:${line}:${column}: not valid JSON: ${reason}`, at: { line, column } };
}

/** `label:line:col: not valid JSON: <reason>` for the error `JSON.parse(text)` threw. */
export const jsonParseProblem = (label: string, text: string, err: unknown): string => jsonParseFailure(label, text, err).message;

/**
 * `text` (after a BOM) parsed as JSON, or the error `refuse` makes of the located
 * problem (its place too, when known): each caller (the CLI, ingestion) throws its own
 * kind of error. A key written twice is read as JSON.parse reads it, the last;
 * `parseUniqueJsonOr` (duplicate-key.ts) refuses it, apart so that the readers of
 * events bundle no scan.
 */
export function parseJsonOr(text: string, label: string, refuse: (problem: string, at?: ProblemPlace) => Error): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const { message, at } = jsonParseFailure(label, text, err);
    throw refuse(message, at);
  }
}
