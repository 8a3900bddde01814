/**
 * Logs and metrics of the pipeline. The Lambda handlers pass the Powertools Logger
 * and Metrics (namespace `ConnectRules`); replay passes a quiet logger (or one on
 * stderr with --verbose) and reads the counters for its totals, so stdout stays the
 * report.
 *
 * Counters are kept per source (the EventSourceName when known, else the upstream:
 * `ContactTraceRecord`, `S3Object`, ...) and published at the end of an invocation as
 * one EMF document per source, with the dimension `Source`.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

/** The part of the Powertools Logger the pipeline uses (any object with these methods works). */
export interface PipelineLogger {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

export const SILENT_LOGGER: PipelineLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger writing one JSON line per message on stderr (replay --verbose). */
export function stderrLogger(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO'): PipelineLogger {
  const order = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
  const min = order.indexOf(level);
  const write = (lvl: string) => (message: string, ...attributes: Record<string, unknown>[]) => {
    if (order.indexOf(lvl) < min) return;
    const attrs: Record<string, unknown> = Object.assign({}, ...attributes);
    for (const [k, v] of Object.entries(attrs)) if (v instanceof Error) attrs[k] = { name: v.name, message: v.message };
    process.stderr.write(`${JSON.stringify({ level: lvl, message, ...attrs })}\n`);
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

export const METRIC_NAMES = [
  /** Payloads (records, objects, events) received. */
  'EventsReceived',
  /** Trigger events evaluated (one per rule-bearing event, cascades included). */
  'TriggerEvents',
  'RulesEvaluated',
  'RulesMatched',
  'ActionsRun',
  /** Actions whose outcome was FAILED. */
  'ActionsFailed',
  /** Deliveries already processed (duplicates). */
  'Duplicates',
  /** Recognised payloads with nothing to evaluate. */
  'Ignored',
  /** Malformed or unknown payloads, unknown instances. */
  'InvalidInput',
  /** Records reported as failed (retried, then dead-lettered). */
  'Failures',
  /** Analyses waiting for their contact trace record. */
  'PendingContactRecord',
  /** Pending analyses evaluated without a contact record after the grace period. */
  'EvaluatedWithoutContactRecord',
  /** Pending analyses and evaluations dropped because their file is gone (deleted, expired). */
  'PendingFileGone',
  /** Emitted events dropped at the cascade depth limit. */
  'CascadeLimitReached',
  /** Stored rules that failed to compile or to evaluate (skipped). */
  'RuleErrors',
  /** Real-time sessions whose attributes were asked of Connect (GetContactAttributes, deployed), once per session. */
  'SessionAttributesRead',
  /** GetContactAttributes calls that failed: the segment is folded with the attributes not yet known; the session asks again after its back-off (connect-asks.ts). */
  'SessionAttributesUnavailable',
  /** Real-time records folded without asking Connect for their session's attributes while its asks were paused after failures in a row (connect-asks.ts): one a record, so a session of 10 records during a pause counts 10. */
  'SessionAttributesNotAsked',
  /** Agent rows of a metric snapshot naming no queue: AGENT_ACTIVITY conditions filtered by queue do not apply to them. */
  'AgentRowsWithoutQueue',
  /**
   * Real-time records not folded in because the contact's state would not fit one DynamoDB item even compressed: the record that passed
   * the limit (failed, then dead-lettered; its retries not counted again once the contact's stored state is marked, but counted on each
   * attempt when the contact had no stored state: nothing to mark) and each later record of the contact (reported, not retried).
   */
  'RealtimeStateTooLarge',
  /**
   * Real-time records not folded in because the contact's state lost a chunk of its transcript to DynamoDB's TTL (records coming more
   * than the state's TTL after the chunk was written: a replay of an old chat): the record that found it (failed, then dead-lettered;
   * its retries not counted again) and each later record of the contact (reported, not retried). Not alarmed: the dead-letter queue's
   * alarm pages at the first.
   */
  'RealtimeStateExpired',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export class Telemetry {
  private readonly counts = new Map<string, Map<MetricName, number>>();
  /** Every count since creation (replay's totals); `counts` is cleared by `flush`. */
  private readonly totals = new Map<string, Map<MetricName, number>>();

  constructor(
    readonly logger: PipelineLogger = SILENT_LOGGER,
    private readonly metrics?: Metrics,
  ) {}

  count(name: MetricName, source: string, n = 1): void {
    if (n === 0) return;
    for (const map of [this.counts, this.totals]) {
      let bySource = map.get(source);
      if (!bySource) map.set(source, (bySource = new Map()));
      bySource.set(name, (bySource.get(name) ?? 0) + n);
    }
  }

  /** Counters since the start, per source. */
  snapshot(): Record<string, Partial<Record<MetricName, number>>> {
    const out: Record<string, Partial<Record<MetricName, number>>> = {};
    for (const [source, byName] of this.totals) out[source] = Object.fromEntries(byName);
    return out;
  }

  /** The total of one counter over every source. */
  total(name: MetricName): number {
    let n = 0;
    for (const byName of this.totals.values()) n += byName.get(name) ?? 0;
    return n;
  }

  /** Publishes the counters since the last flush through Powertools Metrics, one EMF document per source. */
  flush(): void {
    const metrics = this.metrics;
    if (metrics) {
      for (const [source, byName] of this.counts) {
        metrics.addDimension('Source', source);
        for (const [name, value] of byName) metrics.addMetric(name, MetricUnit.Count, value);
        metrics.publishStoredMetrics();
      }
    }
    this.counts.clear();
  }
}
