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

/**
 * The modules with code in what a split bundle's init loads: the output of `entry` (a
 * path as esbuild gives it, relative to the working directory) and the chunks it imports
 * statically, transitively; not the chunks it loads with import().
 */
export function initModulesWithCode(metafile: Metafile, entry: string): string[] {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  const first = outputs.find(([, o]) => o.entryPoint === entry);
  if (!first) throw new Error(`no output of ${entry}`);
  const loaded = new Set<string>();
  const pending = [first[0]];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const i of metafile.outputs[file]!.imports) if (i.kind === 'import-statement' && i.path in metafile.outputs) pending.push(i.path);
  }
  return [...new Set([...loaded].flatMap((file) => Object.entries(metafile.outputs[file]!.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([input]) => input)))];
}
