/**
 * An esbuild plugin for the Lambda bundles, which are minified without `keepNames`
 * (serverless.yml), and the CLI and library bundles (not minified, but esbuild renames a
 * class that refers to itself, `class _InvalidRuleFunctionError`): the classes whose names code reads keep them, as a static `name`
 * field, where `keepNames` on every function and class cost 24-45 KB a bundle. A
 * field with a literal value leaves the class as free of side effects as it was, so
 * an unused class still drops out (a `keepNames` static block would keep it).
 *
 * - The project's errors take their `name` from `new.target.name` (grammar/errors.ts,
 *   engine/rules/store.ts, engine/actions/runtime.ts), and Chevrotain names a parser
 *   by `this.constructor.name`: every class of a project module that declares a
 *   subclass is named.
 * - Library classes read by name: the AWS SDK's `NoOpLogger` (`logger.constructor.name
 *   === "NoOpLogger"` sends the SDK's warnings to the console, and keeps a no-op logger
 *   out of the HTTP handler) and Powertools' `BatchProcessor` (`processSync` checks
 *   `this.constructor.name`).
 *
 * Every other name read in the bundles (checked over all of them) is an error's own
 * `name` property, set as a string, or a built-in's (`Set`, `Map`, `ReadableStream`);
 * the SDK's exceptions are matched by prototype first and by class name only across
 * two copies of the SDK, which a bundle never holds.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Loader, Plugin, PluginBuild } from 'esbuild';

/** Library modules declaring a class whose name is read. */
const LIBRARY_CLASSES = [
  /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]smithy-client[\\/]NoOpLogger\.js$/,
  /[\\/]@aws-lambda-powertools[\\/]batch[\\/]lib[\\/]esm[\\/]BatchProcessor\.js$/,
];
/** TypeScript modules: the project's own, unless under node_modules (Go regular expressions have no look-ahead). */
const TS_MODULE = /\.ts$/;
const DEPENDENCY = /[\\/]node_modules[\\/]/;
/** A subclass declaration (an error's `new.target.name`, a parser's `constructor.name`). */
const SUBCLASS = /\bclass\s+\w+(?:\s*<[^{]*>)?\s+extends\b/;
/** A named class's head in esbuild's JavaScript output (no type parameters or `implements` left). */
const CLASS_HEAD = /\bclass\s+([A-Za-z_$][\w$]*)(\s+extends\s+[^{]+)?\s*\{/g;

/** JavaScript source with a static `name` field, holding its own name, opening each named class. */
const nameClasses = (js: string): string => js.replace(CLASS_HEAD, (head, name: string) => `${head} static name = ${JSON.stringify(name)};`);

/**
 * The module as JavaScript with its classes named, through the build's own esbuild
 * (`build.esbuild`: an esbuild imported here by serverless-esbuild's tsx would look
 * for its binary under a path tsx marked, and fail).
 */
async function withNames(build: PluginBuild, path: string, source: string, loader: Loader) {
  const target = build.initialOptions.target;
  const out = await build.esbuild.transform(source, {
    loader,
    sourcemap: 'inline',
    sourcefile: path,
    ...(target ? { target } : {}),
    // What tsconfig.json gives the bundler that changes the emitted code.
    tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
  });
  return { contents: nameClasses(out.code), loader: 'js' as const, resolveDir: dirname(path) };
}

export const keptClassNames: Plugin = {
  name: 'kept-class-names',
  setup(build) {
    build.onLoad({ filter: TS_MODULE }, async (args) => {
      if (DEPENDENCY.test(args.path)) return undefined;
      const source = await readFile(args.path, 'utf8');
      return SUBCLASS.test(source) ? withNames(build, args.path, source, 'ts') : undefined;
    });
    for (const filter of LIBRARY_CLASSES) build.onLoad({ filter }, async (args) => withNames(build, args.path, await readFile(args.path, 'utf8'), 'js'));
  },
};
