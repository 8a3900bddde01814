/**
 * The API Gateway HTTP API (payload format 2.0) event and result, and what every
 * Connect-style route reads of them: the caller, the query, the body, and the
 * rest-json wire form of an answer or an error.
 */
import { randomUUID } from 'node:crypto';
import { clip as clipChars } from '../../grammar/clip.ts';
import type { ApiError } from '../../engine/api/errors.ts';

/** The parts of an API Gateway HTTP API (v2) event the handlers read. */
export interface HttpApiEvent {
  version?: string;
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  requestContext: {
    accountId?: string;
    apiId?: string;
    domainName?: string;
    requestId?: string;
    stage?: string;
    time?: string;
    timeEpoch?: number;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
    authorizer?: { iam?: { userArn?: string; accessKey?: string; accountId?: string } };
  };
  body?: string;
  isBase64Encoded?: boolean;
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** The request id API Gateway gave, or a new one. */
export const requestIdOf = (event: HttpApiEvent): string => event.requestContext.requestId ?? randomUUID();

/** A 200 answer: `{}` for no output, else the output in its wire form. */
export function okResult(output: unknown, requestId: string): HttpApiResult {
  const empty = !output || (typeof output === 'object' && Object.keys(output).length === 0);
  return { statusCode: 200, headers: { ...JSON_HEADERS, 'x-amzn-requestid': requestId }, body: empty ? '{}' : JSON.stringify(toWire(output)) };
}

/** The HTTP response of an API error, as the AWS SDK parses it. */
export function errorResult(err: ApiError, requestId: string = randomUUID()): HttpApiResult {
  return {
    statusCode: err.statusCode,
    headers: { ...JSON_HEADERS, 'x-amzn-errortype': err.errorType, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ Message: err.message }),
  };
}

/** Dates become epoch seconds, the rest-json timestamp format the SDK reads. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/**
 * Who made the request, as an ARN for `LastUpdatedBy`: the IAM user ARN that API
 * Gateway's IAM authorizer gives, else `arn:aws:iam::<account>:user/<accessKeyId>`
 * from the SigV4 `Authorization` header (signatures are not verified locally), else
 * `arn:aws:iam::<account>:user/anonymous`.
 */
export function callerArn(event: HttpApiEvent, accountId: string): string {
  const iam = event.requestContext.authorizer?.iam;
  if (iam?.userArn) return iam.userArn;
  const auth = header(event, 'authorization') ?? '';
  const fromHeader = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
  const fromQuery = new URLSearchParams(event.rawQueryString ?? '').get('X-Amz-Credential')?.split('/')[0];
  const accessKey = iam?.accessKey ?? fromHeader ?? fromQuery;
  const account = iam?.accountId ?? accountId;
  return `arn:aws:iam::${account}:user/${accessKey && /^[A-Za-z0-9+=,.@_-]+$/.test(accessKey) ? accessKey : 'anonymous'}`;
}

function header(event: HttpApiEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  if (headers[name] !== undefined) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

/** The query parameters, the first value of a repeated one winning. */
export function queryOf(event: HttpApiEvent): Record<string, string> {
  const out: Record<string, string> = {};
  if (event.rawQueryString !== undefined) {
    for (const [k, v] of new URLSearchParams(event.rawQueryString)) out[k] ??= v;
    return out;
  }
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/** The body as text (API Gateway base64-encodes binary bodies). */
export function bodyText(event: HttpApiEvent): string {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** The first `n` characters of `s` (whole code points), `...` when cut. */
export function clip(s: string, n = 200): string {
  return clipChars(s, n, n, '...');
}
