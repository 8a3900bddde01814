/**
 * node:http in front of the Lambda handler: each IncomingMessage becomes the same
 * API Gateway HTTP API (v2) event API Gateway would send, so `connect-rules serve`
 * runs exactly the deployed handlers' code (functions/http/connect-api.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { InvalidRequestException, ThrottlingException, type ApiError } from '../engine/api/errors.ts';
import { errorResult, type HttpApiEvent, type HttpApiResult } from './http/event.ts';

/** What the adapter calls: the middy handler (event, context) → result. */
export type HttpApiHandler = (event: HttpApiEvent, context: LocalLambdaContext) => Promise<HttpApiResult>;

/** The Lambda context fields the handler and the Powertools Logger read. */
export interface LocalLambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
}

export interface AdapterOptions {
  /** Bodies larger than this are refused with InvalidRequestException without buffering them. */
  readonly maxRequestBytes: number;
  readonly accountId: string;
  readonly region: string;
  /** Bounds on connections (default SERVER_LIMITS). */
  readonly limits?: Partial<ServerLimits>;
  /** Refuses a request from its headers before its body is read (the local server: functions/local-request-guard.ts). */
  readonly refuse?: (req: IncomingMessage) => ApiError | undefined;
}

/**
 * What one client can hold of the server: a request (headers and body) must arrive
 * within `requestTimeoutMs`, its headers within `headersTimeoutMs` (a slow body or
 * header trickle is cut with 408, not kept open for Node's default 5 minutes), and at
 * most `maxConnections` sockets are served at once: a request on one past them is
 * answered 429 ThrottlingException (which the SDK retries) without being served, and
 * past `maxOpenConnections` a socket is closed on arrival (what a flood can hold).
 */
export interface ServerLimits {
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxOpenConnections: number;
  /** How often Node checks the two timeouts (its default is 30 s). */
  readonly checkIntervalMs: number;
}

export const SERVER_LIMITS: ServerLimits = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 128, maxOpenConnections: 1_024, checkIntervalMs: 1_000 };

/** Past this many bytes of an oversized body the connection is closed instead of drained. */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

export interface ReadBody {
  readonly text: string;
  readonly size: number;
  readonly tooLarge: boolean;
}

/** Reads the body, keeping at most `maxBytes` (the rest is drained so the client sees the answer). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), size, tooLarge: size > maxBytes }));
    req.on('close', () => resolve({ text: '', size, tooLarge: size > maxBytes }));
    req.on('error', reject);
  });
}

/** The API Gateway HTTP API (payload 2.0) event for a request and its body. */
export function toHttpApiEvent(req: IncomingMessage, body: string, options: Pick<AdapterOptions, 'accountId'>): HttpApiEvent {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q >= 0 ? url.slice(0, q) : url;
  const rawQueryString = q >= 0 ? url.slice(q + 1) : '';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[k] = k in queryStringParameters ? `${queryStringParameters[k]},${v}` : v;
  }
  const now = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  let decodedPath = rawPath;
  try {
    decodedPath = decodeURIComponent(rawPath);
  } catch {
    // API Gateway would refuse it; the handler reports the bad encoding.
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    requestContext: {
      accountId: options.accountId,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      requestId: randomUUID(),
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      http: {
        method,
        path: decodedPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
    },
    body,
    isBase64Encoded: false,
  };
}

export function localContext(options: Pick<AdapterOptions, 'accountId' | 'region'>, requestId: string): LocalLambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'connect-rules-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:connect-rules-api-local`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
  };
}

function send(res: ServerResponse, result: HttpApiResult): void {
  const body = Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** A node:http server that serves `handler`. */
export function createHttpApiServer(handler: HttpApiHandler, options: AdapterOptions): Server {
  const limits = { ...SERVER_LIMITS, ...options.limits };
  const server = createServer(
    { requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    (req, res) => {
    void (async () => {
      try {
        const refused = OVER.has(req.socket)
          ? new ThrottlingException(`The local API is serving ${limits.maxConnections} connections; try again`)
          : options.refuse?.(req);
        if (refused) {
          // The body is not read: the connection is not reused.
          res.shouldKeepAlive = false;
          req.resume();
          send(res, errorResult(refused));
          return;
        }
        const body = await readBody(req, options.maxRequestBytes);
        if (body.tooLarge) {
          send(res, errorResult(new InvalidRequestException(`Request body of ${body.size} bytes exceeds the limit of ${options.maxRequestBytes} bytes`)));
          return;
        }
        const event = toHttpApiEvent(req, body.text, options);
        const result = await handler(event, localContext(options, event.requestContext.requestId!));
        send(res, result);
      } catch (err) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServiceException' });
          res.end(JSON.stringify({ Message: `Internal error: ${(err as Error).message}` }));
        }
      }
    })();
    },
  );
  // Node's own cap closes a socket unanswered, which a client cannot tell from a crash
  // (a POST may or may not have been done): past maxConnections the socket is answered 429.
  const OVER = new WeakSet<Socket>();
  let open = 0;
  server.on('connection', (socket: Socket) => {
    if (++open > limits.maxConnections) OVER.add(socket);
    socket.once('close', () => open--);
  });
  server.maxConnections = limits.maxOpenConnections;
  return server;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting, closes idle and open keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port) and resolves once listening. */
export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${addr.port}`,
    port: addr.port,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Connections still busy get a moment to answer, then are cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      return closing;
    },
  };
}
