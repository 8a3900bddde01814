/**
 * An esbuild plugin for the Lambda bundles only: the AWS SDK clients' default
 * credential chain (`@aws-sdk/credential-provider-node`, which every client's
 * runtime config imports) becomes build/lambda-credential-provider.ts, the keys
 * Lambda puts in the environment (that module says why, with AWS's sentence).
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const LAMBDA_PROVIDER = fileURLToPath(new URL('./lambda-credential-provider.ts', import.meta.url));

export const lambdaCredentials: Plugin = {
  name: 'lambda-credentials',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: LAMBDA_PROVIDER }));
  },
};
