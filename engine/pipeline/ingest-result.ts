/**
 * What ingestion reports for each delivered payload (`IngestResult`, one
 * `Evaluation` per evaluated trigger event), and the pure helpers every handler of
 * the ingestor shares.
 */
import { createHash } from 'node:crypto';
import { ContextInputError } from '../context/errors.ts';
import { isObject, type JsonObject } from '../context/json.ts';
import { badInputReason, isBadInput } from '../ingest/errors.ts';
import type { ActionReport, EvaluatedEvent, TriggerResult } from './process.ts';
import type { StoredContactRecord } from './state-store.ts';
import type { RecordOrigin } from './state/record-choice.ts';

export type InputKind =
  | 'contact-record'
  | 'contact-event'
  | 'analysis-file'
  | 'evaluation-export'
  | 's3-object'
  | 'segment'
  | 'eventbridge-event'
  | 'canonical-event'
  | 'metric-snapshot'
  | 'sweep'
  | 'unknown';

export type IngestStatus =
  /** Rules were evaluated (`evaluations`). */
  | 'evaluated'
  /** Waiting for the contact record (an analysis or evaluation before its CTR). */
  | 'pending'
  /** State stored, nothing to evaluate now (a CTR, a contact event, a STARTED segment). */
  | 'stored'
  /** Recognised, nothing for the rules (a .wav, a case deletion, another handler's events). */
  | 'ignored'
  /** Already processed: nothing ran again. */
  | 'duplicate'
  /** Bad input or a failure (replay's reports; handlers throw instead, but a real-time record no retry can fold is one: segments.ts `notFolded`). */
  | 'error';

/** One evaluated trigger event, as JSON. */
export interface Evaluation extends EvaluatedEvent {
  readonly alreadyFired?: readonly string[];
  /** Rules not evaluated: the contact began before they were published (the deployed pipeline, engine/rules/new-contacts.ts). */
  readonly beganBeforePublished?: readonly string[];
  readonly actions: readonly ActionReport[];
  /** The input the event came from (a file, an S3 URI), when not the one reported. */
  readonly label?: string;
  /** Which contact record the event was joined with (contact-based sources): state/record-choice.ts's origin, or none. */
  readonly contactRecord?: RecordOrigin | 'none';
  /** Why it was evaluated now, when later than its arrival (`contact record arrived`, `grace period ended`). */
  readonly trigger?: string;
  readonly cascadeDropped?: number;
}

export interface IngestResult {
  readonly kind: InputKind;
  readonly status: IngestStatus;
  readonly label: string;
  readonly deliveryKey?: string;
  /** The EventSourceName, or the upstream for inputs without one. */
  readonly source?: string;
  readonly instanceId?: string;
  readonly contactId?: string;
  readonly detail?: string;
  /** For `error`: bad input (its reason) or a failure. */
  readonly error?: { readonly reason: string; readonly message: string };
  readonly evaluations: readonly Evaluation[];
}

export interface IngestOptions {
  /** Label for reports and errors (a file name, an S3 URI, a record id). */
  readonly label: string;
  /** The delivery identity; default the content hash of the payload. */
  readonly deliveryKey?: string;
}

/** `sha256:<hex>` of a payload's JSON: the delivery identity of a payload that has no other. */
export function contentKey(payload: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(payload)).digest('hex')}`;
}

export function flatten(result: TriggerResult, extra: Partial<Evaluation> = {}): Evaluation[] {
  const own: Evaluation = {
    source: result.source,
    instanceId: result.instanceId,
    ...(result.contactId !== undefined ? { contactId: result.contactId } : {}),
    eventKey: result.eventKey,
    depth: result.depth,
    rulesEvaluated: result.rulesEvaluated,
    matchedRules: [...result.matchedRules],
    ...(result.alreadyFired.length > 0 ? { alreadyFired: [...result.alreadyFired] } : {}),
    ...(result.beganBeforePublished.length > 0 ? { beganBeforePublished: [...result.beganBeforePublished] } : {}),
    actions: result.actions.map((a) => ({ ...a })),
    ...(result.cascadeDropped > 0 ? { cascadeDropped: result.cascadeDropped } : {}),
    ...(result.depth === 0 ? extra : {}),
  };
  return [own, ...result.cascaded.flatMap((c) => flatten(c))];
}

/** The tags of a stored contact record (CTR `Tags`, contact events `tags`), for PreEvaluationFilters. */
export function contactTags(contact: Pick<StoredContactRecord, 'format' | 'record'> | undefined): Record<string, string> | undefined {
  const record = contact?.record as JsonObject | undefined;
  const tags = contact?.format === 'ctr' ? record?.Tags : isObject(record?.Contact) ? record.Contact.Tags : undefined;
  if (!isObject(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Reason and message of an error, for reports and logs. */
export function errorInfo(err: unknown): { reason: string; message: string } {
  if (isBadInput(err)) return { reason: badInputReason(err), message: err.message };
  if (err instanceof ContextInputError) return { reason: 'invalid-payload', message: err.message };
  return { reason: 'failure', message: err instanceof Error ? err.message : String(err) };
}

