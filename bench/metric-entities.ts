/**
 * What judging metric rules per entity (F12: each queue, agent... of the rule's end
 * dimension, with its snapshot rows) costs on a fresh snapshot, before and after, in one
 * process: the metric rule set of each tree in TREES (comma-separated roots, as
 * bench/compare-trees.ts takes them; give one old tree twice to see the noise), cells
 * interleaved in 25 ms slices in a random order, by CPU time (process.cpuUsage), on
 * bench/metric-workload.ts's workloads (this tree's). Not part of `npm run bench`, which
 * reports this tree's figures alone (bench/metric-snapshots.ts).
 *
 *     TREES=/tmp/old-a,/tmp/old-b,. node --expose-gc --import tsx bench/metric-entities.ts
 *
 * (--expose-gc: the garbage of the untimed snapshots is collected between pools, not in
 * a timed slice; the median slice is reported beside the mean either way.) CELL_MS
 * (default 4000) is each cell's measured time. Every tree must match the same rules on
 * every snapshot, or it stops.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { median, METRIC_SOURCE, METRIC_WORKLOADS, metricCell, metricSlice, type MetricCell } from './metric-workload.ts';

const SLICE_MS = 25;
const trees = (process.env.TREES ?? '.').split(',').map((t) => resolve(t));
const cellMs = Number(process.env.CELL_MS ?? 4000);

const cells: MetricCell[] = [];
const reference = new Map<string, string>();
for (const root of trees) {
  const { compileRuleSet } = await import(`${root}/engine/ruleset/index.ts`);
  const { checkFunction } = await import(`${root}/grammar/index.ts`);
  for (const workload of METRIC_WORKLOADS) {
    const set = compileRuleSet(
      workload.rules.map((text, i) => {
        const { document, errors } = checkFunction(text, METRIC_SOURCE);
        if (!document) throw new Error(`rule ${i}: ${errors.map((e: Error) => e.message).join('; ')}`);
        return { name: `rule-${i}`, source: METRIC_SOURCE, function: document };
      }),
    );
    const answers = Array.from({ length: 32 }, (_, k) => set.match(workload.snapshot(k)).join()).join('|');
    if (!answers.replaceAll('|', '')) throw new Error(`${workload.name}: no rule matched any snapshot (a workload that tests nothing)`);
    if ((reference.get(workload.name) ?? answers) !== answers) throw new Error(`${root}: ${workload.name} matches other rules than ${trees[0]}`);
    reference.set(workload.name, answers);
    cells.push(metricCell(`${root} ${workload.name}`, set, workload));
  }
}

for (let w = 0; w < 20; w++) for (const cell of cells) metricSlice(cell, SLICE_MS, false);
const end = performance.now() + cellMs * cells.length;
while (performance.now() < end) for (const cell of [...cells].sort(() => Math.random() - 0.5)) metricSlice(cell, SLICE_MS, true);

console.log(`${cellMs} ms a cell, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; µs of CPU a fresh snapshot's evaluation (median of ${cells[0]!.slices.length} slices; mean):`);
for (const cell of cells) console.log(`  ${cell.name}: ${median(cell.slices).toFixed(2)}; ${(cell.micros / cell.events).toFixed(2)}`);
