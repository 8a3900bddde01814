/**
 * The esbuild plugins of the Lambda bundles, in one list: serverless-esbuild gets it
 * through esbuild-plugins.cjs (serverless.yml `custom.esbuild.plugins`) and
 * bench/lambdas.ts builds with it, so the bench measures what `npm run package` makes.
 * The SDK clients' schema modules are `sdkDeclaredErrors`' (which inlines their keys as
 * the CLI's `awsSdkSchemaKeys` does, and drops the errors no sent operation declares).
 */
import type { Plugin } from 'esbuild';
import { awsSdkPackageInfo } from './aws-sdk-package-info.ts';
import { dynamodbEndpointCache } from './dynamodb-endpoint-cache.ts';
import { keptClassNames } from './kept-names.ts';
import { bannerWhereRequired } from './lambda-banner.ts';
import { catalogueSuggest } from './catalogue-suggest.ts';
import { lambdaChunks } from './lambda-chunks.ts';
import { lambdaCredentials } from './lambda-credentials.ts';
import { lazyBuiltins } from './builtins-by-require.ts';
import { packagedActionServices } from './packaged-action-services.ts';
import { powertoolsJmespath } from './powertools-jmespath.ts';
import { s3GetObject } from './s3-get-object.ts';
import { sdkBarrels } from './sdk-barrels.ts';
import { sdkBrowserUserAgent } from './sdk-browser-user-agent.ts';
import { sdkDeclaredErrors } from './sdk-declared-errors.ts';
import { sdkEndpointNodes } from './sdk-endpoint-nodes.ts';
import { sdkPartitions } from './sdk-partitions.ts';
import { sdkUnreached } from './sdk-unreached.ts';
import { smithyEventStreams } from './smithy-event-streams.ts';

export const LAMBDA_PLUGINS: readonly Plugin[] = [sdkDeclaredErrors, awsSdkPackageInfo, smithyEventStreams, ...s3GetObject, ...sdkUnreached, lambdaCredentials, dynamodbEndpointCache, packagedActionServices, powertoolsJmespath, catalogueSuggest, lazyBuiltins, keptClassNames, sdkBrowserUserAgent, sdkBarrels, sdkEndpointNodes, sdkPartitions, lambdaChunks, bannerWhereRequired];
