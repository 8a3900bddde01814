import { join } from 'node:path';
import { build, type BuildOptions, type Plugin, type StdinOptions } from 'esbuild';
import { ROOT } from '../../build/build.ts';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';

/** A test's entry module, written in TypeScript, its imports resolved from the project's root. */
export const entryStdin = (contents: string): StdinOptions => ({ contents, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' });

/**
 * `contents` bundled into `outfile` as `npm run package` bundles a function
 * (build/lambda-build-options.ts), with `options` over its settings (other plugins, a log level).
 */
export function lambdaBundle(contents: string, outfile: string, options: BuildOptions = {}) {
  return build({ ...lambdaBuildOptions(), ...options, stdin: entryStdin(contents), outfile });
}

/**
 * Bundles `contents` (imports resolved from the project's root) as the Lambdas' ESM for
 * Node, with `plugins`, into `<dir>/<name>.mjs`: how the build tests compare a module
 * with and without a plugin. Returns the file and its size.
 */
export async function bundleStdin(dir: string, name: string, contents: string, plugins: Plugin[]): Promise<{ file: string; bytes: number }> {
  const file = join(dir, `${name}.mjs`);
  const result = await build({
    stdin: { contents, resolveDir: ROOT },
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    plugins,
    metafile: true,
    logLevel: 'error',
  });
  return { file, bytes: Object.values(result.metafile.outputs)[0]!.bytes };
}
