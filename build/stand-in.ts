/**
 * The esbuild plugin that the Lambda bundles' stand-ins are made with: an import
 * matching `filter` (from a module matching `importer`, when given) resolves to
 * `file` of build/ instead of the package.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

export function standIn(name: string, filter: RegExp, file: string, importer?: RegExp): Plugin {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => (!importer || importer.test(args.importer) ? { path } : undefined));
    },
  };
}
