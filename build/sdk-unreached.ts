/**
 * esbuild plugins for every Lambda bundle: code of the AWS SDK's core that no
 * deployment of these functions reaches, on the Node versions they run on (20 and 22)
 * with the settings they are deployed with. Each row replaces one import, made only
 * from the SDK module named, with the export of the same name in
 * build/sdk-not-packaged.ts, which fails naming the cause if it is ever used.
 * build/sdk-unreached.test.ts sends a request through a bundle built with these and
 * reaches each stand-in, as a deployment would have to, to see it fail.
 */
import type { Plugin } from 'esbuild';
import { sdkModule, standIn } from './stand-in.ts';

const NOT_PACKAGED = './sdk-not-packaged.ts';

/** [what it is, the import, the module that makes it]. */
const ROWS: readonly (readonly [string, RegExp, RegExp])[] = [
  // The JavaScript SHA-256 behind node:crypto's, used only where createHash('sha256') throws (never in Node).
  ['sha256-js', /^\.\/Sha256Js$/, sdkModule('@smithy/core', 'submodules/checksum/sha256/Sha256Node')],
  // Retry mode "adaptive" (its client-side rate limiter): no client sets it and no function's environment does
  // (deploy/environment.ts); only AWS_RETRY_MODE or a config file's retry_mode could, and then every request fails.
  // The local stage pins both modes to "standard" over a developer's ~/.aws/config (deploy/local-stage.ts).
  ['adaptive-retry', /^\.\.\/util-retry\/AdaptiveRetryStrategy$/, sdkModule('@smithy/core', 'submodules/retry/middleware-retry/configurations')],
  // A streamed response body that is a web ReadableStream or Blob: the Node HTTP handler's bodies are Node streams.
  ['web-stream-body', /^\.\/sdk-stream-mixin\.browser$/, sdkModule('@smithy/core', 'submodules/serde/util-stream/sdk-stream-mixin')],
  // The Region from EC2's instance metadata service: asked only when no Region is set (Lambda always sets AWS_REGION),
  // or in defaults mode "auto" outside Lambda (AWS_EXECUTION_ENV unset; there the SDK does not wait for the answer,
  // so the process ends on the rejection, naming the cause).
  ['imds-region', /^\.\/getInstanceMetadataRegion$/, sdkModule('@smithy/core', 'submodules/config/config-resolver/regionConfig/config')],
  ['imds-region-defaults-mode', /^\.\.\/config-resolver\/regionConfig\/getInstanceMetadataRegion$/, sdkModule('@smithy/core', 'submodules/config/defaults-mode/resolveDefaultsModeConfig')],
];

/**
 * The signer of the S3, EventBridge and SES clients, SigV4 or SigV4a by the endpoint: SigV4 alone (sigv4-signer.ts says
 * why SigV4a is never asked), imported by each client's configuration and auth-scheme provider.
 */
const SIGV4_ONLY = standIn(
  'sigv4-only',
  /^@aws-sdk\/signature-v4-multi-region$/,
  './sigv4-signer.ts',
  /[\\/]@aws-sdk[\\/]client-(?:s3|eventbridge|sesv2)[\\/]dist-es[\\/](?:runtimeConfig\.shared|auth[\\/]httpAuthSchemeProvider)\.js$/,
);

export const sdkUnreached: readonly Plugin[] = [...ROWS.map(([name, filter, importer]) => standIn(name, filter, NOT_PACKAGED, importer)), SIGV4_ONLY];

/** The SDK modules (paths under node_modules/) that leave every bundle with these stand-ins: the tests look for them in bundles and zips. */
export const UNREACHED_MODULES: readonly string[] = [
  '@smithy/core/dist-es/submodules/checksum/sha256/Sha256Js.js',
  '@smithy/core/dist-es/submodules/retry/util-retry/AdaptiveRetryStrategy.js',
  '@smithy/core/dist-es/submodules/retry/util-retry/DefaultRateLimiter.js',
  '@smithy/core/dist-es/submodules/serde/util-stream/sdk-stream-mixin.browser.js',
  '@smithy/core/dist-es/submodules/config/config-resolver/regionConfig/getInstanceMetadataRegion.js',
  '@aws-sdk/signature-v4-multi-region/',
];
