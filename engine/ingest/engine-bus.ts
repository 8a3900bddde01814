/**
 * The detail-types of the events on the engine's own EventBridge bus, and which
 * ingestion function each is for. The bus also carries the actions' rules-matched
 * and failure events, which no ingestion function reads: each function's rule
 * matches only its own detail-types, so an event invokes one function, or none.
 */

/** Canonical trigger events (docs/canonical-events.md) in `detail`: `ingestCanonical`. */
export const CANONICAL_DETAIL_TYPES = [
  // A submitted evaluation (functions/evaluation-api-handler.ts).
  'Connect Rules Contact Evaluation Submitted',
  // An SLA breached (functions/sla-sweeper.ts).
  'Connect Rules SLA Breached',
  // Any canonical trigger event a user or another system puts on the bus.
  'Connect Rules Trigger Event',
] as const;

/** Metric snapshots (docs/pipeline.md) in `detail`, put by a poller: `ingestMetrics`. */
export const METRICS_DETAIL_TYPES = ['Connect Rules Metric Snapshot'] as const;

export const [EVALUATION_SUBMITTED_DETAIL_TYPE, SLA_BREACH_DETAIL_TYPE] = CANONICAL_DETAIL_TYPES;
