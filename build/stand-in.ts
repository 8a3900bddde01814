/**
 * The esbuild plugin that the Lambda bundles' stand-ins are made with: an import
 * matching `filter` (from a module matching `importer`, when given) resolves to
 * `file` of build/ instead of the package.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** A module of `pkg`'s ESM build, by its path under dist-es/ (without `.js`): the `importer` of a stand-in made from inside the SDK. */
export function sdkModule(pkg: string, path: string): RegExp {
  const sep = String.raw`[\\/]`;
  const escape = (p: string) => p.replaceAll('.', String.raw`\.`).replaceAll('/', sep);
  return new RegExp(`${sep}${escape(pkg)}${sep}dist-es${sep}${escape(path)}${String.raw`\.js$`}`);
}

export function standIn(name: string, filter: RegExp, file: string, importer?: RegExp): Plugin {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => (!importer || importer.test(args.importer) ? { path } : undefined));
    },
  };
}
