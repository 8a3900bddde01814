/**
 * The handler behind ingest-analysis.ts and ingest-evaluations.ts: Contact Lens
 * output files in S3, notified directly (S3 → Lambda, asynchronous), through SQS
 * (S3 → SQS, or S3 → SNS → SQS: a batch with partial failures) or through
 * EventBridge (`aws.s3` `Object Created`). Each object is read from S3 and handled
 * by the ingestor; objects of another kind (the redacted `.wav`, other files of the
 * bucket, the other handler's files) are ignored.
 */
import { classifyKey, describeRef, objectDeliveryKey, objectsFromNotification, type S3ObjectRef } from '../engine/ingest/s3.ts';
import type { IngestResult, Ingestor } from '../engine/pipeline/ingestor.ts';
import { reportFailure, sqsOrDirectHandler, type IngestRuntime } from './ingest-runtime.ts';

export type S3FileKind = 'analysis' | 'evaluation';

/** What these handlers need of the ingestor. */
export type S3FilesIngestor = Pick<Ingestor, 'contactObject'>;

async function ingestObject(rt: IngestRuntime<S3FilesIngestor>, ref: S3ObjectRef, accept: S3FileKind): Promise<IngestResult> {
  const klass = classifyKey(ref.key);
  if (klass.kind !== accept) {
    rt.pipeline.telemetry.count('Ignored', 'S3Object');
    return {
      kind: 's3-object',
      status: 'ignored',
      label: describeRef(ref),
      deliveryKey: objectDeliveryKey(ref),
      source: 'S3Object',
      detail: klass.kind === 'other' ? 'not a Contact Lens output file (by its key)' : `a ${klass.kind} file: not for this function`,
      evaluations: [],
    };
  }
  return rt.pipeline.ingestor.contactObject(ref);
}

/** Every object of one notification; failures are collected, not thrown, so the other objects go on. */
async function ingestNotification(rt: IngestRuntime<S3FilesIngestor>, payload: unknown, label: string, accept: S3FileKind): Promise<{ results: IngestResult[]; errors: unknown[] }> {
  const results: IngestResult[] = [];
  const errors: unknown[] = [];
  let objects: readonly S3ObjectRef[];
  try {
    const out = objectsFromNotification(payload, label);
    if (out.objects.length === 0) {
      rt.pipeline.telemetry.count('Ignored', 'S3Object');
      return { results: [{ kind: 's3-object', status: 'ignored', label, source: 'S3Object', detail: out.ignored ?? 'no object', evaluations: [] }], errors };
    }
    objects = out.objects;
  } catch (err) {
    return { results, errors: [reportFailure(rt, err, 's3-object', label)] };
  }
  for (const ref of objects) {
    rt.pipeline.telemetry.count('EventsReceived', 'S3Object');
    try {
      results.push(await ingestObject(rt, ref, accept));
    } catch (err) {
      errors.push(reportFailure(rt, err, accept === 'analysis' ? 'analysis-file' : 'evaluation-export', describeRef(ref)));
    }
  }
  return { results, errors };
}

export function createS3FilesHandler(rt: IngestRuntime<S3FilesIngestor>, accept: S3FileKind) {
  return sqsOrDirectHandler(rt, 's3-object', () => 'S3 notification', (rt, payload, label) => ingestNotification(rt, payload, label, accept));
}
