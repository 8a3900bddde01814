/**
 * serverless.yml's `custom.esbuild` as esbuild options (the keys serverless-esbuild
 * passes on), with the plugins and the stage's `define` and extension: a function
 * bundled as `npm run package` bundles it, for the bench (bench/lambdas.ts) and for
 * tests that run code bundled as a function is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { parse } from 'yaml';
import { packagedActionsDefine } from '../deploy/actions.ts';
import { bundleExtension, packagedS3FolderDefine } from '../deploy/local-stage.ts';
import { ROOT } from './build.ts';
import { LAMBDA_PLUGINS } from './lambda-plugins.ts';

/** The stage `npm run package` packages (package.json). */
const PACKAGE_STAGE = 'ci';

export function lambdaBuildOptions(stage = PACKAGE_STAGE): BuildOptions {
  const yml = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { customTags: [{ tag: '!Ref', resolve: (v: string) => v }] });
  const e = yml.custom.esbuild;
  return {
    bundle: e.bundle,
    format: e.format,
    platform: e.platform,
    mainFields: e.mainFields,
    target: e.target,
    minify: e.minify,
    keepNames: e.keepNames,
    legalComments: e.legalComments,
    charset: e.charset,
    sourcemap: e.sourcemap,
    sourcesContent: e.sourcesContent,
    external: e.external,
    banner: e.banner,
    // Each function's lazily imported modules in chunks of its own (build/lambda-chunks.ts).
    splitting: e.splitting,
    // The stage's actions back end and S3 folder reader (serverless.yml resolves `define` per stage).
    define: { ...packagedActionsDefine(yml.params[stage]?.actionsBackend ?? yml.params.default.actionsBackend), ...packagedS3FolderDefine(stage) },
    // The stage's extension (serverless.yml resolves it per stage).
    outExtension: { '.js': bundleExtension(stage) },
    plugins: [...LAMBDA_PLUGINS],
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'error',
  };
}
