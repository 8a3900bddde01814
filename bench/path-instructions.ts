/**
 * The whole path of an event (parse both files, build, match every rule: the rule-set
 * cell of `npm run bench`) counted in instructions, which the machine's load does not
 * change, for 1 and 500 rules and their ratio (issue 13's "500 rules cost ≤ 1.5× one
 * rule"), for one tree or several compared:
 *
 *   node --import tsx bench/path-instructions.ts [tree ...] [--rounds 3] [--events 4000] [--warmup 1000] [--sizes 1,500] [--jobs 2] [--node-flags "…"] [--keep DIR]
 *
 * Each tree (default `.`; another is e.g. `git worktree add /tmp/<you>/old <sha>` or
 * `git archive <sha> | tar -x -C /tmp/<you>/old`, with a `node_modules` link to this
 * tree's) is bundled by esbuild with THIS tree's workload (bench/workload.ts: the same
 * 200 calls and 500 rules for every tree) into a temporary folder. Each count is a fresh
 * `node --predictable --expose-gc` (one thread, so the collector and compiler run on the
 * counted thread; fixed hash and random seeds) under `setarch -R valgrind --tool=callgrind
 * --instr-atstart=no`: it runs `--warmup` events uninstrumented (the code reaches its
 * optimised tiers), then a full collection (`gc()`), then instrumentation is switched on
 * (`callgrind_control -i on <pid>`, the child blocked on its stdin meanwhile) for
 * `--events` events, then off. The garbage of the window is collected in the window as it
 * would be in a Lambda (several thousand events hold many scavenges, so where they fall
 * averages out); none of the warm-up's is. One round counts every tree at every size;
 * rounds repeat it (`--jobs` counts run at once: counts do not depend on the load, so
 * use both cores when they are free). Prints, per tree and size, instructions an event
 * (median of the rounds, each round's, and the spread: (max − min) ÷ median), and the
 * 500 ÷ 1 ratio per round and its median; for two or more trees, each tree against the
 * first by size.
 *
 * The window also holds TurboFan compiling functions that reach it late (a function run
 * once an event is optimised after thousands of events, and again after a collection
 * drops what its code depended on): ~10 % of one rule's count, once a function and not
 * per event, and it moves with any change to which functions are hot (session 15: most
 * of a +1.1 % at one rule). So each count is also given without it: the instructions
 * inside `Runtime_CompileOptimized` (inclusive, by `callgrind_annotate`) taken off, the
 * second table. Read both; a change that moves only the first moved the compiler's work.
 * `--keep DIR` keeps each count's callgrind output (`DIR/r<round>-t<tree>-s<size>.out`,
 * trees numbered from 0 in the order given) for `callgrind_annotate` by function (V8's
 * generated code shows as addresses, `???:0x…`; its runtime, builtins and collector by name).
 *
 * One count of 4,000 events takes ~1–2 minutes of CPU (valgrind slows Node ~50×); the
 * default (1 tree, 2 sizes, 3 rounds) ~6–10 minutes of CPU. Not part of `npm run bench`.
 * Needs valgrind (apt-get install valgrind). Counts are of this machine's Node (the
 * `node` on the PATH); they include V8's compiler and collector as run in the window.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

const WORKLOAD = resolve(import.meta.dirname, 'workload.ts');

/** The counted program: a tree's whole path on this tree's workload; protocol with the parent on stdin/stdout. */
function entrySource(root: string): string {
  const at = (p: string) => JSON.stringify(join(root, p));
  // The files read as the tree's pipeline reads them (parseEventText since session 10), else by JSON.parse.
  const hasText = existsSync(join(root, 'engine/ingest/event-text.ts'));
  return `
import { readSync, writeSync } from 'node:fs';
import { buildTriggerEvent } from ${at('engine/context/index.ts')};
import { compileRuleSet } from ${at('engine/ruleset/index.ts')};
import { checkFunction } from ${at('grammar/index.ts')};
${hasText ? `import { parseEventText as parse } from ${at('engine/ingest/event-text.ts')};` : 'const parse = (text) => JSON.parse(text);'}
import { generateCalls, generateRules } from ${JSON.stringify(WORKLOAD)};
const SOURCE = 'OnPostCallAnalysisAvailable';
const size = Number(process.env.PATH_SIZE), events = Number(process.env.PATH_EVENTS), warmup = Number(process.env.PATH_WARMUP);
const calls = generateCalls(200);
const documents = generateRules(500).slice(0, size).map((r) => checkFunction(r.function, SOURCE).document);
const set = compileRuleSet(documents.map((d, i) => ({ name: 'rule-' + i, source: SOURCE, function: d })));
const event = (k) => buildTriggerEvent({ event: parse(calls[k % 200].analysis, 'analysis'), contact: parse(calls[k % 200].ctr, 'ctr') });
const say = (word) => writeSync(1, word + '\\n');
// Blocks until the parent writes a line (it switches the count on or off meanwhile).
const hear = () => { const b = Buffer.alloc(1); while (readSync(0, b, 0, 1, null) === 1 && b[0] !== 10); };
let matched = 0;
for (let k = 0; k < warmup; k++) matched += set.match(event(k)).length;
gc();
say('ready'); hear();
for (let k = 0; k < events; k++) matched += set.match(event(k)).length;
say('done'); hear();
say('matched ' + matched);
`;
}

async function bundle(root: string, dir: string, index: number): Promise<string> {
  const outfile = join(dir, `tree-${index}.mjs`);
  // createRequire for the CommonJS dependencies esbuild keeps as require() in an ESM bundle.
  await build({
    stdin: { contents: entrySource(root), resolveDir: root, sourcefile: 'path-instructions-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __pathRequire } from 'node:module'; const require = __pathRequire(import.meta.url);" },
  });
  return outfile;
}

interface Count {
  readonly instructions: number;
  /** Of them, inside V8's optimising compiler (Runtime_CompileOptimized, inclusive). */
  readonly compiler: number;
  readonly matched: number;
}

/** Instructions inside `Runtime_CompileOptimized` (TurboFan's compiles, inclusive) in a callgrind output. */
function compilerInstructions(out: string): number {
  const text = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', out], { encoding: 'utf8', maxBuffer: 512 << 20 });
  const line = text.split('\n').find((l) => l.includes(':v8::internal::Runtime_CompileOptimized('));
  return line ? Number(/^\s*([\d,]+)/.exec(line)![1]!.replaceAll(',', '')) : 0;
}

/** One fresh Node under callgrind: instructions of `events` events after the warm-up and a full collection. */
function countOnce(bundleFile: string, size: number, o: Options, dir: string, tag: string): Promise<Count> {
  const log = join(dir, `${tag}.log`);
  const out = join(dir, `${tag}.out`);
  const env = { ...process.env, PATH_SIZE: String(size), PATH_EVENTS: String(o.events), PATH_WARMUP: String(o.warmup) };
  const child = spawn(
    'setarch',
    ['-R', 'valgrind', '--tool=callgrind', '--instr-atstart=no', `--log-file=${log}`, `--callgrind-out-file=${out}`, 'node', ...o.nodeFlags, bundleFile],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const control = (on: boolean) => execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(child.pid)], { stdio: 'ignore' });
  let matched = -1;
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (line === 'ready') {
      control(true);
      child.stdin!.write('go\n');
    } else if (line === 'done') {
      control(false);
      child.stdin!.write('stop\n');
    } else if (line.startsWith('matched ')) matched = Number(line.slice(8));
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      const m = /Collected\s*:\s*(\d+)/.exec(text);
      if (code !== 0 || !m || matched < 0) return fail(new Error(`${tag}: exit ${code}, no count; valgrind's log:\n${text}`));
      done({ instructions: Number(m[1]), compiler: compilerInstructions(out), matched });
    });
  });
}

interface Options {
  readonly rounds: number;
  readonly events: number;
  readonly warmup: number;
  readonly sizes: readonly number[];
  readonly jobs: number;
  readonly nodeFlags: readonly string[];
  /** Where to keep the callgrind outputs (undefined: a temporary folder, removed at the end). */
  readonly keep: string | undefined;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: readonly number[]): string => `${(((Math.max(...xs) - Math.min(...xs)) / median(xs)) * 100).toFixed(2)} %`;
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(trees: readonly string[], o: Options): Promise<void> {
  const dir = o.keep ?? mkdtempSync(join(tmpdir(), 'path-instructions-'));
  if (o.keep) mkdirSync(o.keep, { recursive: true });
  try {
    const bundles = await Promise.all(trees.map((t, i) => bundle(t, dir, i)));
    // The work in round order, so a stopped run still has whole rounds; `jobs` at once.
    const work = Array.from({ length: o.rounds }, (_, round) => trees.flatMap((_, t) => o.sizes.map((size) => ({ round, t, size })))).flat();
    const results = new Map<string, Count>();
    const key = (round: number, t: number, size: number) => `${round} ${t} ${size}`;
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const { round, t, size } = work[next++]!;
        const c = await countOnce(bundles[t]!, size, o, dir, `r${round}-t${t}-s${size}`);
        results.set(key(round, t, size), c);
        process.stderr.write(`round ${round + 1}, ${trees[t]}, ${size} rule(s): ${thousands(c.instructions / o.events)} instructions an event, ${thousands(c.compiler / o.events)} of them compiling (${c.matched} matches)\n`);
      }
    };
    await Promise.all(Array.from({ length: o.jobs }, worker));

    const rounds = Array.from({ length: o.rounds }, (_, r) => r);
    const nodeVersion = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
    console.log(
      `Whole path (parse + build + match) in instructions an event: node ${nodeVersion} ${o.nodeFlags.join(' ')}, ` +
        `${o.events} events counted after ${o.warmup} uncounted and a full GC, ${o.rounds} round(s); median [each round] spread`,
    );
    const table = (title: string, of: (c: Count) => number) => {
      const perEvent = (t: number, size: number) => rounds.map((r) => of(results.get(key(r, t, size))!) / o.events);
      console.log(`\n${title}\n`);
      console.log(`| tree | ${o.sizes.map((s) => `${s} rule(s)`).join(' | ')}${o.sizes.length === 2 ? ` | ${o.sizes[1]} ÷ ${o.sizes[0]}` : ''} |`);
      console.log(`| --- | ${o.sizes.map(() => '---:').join(' | ')}${o.sizes.length === 2 ? ' | ---: |' : ' |'}`);
      trees.forEach((tree, t) => {
        const cells = o.sizes.map((size) => {
          const xs = perEvent(t, size);
          return `${thousands(median(xs))} [${xs.map(thousands).join(', ')}] ${spread(xs)}`;
        });
        if (o.sizes.length === 2) {
          // The ratio of each round's two counts, then their median.
          const [a, b] = o.sizes.map((size) => perEvent(t, size));
          const ratios = rounds.map((r) => b![r]! / a![r]!);
          cells.push(`${median(ratios).toFixed(3)}× [${ratios.map((x) => x.toFixed(3)).join(', ')}]`);
        }
        console.log(`| ${tree} | ${cells.join(' | ')} |`);
      });
      for (let t = 1; t < trees.length; t++) {
        const diffs = o.sizes.map((size) => {
          const [base, other] = [median(perEvent(0, size)), median(perEvent(t, size))];
          return `${size} rule(s) ${other >= base ? '+' : '−'}${thousands(Math.abs(other - base))} (${(((other - base) / base) * 100).toFixed(2)} %)`;
        });
        console.log(`${trees[t]} against ${trees[0]}, medians: ${diffs.join('; ')}`);
      }
    };
    table('Everything in the window:', (c) => c.instructions);
    table("Without V8's optimising compiler (its compiles in the window, once a function, taken off):", (c) => c.instructions - c.compiler);
    table('The optimising compiler alone:', (c) => c.compiler);
    for (const size of o.sizes) {
      const answers = new Set(trees.flatMap((_, t) => rounds.map((r) => results.get(key(r, t, size))!.matched)));
      if (answers.size > 1) {
        console.error(`warning: with ${size} rule(s) the counts matched different numbers of rules (${[...answers].join(', ')}): the trees do not give the same answers`);
        process.exitCode = 1;
      }
    }
  } finally {
    if (o.keep) console.log(`\nCallgrind outputs kept in ${o.keep} (r<round>-t<tree>-s<size>.out, from 0).`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
};
const options: Options = {
  rounds: Number(flag('--rounds', '3')),
  events: Number(flag('--events', '4000')),
  warmup: Number(flag('--warmup', '1000')),
  sizes: flag('--sizes', '1,500').split(',').map(Number),
  jobs: Number(flag('--jobs', '2')),
  nodeFlags: flag('--node-flags', '--predictable --expose-gc').split(/\s+/).filter(Boolean),
  keep: ((k) => (k ? resolve(k) : undefined))(flag('--keep', '')),
};
for (const [name, v] of Object.entries(options)) if (typeof v === 'number' && !(Number.isInteger(v) && v > 0)) throw new Error(`--${name}: a positive whole number, not ${v}`);
if (options.sizes.some((s) => !(Number.isInteger(s) && s >= 1 && s <= 500))) throw new Error(`--sizes: rule counts from 1 to 500, not ${options.sizes.join(',')}`);
await main((args.length ? args : ['.']).map((t) => resolve(t)), options);
