/**
 * The AWS SDK clients' default credential provider as the Lambda bundles ship it,
 * in place of `@aws-sdk/credential-provider-node` (build/lambda-credentials.ts
 * swaps it in; the CLI keeps the SDK's full chain: profiles, SSO, and the rest).
 *
 * In Lambda the node chain's first link always answers. AWS: "Lambda runtimes set
 * several environment variables during initialization. [...] AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN – The access keys obtained from the
 * function's execution role."
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime)
 * Its other links (SSO, shared ini files, credential_process, web identity, IMDS)
 * and the STS/SSO clients they carry are about 100 KB of every bundle that never
 * run there. Kept: the container-credentials endpoint (`AWS_CONTAINER_CREDENTIALS_*`,
 * 4 KB), which execution environments that hand out no keys in the environment
 * use; the `local` stage gives dummy keys (deploy/local-stage.ts).
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';
import { fromHttp, type FromHttpOptions } from '@aws-sdk/credential-provider-http';

/** What a client hands the provider it makes (its logger among them). */
type ProviderInit = FromEnvInit & FromHttpOptions;
type Provider = ReturnType<typeof fromEnv>;

const CONTAINER_VARS = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] as const;

/**
 * The keys of the environment, else the container endpoint when one is named, else
 * the environment provider's own error ("Unable to find environment variable
 * credentials."). The client memoizes the result and refreshes it before it expires.
 */
export const defaultProvider = (init: ProviderInit = {}): Provider => {
  const fromKeys = fromEnv(init);
  return async () => {
    try {
      return await fromKeys();
    } catch (error) {
      if (!CONTAINER_VARS.some((name) => process.env[name])) throw error;
      // Made here: fromHttp reads its variables when made, and throws when none is set.
      return fromHttp(init)();
    }
  };
};
