/**
 * The esbuild plugins of the Lambda bundles: serverless.yml names this file
 * (`custom.esbuild.plugins`) and serverless-esbuild require()s it, so it is
 * CommonJS and loads the TypeScript plugin through tsx (a dev dependency, as osls).
 */
'use strict';

const { require: tsRequire } = require('tsx/cjs/api');

module.exports = [tsRequire('./aws-sdk-schemas.ts', __filename).awsSdkSchemaKeys];
