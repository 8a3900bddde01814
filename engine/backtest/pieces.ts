/**
 * The first pass of a backtest: what each payload of a file is and whose it is. A
 * file holds one payload, a list of them, or a Kinesis/SQS Lambda event of them;
 * each payload (a "unit") is recognised by its shape (engine/ingest/detect.ts) and
 * given a group: its contact (`c:<ContactId>`), or the event itself for events about
 * no contact (`e:<delivery key>`, so a redelivery lands in the same group). The
 * second pass (group.ts) feeds each group's units, in a fixed order, through the
 * pipeline's ingestor.
 */
import { isObject, type JsonObject } from '../context/json.ts';
import { contactIdOf } from '../pipeline/process.ts';
import { batchTooDeep, contentKey, MAX_BATCH_NESTING } from '../pipeline/ingestor.ts';
import { BODY_PATHS } from '../context/body-paths.ts';
import { normaliseContactRecord } from '../context/contact-record.ts';
import { detectPayload, PAYLOAD_NAMES, type PayloadKind } from '../ingest/detect.ts';
import { decodeKinesisRecord, decodeSqsRecord } from '../ingest/envelopes.ts';
import { badInputReason, isBadInput } from '../ingest/errors.ts';
import { evaluationIdentity } from '../ingest/evaluation.ts';
import { eventBridgeDeliveryKey, routeEventBridgeEvent } from '../ingest/eventbridge.ts';
import type { InstanceDirectory } from '../ingest/instances.ts';

/** One payload of a file, found by walking lists and envelopes. */
export interface Unit {
  readonly payload: unknown;
  readonly kind: PayloadKind;
  readonly label: string;
  /** Where it sits in the file: `/3`, `/Records/0` (a decoded envelope record). */
  readonly pointer: string;
  /** The delivery identity an envelope gives it (Kinesis). */
  readonly deliveryKey?: string;
}

/** Every payload of a parsed file; a record that cannot be decoded, or lists nested too deep, is a problem. */
export function* unitsOf(doc: unknown, label: string, pointer = '', depth = 0): Generator<Unit | Problem> {
  const kind = detectPayload(doc);
  // As replay refuses them (MAX_BATCH_NESTING): walking 10^5 nested lists overflowed the stack and lost the whole run.
  if ((kind === 'list' || kind === 'kinesis-event' || kind === 'sqs-event') && depth >= MAX_BATCH_NESTING) {
    yield problemOf(batchTooDeep(label, kind), label);
    return;
  }
  if (kind === 'list') {
    for (const [i, item] of (doc as unknown[]).entries()) yield* unitsOf(item, `${label}#${i}`, `${pointer}/${i}`, depth + 1);
    return;
  }
  if (kind === 'kinesis-event' || kind === 'sqs-event') {
    for (const [i, record] of ((doc as JsonObject).Records as unknown[]).entries()) {
      const where = `${label}#${i}`;
      try {
        const decoded = kind === 'kinesis-event' ? decodeKinesisRecord(record, where) : decodeSqsRecord(record, where);
        const inner = [...unitsOf(decoded.payload, where, `${pointer}/Records/${i}`, depth + 1)];
        const key = 'deliveryKey' in decoded ? decoded.deliveryKey : undefined;
        for (const u of inner) yield 'payload' in u && key && inner.length === 1 ? { ...u, deliveryKey: key } : u;
      } catch (err) {
        yield problemOf(err, where);
      }
    }
    return;
  }
  yield { payload: doc, kind, label, pointer };
}

/** A payload or file that is not evaluated, and why. */
export interface Problem {
  readonly label: string;
  /** Short and stable (for counting): `unknown-format`, `malformed-json`, `s3-notification`... */
  readonly reason: string;
  readonly message: string;
}

export function problemOf(err: unknown, label: string): Problem {
  const message = err instanceof Error ? err.message : String(err);
  return { label, reason: isBadInput(err) ? badInputReason(err) : 'failure', message };
}

/**
 * The order units of one group are fed in, whatever the file order: its contact
 * events (what it went through live), then its contact record, then its real-time
 * segments, then what comes after the contact (analyses, evaluations, events), so
 * every post-contact input is joined with the contact record as it would be after
 * the grace period. The segments come after the record because in Connect the
 * session knows the contact's attributes, queue and agent (AWS, admin guide,
 * rules-task-contact-attributes: "Contact attributes are retrieved at the beginning
 * of the real-time contact analysis session"); fed before it, every real-time
 * condition on them would not apply (engine/context/realtime.ts `notYetKnown`) and a
 * backtest would report 0 % for rules that fire live. The record stands in for what
 * Connect knew; the contact events still see only what was told live.
 */
export const PHASE: Readonly<Record<string, number>> = { live: 0, record: 1, session: 2, after: 3 };

export interface Placement {
  readonly group: string;
  readonly phase: number;
}

const contactGroup = (id: string, phase: number): Placement => ({ group: `c:${id}`, phase });

/** The contact id a canonical event's body names, if it is about a contact. */
function canonicalContact(v: JsonObject): string | undefined {
  const path = BODY_PATHS[v.EventSourceName as keyof typeof BODY_PATHS];
  if (!path || path[0] !== 'ContactLens') return undefined;
  let body: unknown = v;
  for (const key of path) body = isObject(body) ? body[key] : undefined;
  return isObject(body) && typeof body.ContactId === 'string' ? body.ContactId : undefined;
}

/** Which group a unit belongs to; throws (bad input) or returns a problem when it is not evaluated. */
export function place(unit: Unit, directory: InstanceDirectory): Placement | Problem {
  const v = unit.payload as JsonObject;
  switch (unit.kind) {
    case 'contact-record': {
      // A CTR names its contact at its top (the ingestor reads and checks the rest); a DescribeContact response is read.
      const id = !isObject(v.Contact) && typeof v.ContactId === 'string' ? v.ContactId : normaliseContactRecord(v, unit.label).ContactId;
      return id ? contactGroup(id, PHASE.record!) : { label: unit.label, reason: 'invalid-payload', message: `${unit.label}: a contact record without ContactId` };
    }
    case 'segment':
      return contactGroup(String(v.ContactId), PHASE.session!);
    case 'analysis-file': {
      const meta = isObject(v.CustomerMetadata) ? v.CustomerMetadata : {};
      const id = typeof meta.ContactId === 'string' ? meta.ContactId : undefined;
      return id
        ? contactGroup(id, PHASE.after!)
        : { label: unit.label, reason: 'invalid-payload', message: `${unit.label}: an analysis file without CustomerMetadata.ContactId` };
    }
    case 'evaluation-export':
      return contactGroup(evaluationIdentity(v, unit.label).contactId, PHASE.after!);
    case 'canonical-event': {
      const id = canonicalContact(v);
      return id ? contactGroup(id, PHASE.after!) : { group: `e:${typeof v.EventId === 'string' ? `event:${v.EventId}` : contentKey(v)}`, phase: PHASE.after! };
    }
    case 'metric-snapshot':
      return { group: `e:${contentKey(v)}`, phase: PHASE.after! };
    case 'eventbridge-event': {
      const route = routeEventBridgeEvent(v, directory, unit.label);
      if (route.kind === 'contact-event') return contactGroup(route.facts.contactId, PHASE.live!);
      if (route.kind === 'ignored') return { label: unit.label, reason: 'ignored', message: `${unit.label}: ${route.reason}` };
      if (route.kind === 'objects') return s3Problem(unit.label);
      const id = route.events.length === 1 ? contactIdOf(route.events[0]!) : undefined;
      return id ? contactGroup(id, PHASE.after!) : { group: `e:${typeof v.id === 'string' ? eventBridgeDeliveryKey(v) : contentKey(v)}`, phase: PHASE.after! };
    }
    case 's3-notification':
      return s3Problem(unit.label);
    default:
      return {
        label: unit.label,
        reason: 'unknown-format',
        message: `${unit.label}: ${PAYLOAD_NAMES[unit.kind]}, not a format backtest reads (contact trace record, analysis file, evaluation export, real-time segment, EventBridge event, canonical trigger event, metric snapshot, or a Kinesis/SQS Lambda event of them)`,
      };
  }
}

const s3Problem = (label: string): Problem => ({
  label,
  reason: 's3-notification',
  message: `${label}: an S3 notification names objects in S3; backtest reads files: give it the analysis files themselves`,
});

/** Files this large are placed by `sniffAnalysisContact` when they can be. */
export const SNIFF_MIN_CHARS = 16 * 1024;

const CONTACT_ID_VALUE = /^"ContactId"\s*:\s*"([^"\\]+)"/;

/**
 * The contact of a Contact Lens analysis file, read from its text without parsing
 * it (the first pass needs nothing else of a large file). Contact Lens writes its
 * members in name order, so `CustomerMetadata` and its `ContactId` come within the
 * first kilobytes, before `Transcript`: the text is scanned only that far. Only one
 * JSON object that is no Lambda envelope qualifies; anything else is parsed. The
 * second pass parses the file and checks the contact (a disagreement is reported).
 */
export function sniffAnalysisContact(text: string): string | undefined {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) <= 32 || text.charCodeAt(start) === 0xfeff)) start++;
  if (text[start] !== '{' || /^\{\s*"Records"/.test(text.slice(start, start + 40))) return undefined;
  const meta = text.indexOf('"CustomerMetadata"');
  if (meta < 0 || text[meta - 1] === '\\') return undefined;
  const id = text.indexOf('"ContactId"', meta);
  // Inside CustomerMetadata's object: no brace closes between them.
  if (id < 0 || text.slice(meta, id).includes('}')) return undefined;
  const transcript = text.indexOf('"Transcript"');
  if (transcript < 0 || text[transcript - 1] === '\\') return undefined;
  return CONTACT_ID_VALUE.exec(text.slice(id, id + 200))?.[1];
}
