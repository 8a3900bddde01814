/**
 * An esbuild plugin for the Lambda bundles: `@aws-lambda-powertools/jmespath` (23 KB,
 * imported by Powertools idempotency whether or not an expression is configured)
 * becomes build/jmespath-not-packaged.ts, which fails loudly if an expression is
 * ever evaluated. engine/pipeline/dedup.ts hands Powertools the delivery key itself,
 * so none is. Every subpath resolves to the stand-in: an import of a name it does
 * not export fails the build, not a deployed function.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const STAND_IN = fileURLToPath(new URL('./jmespath-not-packaged.ts', import.meta.url));

export const powertoolsJmespath: Plugin = {
  name: 'powertools-jmespath',
  setup(build) {
    build.onResolve({ filter: /^@aws-lambda-powertools\/jmespath(?:\/|$)/ }, () => ({ path: STAND_IN }));
  },
};
