/**
 * An esbuild plugin for the Lambda bundles: the Node built-ins that a dependency
 * imports for a path the functions never take are loaded when that path first reads
 * them, not at init. An ES import of a built-in loads it with the bundle, and these
 * cost: `node:stream/web` (the web streams, 2.8 ms of CPU on Node 22 where the
 * DynamoDB-only bundle's init is 30) and `vm` (0.8 ms).
 *
 * - @middy/core checks a response against `ReadableStream` only for a handler made with
 *   `streamifyResponse` (no function is).
 * - jsonpath-plus keeps `vm` for script expressions, which engine/actions/render.ts
 *   turns off (`eval: false`).
 *
 * The import becomes a CommonJS module of getters that `require` the built-in at the
 * first read; esbuild reads a CommonJS module's imports as property reads where they
 * are used, so nothing runs before.
 */
import type { Plugin } from 'esbuild';

interface LazyImport {
  /** The module that imports the built-in. */
  readonly importer: RegExp;
  readonly builtin: string;
  /** The names it reads of the built-in (its named imports, or what it reads off the default import). */
  readonly names: readonly string[];
}

const LAZY: readonly LazyImport[] = [
  { importer: /[\\/]@middy[\\/]core[\\/]index\.js$/, builtin: 'node:stream/web', names: ['ReadableStream'] },
  { importer: /[\\/]jsonpath-plus[\\/]dist[\\/]index-node-esm\.js$/, builtin: 'vm', names: ['Script'] },
];
const NAMESPACE = 'lazy-builtin';

/** A CommonJS module whose properties load `builtin` when first read. */
export function lazyModule({ builtin, names }: Pick<LazyImport, 'builtin' | 'names'>): string {
  const getters = names.map((name) => `get ${name}() { return load().${name}; }`);
  return `let m; const load = () => (m ??= require(${JSON.stringify(builtin)}));\nmodule.exports = { ${getters.join(', ')} };\n`;
}

export const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(?:${LAZY.map((l) => l.builtin.replace(/[/]/g, '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      const lazy = LAZY.find((l) => l.builtin === args.path && l.importer.test(args.importer));
      return lazy ? { path: lazy.builtin, namespace: NAMESPACE, pluginData: lazy } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: lazyModule(args.pluginData as LazyImport), loader: 'js' }));
  },
};
