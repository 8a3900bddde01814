import type { Metafile } from 'esbuild';

/**
 * The modules with code in a bundle, every output counted but source maps (esbuild's
 * `metafile.inputs`, and each output's inputs, also list modules tree-shaken to nothing:
 * their `bytesInOutput` is 0). Paths as esbuild gives them, relative to the working directory.
 */
export function modulesWithCode(metafile: Metafile): string[] {
  const modules = new Set<string>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) modules.add(input);
  }
  return [...modules];
}

/** The modules with code in `entry` bundled alone for Node (dependencies left out): what a bundle that reaches it takes of the project. */
export async function modulesOfBundle(entry: string): Promise<string[]> {
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true });
  return modulesWithCode(result.metafile);
}
