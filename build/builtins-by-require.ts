/**
 * An esbuild plugin that hands the bundle Node's built-in modules through
 * `require` instead of an ES import.
 *
 * An ES import of a built-in (`import { readFileSync } from 'node:fs'`) makes Node
 * build that module's ES facade, which reads every one of its exports, and so loads
 * all that the built-in keeps lazy until asked: `node:fs` brings fs/promises and the
 * streams, `node:util` parseArgs, diff and the worker internals (importing one alone
 * on Node 22 cost 3 ms for `node:fs` and 4.5 ms for `node:util` on the loaded CI
 * machine, where a bare `node -e 0` cost 13). Through `require` (the banner makes one)
 * only what is used is loaded. Used in the builds of the commands built alone
 * (build.ts). Dynamic imports of built-ins are left as they are:
 * they are loaded when a command runs, and made into a module here they would each
 * be a chunk of their own.
 */
import { isBuiltin } from 'node:module';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'node-builtin';

export const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) =>
      args.kind === 'import-statement' && args.namespace !== NAMESPACE && isBuiltin(args.path) ? { path: args.path, namespace: NAMESPACE } : undefined,
    );
    // A CommonJS module: esbuild reads its named imports off `module.exports`, and the
    // `require` call in it stays a require of the built-in (platform: node).
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};
