/**
 * The endpoint of a service's client from the environment, for local runs
 * (`connect-rules serve`'s DynamoDB Local, a local S3). The SDK's own variables
 * come first: "AWS_ENDPOINT_URL_<SERVICE>" for one service, then "AWS_ENDPOINT_URL"
 * for all (AWS SDKs and Tools reference guide, "Service-specific endpoints"); the
 * project's older names (`DYNAMODB_ENDPOINT`, `S3_ENDPOINT`) are kept as the fallback.
 * Passed to the client explicitly so the old names cannot win over the SDK's.
 */

import { UserError } from '../errors/user-error.ts';

/** The project's own variable per service, read when no SDK variable is set. */
const LEGACY: Readonly<Record<'DYNAMODB' | 'S3', string>> = { DYNAMODB: 'DYNAMODB_ENDPOINT', S3: 'S3_ENDPOINT' };

type Service = keyof typeof LEGACY;

/** The variable of `env` that names `service`'s endpoint, and its value; undefined when none does. */
function endpointVariable(service: Service, env: NodeJS.ProcessEnv): { readonly name: string; readonly value: string } | undefined {
  for (const name of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL', LEGACY[service]]) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

export function endpointFromEnv(service: Service, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return endpointVariable(service, env)?.value;
}

/**
 * endpointFromEnv for a client about to be made: a value that is no URL is refused
 * naming the variable it came from (the only way left to a bad endpoint: the CLI
 * checks its `--endpoint` flags before this).
 */
export function clientEndpointFromEnv(service: Service, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = endpointVariable(service, env);
  if (found && !isEndpointUrl(found.value)) throw new InvalidEndpointError(found.value, found.name);
  return found?.value;
}

/** Credentials for a local server that checks none (DynamoDB Local, `connect-rules serve`, `osls offline --stage local`): the SDK still signs. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The connection flags as the AWS CLI takes them (`--region`, `--profile`, `--endpoint`); unset: the SDK's default chain. */
export interface Connection {
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

/** An SDK client's settings for a connection. */
export interface ClientSettings {
  region?: string;
  profile?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The settings of a client for `connection`, as the AWS CLI would make it. An endpoint
 * that is not AWS's own (DynamoDB Local, `connect-rules serve`, a container's host name)
 * is taken as a local server that checks no signature, yet the SDK needs a region and
 * credentials before it sends anything: there, unless a profile is named (the flag or
 * AWS_PROFILE: the user's choice of region and keys, even locally), the region defaults
 * to us-east-1 and, without keys in the environment, the credentials are dummy ones.
 */
export function clientSettings(connection: Connection, env: NodeJS.ProcessEnv = process.env): ClientSettings {
  const local = connection.endpoint !== undefined && !isAwsEndpoint(connection.endpoint) && !connection.profile && !env.AWS_PROFILE;
  const region = connection.region ?? (local && !env.AWS_REGION && !env.AWS_DEFAULT_REGION ? 'us-east-1' : undefined);
  return {
    ...(region ? { region } : {}),
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(local && !env.AWS_ACCESS_KEY_ID ? { credentials: { ...LOCAL_CREDENTIALS } } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  };
}

/** An endpoint URL that is not a URL (`AWS_ENDPOINT_URL_DYNAMODB=localhost:8000`); `source` names where it was set. */
export class InvalidEndpointError extends UserError {
  constructor(
    readonly endpoint: string,
    readonly source = 'an endpoint',
  ) {
    super(`${source} must be a URL such as http://127.0.0.1:8000, got '${endpoint}'`);
  }
}

const AWS_DOMAINS = ['amazonaws.com', 'amazonaws.com.cn'] as const;

/** The URL of `endpoint` if a client can be pointed at it (http or https, with a host), else undefined. */
export function endpointUrl(endpoint: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  // `localhost:8000` parses as a URL of scheme `localhost:` with no host: not an endpoint.
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url : undefined;
}

/** Whether `endpoint` is a URL a client can be pointed at (the CLI's `--endpoint` values are checked with it). */
export const isEndpointUrl = (endpoint: string): boolean => endpointUrl(endpoint) !== undefined;

/** Whether `endpoint` is AWS's own (`*.amazonaws.com`, `*.amazonaws.com.cn`), not a local or self-hosted server. */
export function isAwsEndpoint(endpoint: string): boolean {
  const host = endpointUrl(endpoint)?.hostname;
  if (host === undefined) throw new InvalidEndpointError(endpoint);
  return AWS_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** Whether `host` names this machine only: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Node's socket failures that mean nothing answered at an endpoint. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

/**
 * The socket code (`ECONNREFUSED`, ...) if nothing answered where `err` was going:
 * on the error itself or down its causes (the SDK's and Powertools' wrappers: an
 * `IdempotencyPersistenceLayerError` holds it as its cause), or among an
 * AggregateError's errors (Node's connection attempts to each address). Else undefined.
 */
export function unreachableCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 8) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
  const inner = [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  for (const next of inner) {
    const code = unreachableCode(next, depth + 1);
    if (code) return code;
  }
  return undefined;
}
