/**
 * The metric-rule workloads (OnMetricDataUpdate): what `npm run bench` reports of metric
 * rules (bench/metric-snapshots.ts) and what bench/metric-entities.ts compares between
 * trees. Every snapshot is new objects, as the pipeline builds one per snapshot, so its
 * entities are built on its first evaluation.
 * - `400 rows`: 150 queues × 2 channels and 100 agents, 12 rules (queue rules naming
 *   their queue, queue rules over 25 queues (the most a filter takes), agent-activity
 *   rules by queue);
 * - `split`: one queue in two channel rows, one rule on it (the per-snapshot overhead;
 *   session 10 measured 10,000 of them).
 */
export const METRIC_SOURCE = 'OnMetricDataUpdate';

const queueId = (q: number) => `q-${q.toString().padStart(4, '0')}`;
const condition = (metric: string, operator: string, operand: unknown, filters: unknown[]) => ({
  Operator: operator,
  Operands: [operand],
  ComparisonValue: `$.MetricData.${metric}`,
  FilterClause: { LogicOperator: 'AND', Filters: filters },
  Negate: false,
});
const metricFunction = (grouping: string, conditions: unknown[]) =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [{ Operator: 'AND', Operands: conditions }],
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataGrouping', Data: [grouping] }] },
    },
  });
const byQueue = (...ids: string[]) => ({ Type: 'MetricDataFilterByQueue', Data: ids });

/** A filter naming many queues: rules watching 25 queues at once, the most a filter takes. */
const manyQueues = Array.from({ length: 25 }, (_, q) => queueId(q * 6));

/** The 400-row workload's rules: what a contact centre watches on its queues and agents. */
const wideRules = [
  ...[3, 40, 77, 120, 149].map((q) => metricFunction('QUEUE', [condition('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 25, [byQueue(queueId(q))])])),
  ...[2, 7].map((q) =>
    metricFunction('QUEUE', [
      condition('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 10, [byQueue(queueId(q)), { Type: 'MetricDataFilterByChannel', Data: ['VOICE'] }]),
      condition('OLDEST_CONTACT_AGE', 'NumberGreaterOrEqualTo', 300, [byQueue(queueId(q)), { Type: 'MetricDataFilterByChannel', Data: ['VOICE'] }]),
    ]),
  ),
  metricFunction('QUEUE', [condition('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 55, [byQueue(...manyQueues)])]),
  metricFunction('QUEUE', [condition('OLDEST_CONTACT_AGE', 'NumberGreaterOrEqualTo', 900, [byQueue(...manyQueues)])]),
  ...[5, 60].map((q) =>
    metricFunction('AGENT', [condition('AGENT_ACTIVITY', 'EQUALS', 'ON_CONTACT', [byQueue(queueId(q)), { Type: 'AgentActivityDurationSeconds', Data: { Past: 600 } }])]),
  ),
  metricFunction('AGENT', [condition('AGENT_ACTIVITY', 'EQUALS', 'ERROR', [byQueue(...manyQueues), { Type: 'AgentActivityDurationSeconds', Data: { Past: 60 } }])]),
];
const splitRules = [metricFunction('QUEUE', [condition('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue('q-billing')])])];

/** A fresh snapshot's canonical event (new objects every time, as the pipeline builds one per snapshot). */
function wideSnapshot(k: number): unknown {
  const rows: unknown[] = [];
  for (let q = 0; q < 150; q++) {
    for (const channel of ['VOICE', 'CHAT']) {
      const n = (q * 7 + k * 3 + (channel === 'VOICE' ? 5 : 0)) % 31;
      rows.push({
        Dimensions: { QUEUE: queueId(q), CHANNEL: channel },
        Metrics: [
          { Name: 'CONTACTS_IN_QUEUE', Value: n },
          { Name: 'OLDEST_CONTACT_AGE', Value: n * 23 },
        ],
      });
    }
  }
  for (let a = 0; a < 100; a++) {
    const activity = (a + k) % 9 === 0 ? 'ERROR' : (a + k) % 3 === 0 ? 'AVAILABLE' : 'ON_CONTACT';
    rows.push({
      Dimensions: { AGENT: `agent-${a}`, ROUTING_PROFILE: `rp-${a % 4}`, QUEUE: queueId((a * 3) % 150) },
      Metrics: [{ Name: 'AGENT_ACTIVITY', Value: activity, DurationSeconds: (a * 37 + k * 11) % 1200 }],
    });
  }
  return { EventSourceName: METRIC_SOURCE, InstanceId: 'i', EventId: `metrics:i:${k}`, MetricData: { Rows: rows } };
}

function splitSnapshot(k: number): unknown {
  const rows = ['VOICE', 'CHAT'].map((channel) => ({
    Dimensions: { QUEUE: 'q-billing', CHANNEL: channel },
    Metrics: [{ Name: 'CONTACTS_IN_QUEUE', Value: (k * 13 + (channel === 'VOICE' ? 40 : 0)) % 70 }],
  }));
  return { EventSourceName: METRIC_SOURCE, InstanceId: 'i', EventId: `metrics:i:${k}`, MetricData: { Rows: rows } };
}

export interface MetricWorkload {
  readonly name: string;
  /** Rule functions (JSON text). */
  readonly rules: readonly string[];
  /** The k-th fresh snapshot's canonical event. */
  readonly snapshot: (k: number) => unknown;
  /** Snapshots evaluated between two CPU readings. */
  readonly batch: number;
  /** Snapshots built (untimed) at a time. */
  readonly pool: number;
}

export const METRIC_WORKLOADS: readonly MetricWorkload[] = [
  { name: '400 rows', rules: wideRules, snapshot: wideSnapshot, batch: 1, pool: 64 },
  { name: 'split', rules: splitRules, snapshot: splitSnapshot, batch: 50, pool: 20_000 },
];

/** A rule set as both trees' `compileRuleSet` make it: `match` is all a measurement needs. */
interface MatchingSet {
  match(event: unknown): readonly unknown[];
}

/** One workload on one tree's rule set, measured slice by slice. */
export interface MetricCell {
  readonly name: string;
  /** Evaluates one batch of fresh snapshots, adding their CPU µs (the match only: building a snapshot is the adapter's cost). */
  readonly run: () => void;
  events: number;
  micros: number;
  /** µs a snapshot of each counted slice: the median is reported (a collection of the untimed snapshots' garbage lands in some slice). */
  readonly slices: number[];
}

const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** A cell evaluating `workload`'s snapshots with `set`, each snapshot once. */
export function metricCell(name: string, set: MatchingSet, workload: MetricWorkload): MetricCell {
  let pool: unknown[] = [];
  let next = 0;
  let made = 0;
  const take = () => {
    if (next === pool.length) {
      pool = [];
      // With --expose-gc, the last pool's garbage is collected here, untimed.
      (globalThis as { gc?: () => void }).gc?.();
      pool = Array.from({ length: workload.pool }, () => workload.snapshot(made++));
      next = 0;
    }
    return pool[next++];
  };
  const cell: MetricCell = {
    name,
    events: 0,
    micros: 0,
    slices: [],
    run: () => {
      const events = Array.from({ length: workload.batch }, take);
      const from = cpu();
      for (const event of events) set.match(event);
      cell.micros += cpu() - from;
      cell.events += events.length;
    },
  };
  return cell;
}

/** Runs a cell for `ms` of wall time, counting the slice unless it is warm-up. */
export function metricSlice(cell: MetricCell, ms: number, count: boolean): void {
  const until = performance.now() + ms;
  const [events, micros] = [cell.events, cell.micros];
  while (performance.now() < until) cell.run();
  if (count) cell.slices.push((cell.micros - micros) / (cell.events - events));
  else [cell.events, cell.micros] = [events, micros];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};
