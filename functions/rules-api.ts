/**
 * The rules API as one Lambda function behind an API Gateway HTTP API (payload
 * format 2.0), wrapped with middy and the Powertools Logger. `connect-rules serve`
 * runs this same handler behind node:http (functions/http-adapter.ts).
 *
 * Routes (rest-json, exactly as Amazon Connect; rules-language.md §9):
 *   POST   /rules/{InstanceId}            CreateRule
 *   GET    /rules/{InstanceId}            ListRules  ?publishStatus&eventSourceName&maxResults&nextToken
 *   GET    /rules/{InstanceId}/{RuleId}   DescribeRule
 *   PUT    /rules/{InstanceId}/{RuleId}   UpdateRule
 *   DELETE /rules/{InstanceId}/{RuleId}   DeleteRule
 *
 * Errors: status per §9, header `x-amzn-ErrorType: <Name>`, body `{"Message": "..."}`,
 * which the AWS SDK turns into the exception class of that name.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { rulesConfigFromEnv } from '../engine/rules/config.ts';
import {
  ApiError,
  InternalServiceException,
  InvalidRequestException,
  UnknownOperationException,
} from '../engine/api/errors.ts';
import type { RulesService } from '../engine/rules/service.ts';

/** The parts of an API Gateway HTTP API (v2) event the handler reads. */
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

export type OperationName = 'CreateRule' | 'DescribeRule' | 'ListRules' | 'UpdateRule' | 'DeleteRule';

/** The route table: method and path shape (`/rules/{InstanceId}` = 2 segments) per operation. */
export const ROUTES: readonly { method: string; segments: 2 | 3; operation: OperationName }[] = [
  { method: 'POST', segments: 2, operation: 'CreateRule' },
  { method: 'GET', segments: 2, operation: 'ListRules' },
  { method: 'GET', segments: 3, operation: 'DescribeRule' },
  { method: 'PUT', segments: 3, operation: 'UpdateRule' },
  { method: 'DELETE', segments: 3, operation: 'DeleteRule' },
];

export interface RulesApiOptions {
  /** The service, or a function giving it (built on first request: Lambda cold start). */
  readonly service: RulesService | (() => RulesService | Promise<RulesService>);
  readonly logger?: Logger;
  /** Account of the caller ARNs (LastUpdatedBy); default from `CONNECT_RULES_ACCOUNT_ID`. */
  readonly accountId?: string;
  /** Bodies larger than this are refused (default `CONNECT_RULES_MAX_REQUEST_BYTES`, 256 KiB). */
  readonly maxRequestBytes?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** The HTTP response of an API error, as the AWS SDK parses it. */
export function errorResult(err: ApiError, requestId: string = randomUUID()): HttpApiResult {
  return {
    statusCode: err.statusCode,
    headers: { ...JSON_HEADERS, 'x-amzn-errortype': err.errorType, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ Message: err.message }),
  };
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

interface Route {
  readonly operation: OperationName;
  readonly instanceId: string;
  readonly ruleId?: string;
}

function route(event: HttpApiEvent): Route {
  const method = event.requestContext.http.method.toUpperCase();
  let path = event.rawPath || event.requestContext.http.path || '/';
  const stage = event.requestContext.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) path = path.slice(stage.length + 1);
  const raw = path.replace(/\/+$/, '').split('/').slice(1);
  if (raw[0] === 'rules' && (raw.length === 2 || raw.length === 3)) {
    const match = ROUTES.find((r) => r.method === method && r.segments === raw.length);
    if (match) {
      let segments: string[];
      try {
        segments = raw.map((s) => decodeURIComponent(s));
      } catch {
        throw new InvalidRequestException(`The path '${clip(path)}' is not correctly URL-encoded`);
      }
      return { operation: match.operation, instanceId: segments[1]!, ...(raw.length === 3 ? { ruleId: segments[2]! } : {}) };
    }
  }
  throw new UnknownOperationException(`No operation matches ${method} ${clip(path)}`);
}

function queryOf(event: HttpApiEvent): Record<string, string> {
  if (event.rawQueryString !== undefined) {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(event.rawQueryString)) out[k] ??= v;
    return out;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

function bodyOf(event: HttpApiEvent, maxBytes: number): unknown {
  const raw = event.body === undefined || event.body === null ? '' : event.body;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    throw new InvalidRequestException(`Request body of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  if (text.trim() === '') throw new InvalidRequestException('Request body is required (a JSON object)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidRequestException(`Request body is not valid JSON: ${(err as Error).message}`);
  }
}

function clip(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** A middy handler serving the five rules operations with `service`. */
export function createRulesApiHandler(options: RulesApiOptions) {
  const logger = options.logger ?? new Logger({ serviceName: 'connect-rules-api' });
  const config = rulesConfigFromEnv();
  const accountId = options.accountId ?? config.accountId;
  const maxRequestBytes = options.maxRequestBytes ?? config.maxRequestBytes;
  let servicePromise: Promise<RulesService> | undefined;
  const getService = (): Promise<RulesService> => {
    const s = options.service;
    servicePromise ??= Promise.resolve(typeof s === 'function' ? s() : s);
    // A failed cold start must not stick: the next request tries again.
    servicePromise.catch(() => {
      servicePromise = undefined;
    });
    return servicePromise;
  };

  const base = async (event: HttpApiEvent): Promise<HttpApiResult> => {
    const started = Date.now();
    const requestId = event.requestContext.requestId ?? randomUUID();
    let operation: OperationName | undefined;
    let result: HttpApiResult;
    try {
      const r = route(event);
      operation = r.operation;
      const caller = callerArn(event, accountId);
      let output: unknown;
      switch (r.operation) {
        case 'CreateRule': {
          const body = bodyOf(event, maxRequestBytes);
          output = await (await getService()).createRule(r.instanceId, body, caller);
          break;
        }
        case 'UpdateRule': {
          const body = bodyOf(event, maxRequestBytes);
          output = await (await getService()).updateRule(r.instanceId, r.ruleId!, body, caller);
          break;
        }
        case 'DescribeRule':
          output = await (await getService()).describeRule(r.instanceId, r.ruleId!);
          break;
        case 'ListRules':
          output = await (await getService()).listRules(r.instanceId, queryOf(event));
          break;
        case 'DeleteRule':
          output = await (await getService()).deleteRule(r.instanceId, r.ruleId!);
          break;
      }
      const isEmpty = output && typeof output === 'object' && Object.keys(output).length === 0;
      result = {
        statusCode: 200,
        headers: { ...JSON_HEADERS, 'x-amzn-requestid': requestId },
        body: isEmpty ? '{}' : JSON.stringify(toWire(output)),
      };
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new InternalServiceException(undefined, err);
      if (apiError.statusCode >= 500) {
        const cause = apiError instanceof InternalServiceException ? apiError.cause : undefined;
        logger.error('rules API request failed', { operation, error: (cause ?? apiError) as Error });
      }
      result = errorResult(apiError, requestId);
    }
    logger.info('rules API request', {
      operation,
      method: event.requestContext.http.method,
      path: event.rawPath,
      statusCode: result.statusCode,
      errorType: result.headers['x-amzn-errortype'],
      durationMs: Date.now() - started,
    });
    return result;
  };

  return middy<HttpApiEvent, HttpApiResult>().use(injectLambdaContext(logger, { resetKeys: true })).handler(base);
}

let lambdaBundle: Promise<RulesService> | undefined;

/** The deployed Lambda handler: service from the environment, built once per container. */
export const handler = createRulesApiHandler({
  service: () => {
    lambdaBundle ??= import('../engine/rules/factory.ts').then(async (m) => (await m.createRulesService()).service);
    lambdaBundle.catch(() => {
      lambdaBundle = undefined;
    });
    return lambdaBundle;
  },
});
