/**
 * An esbuild plugin for the Lambda bundles: a build whose entry point is the handler
 * module of a function in deploy/functions.ts `FUNCTIONS` that runs actions gets the
 * `define` of the aws back end's services its sources' actions do not call
 * (deploy/actions.ts `packagedFunctionDefine`), so the bundle holds no client for
 * them (engine/actions/aws/backend.ts), and no transcript matching when none of its
 * sources has a transcript condition (engine/compile/transcript-packaged.ts).
 * serverless-esbuild builds each function on its own (`package.individually`), one
 * entry point per build; a build of anything else (the bench's DynamoDB-only bundle,
 * a test fixture's handler) is left as is.
 */
import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { packagedFunctionDefine } from '../deploy/actions.ts';
import { FUNCTIONS } from '../deploy/functions.ts';
import { handlerModule } from '../deploy/spec.ts';

/** The entry point files of a build, absolute and without extension. */
function entryFiles(options: BuildOptions): string[] {
  const cwd = options.absWorkingDir ?? process.cwd();
  const entries = options.entryPoints ?? [];
  const paths = Array.isArray(entries) ? entries.map((e) => (typeof e === 'string' ? e : e.in)) : Object.values(entries);
  return paths.map((p) => resolve(cwd, p).replace(/\.[cm]?[jt]s$/, ''));
}

export const packagedActionServices: Plugin = {
  name: 'packaged-action-services',
  setup(build) {
    const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
    const entries = entryFiles(build.initialOptions);
    if (entries.length !== 1) return;
    const spec = FUNCTIONS.find((f) => resolve(cwd, handlerModule(f)) === entries[0]);
    if (!spec?.runsActionsOf) return;
    build.initialOptions.define = { ...build.initialOptions.define, ...packagedFunctionDefine(spec.runsActionsOf) };
  },
};
