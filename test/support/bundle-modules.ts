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
