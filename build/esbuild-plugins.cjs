/**
 * The esbuild plugins of the Lambda bundles (build/lambda-plugins.ts): serverless.yml
 * names this file (`custom.esbuild.plugins`) and serverless-esbuild require()s it, so
 * it is CommonJS and loads the TypeScript list through tsx (a dev dependency, as osls).
 */
'use strict';

const { require: tsRequire } = require('tsx/cjs/api');

module.exports = [...tsRequire('./lambda-plugins.ts', __filename).LAMBDA_PLUGINS];
