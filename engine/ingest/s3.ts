/**
 * Contact Lens output files in S3: which objects a notification names, whether a
 * key is an analysis file or an evaluation export,
 * and the delivery identity of an object version.
 *
 * Accepted notifications: the S3 event notification (`{"Records": [{"s3": ...}]}`,
 * invoked directly, or as the body of an SQS message, or as the `Message` of an SNS
 * notification inside SQS), and the EventBridge `Object Created` event of `aws.s3`.
 * `s3:TestEvent` messages are recognised and ignored. Keys in S3 event notifications
 * are URL-encoded (`+` for a space, `%3A` for the colons of the analysis file
 * timestamps); EventBridge keys are not.
 */
import { BadInputError, parseJsonText } from './errors.ts';
import { isObject } from '../context/json.ts';
import { check, firstProblem, oneOf, opt, req, str, struct, type Spec } from '../schema/check.ts';
import { EVENTBRIDGE_EVENT } from './envelopes.ts';

export interface S3ObjectRef {
  readonly kind: 's3';
  readonly bucket: string;
  /** The decoded key. */
  readonly key: string;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly eTag?: string;
}

/** A local file standing for an object (replay); `pointer` selects a document inside a file holding several. */
export interface FileObjectRef {
  readonly kind: 'file';
  readonly path: string;
  /** JSON pointer (`/3`) into the file, when the document is one element of it. */
  readonly pointer?: string;
}

export type ObjectRef = S3ObjectRef | FileObjectRef;

/** Reads an object's text (the Lambda: S3 GetObject; replay: local files). A reference to an object that no longer exists is ObjectGoneError. */
export interface ObjectReader {
  read(ref: ObjectRef): Promise<string>;
}

/**
 * The object a reference names does not exist (any more): S3 NoSuchKey or NoSuchVersion, a local
 * file removed. Kept apart from every other failure of a read (access denied, throttling), which a
 * reader of stored references must not take for an absence.
 */
export class ObjectGoneError extends Error {
  override readonly name = 'ObjectGoneError';
  constructor(
    readonly ref: ObjectRef,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The delivery identity of an object: `s3://bucket/key#<version>` where the version
 * is the object's versionId, else the notification's sequencer, else its ETag (the
 * same across redeliveries of one notification, different for a new PUT).
 */
export function objectDeliveryKey(ref: ObjectRef): string {
  if (ref.kind === 'file') return `file://${ref.path}${ref.pointer ? `#${ref.pointer}` : ''}`;
  const version = ref.versionId ?? ref.sequencer ?? ref.eTag;
  return `s3://${ref.bucket}/${ref.key}${version ? `#${version}` : ''}`;
}

export const describeRef = (ref: ObjectRef): string =>
  ref.kind === 'file' ? `${ref.path}${ref.pointer ? `#${ref.pointer}` : ''}` : `s3://${ref.bucket}/${ref.key}`;

export type ObjectClass =
  | { readonly kind: 'analysis'; readonly channel: 'VOICE' | 'CHAT'; readonly redacted: boolean }
  | { readonly kind: 'evaluation' }
  | { readonly kind: 'other' };

/**
 * What a key holds, by its path: `…/Analysis/Voice|Chat[/Redacted]/…/<contact>_analysis[_redacted]_<time>.json`,
 * `…/Evaluations/…/<time>-<evaluationId>.json`. Anything else (the redacted `.wav`, other files in the bucket) is `other`.
 */
export function classifyKey(key: string): ObjectClass {
  const analysis = /(?:^|\/)Analysis\/(Voice|Chat)(\/Redacted)?\/(?:.*\/)?[^/]*_analysis(_redacted)?_[^/]*\.json$/i.exec(key);
  if (analysis) {
    return { kind: 'analysis', channel: analysis[1]!.toLowerCase() === 'voice' ? 'VOICE' : 'CHAT', redacted: Boolean(analysis[2] || analysis[3]) };
  }
  if (/(?:^|\/)Evaluations\/(?:.*\/)?[^/]+\.json$/i.test(key)) return { kind: 'evaluation' };
  return { kind: 'other' };
}

/** The members of an S3 event notification record the pipeline reads (validated leniently: real records vary). */
const S3_NOTIFICATION_RECORD: Spec = struct({
  eventSource: opt(oneOf(['aws:s3'])),
  eventName: opt(str()),
  s3: req(
    struct({
      bucket: req(struct({ name: req(str(1)) })),
      object: req(struct({ key: req(str(1)), versionId: opt(str()), sequencer: opt(str()), eTag: opt(str()) })),
    }),
  ),
});

interface S3NotificationRecord {
  eventName?: string;
  s3: { bucket: { name: string }; object: { key: string; versionId?: string; sequencer?: string; eTag?: string } };
}

const S3_OBJECT_CREATED_DETAIL: Spec = struct({
  bucket: req(struct({ name: req(str(1)) })),
  object: req(struct({ key: req(str(1)), 'version-id': opt(str()), sequencer: opt(str()), etag: opt(str()) })),
});

interface S3ObjectCreatedDetail {
  bucket: { name: string };
  object: { key: string; 'version-id'?: string; sequencer?: string; etag?: string };
}

/** Decodes a key of an S3 event notification (`+` is a space). */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

export interface NotificationObjects {
  readonly objects: readonly S3ObjectRef[];
  /** Why nothing is to be done (a test event, a deletion), when `objects` is empty on purpose. */
  readonly ignored?: string;
}

const isS3Notification = (v: unknown): boolean =>
  isObject(v) && Array.isArray(v.Records) && v.Records.some((r) => isObject(r) && isObject(r.s3));

/** Whether `v` is an S3 notification of any accepted shape (direct, SNS-wrapped, EventBridge). */
export function looksLikeS3Notification(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isS3Notification(v)) return true;
  if (v.Event === 's3:TestEvent') return true;
  if (v.Type === 'Notification' && typeof v.Message === 'string') return true;
  return v.source === 'aws.s3' && isObject(v.detail);
}

/**
 * The created objects a notification names. Throws BadInputError for a payload that
 * is none of the accepted shapes or a record without bucket or key.
 */
export function objectsFromNotification(v: unknown, label: string): NotificationObjects {
  if (!isObject(v)) throw new BadInputError('unknown-format', `${label}: not an S3 notification (expected a JSON object)`);
  if (v.Event === 's3:TestEvent') return { objects: [], ignored: 's3:TestEvent' };
  if (v.Type === 'Notification' && typeof v.Message === 'string') {
    const inner = `${label} (SNS Message)`;
    // Located in the Message and the token named, as every JSON file the engine reads.
    return objectsFromNotification(parseJsonText(v.Message, inner), inner);
  }
  if (v.source === 'aws.s3') {
    const problem = firstProblem(EVENTBRIDGE_EVENT, v) ?? firstProblem(S3_OBJECT_CREATED_DETAIL, v.detail);
    if (problem) throw new BadInputError('invalid-payload', `${label}: not an EventBridge S3 event: ${problem}`);
    if (v['detail-type'] !== 'Object Created') return { objects: [], ignored: `S3 ${String(v['detail-type'])}` };
    const detail = v.detail as unknown as S3ObjectCreatedDetail;
    const o = detail.object;
    return {
      objects: [compactRef({ kind: 's3', bucket: detail.bucket.name, key: o.key, versionId: o['version-id'], sequencer: o.sequencer, eTag: o.etag })],
    };
  }
  if (!isS3Notification(v)) throw new BadInputError('unknown-format', `${label}: not an S3 notification (no Records[].s3)`);
  const objects: S3ObjectRef[] = [];
  const skipped: string[] = [];
  (v.Records as unknown[]).forEach((raw, i) => {
    const problems: string[] = [];
    const record = check(S3_NOTIFICATION_RECORD, raw, '', problems) as S3NotificationRecord | undefined;
    if (!record) throw new BadInputError('invalid-payload', `${label}: Records[${i}]: ${problems[0]}`, `/Records/${i}`);
    const name = record.eventName ?? 'ObjectCreated:';
    if (!name.startsWith('ObjectCreated:')) {
      skipped.push(name);
      return;
    }
    const o = record.s3.object;
    objects.push(
      compactRef({ kind: 's3', bucket: record.s3.bucket.name, key: decodeS3Key(o.key), versionId: o.versionId, sequencer: o.sequencer, eTag: o.eTag }),
    );
  });
  return objects.length === 0 && skipped.length > 0 ? { objects, ignored: `S3 ${skipped.join(', ')}` } : { objects };
}

function compactRef(ref: S3ObjectRef): S3ObjectRef {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(ref)) if (val !== undefined && val !== '') out[k] = val;
  return out as unknown as S3ObjectRef;
}
