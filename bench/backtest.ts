/**
 * `npm run bench` (its last part): `connect-rules backtest` (the built CLI, worker
 * threads on every core) on 10,000 generated ten-minute calls, each an analysis file
 * and its contact record, against 500 rules of the benchmark's shapes — timed against
 * one process reading and JSON.parse-ing the same files, measured in this run. The
 * goal (issue 15): at most 3× that time. Memory: the CLI's peak resident set on a
 * quarter of the calls and on all of them (flat: it does not grow with the files).
 *
 * The calls are generated once into the system's temporary folder and reused.
 * BACKTEST_CALLS sets their number (default 10,000).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ruleBodies, writeCalls } from './calls.ts';
import { buildTriggerEvent } from '../engine/context/index.ts';
import { RuleSetEvaluator } from '../engine/backtest/evaluator.ts';
import { GroupEvaluator, indexFiles } from '../engine/backtest/group.ts';
import { loadRuleSet } from '../engine/backtest/rules.ts';

const CALLS = Number(process.env.BACKTEST_CALLS ?? 10_000);
const RULES = 500;
const BIN = resolve(import.meta.dirname, '../bin/connect-rules.js');

function callsFolder(count: number): string {
  const dir = join(tmpdir(), `connect-rules-bench-calls-v2-${count}`);
  if (!existsSync(`${dir}.done`)) {
    const started = performance.now();
    writeCalls(dir, count, { seed: 15, minutes: 10 });
    writeFileSync(`${dir}.done`, '');
    console.log(`  (generated ${count} calls in ${((performance.now() - started) / 1000).toFixed(0)} s into ${dir})`);
  }
  return dir;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name));
}

/** One process reading and parsing every file: the floor (wall and CPU seconds). */
function readAndParse(paths: readonly string[]): { seconds: number; cpu: number; bytes: number } {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  for (const p of paths) {
    const text = readFileSync(p, 'utf8');
    bytes += text.length;
    JSON.parse(text);
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6, bytes };
}

const TICKS = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** The CLI's wall time and peak resident set (sampled from /proc every 50 ms). */
function backtest(args: readonly string[]): Promise<{ seconds: number; cpu: number; peakMiB: number; report: any }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'backtest', ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    let cpu = 0;
    child.stdout.on('data', (d) => (out += d));
    const timer = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
        // utime and stime (all threads), the 14th and 15th fields
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        cpu = (Number(fields[11]) + Number(fields[12])) / TICKS;
      } catch {
        // exited
      }
    }, 50);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return fail(new Error(`backtest exited ${code}`));
      done({ seconds: (performance.now() - started) / 1000, cpu, peakMiB: peak / 1024, report: JSON.parse(out) });
    });
  });
}

/** CPU milliseconds of this thread for `work`, the least of three runs (the machine is shared). */
async function cpuMs(work: () => unknown): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = process.cpuUsage();
    await work();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

/**
 * Where the time of one call goes, on one thread (CPU µs per call, on the first
 * `sample` calls): reading and parsing its two files (the goal's yardstick), building
 * its trigger event, the rule set on it, and the backtest's own per-contact path
 * (index pass, then read, parse, the record and the analysis joined without the
 * ingestor (direct.ts), build, rule set, previews).
 */
async function breakdown(dir: string, rulesPath: string, sample: number): Promise<Record<string, number>> {
  const ids = readdirSync(join(dir, 'ctr')).sort().slice(0, sample).map((f) => f.replace(/\.json$/, ''));
  const paths = ids.map((id) => ({ analysis: join(dir, 'analysis', `${id}_analysis.json`), ctr: join(dir, 'ctr', `${id}.json`) }));
  const docs = paths.map((p) => ({ analysis: JSON.parse(readFileSync(p.analysis, 'utf8')), ctr: JSON.parse(readFileSync(p.ctr, 'utf8')) }));
  const events = docs.map((d) => buildTriggerEvent({ event: d.analysis, contact: d.ctr }));
  const rules = loadRuleSet(rulesPath).rules;
  const set = new RuleSetEvaluator(rules);
  const directory = { defaultInstanceId: 'backtest-instance' };
  const evaluator = new GroupEvaluator({ rules, directory });
  const groups = paths.map((p, i) => ({
    group: `c:${ids[i]}`,
    items: [
      { path: p.ctr, label: p.ctr, pointer: '' },
      { path: p.analysis, label: p.analysis, pointer: '' },
    ],
  }));
  const files = paths.flatMap((p) => [{ path: p.ctr, label: p.ctr }, { path: p.analysis, label: p.analysis }]);
  const per = (ms: number) => Math.round((ms * 1000) / ids.length);
  return {
    'read + JSON.parse (both files)': per(await cpuMs(() => paths.forEach((p) => (JSON.parse(readFileSync(p.analysis, 'utf8')), JSON.parse(readFileSync(p.ctr, 'utf8')))))),
    'build the trigger event (joined)': per(await cpuMs(() => docs.forEach((d) => buildTriggerEvent({ event: d.analysis, contact: d.ctr })))),
    [`the rule set (${rules.length} rules) on the event`]: per(await cpuMs(() => events.forEach((e) => set.evaluatePositions(e, undefined)))),
    'backtest index pass (both files)': per(await cpuMs(() => indexFiles(files, directory))),
    'backtest evaluation pass (read, parse, join, build, rules, previews)': per(await cpuMs(() => evaluator.evaluateGroups(groups))),
  };
}

export async function backtestBench(): Promise<void> {
  console.log(`\nBacktest: ${CALLS} ten-minute calls (analysis file + contact record each) against ${RULES} rules, ${cpus().length} cores`);
  if (!existsSync(resolve(import.meta.dirname, '../dist/cli/main.js'))) throw new Error('bench: build the CLI first (npm run build)');
  const rules = join(tmpdir(), `connect-rules-bench-rules-${RULES}.json`);
  writeFileSync(rules, JSON.stringify(ruleBodies(RULES)));
  const quarter = callsFolder(Math.round(CALLS / 4));
  const all = callsFolder(CALLS);
  const paths = files(all);
  readAndParse(paths); // warm the page cache: both sides then read from memory
  const floor = readAndParse(paths);
  const small = await backtest(['--rules', rules, quarter]);
  const big = await backtest(['--rules', rules, all]);
  const matches = big.report.rules.reduce((n: number, r: any) => n + r.matched, 0);
  if (big.report.summary.contacts !== CALLS || big.report.summary.skipped !== 0) throw new Error(`bench: expected ${CALLS} contacts, none skipped: ${JSON.stringify(big.report.summary)}`);
  const mib = (floor.bytes / 2 ** 20).toFixed(0);
  console.log(`  read + JSON.parse, one process: ${floor.seconds.toFixed(1)} s wall, ${floor.cpu.toFixed(1)} s CPU for ${paths.length} files (${mib} MiB)`);
  console.log(
    `  backtest (built CLI, ${cpus().length} workers): ${big.seconds.toFixed(1)} s wall, ${big.cpu.toFixed(1)} s CPU (all threads), ${matches} matches → ` +
      `${(big.seconds / floor.seconds).toFixed(1)}× read + parse in wall time (goal ≤ 3×); ${(big.cpu / cpus().length / floor.cpu).toFixed(1)}× on ${cpus().length} idle cores (CPU ÷ cores)`,
  );
  console.log(
    `  peak resident memory: ${small.peakMiB.toFixed(0)} MiB on ${Math.round(CALLS / 4)} calls, ${big.peakMiB.toFixed(0)} MiB on ${CALLS} calls ` +
      `(${(big.peakMiB / small.peakMiB).toFixed(2)}× for 4× the files; the files are ${mib} MiB)`,
  );
  const sample = Math.min(CALLS, 1000);
  console.log(`  where the time goes, CPU µs per call on one thread (first ${sample} calls, least of 3 runs):`);
  for (const [what, us] of Object.entries(await breakdown(all, rules, sample))) console.log(`    ${what}: ${us} µs`);
  console.log(`    the CLI, all threads: ${Math.round((big.cpu * 1e6) / CALLS)} µs per call (with start-up, workers and messages)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await backtestBench();
