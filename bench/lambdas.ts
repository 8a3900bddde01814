/**
 * Lambda footprint, for `npm run bench`: every function of deploy/serverless.ts
 * bundled as `npm run package` bundles it (serverless.yml's `custom.esbuild`
 * settings and plugins, through esbuild directly: seconds, not osls's minute),
 * then its code size (maps apart) and the CPU time of its module init (import in
 * a fresh Node process, median of several rounds that take every bundle in turn),
 * next to a bundle that holds only the DynamoDB client, built with the same settings
 * and plugins (and, for reference, the same client with the SDK's default credential
 * chain, which build/lambda-credentials.ts takes out of every Lambda bundle). Init is
 * measured with and without `--enable-source-maps`. A function's code is every chunk
 * of it (serverless.yml splits each bundle, build/lambda-chunks.ts); init imports the
 * bundle (and the chunks it imports statically), and "first action" also the chunks a
 * delivery whose rules act loads then: the rule language and the actions runtime.
 * Issue 13's targets: code ≤ 600 KB, init ≤ 1.5× the DynamoDB-only bundle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { ROOT } from '../build/build.ts';
import { lambdaBuildOptions } from '../build/lambda-build-options.ts';
import { lambdaCredentials } from '../build/lambda-credentials.ts';
import { FUNCTIONS } from '../deploy/serverless.ts';
import { handlerModule } from '../deploy/spec.ts';

const CODE_BUDGET = 600 * 1024;
const INIT_BUDGET = 1.5;

/** The baseline: a bundle holding only the DynamoDB client (bench/lambda-instructions.ts counts against it too). */
export const BASELINE_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => client.config.region();
`;

interface Bundle {
  readonly name: string;
  readonly file: string;
  /** The chunks a delivery whose rules act loads with import(), after init (in that order). */
  readonly firstAction: readonly string[];
  readonly codeBytes: number;
  readonly mapBytes: number;
  readonly metafile: Metafile;
}

/** The modules whose chunks the first delivery that runs an action loads. */
const FIRST_ACTION_ENTRIES = ['engine/rules/rule-language.ts', 'functions/actions-chunk.ts'];

/** `entry` built with `options` (lambdaBuildOptions(), made once per run), with its plugins unless `plugins` is given. */
async function bundle(name: string, entry: { file: string } | { contents: string }, outdir: string, options: BuildOptions, plugins: readonly Plugin[] = options.plugins!): Promise<Bundle> {
  const result = await build({
    ...options,
    plugins: [...plugins],
    ...('file' in entry ? { entryPoints: { [name]: entry.file } } : { stdin: { contents: entry.contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: 'ts' } }),
    ...('file' in entry ? { outdir } : { outfile: join(outdir, `${name}${String(options.outExtension!['.js'])}`) }),
  });
  const file = join(outdir, `${name}${String(options.outExtension!['.js'])}`);
  const outputs = Object.entries(result.metafile!.outputs);
  // Read from disk: the banner's plugin (build/lambda-banner.ts) rewrites files after esbuild counted them.
  const bytes = (maps: boolean) => outputs.filter(([f]) => f.endsWith('.map') === maps).reduce((n, [f]) => n + statSync(join(ROOT, f)).size, 0);
  const firstAction = FIRST_ACTION_ENTRIES.flatMap((e) => outputs.filter(([, o]) => o.entryPoint === e).map(([f]) => join(ROOT, f)));
  return { name, file, firstAction, codeBytes: bytes(false), mapBytes: bytes(true), metafile: result.metafile! };
}

/** The environment of a bundle's init: Lambda's, with keys that are never used (nothing is sent). */
export const INIT_ENV = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'connect-rules-bench',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // On Node 20 the SDK prints its Node-22 notice from every bundle (dozens in `npm run bench`); the Lambda runtime is Node 22, where it prints none.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** CPU ms of importing `files` in turn in a fresh process (user + system, measured inside it around the imports). */
function initCpuOnce(files: readonly string[], sourceMaps: boolean): number {
  const script =
    `const c = process.cpuUsage(); ${files.map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`).join(' ')}` +
    `const d = process.cpuUsage(c); process.stdout.write(String((d.user + d.system) / 1000));`;
  const out = execFileSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script], {
    cwd: tmpdir(),
    env: INIT_ENV,
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * Median init CPU of each bundle, measured in rounds that take every bundle in turn
 * (with and without source maps, and with the first action's chunks): a change of the
 * machine's load during the run then weighs on every bundle alike, and the ratios hold.
 */
function initCpu(bundles: readonly { file: string; firstAction: readonly string[] }[], runs: number): { plain: number; maps: number; action: number }[] {
  const samples = bundles.map(() => ({ plain: [] as number[], maps: [] as number[], action: [] as number[] }));
  for (let round = 0; round < runs; round++) {
    bundles.forEach(({ file, firstAction }, i) => {
      samples[i]!.plain.push(initCpuOnce([file], false));
      samples[i]!.maps.push(initCpuOnce([file], true));
      samples[i]!.action.push(firstAction.length > 0 ? initCpuOnce([file, ...firstAction], false) : NaN);
    });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return samples.map((s) => ({ plain: median(s.plain), maps: median(s.maps), action: median(s.action) }));
}

/** The packages (or project folders) that put the most bytes into a bundle. */
function largest(metafile: Metafile, count: number): string {
  const by = new Map<string, number>();
  const inputs = Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs));
  for (const [path, { bytesInOutput }] of inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, -1).join('/');
    by.set(pkg, (by.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([p, b]) => `${p} ${Math.round(b / 1024)}`)
    .join(', ');
}

const kb = (n: number): string => `${Math.round(n / 1024)}`;

export async function lambdaTable(runs = 7): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'connect-rules-lambdas-'));
  try {
    // The baseline gets the functions' settings and plugins (the credential swap too);
    // the same client with the SDK's default credential chain is shown beside it.
    const options = lambdaBuildOptions();
    const baseline = await bundle('dynamodb-client-only', { contents: BASELINE_SOURCE }, outdir, options);
    const stock = await bundle('dynamodb-client-only-sdk-chain', { contents: BASELINE_SOURCE }, outdir, options, options.plugins!.filter((p) => p !== lambdaCredentials));
    const bundles: Bundle[] = [];
    for (const spec of FUNCTIONS) {
      bundles.push(await bundle(spec.key, { file: join(ROOT, `${handlerModule(spec)}.ts`) }, outdir, options));
    }
    const [base, stockInit, ...inits] = initCpu([baseline, stock, ...bundles], runs);
    const rows = [
      '| function | code KB | map KB | init CPU ms | × DynamoDB-only | first action: init + its chunks, CPU ms | × DynamoDB-only | init CPU ms, `--enable-source-maps` | largest parts (KB) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      `| DynamoDB client only | ${kb(baseline.codeBytes)} | ${kb(baseline.mapBytes)} | ${base!.plain.toFixed(0)} | 1.0× | | | ${base!.maps.toFixed(0)} | |`,
      `| (for reference: the same with the SDK's default credential chain) | ${kb(stock.codeBytes)} | ${kb(stock.mapBytes)} | ${stockInit!.plain.toFixed(0)} | ${(stockInit!.plain / base!.plain).toFixed(1)}× | | | ${stockInit!.maps.toFixed(0)} | |`,
    ];
    let over = 0;
    bundles.forEach((b, i) => {
      const { plain, maps, action } = inits[i]!;
      const ratio = plain / base!.plain;
      if (b.codeBytes > CODE_BUDGET || ratio > INIT_BUDGET) over++;
      const first = Number.isNaN(action) ? '| | |' : `| ${action.toFixed(0)} | ${(action / base!.plain).toFixed(1)}× |`;
      rows.push(
        `| ${b.name} | ${kb(b.codeBytes)}${b.codeBytes > CODE_BUDGET ? ' ✗' : ''} | ${kb(b.mapBytes)} | ${plain.toFixed(0)} | ${ratio.toFixed(1)}×${ratio > INIT_BUDGET ? ' ✗' : ''} ${first} ${maps.toFixed(0)} | ${largest(b.metafile, 5)} |`,
      );
    });
    return (
      `Lambda bundles (serverless.yml's esbuild settings; init = CPU of importing the bundle in a fresh process, median of ${runs} rounds over all bundles; ` +
      `targets: code ≤ ${CODE_BUDGET / 1024} KB, init ≤ ${INIT_BUDGET}× DynamoDB-only; ✗ = over; ${over} of ${bundles.length} over):\n\n${rows.join('\n')}\n`
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
