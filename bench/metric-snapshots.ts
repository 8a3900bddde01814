/**
 * `npm run bench`'s line on metric rules: the CPU time of a fresh snapshot's evaluation
 * by its metric rules (bench/metric-workload.ts: a 400-row snapshot and 12 rules; a
 * queue split in two channel rows and one rule), median of 25 ms slices over `ms` a
 * workload. bench/metric-entities.ts compares trees on the same workloads.
 */
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { median, METRIC_SOURCE, METRIC_WORKLOADS, metricCell, metricSlice } from './metric-workload.ts';

export function metricSnapshotBench(ms: number): void {
  const figures = METRIC_WORKLOADS.map((workload) => {
    const set = compileRuleSet(workload.rules.map((text, i) => ({ name: `rule-${i}`, source: METRIC_SOURCE, function: checkFunction(text, METRIC_SOURCE).document! })));
    const cell = metricCell(workload.name, set, workload);
    for (let w = 0; w < 8; w++) metricSlice(cell, 25, false);
    for (let spent = 0; spent < ms; spent += 25) metricSlice(cell, 25, true);
    return `${workload.name} ${median(cell.slices).toFixed(1)} µs`;
  });
  console.log(`Metric rules: a fresh snapshot's evaluation, CPU: ${figures.join('; ')} (bench/metric-workload.ts).\n`);
}
