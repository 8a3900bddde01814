/**
 * CLI start-up, for `npm run bench`: the built `connect-rules` (bin → dist/cli)
 * against a bare `node -e 0`, in CPU time of the whole process (user + system, as
 * the shell's `times` reports its child, to the millisecond: GNU time's 10 ms steps
 * were as large as the bare start; the machine is shared, and CPU time moves less
 * with its load than wall time) and wall time, the median of several runs. The cases are
 * interleaved (one run of each per round), so a change in the machine's load falls on
 * all of them alike and the ratios, taken within the one run, hold.
 * Issue 13's targets: `--help` within 3×, `eval --explain` of a 10-minute call within 5×.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRules, tenMinuteCall } from './workload.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/connect-rules.js');
const BASH = '/bin/bash';

export interface Timing {
  readonly cpuMs?: number;
  readonly wallMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** `times` prints the shell's own CPU, then its children's: `0m0.012s 0m0.004s` (user, system). */
const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/** One run of `node ...args`: its CPU (when bash is there to count it) and wall time, in ms. */
function runNode(args: readonly string[]): { cpuMs?: number; wallMs: number } {
  const bash = existsSync(BASH);
  const started = performance.now();
  // The node process's stdout stays a pipe, as without bash; `times` writes to stderr.
  const r = bash
    ? spawnSync(BASH, ['-c', '"$@"; status=$?; times >&2; exit $status', 'bash', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (!bash) return { wallMs };
  const children = TIMES_LINE.exec(r.stderr.trim().split('\n').pop()!);
  if (!children) throw new Error(`bash times printed ${JSON.stringify(r.stderr)}`);
  const [, um, us, sm, ss] = children.map(Number);
  return { cpuMs: (um! * 60 + us! + sm! * 60 + ss!) * 1000, wallMs };
}

/**
 * Runs each of `cases` (arguments to node) `runs` times, a round of all of them at a
 * time; per case, the mean CPU (when bash is there) and the median wall time.
 */
function timeNodeInterleaved(cases: readonly (readonly string[])[], runs: number): Timing[] {
  const cpu: number[][] = cases.map(() => []);
  const wall: number[][] = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    cases.forEach((args, c) => {
      const t = runNode(args);
      if (t.cpuMs !== undefined) cpu[c]!.push(t.cpuMs);
      wall[c]!.push(t.wallMs);
    });
  }
  return cases.map((_, c) => ({ cpuMs: cpu[c]!.length ? mean(cpu[c]!) : undefined, wallMs: median(wall[c]!) }));
}

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  /** Issue 13's bound on the ratio to `node -e 0`. */
  readonly target?: number;
}

export function startupTable(runs = 20): string {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/cli is not built: run `npm run build` first');
  const scratch = mkdtempSync(join(tmpdir(), 'connect-rules-bench-'));
  try {
    const call = join(scratch, 'ten-minute-call.json');
    const rule = join(scratch, 'rule.json');
    writeFileSync(call, JSON.stringify(tenMinuteCall()));
    writeFileSync(rule, generateRules(1)[0]!.function);
    const cases: Case[] = [
      { label: '`node -e 0`', args: ['-e', '0'] },
      { label: '`connect-rules --help`', args: [BIN, '--help'], target: 3 },
      { label: '`connect-rules --version`', args: [BIN, '--version'] },
      { label: '`connect-rules validate` (one function)', args: [BIN, 'validate', '--function', rule, '--source', 'OnPostCallAnalysisAvailable'] },
      { label: '`connect-rules eval --explain` (a 10-minute call)', args: [BIN, 'eval', '--function', rule, '--event', call, '--explain'], target: 5 },
    ];
    const timings = timeNodeInterleaved(cases.map((c) => c.args), runs);
    const base = timings[0]!;
    const ratio = (t: Timing, key: 'cpuMs' | 'wallMs'): string => (t[key] !== undefined && base[key] ? `${(t[key]! / base[key]!).toFixed(1)}×` : 'n/a');
    const rows = [
      '| command | CPU ms | × `node -e 0` (CPU) | wall ms | × `node -e 0` (wall) | target |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...cases.map((c, i) => {
        const t = timings[i]!;
        return `| ${c.label} | ${t.cpuMs?.toFixed(0) ?? 'n/a'} | ${ratio(t, 'cpuMs')} | ${t.wallMs.toFixed(0)} | ${ratio(t, 'wallMs')} | ${c.target ? `≤ ${c.target}×` : ''} |`;
      }),
    ];
    return `CLI start-up (${runs} runs each, interleaved; CPU = user + system of the whole process, mean; wall: median):\n\n${rows.join('\n')}\n`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
