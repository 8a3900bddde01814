/**
 * The endpoint of a service's client from the environment, for local runs
 * (`connect-rules serve`'s DynamoDB Local, a local S3). The SDK's own variables
 * come first: "AWS_ENDPOINT_URL_<SERVICE>" for one service, then "AWS_ENDPOINT_URL"
 * for all (AWS SDKs and Tools reference guide, "Service-specific endpoints"); the
 * project's older names (`DYNAMODB_ENDPOINT`, `S3_ENDPOINT`) are kept as the fallback.
 * Passed to the client explicitly so the old names cannot win over the SDK's.
 */

/** The project's own variable per service, read when no SDK variable is set. */
const LEGACY: Readonly<Record<'DYNAMODB' | 'S3', string>> = { DYNAMODB: 'DYNAMODB_ENDPOINT', S3: 'S3_ENDPOINT' };

export function endpointFromEnv(service: keyof typeof LEGACY, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || env[LEGACY[service]] || undefined;
}

/** Credentials for a local server that checks none (DynamoDB Local, `connect-rules serve`, `osls offline --stage local`): the SDK still signs. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Whether `host` names this machine only: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Whether an endpoint URL is on this machine (`http://127.0.0.1:8080`, `http://localhost:3000`). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    return isLoopbackHost(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
