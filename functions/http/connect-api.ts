/**
 * One HTTP layer for the Connect-style APIs: the route table (routes.ts) matched by
 * path template, the request parts an operation reads, and one middy middleware
 * that answers every error as Connect does (status, `x-amzn-ErrorType`,
 * `{"Message"}`) and logs each request once. The rules API, the evaluation API, the
 * local server and the deployment all go through here.
 */
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ApiError, INTERNAL_ERROR_MESSAGE, InternalServiceException, UnknownOperationException } from '../../engine/api/errors.ts';
import { parseUniqueJsonOr } from '../../grammar/json/duplicate-key.ts';
import { bodyText, callerArn, clip, errorResult, okResult, queryOf, requestIdOf, type HttpApiEvent, type HttpApiResult } from './event.ts';
import type { Request, Route } from './routes.ts';
import { localDynamoDbHint } from '../local-dynamodb-hint.ts';

/** One API: its routes, the service they call, and how it words a malformed request. */
export interface ApiSpec<S> {
  readonly routes: readonly Route<S>[];
  /** The service, or a function giving it (called on the first request: Lambda cold start; a failure is retried next time). */
  readonly service: S | (() => S | Promise<S>);
  /** The API's error for a malformed request: InvalidRequestException (rules), InvalidParameterException (evaluations). */
  readonly badRequest: (message: string) => ApiError;
  /** An operation that reads a body refuses an empty one (rules), or reads it as `{}` (evaluations). */
  readonly bodyRequired: boolean;
  /** Bodies larger than this are refused. */
  readonly maxRequestBytes?: number;
}

/** A route ready to match: its template split into literal and parameter segments. */
interface BoundRoute {
  readonly method: string;
  readonly operation: string;
  /** A literal segment, or `{ param }`. */
  readonly segments: readonly (string | { readonly param: string })[];
  readonly spec: ApiSpec<unknown>;
  readonly call: (request: Request) => Promise<unknown>;
}

export type BoundApi = readonly BoundRoute[];

/** Binds an API's routes to its (lazily built) service. */
export function bindApi<S>(spec: ApiSpec<S>): BoundApi {
  let service: Promise<S> | undefined;
  const getService = (): Promise<S> => {
    const s = spec.service;
    if (!service) {
      service = Promise.resolve(typeof s === 'function' ? (s as () => S | Promise<S>)() : s);
      // A failed cold start must not stick: the next request tries again.
      service.catch(() => {
        service = undefined;
      });
    }
    return service;
  };
  return spec.routes.map((route) => ({
    method: route.method,
    operation: route.operation,
    segments: route.path
      .split('/')
      .slice(1)
      .map((s) => (/^\{\w+\}$/.test(s) ? { param: s.slice(1, -1) } : s)),
    spec: spec as ApiSpec<unknown>,
    call: async (request) => route.call(await getService(), request),
  }));
}

/** The path of the request, without the stage prefix of a named stage and without trailing slashes. */
function pathOf(event: HttpApiEvent): string {
  let path = event.rawPath || event.requestContext.http.path || '/';
  const stage = event.requestContext.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) path = path.slice(stage.length + 1);
  return path.replace(/\/+$/, '');
}

function match(routes: BoundApi, method: string, raw: readonly string[]): BoundRoute | undefined {
  return routes.find(
    (r) => r.method === method && r.segments.length === raw.length && r.segments.every((s, i) => typeof s !== 'string' || s === raw[i]),
  );
}

function requestFor(route: BoundRoute, event: HttpApiEvent, path: string, raw: readonly string[], accountId: ConnectApiOptions['accountId']): Request {
  const { spec } = route;
  const params: Record<string, string> = {};
  try {
    route.segments.forEach((s, i) => {
      if (typeof s !== 'string') params[s.param] = decodeURIComponent(raw[i]!);
    });
  } catch {
    throw spec.badRequest(`The path '${clip(path)}' is not correctly URL-encoded`);
  }
  return {
    path: params,
    query: queryOf(event),
    caller: callerArn(event, typeof accountId === 'function' ? accountId() : accountId),
    body: () => {
      const text = bodyText(event);
      const size = Buffer.byteLength(text, 'utf8');
      if (spec.maxRequestBytes !== undefined && size > spec.maxRequestBytes) {
        throw spec.badRequest(`Request body of ${size} bytes exceeds the limit of ${spec.maxRequestBytes} bytes`);
      }
      if (text.trim() === '') {
        if (spec.bodyRequired) throw spec.badRequest('Request body is required (a JSON object)');
        return {};
      }
      // Located and the token named (`Request body:2:10: not valid JSON: unexpected '}'`), as the CLI words a JSON file;
      // a key written twice is refused there too (`Request body:3:3: duplicate key "Name" ...`), not taken last-wins.
      return parseUniqueJsonOr(text, 'Request body', spec.badRequest);
    },
  };
}

/** An internal error whose cause is the local stage's DynamoDB not answering says so (functions/local-dynamodb-hint.ts); any other error as it is. */
function withLocalHint(err: ApiError): ApiError {
  const hint = err instanceof InternalServiceException ? localDynamoDbHint(err.cause) : undefined;
  return hint ? new InternalServiceException(`${INTERNAL_ERROR_MESSAGE.replace(/\.$/, '')}: ${hint}`, err.cause) : err;
}

/** The operation each request matched, for the log lines of the middleware. */
const OPERATION = new WeakMap<HttpApiEvent, string>();

/**
 * The Connect-error middleware: an ApiError is answered as itself, anything else
 * as InternalServiceException (500, logged with its cause, never sent); every
 * request is logged once with its outcome.
 */
export function connectErrors(logger: Logger, name: string): MiddlewareObj<HttpApiEvent, HttpApiResult> {
  const started = new WeakMap<HttpApiEvent, number>();
  const log = (event: HttpApiEvent, result: HttpApiResult | undefined) =>
    logger.info(`${name} request`, {
      operation: OPERATION.get(event),
      routeKey: event.routeKey,
      method: event.requestContext.http.method,
      path: event.rawPath,
      statusCode: result?.statusCode,
      errorType: result?.headers['x-amzn-errortype'],
      durationMs: Date.now() - (started.get(event) ?? Date.now()),
    });
  return {
    before: (request) => {
      started.set(request.event, Date.now());
    },
    after: (request) => log(request.event, request.response ?? undefined),
    onError: (request) => {
      const err = request.error;
      const apiError = withLocalHint(err instanceof ApiError ? err : new InternalServiceException(undefined, err));
      if (apiError.statusCode >= 500) {
        const cause = apiError instanceof InternalServiceException ? apiError.cause : undefined;
        logger.error(`${name} request failed`, { operation: OPERATION.get(request.event), error: (cause ?? apiError) as Error });
      }
      request.response = errorResult(apiError, requestIdOf(request.event));
      log(request.event, request.response);
    },
  };
}

export interface ConnectApiOptions {
  /** For the log lines (`rules API`). */
  readonly name: string;
  readonly apis: readonly BoundApi[];
  /** Account of the caller ARNs when the request has no IAM authorizer (a function: known once the service is built). */
  readonly accountId: string | (() => string);
  readonly logger?: Logger;
}

/** A middy handler serving the routes of `apis`; a path of none is UnknownOperationException. */
export function createConnectApi(options: ConnectApiOptions) {
  const logger = options.logger ?? new Logger({ serviceName: `connect-rules-${options.name.replace(/\W+/g, '-').toLowerCase()}` });
  const routes = options.apis.flat();
  const base = async (event: HttpApiEvent): Promise<HttpApiResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = pathOf(event);
    const raw = path.split('/').slice(1);
    const route = match(routes, method, raw);
    if (!route) throw new UnknownOperationException(`No operation matches ${method} ${clip(path)}`);
    OPERATION.set(event, route.operation);
    const output = await route.call(requestFor(route, event, path, raw, options.accountId));
    return okResult(output, requestIdOf(event));
  };
  return middy<HttpApiEvent, HttpApiResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(connectErrors(logger, options.name))
    .handler(base);
}
