/**
 * An esbuild plugin that hands the bundle Node's built-in modules through `require`
 * instead of an ES import, in one of two scopes:
 *
 * - `builtinsByRequire` (the commands built alone, build.ts): every ES import of a
 *   built-in. An ES import (`import { readFileSync } from 'node:fs'`) makes Node build
 *   that module's ES facade, which reads every one of its exports, and so loads all
 *   that the built-in keeps lazy until asked: `node:fs` brings fs/promises and the
 *   streams, `node:util` parseArgs, diff and the worker internals (importing one alone
 *   on Node 22 cost 3 ms for `node:fs` and 4.5 ms for `node:util` on the loaded CI
 *   machine, where a bare `node -e 0` cost 13). Through `require` (the banner makes
 *   one) only what is used is loaded.
 * - `lazyBuiltins` (the Lambda bundles, lambda-plugins.ts): only the imports of `LAZY`,
 *   built-ins that a dependency imports for a path the functions never take. Every
 *   built-in through `require` measured within noise on the Lambda bundles' init
 *   (README, "Measured and not adopted"; again at 37fbcc6, interleaved on Node 22:
 *   -2 to +2 ms a bundle), so they keep their other ES imports.
 *
 * An import `LAZY` lists becomes, in either scope, getters that `require` the built-in
 * at the first read: esbuild reads a CommonJS module's imports as property reads where
 * they are used, so nothing runs before. Dynamic imports of built-ins are left as they
 * are: they are loaded when a command runs, and made into a module here they would
 * each be a chunk of their own.
 */
import { isBuiltin } from 'node:module';
import type { Plugin } from 'esbuild';

interface LazyImport {
  /** The module that imports the built-in. */
  readonly importer: RegExp;
  readonly builtin: string;
  /** The names it reads of the built-in (its named imports, or what it reads off the default import). */
  readonly names: readonly string[];
}

/**
 * Loaded only if read. At init `node:stream/web` (the web streams) cost 2.8 ms of
 * CPU on Node 22, where the DynamoDB-only bundle's init is 30.
 */
const LAZY: readonly LazyImport[] = [
  // @middy/core checks a response against `ReadableStream` only for a handler made with `streamifyResponse` (no function is).
  { importer: /[\\/]@middy[\\/]core[\\/]index\.js$/, builtin: 'node:stream/web', names: ['ReadableStream'] },
];
const NAMESPACE = 'node-builtin';

/** A CommonJS module whose properties load `builtin` when first read. */
function lazyModule({ builtin, names }: Pick<LazyImport, 'builtin' | 'names'>): string {
  const getters = names.map((name) => `get ${name}() { return load().${name}; }`);
  return `let m; const load = () => (m ??= require(${JSON.stringify(builtin)}));\nmodule.exports = { ${getters.join(', ')} };\n`;
}

function byRequire(name: string, scope: 'every' | 'lazy'): Plugin {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        if (args.kind !== 'import-statement' || args.namespace === NAMESPACE || !isBuiltin(args.path)) return undefined;
        const lazy = LAZY.find((l) => l.builtin === args.path && l.importer.test(args.importer));
        return lazy || scope === 'every' ? { path: args.path, namespace: NAMESPACE, pluginData: lazy } : undefined;
      });
      // A CommonJS module: esbuild reads its named imports off `module.exports`, and the
      // `require` call in it stays a require of the built-in (platform: node).
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const lazy = args.pluginData as LazyImport | undefined;
        return { contents: lazy ? lazyModule(lazy) : `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' };
      });
    },
  };
}

/** Every ES import of a built-in through `require`, those of `LAZY` at the first read. */
export const builtinsByRequire: Plugin = byRequire('builtins-by-require', 'every');
/** Only the imports of `LAZY`, through `require` at the first read. */
export const lazyBuiltins: Plugin = byRequire('lazy-builtins', 'lazy');
