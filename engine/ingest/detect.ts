/**
 * What a JSON payload is, by its shape: the formats replay accepts (a file may hold
 * any of them) and the canonical-events handler dispatches on.
 */
import { isContactRecord } from '../context/contact-record.ts';
import { looksLikeAnalysisFile } from '../context/analysis-file.ts';
import { isCanonicalEvent } from '../context/canonical.ts';
import { isObject } from '../context/json.ts';
import { looksLikeSegmentEvent } from '../context/realtime.ts';
import { isKinesisEvent, isSqsEvent } from './envelopes.ts';
import { looksLikeEvaluationExport } from './evaluation.ts';
import { looksLikeMetricSnapshot } from './metrics.ts';
import { looksLikeS3Notification } from './s3.ts';

export type PayloadKind =
  | 'kinesis-event'
  | 'sqs-event'
  | 's3-notification'
  | 'eventbridge-event'
  | 'canonical-event'
  | 'segment'
  | 'analysis-file'
  | 'evaluation-export'
  | 'metric-snapshot'
  | 'contact-record'
  /** A JSON array: each element is a payload of its own. */
  | 'list'
  | 'unknown';

export const isEventBridgeEvent = (v: unknown): boolean =>
  isObject(v) && typeof v['detail-type'] === 'string' && typeof v.source === 'string' && 'detail' in v;

export function detectPayload(v: unknown): PayloadKind {
  if (Array.isArray(v)) return 'list';
  if (!isObject(v)) return 'unknown';
  if (isKinesisEvent(v)) return 'kinesis-event';
  if (isSqsEvent(v)) return 'sqs-event';
  if (isEventBridgeEvent(v)) return v.source === 'aws.s3' ? 's3-notification' : 'eventbridge-event';
  if (looksLikeS3Notification(v)) return 's3-notification';
  if (isCanonicalEvent(v)) return 'canonical-event';
  if (looksLikeSegmentEvent(v)) return 'segment';
  if (looksLikeAnalysisFile(v)) return 'analysis-file';
  if (looksLikeEvaluationExport(v)) return 'evaluation-export';
  if (looksLikeMetricSnapshot(v)) return 'metric-snapshot';
  if (isContactRecord(v)) return 'contact-record';
  return 'unknown';
}

/** Human names of the kinds, for messages. */
export const PAYLOAD_NAMES: Readonly<Record<PayloadKind, string>> = {
  'kinesis-event': 'a Kinesis Lambda event',
  'sqs-event': 'an SQS Lambda event',
  's3-notification': 'an S3 notification',
  'eventbridge-event': 'an EventBridge event',
  'canonical-event': 'a canonical trigger event',
  segment: 'a real-time analysis segment record',
  'analysis-file': 'a Contact Lens analysis file',
  'evaluation-export': 'a contact evaluation export file',
  'metric-snapshot': 'a metric snapshot',
  'contact-record': 'a contact record',
  list: 'a list of payloads',
  unknown: 'an unknown format',
};
