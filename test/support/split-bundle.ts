import { join } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const ENTRY = 'connect-rules-test-entry';

/**
 * A test's entry, given as text, bundled as `npm run package` bundles a function: split,
 * its chunks in a folder beside it (build/lambda-chunks.ts). A module the functions load
 * with `import()` (the S3 reader, functions/s3-reader-chunk.ts) is then a chunk
 * tree-shaken as in a Lambda; bundled into one file instead, esbuild would keep the
 * whole of what it reaches (all of client-s3). esbuild splits only entries it resolves,
 * not `stdin`, so the text is served as a module of its own, resolved from `resolveDir`.
 */
export async function buildSplit(options: BuildOptions, name: string, contents: string, resolveDir: string, outdir: string): Promise<{ file: string; metafile: Metafile }> {
  const entry: Plugin = {
    name: 'test-entry',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: 'entry.ts', namespace: ENTRY }));
      b.onLoad({ filter: /.*/, namespace: ENTRY }, () => ({ contents, resolveDir, loader: 'ts' }));
    },
  };
  const result = await build({ ...options, plugins: [entry, ...options.plugins!], entryPoints: { [name]: ENTRY }, outdir });
  return { file: join(outdir, `${name}${options.outExtension?.['.js'] ?? '.js'}`), metafile: result.metafile! };
}
