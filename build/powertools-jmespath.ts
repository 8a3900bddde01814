/**
 * An esbuild plugin for the Lambda bundles: `@aws-lambda-powertools/jmespath` (23 KB,
 * imported by Powertools idempotency whether or not an expression is configured)
 * becomes build/jmespath-not-packaged.ts, which fails loudly if an expression is
 * ever evaluated. engine/pipeline/dedup.ts hands Powertools the delivery key itself,
 * so none is. Every subpath resolves to the stand-in: an import of a name it does
 * not export fails the build, not a deployed function.
 */
import { standIn } from './stand-in.ts';

export const powertoolsJmespath = standIn('powertools-jmespath', /^@aws-lambda-powertools\/jmespath(?:\/|$)/, './jmespath-not-packaged.ts');
