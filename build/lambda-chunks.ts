/**
 * Where a Lambda bundle's chunks go. serverless.yml sets esbuild's code `splitting`, so
 * a module a function loads with `import()` (the actions runtime,
 * functions/actions-chunk.ts; the rule language) is a chunk of its own, tree-shaken
 * as the function is, and loaded only when first needed. serverless-esbuild builds one
 * function per esbuild build, into one folder for all of them, and zips for each
 * function every file of that folder except those starting with another function's
 * bundle name and a dot (its `.mjs` and `.mjs.map`; pack.js `bundleExcludedFiles`). So
 * each function's chunks go into `<its bundle name>.chunks/`: in its own zip only.
 *
 * A build of one output file (`outfile`: the tests that bundle a snippet with the
 * functions' settings, the bench's DynamoDB-only bundle) is not split: esbuild splits
 * only into a folder.
 */
import { basename, extname } from 'node:path';
import type { Plugin } from 'esbuild';

/** The chunks' folder of a function's bundle, beside it. */
export const chunksFolder = (bundleName: string): string => `${bundleName}.chunks`;

/** A split build with more than one entry: its chunks would be shared, so no one function's zip could hold them alone. */
export class SharedChunksError extends Error {
  constructor(readonly entries: readonly string[]) {
    super(`a Lambda bundle is built from one entry, so that its chunks are its own; got ${entries.length}: ${entries.join(', ')}`);
    this.name = new.target.name;
  }
}

export const lambdaChunks: Plugin = {
  name: 'lambda-chunks',
  setup(build) {
    const options = build.initialOptions;
    if (!options.splitting) return;
    if (options.outfile !== undefined) {
      options.splitting = false;
      return;
    }
    const entries = options.entryPoints ?? [];
    // each entry's output name: a path's file name without its extension, else the name given
    const names = Array.isArray(entries) ? entries.map((e) => (typeof e === 'string' ? basename(e, extname(e)) : e.out)) : Object.keys(entries);
    if (names.length !== 1) throw new SharedChunksError(names);
    options.chunkNames = `${chunksFolder(names[0]!)}/[name]-[hash]`;
  },
};
