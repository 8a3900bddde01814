/**
 * The items of the evaluations table: form summary `INSTANCE#i / FORM#f`, form
 * version `FORMVERSION#f#<v, 6 digits>`, evaluation `EVALUATION#e` (+ ByContact
 * index); their date members, and the list cursors (the last key, base64url).
 */
import { InvalidParameterException } from '../../api/errors.ts';
import type { Evaluation, EvaluationForm, StoredEvaluation } from './model.ts';
import { decodeCursor, encodeCursor } from '../../dynamo/cursor.ts';

/** A form version in its sort key: 6 digits, so versions sort as numbers. */
export const pad = (v: number) => String(v).padStart(6, '0');

/** The NextToken of a list operation (`query` names it): the last key, bound to that query. */
export function encodeToken(query: string, key: Record<string, unknown> | undefined): string | undefined {
  return key ? encodeCursor(query, key) : undefined;
}

/** The start key of a list operation's page; InvalidParameterException for a token not of this query. */
export function decodeToken(query: string, token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const decoded = decodeCursor(token, query);
  if (!decoded.ok) throw new InvalidParameterException('nextToken is not valid');
  return decoded.key;
}

export function toEvaluation(e: StoredEvaluation): Evaluation {
  const { EvaluationFormId: _f, EvaluationFormVersion: _v, Contact: _c, CreatedTime, LastModifiedTime, ...rest } = e;
  return { ...rest, CreatedTime: new Date(CreatedTime), LastModifiedTime: new Date(LastModifiedTime) };
}

const DATE_KEYS = new Set(['CreatedTime', 'LastModifiedTime', 'LastActivatedTime']);

/** Dates → ISO strings for DynamoDB. */
export function dehydrate(form: EvaluationForm): Record<string, unknown> {
  return JSON.parse(JSON.stringify(form)) as Record<string, unknown>;
}

/** ISO strings of the date members → Date (the wire layer sends epoch seconds). */
export function revive(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const k of DATE_KEYS) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
  return out;
}
