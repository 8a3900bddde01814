/**
 * Lambda init counted in instructions, which the machine's load does not change (CPU
 * time on a shared host varies ±10 % between two copies of the same bundle):
 *
 *   node --import tsx bench/lambda-instructions.ts build <dir> [--readable]   bundle every function and the DynamoDB-only baseline into <dir>
 *   node --import tsx bench/lambda-instructions.ts count <dir>... [--rounds N] [--only a,b]
 *
 * `count` runs valgrind's cachegrind (no cache simulation: instructions only) on a fresh
 * Node importing each bundle, less a Node that imports nothing, for the `node` on the
 * PATH, in rounds over every directory and bundle, and prints each bundle's median and
 * its ratio to the DynamoDB-only bundle of the same directory. Node runs with V8's
 * `--predictable` (one thread, fixed hash seed) and without address randomisation
 * (`setarch -R`): the count of one bundle then repeats to ±0.02 M (without them,
 * compiler and GC threads and addresses make it vary ±1–2 %), so one round does. Two
 * builds that differ by a few KB can still differ by ±2 M for a reason other than their
 * code: where the scavenges fall (some are scheduled as tasks; `--predictable-gc-schedule`
 * removes them but adds ~100 M of its own GC to every init). Whole process, counted, not timed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { ROOT } from '../build/build.ts';
import { lambdaBuildOptions } from '../build/lambda-build-options.ts';
import { FUNCTIONS } from '../deploy/serverless.ts';
import { handlerModule } from '../deploy/spec.ts';
import { BASELINE_SOURCE, INIT_ENV } from './lambdas.ts';

const BASELINE = 'dynamodb-client-only';
async function buildAll(dir: string, readable: boolean): Promise<void> {
  // --readable: one statement a line, for a CPU profile's line ticks (`node --cpu-prof`); not what is packaged.
  // LAMBDA_BUILD_OVERRIDES: esbuild options as JSON over serverless.yml's, to measure one (e.g. {"charset":"ascii"}).
  const overrides = JSON.parse(process.env.LAMBDA_BUILD_OVERRIDES ?? '{}') as BuildOptions;
  const options = { ...lambdaBuildOptions(), ...(readable ? { minify: false, minifySyntax: true, minifyIdentifiers: true } : {}), ...overrides };
  const ext = String(options.outExtension!['.js']);
  // One folder a function: each is its own Lambda, its chunks apart.
  mkdirSync(join(dir, BASELINE), { recursive: true });
  const base = await build({ ...options, stdin: { contents: BASELINE_SOURCE, resolveDir: ROOT, sourcefile: `${BASELINE}.ts`, loader: 'ts' }, outfile: join(dir, BASELINE, `${BASELINE}${ext}`) });
  writeFileSync(join(dir, BASELINE, 'meta.json'), JSON.stringify(base.metafile));
  for (const spec of FUNCTIONS) {
    const result = await build({ ...options, entryPoints: { [spec.key]: join(ROOT, `${handlerModule(spec)}.ts`) }, outdir: join(dir, spec.key) });
    // For reading which modules each file holds (esbuild's analyzer, or a script).
    writeFileSync(join(dir, spec.key, 'meta.json'), JSON.stringify(result.metafile));
  }
}

function count(script: string): number {
  const r = execFileSync('sh', ['-c', `setarch -R valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null node --predictable --input-type=module -e "$0" 2>&1 >/dev/null`, script], { cwd: '/tmp', env: INIT_ENV, encoding: 'utf8' });
  const m = /I\s+refs:\s+([\d,]+)/.exec(r);
  if (!m) throw new Error(`no instruction count in valgrind's output:\n${r}`);
  return Number(m[1]!.replaceAll(',', ''));
}

function entryFile(dir: string, name: string): string {
  const files = readdirSync(join(dir, name)).filter((f) => f.startsWith(`${name}.`) && /\.[cm]?js$/.test(f));
  if (files.length !== 1) throw new Error(`${dir}/${name}: expected one entry file, found ${files.join(', ')}`);
  return join(dir, name, files[0]!);
}

function countAll(dirs: readonly string[], rounds: number, only: readonly string[] | undefined): void {
  const names = [BASELINE, ...FUNCTIONS.map((f) => f.key).filter((k) => !only || only.includes(k))];
  const samples = new Map<string, number[]>();
  const bare: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(count('await 0;'));
    for (const name of names) {
      for (const dir of dirs) {
        const key = `${dir}\t${name}`;
        const n = count(`await import(${JSON.stringify(pathToFileURL(entryFile(dir, name)).href)});`);
        samples.set(key, [...(samples.get(key) ?? []), n]);
        process.stderr.write(`round ${round + 1} ${name} ${dir}: ${(n / 1e6).toFixed(1)} M\n`);
      }
    }
  }
  const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const b = median(bare);
  console.log(`node ${process.versions.node} via PATH: ${execFileSync('node', ['--version'], { env: INIT_ENV, encoding: 'utf8' }).trim()}; bare node ${(b / 1e6).toFixed(1)} M (${bare.map((x) => (x / 1e6).toFixed(1)).join(', ')}); ${rounds} rounds`);
  console.log(`| function | ${dirs.join(' | ')} |`);
  console.log(`| --- | ${dirs.map(() => '---:').join(' | ')} |`);
  for (const name of names) {
    const cells = dirs.map((dir) => {
      const xs = samples.get(`${dir}\t${name}`)!;
      const base = median(samples.get(`${dir}\t${BASELINE}`)!) - b;
      const m = median(xs) - b;
      return `${(m / 1e6).toFixed(1)} M (${(m / base).toFixed(2)}×) [${xs.map((x) => ((x - b) / 1e6).toFixed(1)).join(', ')}]`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'build') {
  await buildAll(resolve(rest.find((a) => !a.startsWith('--'))!), rest.includes('--readable'));
} else if (command === 'count') {
  const flag = (f: string) => {
    const i = rest.indexOf(f);
    if (i < 0) return undefined;
    const v = rest[i + 1]!;
    rest.splice(i, 2);
    return v;
  };
  const rounds = Number(flag('--rounds') ?? 1);
  const only = flag('--only')?.split(',');
  countAll(rest.map((d) => resolve(d)), rounds, only);
} else {
  console.error('usage: lambda-instructions.ts build <dir> | count <dir>... [--rounds N] [--only a,b]');
  process.exitCode = 2;
}
