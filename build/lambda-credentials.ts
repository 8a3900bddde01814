/**
 * An esbuild plugin for the Lambda bundles only: the AWS SDK clients' default
 * credential chain (`@aws-sdk/credential-provider-node`, which every client's
 * runtime config imports) becomes build/lambda-credential-provider.ts, the keys
 * Lambda puts in the environment (that module says why, with AWS's sentence).
 */
import { standIn } from './stand-in.ts';

export const lambdaCredentials = standIn('lambda-credentials', /^@aws-sdk\/credential-provider-node$/, './lambda-credential-provider.ts');
