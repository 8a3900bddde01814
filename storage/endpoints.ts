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
