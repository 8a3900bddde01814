/**
 * What the Lambda bundles hold in place of the AWS SDK core's code that no deployment
 * of them reaches (build/sdk-unreached.ts replaces each import with the export of the
 * same name here). Each one fails naming the cause if it is ever used. This module
 * imports no code, so it stays in the chunk of the SDK modules that import it.
 */

/** Code the Lambda bundles leave out of the AWS SDK's core was reached. */
export class SdkPartNotPackagedError extends Error {
  constructor(readonly part: string) {
    super(`The AWS SDK reached ${part}, which the Lambda bundles leave out (build/sdk-unreached.ts): take its row out of that plugin to use it`);
    this.name = new.target.name;
  }
}

/** The JavaScript SHA-256: the SDK takes it only where node:crypto cannot make a SHA-256 hash. */
export class Sha256Js {
  constructor() {
    throw new SdkPartNotPackagedError("the JavaScript SHA-256 (node:crypto's createHash('sha256') failed here)");
  }
}

/**
 * Retry mode "adaptive": made, at a client's first request, only when AWS_RETRY_MODE or the shared config file's
 * retry_mode says so; the request then fails, so a deployment that sets it learns why at once.
 */
export class AdaptiveRetryStrategy {
  constructor() {
    throw new SdkPartNotPackagedError('retry mode "adaptive" (set by AWS_RETRY_MODE or the config file\'s retry_mode; the functions use "standard")');
  }
}

/**
 * The body of a streamed response (S3's GetObject) that is a web ReadableStream or a Blob, as a fetch handler gives:
 * the functions' clients use the Node HTTP handler, whose bodies are Node streams. (The SDK words this failure itself:
 * "Unexpected stream implementation, expect Stream.Readable instance".)
 */
export function sdkStreamMixin(): never {
  throw new SdkPartNotPackagedError('a web ReadableStream or Blob response body (the functions use the Node HTTP handler)');
}

/**
 * The Region from EC2's instance metadata service: the SDK asks it only when no Region is set, which Lambda always
 * sets (AWS_REGION), or in defaults mode "auto" outside Lambda (AWS_DEFAULTS_MODE or the config file's defaults_mode).
 */
export async function getInstanceMetadataRegion(): Promise<never> {
  throw new SdkPartNotPackagedError(
    "EC2's instance metadata service for the Region (set AWS_REGION, as Lambda does; outside Lambda, defaults mode \"auto\" asks it too: set AWS_DEFAULTS_MODE=standard or the config file's defaults_mode = standard)",
  );
}
