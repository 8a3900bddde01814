/**
 * The handler behind the EventBridge-fed functions (Cases, third-party, metrics,
 * canonical events): an EventBridge event invoked directly (asynchronous: a failure
 * fails the invocation, Lambda retries it, then the on-failure destination), or SQS
 * messages holding them (a batch with partial failures). Each function reads its
 * families of events (engine/ingest/eventbridge.ts) and ignores the others. The
 * metrics and canonical functions also take their payload bare (a snapshot or a
 * canonical event, or a list of them) from a direct invocation or an SQS body.
 */
import { detectPayload, PAYLOAD_NAMES } from '../engine/ingest/detect.ts';
import { BadInputError } from '../engine/ingest/errors.ts';
import type { IngestResult, Ingestor } from '../engine/pipeline/ingestor.ts';
import { reportFailure, sqsOrDirectHandler, type IngestRuntime } from './ingest-runtime.ts';

/** What these handlers need of the ingestor. */
export type EventBridgeIngestor = Pick<Ingestor, 'families' | 'eventBridge' | 'triggerEvent' | 'metricSnapshot'>;

/**
 * EventBridge events go to the ingestor's routes, which ignore other families. A bare
 * payload of a family the ingestor does not read is refused here as bad input (logged
 * at WARN and failed like any item: retried, then dead-lettered), not left to fail as a
 * missing part; so is any S3 notification (or S3 event through EventBridge): these
 * functions read no files, ingest-s3-files.ts does.
 */
async function ingestPayload(rt: IngestRuntime<EventBridgeIngestor>, payload: unknown, label: string): Promise<IngestResult[]> {
  const { ingestor } = rt.pipeline;
  const accept = ingestor.families;
  const kind = detectPayload(payload);
  if (kind === 'eventbridge-event') return ingestor.eventBridge(payload, { label });
  if (kind === 'canonical-event' && accept.has('canonical')) return [await ingestor.triggerEvent(payload, { label })];
  if (kind === 'metric-snapshot' && accept.has('metrics')) return [await ingestor.metricSnapshot(payload, { label })];
  throw new BadInputError('unknown-format', `${label}: ${PAYLOAD_NAMES[kind]}, not an event this function reads (${[...accept].join(', ')} events)`);
}

/** A payload, or each element of a list; failures collected so the others go on. */
async function ingestAll(rt: IngestRuntime<EventBridgeIngestor>, payload: unknown, label: string): Promise<{ results: IngestResult[]; errors: unknown[] }> {
  const items = Array.isArray(payload) ? payload.map((p, i) => [p, `${label}#${i}`] as const) : [[payload, label] as const];
  const results: IngestResult[] = [];
  const errors: unknown[] = [];
  for (const [item, itemLabel] of items) {
    try {
      results.push(...(await ingestPayload(rt, item, itemLabel)));
    } catch (err) {
      errors.push(reportFailure(rt, err, 'eventbridge-event', itemLabel));
    }
  }
  return { results, errors };
}

/** The families read are the ingestor's (functions/ingestors.ts). */
export function createEventBridgeHandler(rt: IngestRuntime<EventBridgeIngestor>) {
  const label = (event: unknown) => (typeof (event as { id?: unknown })?.id === 'string' ? `EventBridge event ${(event as { id: string }).id}` : 'event');
  return sqsOrDirectHandler(rt, 'eventbridge-event', label, (rt, payload, label) => ingestAll(rt, payload, label));
}
