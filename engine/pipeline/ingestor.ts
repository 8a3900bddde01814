/**
 * The stateful steps of ingestion, one method per kind of delivered payload, shared
 * by the Lambda handlers (functions/ingest-*.ts) and replay, and `dispatch`, which
 * sends any payload to its method by its shape. The methods live by concern:
 * ingest-core.ts (once per delivery, evaluation), contact-join.ts (contact records,
 * analyses and evaluations waiting for them, the sweep), contact-events.ts (Amazon
 * Connect contact events), segments.ts (real-time),
 * events.ts (canonical events, snapshots, EventBridge, S3 notifications). Each:
 *
 * 1. runs once per delivery key (Powertools idempotency: a redelivery gets the first
 *    result back, marked `duplicate`, and runs nothing);
 * 2. turns the payload into trigger events with the pure adapters (engine/ingest,
 *    engine/context), joining the contact's stored record;
 * 3. evaluates them (process.ts) and returns a JSON report.
 *
 * Post-contact analyses and evaluations need the contact record (CTR) of their
 * contact, which may arrive after them. An analysis whose contact has no stored
 * record is kept PENDING; the CTR's arrival evaluates the pending analyses of its
 * contact; the sweep evaluates those still pending after the grace period with
 * whatever is known then (docs/pipeline.md "Contact records and analyses").
 */
import type { JsonObject } from '../context/json.ts';
import { detectPayload, PAYLOAD_NAMES } from '../ingest/detect.ts';
import { decodeKinesisRecord, decodeSqsRecord } from '../ingest/envelopes.ts';
import { BadInputError } from '../ingest/errors.ts';
import { ALL_ROUTES, type EventBridgeFamily } from '../ingest/eventbridge.ts';
import { metricSnapshotToTriggerEvent } from '../ingest/metrics.ts';
import { objectsFromNotification, type ObjectRef } from '../ingest/s3.ts';
import { ContactEventIngest } from './contact-events.ts';
import { bothReaders, contactJoin, type ContactJoin } from './contact-join.ts';
import { EventIngest, joinStoredContact } from './events.ts';
import { IngestCore, type IngestorDeps } from './ingest-core.ts';
import { contentKey, type IngestOptions, type IngestResult, type InputKind } from './ingest-result.ts';
import type { ContactEventFacts } from '../ingest/contact-events.ts';
import { SegmentIngest } from './segments.ts';
import { firingsState } from './state/repositories.ts';

/**
 * How deep lists and Lambda events (Kinesis, SQS) may enclose one another in what replay
 * is given: a file's list of Lambda events whose records hold lists is 3; deeper is no real
 * delivery, and recursing on it overflowed the stack (10^5 nested arrays).
 */
export const MAX_BATCH_NESTING = 3;

/** The refusal of a batch inside MAX_BATCH_NESTING others, for replay and backtest alike. */
export const batchTooDeep = (label: string, kind: 'list' | 'kinesis-event' | 'sqs-event'): BadInputError =>
  new BadInputError(
    'unknown-format',
    `${label}: ${PAYLOAD_NAMES[kind]} inside ${MAX_BATCH_NESTING} others; batches nest at most ${MAX_BATCH_NESTING} deep (a file's list of Lambda events of lists of payloads)`,
  );

export type { IngestorDeps } from './ingest-core.ts';
export { contentKey, errorInfo, type Evaluation, type IngestOptions, type IngestResult, type IngestStatus, type InputKind } from './ingest-result.ts';

export class Ingestor {
  private readonly core: IngestCore;
  private readonly join: ContactJoin;
  private readonly contactEvents: ContactEventIngest;
  private readonly segments: SegmentIngest;
  private readonly events: EventIngest;

  constructor(deps: IngestorDeps) {
    this.core = new IngestCore(deps, { firings: firingsState });
    this.join = contactJoin(this.core, bothReaders());
    this.segments = new SegmentIngest(this.core);
    this.contactEvents = new ContactEventIngest(this.core);
    this.events = new EventIngest(this.core, {
      routes: ALL_ROUTES,
      snapshot: metricSnapshotToTriggerEvent,
      notification: objectsFromNotification,
      contacts: joinStoredContact,
      contactEvents: this.contactEvents,
      objects: this.join,
    });
  }

  contactRecord(record: unknown, options: IngestOptions): Promise<IngestResult> {
    return this.join.contactRecord(record, options);
  }
  contactEvent(facts: ContactEventFacts, instanceId: string, options: IngestOptions & { deliveryKey: string }): Promise<IngestResult> {
    return this.contactEvents.contactEvent(facts, instanceId, options);
  }
  contactObject(ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
    return this.join.contactObject(ref, options);
  }
  contactDocument(doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
    return this.join.contactDocument(doc, options);
  }
  sweep(at?: Date | 'all', limit?: number): Promise<IngestResult[]> {
    return this.join.sweep(at, limit);
  }
  segment(record: unknown, options: IngestOptions): Promise<IngestResult> {
    return this.segments.segment(record, options);
  }
  triggerEvent(payload: unknown, options: IngestOptions): Promise<IngestResult> {
    return this.events.triggerEvent(payload, options);
  }
  metricSnapshot(payload: unknown, options: IngestOptions): Promise<IngestResult> {
    return this.events.metricSnapshot(payload, options);
  }
  /** Every family (ALL_ROUTES). */
  get families(): ReadonlySet<EventBridgeFamily> {
    return this.events.families;
  }
  eventBridge(payload: unknown, options: IngestOptions): Promise<IngestResult[]> {
    return this.events.eventBridge(payload, options);
  }
  s3Notification(payload: unknown, options: Pick<IngestOptions, 'label'>): Promise<IngestResult[]> {
    return this.events.s3Notification(payload, options);
  }
  errorResult(err: unknown, kind: InputKind, label: string): IngestResult {
    return this.core.errorResult(err, kind, label);
  }

  /**
   * Any payload replay (or the canonical handler) is given, recognised by its shape.
   * Never throws: bad input and failures come back as `error` results, one per
   * payload, so the rest of a file or batch goes on.
   */
  dispatch(payload: unknown, options: IngestOptions & { ref?: ObjectRef }): Promise<IngestResult[]> {
    return this.dispatchAt(payload, options, 0);
  }

  /** `nesting`: how many lists and Lambda events enclose `payload`; past MAX_BATCH_NESTING it is refused, not recursed into. */
  private async dispatchAt(payload: unknown, options: IngestOptions & { ref?: ObjectRef }, nesting: number): Promise<IngestResult[]> {
    const kind = detectPayload(payload);
    try {
      if ((kind === 'list' || kind === 'kinesis-event' || kind === 'sqs-event') && nesting >= MAX_BATCH_NESTING) {
        throw batchTooDeep(options.label, kind);
      }
      switch (kind) {
        case 'list': {
          const out: IngestResult[] = [];
          for (const [i, item] of (payload as unknown[]).entries()) {
            const ref: ObjectRef | undefined =
              options.ref?.kind === 'file' ? { kind: 'file', path: options.ref.path, pointer: `${options.ref.pointer ?? ''}/${i}` } : undefined;
            out.push(...(await this.dispatchAt(item, { label: `${options.label}#${i}`, ...(ref ? { ref } : {}) }, nesting + 1)));
          }
          return out;
        }
        case 'kinesis-event':
        case 'sqs-event': {
          const out: IngestResult[] = [];
          for (const [i, record] of ((payload as JsonObject).Records as unknown[]).entries()) {
            const label = `${options.label}#${i}`;
            try {
              const decoded = kind === 'kinesis-event' ? decodeKinesisRecord(record, label) : { ...decodeSqsRecord(record, label), deliveryKey: undefined };
              out.push(...(await this.dispatchAt(decoded.payload, { label, ...(decoded.deliveryKey ? { deliveryKey: decoded.deliveryKey } : {}) }, nesting + 1)));
            } catch (err) {
              out.push(this.core.errorResult(err, 'unknown', label));
            }
          }
          return out;
        }
        case 's3-notification':
          return await this.s3Notification(payload, options);
        case 'eventbridge-event':
          return await this.eventBridge(payload, options);
        case 'canonical-event':
          return [await this.triggerEvent(payload, options)];
        case 'segment':
          return [await this.segment(payload, options)];
        case 'analysis-file':
        case 'evaluation-export': {
          const ref = options.ref ?? { kind: 'file' as const, path: options.label };
          return [await this.contactDocument(payload, { ...options, ref, deliveryKey: options.deliveryKey ?? contentKey(payload) })];
        }
        case 'metric-snapshot':
          return [await this.metricSnapshot(payload, options)];
        case 'contact-record':
          return [await this.contactRecord(payload, options)];
        case 'unknown':
          throw new BadInputError(
            'unknown-format',
            `${options.label}: not a format the engine reads (contact trace record, analysis file, evaluation export, real-time segment, EventBridge event, S3 notification, canonical trigger event, metric snapshot, or a Kinesis/SQS Lambda event of them)`,
          );
      }
    } catch (err) {
      return [this.core.errorResult(err, kind === 'unknown' || kind === 'list' ? 'unknown' : kindOf(kind), options.label)];
    }
  }
}

function kindOf(kind: ReturnType<typeof detectPayload>): InputKind {
  switch (kind) {
    case 's3-notification':
      return 's3-object';
    case 'kinesis-event':
    case 'sqs-event':
    case 'list':
      return 'unknown';
    default:
      return kind;
  }
}
