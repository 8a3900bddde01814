/**
 * `npm run bench`: the measurements of issue 13, each section measured in this one
 * run and reported as ratios (CPU time of this process, so a busy machine moves
 * them little). BENCH_MS sets the measurement time per cell (default 1000 ms), BENCH_ROUNDS
 * the rounds it is cut into for the evaluation table (default 9: evaluation.ts);
 * BENCH_PAIR_ROUNDS and BENCH_PAIR_MS the rounds and the window a cell of the 500 ÷ 1 rule
 * target's own measurement (default 31 of 500 ms: ~35 s).
 * A benchmark, not a test; it fails only when contenders that must agree do not.
 */
import { compileFunction } from '../engine/compile/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { boundedWorkBench } from './bounded.ts';
import { evaluationBench } from './evaluation.ts';
import { metricSnapshotBench } from './metric-snapshots.ts';
import { generateRules } from './workload.ts';
import { cpus } from 'node:os';

const MEASURE_MS = Number(process.env.BENCH_MS ?? 1000);
const SOURCE = 'OnPostCallAnalysisAvailable' as const;

function compileCost(): void {
  const all = generateRules(500);
  let cpu0 = process.cpuUsage();
  const documents = all.map((r) => checkFunction(r.function, SOURCE).document!);
  const parse = process.cpuUsage(cpu0);
  cpu0 = process.cpuUsage();
  for (const d of documents) compileFunction(d, SOURCE);
  const compile = process.cpuUsage(cpu0);
  const micros = (u: NodeJS.CpuUsage) => ((u.user + u.system) / all.length).toFixed(0);
  console.log(`Rules: parse + validate ${micros(parse)} µs CPU per function; compile ${micros(compile)} µs CPU per function (first use, unwarmed).\n`);
}

console.log(`connect-rules bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
compileCost();
boundedWorkBench();
metricSnapshotBench(Math.min(MEASURE_MS, 1000));
const { ok } = await evaluationBench(MEASURE_MS);
if (!ok) process.exitCode = 1;
