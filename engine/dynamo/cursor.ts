/**
 * The list cursors (`nextToken`) of the engine's DynamoDB repositories: the last
 * returned item's key, bound to the query it came from (`query` names the query and
 * its filters), as base64url JSON. A token from another query, or not one of ours,
 * is refused by the caller with its own error.
 */

export function encodeCursor(query: string, key: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify({ v: 1, q: query, k: key }), 'utf8').toString('base64url');
}

export type DecodedCursor =
  | { readonly ok: true; readonly key: Record<string, unknown> }
  /** `malformed`: not a cursor of ours; `other-query`: one of another query (other filters). */
  | { readonly ok: false; readonly problem: 'malformed' | 'other-query' };

export function decodeCursor(token: string, query: string): DecodedCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const p = parsed as { v?: unknown; q?: unknown; k?: unknown };
  if (typeof p !== 'object' || p === null || p.v !== 1 || typeof p.k !== 'object' || p.k === null || Array.isArray(p.k)) {
    return { ok: false, problem: 'malformed' };
  }
  if (p.q !== query) return { ok: false, problem: 'other-query' };
  return { ok: true, key: p.k as Record<string, unknown> };
}
