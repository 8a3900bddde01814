/**
 * The list cursors (`nextToken`) of the engine's DynamoDB repositories: the last
 * returned item's key, bound to the query it came from (`query` names the query and
 * its filters), as base64url JSON. A token from another query, or not one of ours,
 * is refused by the caller with its own error. The token is a client's input: its
 * shape is checked by the schema kernel (engine/schema) before its key is used.
 */
import { any, req, type Spec, struct, validate } from '../schema/check.ts';

export function encodeCursor(query: string, key: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify({ v: 1, q: query, k: key }), 'utf8').toString('base64url');
}

export type DecodedCursor =
  | { readonly ok: true; readonly key: Record<string, unknown> }
  /** `malformed`: not a cursor of ours; `other-query`: one of another query (other filters). */
  | { readonly ok: false; readonly problem: 'malformed' | 'other-query' };

/** A cursor as this module writes it; `q` is compared after, so that a token of another query says so. */
const CURSOR: Spec = struct({ v: req({ kind: 'number', min: 1, max: 1 }), k: req({ kind: 'map', value: any }) });

export function decodeCursor(token: string, query: string): DecodedCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const { value } = validate(CURSOR, parsed, { limit: 1 });
  if (value === undefined) return { ok: false, problem: 'malformed' };
  if ((parsed as { q?: unknown }).q !== query) return { ok: false, problem: 'other-query' };
  return { ok: true, key: (value as { k: Record<string, unknown> }).k };
}
