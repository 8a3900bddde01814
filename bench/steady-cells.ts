/**
 * Issue 13's json-rules-engine targets (and 500 ÷ 1 rule) in steady state, each cell in
 * its own fresh Node process: a check on `npm run bench`'s evaluation table, whose windows
 * follow a forced full GC (json-rules-engine runs 2–3× slower for its first events after
 * one: review revB F1, docs/performance.md "Session 15").
 *
 * A cell is a contender at a rule count. Its process builds only that contender and does
 * the table's per-event work on the table's workload (bench/workload.ts: the same 200
 * calls, the same rules; evaluation.ts's `ruleSetMatches` / `jreMatches`: parse both
 * files, build, evaluate every rule), then:
 * - warms up in blocks of `--block` ms of CPU until two successive blocks' rates agree
 *   within `--agree` (at least `--min-blocks`, at most `--max-blocks`: the output says
 *   whether it converged);
 * - measures one window of `--window` ms of CPU with no forced GC: rate = events ÷ the
 *   process's CPU (process.cpuUsage: V8's collector and compiler threads included, so a
 *   contender pays for its garbage wherever it is collected).
 * The parent runs the cells one after another, interleaved (A B C D, D C B A, …) for
 * `--repeats` repeats, and prints each cell's median and range and each ratio taken
 * repeat by repeat (the two cells of a ratio ran within the same minute). `--jobs 2` runs
 * two cell processes at a time (CPU time is per process; on a busy host it halves the wait).
 *
 * Cells: set (this engine's rule set) and jre (json-rules-engine) at 1 and 500 rules; with
 * `--split`, also the rule set's first steps at 1 rule: set-parse (parseEventText of both
 * files) and set-build (that + buildTriggerEvent), so match = set − set-build.
 *
 *   node --import tsx bench/steady-cells.ts [--repeats 5] [--window 3000] [--split] [--jobs 2]
 *   node --import tsx bench/steady-cells.ts --cells set:500,jre:500 --min-blocks 12   # some cells, a longer warm-up
 *   node --import tsx bench/steady-cells.ts --cell jre:500      # one cell, JSON on stdout
 *
 * Defaults cost ~2 min of CPU (~3 min with --split); wall time is that times the load.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { buildTriggerEvent } from '../engine/context/index.ts';
import { parseEventText } from '../engine/ingest/event-text.ts';
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { jreEngine, jreMatches, median, ruleSetMatches, verdictOf, type Contenders } from './evaluation.ts';
import { generateCalls, generateRules, type CallFiles } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable' as const;
const CALLS = 200;

/** Each contender: what its process builds once for `n` rules, and the work of one event. */
const CONTENDERS: Record<string, (n: number) => (call: CallFiles) => unknown> = {
  set: (n) => {
    // Only the fields ruleSetMatches reads: the process holds no other contender's heap.
    const c = { set: compileRuleSet(ruleEntries(n)) } as Pick<Contenders, 'set'> as Contenders;
    return (call) => ruleSetMatches(c, call);
  },
  jre: (n) => {
    const rules = generateRules(500).slice(0, n);
    const c = { rules, engine: jreEngine(rules) } as Pick<Contenders, 'rules' | 'engine'> as Contenders;
    return (call) => jreMatches(c, call);
  },
  'set-parse': () => (call) => [parseEventText(call.analysis, 'analysis'), parseEventText(call.ctr, 'ctr')],
  'set-build': () => (call) => buildTriggerEvent({ event: parseEventText(call.analysis, 'analysis'), contact: parseEventText(call.ctr, 'ctr') }),
};

function ruleEntries(n: number) {
  return generateRules(500)
    .slice(0, n)
    .map((r, i) => {
      const { document, errors } = checkFunction(r.function, SOURCE);
      if (!document) throw new Error(`bench rule invalid: ${errors.map((e) => e.message).join('; ')}`);
      return { name: `rule-${i}`, source: SOURCE, function: document };
    });
}

interface CellResult {
  readonly cell: string;
  readonly perSecond: number;
  readonly events: number;
  readonly cpuMs: number;
  readonly warmupBlocks: readonly number[];
  readonly converged: boolean;
  readonly load: readonly [number, number];
}

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};

/** Runs `work` until `ms` of this process's CPU have passed; CPU is read once a millisecond of the clock, not per event (as the table does). */
async function block(work: () => unknown, ms: number): Promise<{ events: number; micros: number }> {
  const cpu0 = process.cpuUsage();
  let events = 0;
  for (let check = performance.now() + 1; ; ) {
    await work();
    events++;
    if (performance.now() < check) continue;
    const micros = cpuMicros(cpu0);
    if (micros >= ms * 1000) return { events, micros };
    check = performance.now() + 1;
  }
}

async function runCell(cell: string, o: Options): Promise<CellResult> {
  const [contender, size] = cell.split(':');
  const make = CONTENDERS[contender!];
  const n = Number(size);
  if (!make || !Number.isInteger(n) || n < 1 || n > 500) throw new Error(`--cell: expected one of ${Object.keys(CONTENDERS).join(', ')}, a colon and a rule count 1–500, got ${cell}`);
  const calls = generateCalls(CALLS);
  const perEvent = make(n);
  let i = 0;
  const work = () => perEvent(calls[i++ % CALLS]!);
  const load0 = loadavg()[0]!;
  const rates: number[] = [];
  let converged = false;
  while (rates.length < o.maxBlocks) {
    const b = await block(work, o.block);
    rates.push((b.events * 1e6) / b.micros);
    const [a, z] = rates.slice(-2);
    if (rates.length >= o.minBlocks && Math.abs(z! / a! - 1) <= o.agree) {
      converged = true;
      break;
    }
  }
  const w = await block(work, o.window);
  return { cell, perSecond: (w.events * 1e6) / w.micros, events: w.events, cpuMs: w.micros / 1000, warmupBlocks: rates, converged, load: [load0, loadavg()[0]!] };
}

interface Options {
  readonly repeats: number;
  readonly window: number;
  readonly block: number;
  readonly minBlocks: number;
  readonly maxBlocks: number;
  readonly agree: number;
}

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const spread = (xs: readonly number[], show: (x: number) => string) => `${show(median(xs))} (${show(Math.min(...xs))}–${show(Math.max(...xs))})`;

/** Issue 13's targets read here: a ratio of two cells' rates, and the side it must fall on. */
const TARGETS = [
  { name: '1 rule ≥ 2× json-rules-engine', a: 'set:1', b: 'jre:1', good: (x: number) => x >= 2, digits: 2 },
  { name: '500 rules ≥ 150× json-rules-engine', a: 'set:500', b: 'jre:500', good: (x: number) => x >= 150, digits: 0 },
  { name: '500 rules cost ≤ 1.5× one rule', a: 'set:1', b: 'set:500', good: (x: number) => x <= 1.5, digits: 2 },
] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cell: { type: 'string' },
      repeats: { type: 'string', default: '5' },
      window: { type: 'string', default: '3000' },
      block: { type: 'string', default: '500' },
      'min-blocks': { type: 'string', default: '4' },
      'max-blocks': { type: 'string', default: '16' },
      agree: { type: 'string', default: '0.05' },
      split: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '1' },
      cells: { type: 'string' },
    },
  });
  const whole = (name: string, min: number): number => {
    const x = Number(values[name as keyof typeof values]);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${name}: expected a whole number ≥ ${min}, got ${values[name as keyof typeof values]}`);
    return x;
  };
  const agree = Number(values.agree);
  if (!(agree > 0 && agree < 1)) throw new Error(`--agree: expected a fraction between 0 and 1, got ${values.agree}`);
  const o: Options = { repeats: whole('repeats', 1), window: whole('window', 100), block: whole('block', 50), minBlocks: whole('min-blocks', 2), maxBlocks: whole('max-blocks', 2), agree };
  if (o.maxBlocks < o.minBlocks) throw new Error('--max-blocks must be ≥ --min-blocks');

  if (values.cell) {
    process.stdout.write(`${JSON.stringify(await runCell(values.cell, o))}\n`);
    return;
  }

  const cells = values.cells?.split(',') ?? ['jre:1', 'set:1', 'set:500', 'jre:500', ...(values.split ? ['set-parse:1', 'set-build:1'] : [])];
  const self = fileURLToPath(import.meta.url);
  const flags = ['--window', String(o.window), '--block', String(o.block), '--min-blocks', String(o.minBlocks), '--max-blocks', String(o.maxBlocks), '--agree', String(o.agree)];
  console.log(
    `Steady state, each cell in its own process: ${CALLS} calls (bench/workload.ts), per event parse both files + build + evaluate; ` +
      `warm-up in ${o.block} ms blocks until two agree within ${(o.agree * 100).toFixed(0)} % (${o.minBlocks}–${o.maxBlocks} blocks), ` +
      `then a ${o.window} ms window of process CPU, no forced GC; ${o.repeats} repeats, the order reversed every other one. Node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}.\n`,
  );
  // The queue in run order; with --jobs 2 the next cell starts as soon as one ends, so
  // neighbours in the order (the cells of a ratio) run in the same minute.
  const queue = Array.from({ length: o.repeats }, (_, r) => (r % 2 ? [...cells].reverse() : cells).map((cell) => ({ r, cell }))).flat();
  const done = new Map<string, CellResult>();
  const run = promisify(execFile);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { stdout } = await run(process.execPath, [...process.execArgv, self, '--cell', next.cell, ...flags], { encoding: 'utf8' });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as CellResult;
      done.set(`${next.r} ${next.cell}`, result);
      console.log(
        `repeat ${next.r + 1} ${next.cell}: ${fmt(result.perSecond)}/s (${result.events} events in ${result.cpuMs.toFixed(0)} ms CPU); ` +
          `warm-up ${result.warmupBlocks.map(fmt).join(', ')}${result.converged ? '' : ' (NOT converged)'}; load ${result.load.map((x) => x.toFixed(1)).join('→')}`,
      );
    }
  };
  await Promise.all(Array.from({ length: whole('jobs', 1) }, worker));
  const results = new Map(cells.map((cell) => [cell, Array.from({ length: o.repeats }, (_, r) => done.get(`${r} ${cell}`)!)]));

  const rate = (cell: string) => results.get(cell)!.map((x) => x.perSecond);
  console.log('\n| cell | events per CPU-second, median (range) | events a window, median |\n| --- | ---: | ---: |');
  for (const cell of cells) console.log(`| ${cell} | ${spread(rate(cell), fmt)} | ${median(results.get(cell)!.map((x) => x.events))} |`);
  console.log('\nIssue 13 targets, ratios taken repeat by repeat:');
  for (const t of TARGETS.filter((t) => results.has(t.a) && results.has(t.b))) {
    const xs = rate(t.a).map((x, r) => x / rate(t.b)[r]!);
    const verdict = verdictOf({ median: median(xs), low: Math.min(...xs), high: Math.max(...xs) }, t.good, 'repeats');
    console.log(`- ${t.name}: ${spread(xs, (x) => `${x.toFixed(t.digits)}×`)} [${xs.map((x) => x.toFixed(t.digits)).join(', ')}]: ${verdict}`);
  }
  if (['set:1', 'set-parse:1', 'set-build:1', 'jre:1'].every((cell) => results.has(cell))) {
    const micros = (cell: string) => rate(cell).map((x) => 1e6 / x);
    const us = (x: number) => `${x.toFixed(0)} µs`;
    const parse = micros('set-parse:1');
    const build = micros('set-build:1').map((x, r) => x - parse[r]!);
    const match = micros('set:1').map((x, r) => x - micros('set-build:1')[r]!);
    const jre = micros('jre:1');
    console.log(
      `\nThe rule set at 1 rule, CPU per event (repeat by repeat): parseEventText of both files ${spread(parse, us)}, ` +
        `buildTriggerEvent ${spread(build, us)}, match (with what it builds lazily) ${spread(match, us)}; json-rules-engine at 1 rule ${spread(jre, us)} an event.`,
    );
  }
}

await main();
