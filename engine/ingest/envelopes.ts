/**
 * The Lambda event envelopes payloads arrive in: Kinesis data stream records
 * (base64 JSON: contact trace records, real-time segments), SQS messages (S3
 * notifications, EventBridge events, canonical events, snapshots), SNS
 * notifications inside SQS, and the EventBridge event itself. Their shapes are
 * those of the Powertools parser's schemas (the members AWS always sends), written
 * in the project's one schema language (engine/schema/check.ts).
 */
import { isObject } from '../context/json.ts';
import { any, firstProblem, listOf, oneOf, opt, req, str, struct, type Spec } from '../schema/check.ts';
import { BadInputError, parseJsonText } from './errors.ts';

const S = req(str());

/** An EventBridge event (Powertools' EventBridgeSchema). */
export const EVENTBRIDGE_EVENT: Spec = struct({
  version: S,
  id: S,
  source: S,
  account: S,
  time: req(str(undefined, undefined, /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z$/)),
  region: S,
  resources: req(listOf(str())),
  'detail-type': S,
  detail: opt(any),
  'replay-name': opt(str()),
});

/** A Kinesis data stream record (Powertools' KinesisDataStreamRecord). */
const KINESIS_RECORD: Spec = struct({
  eventSource: req(oneOf(['aws:kinesis'])),
  eventVersion: S,
  eventID: S,
  eventName: req(oneOf(['aws:kinesis:record'])),
  awsRegion: S,
  invokeIdentityArn: S,
  eventSourceARN: S,
  kinesis: req(
    struct({ kinesisSchemaVersion: S, partitionKey: S, sequenceNumber: S, approximateArrivalTimestamp: req({ kind: 'number' }), data: S }),
  ),
});

/** An SQS record (Powertools' SqsRecordSchema; message attributes not looked into). */
const SQS_RECORD: Spec = struct({
  messageId: S,
  receiptHandle: S,
  body: S,
  attributes: req(struct({ ApproximateReceiveCount: S, ApproximateFirstReceiveTimestamp: S, SenderId: S, SentTimestamp: S })),
  messageAttributes: req({ kind: 'map', key: { kind: 'string' }, value: any }),
  md5OfBody: S,
  eventSource: req(oneOf(['aws:sqs'])),
  eventSourceARN: S,
  awsRegion: S,
});

export interface KinesisPayload {
  /** `kinesis:<stream ARN>#<eventID>` (eventID = `<shardId>:<sequence number>`): the same on every redelivery. */
  readonly deliveryKey: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly payload: unknown;
}

export const isKinesisEvent = (v: unknown): boolean =>
  isObject(v) && Array.isArray(v.Records) && v.Records.length > 0 && v.Records.every((r) => isObject(r) && isObject(r.kinesis));

export const isSqsEvent = (v: unknown): boolean =>
  isObject(v) && Array.isArray(v.Records) && v.Records.length > 0 && v.Records.every((r) => isObject(r) && r.eventSource === 'aws:sqs');

/**
 * What makes `data` no base64 text, if anything. Lambda gives a Kinesis record's data
 * base64-encoded; Buffer.from(…, 'base64') skips what is not base64 and decodes the rest,
 * so garbage would be reported as bad JSON instead.
 */
function base64Problem(data: string): string | undefined {
  const bad = /[^A-Za-z0-9+/=]/.exec(data);
  if (bad) return `\`${String.fromCodePoint(data.codePointAt(bad.index)!)}\` at character ${bad.index + 1}`;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) return `its ${data.length} characters are not whole groups of 4 ending in at most two \`=\``;
  return undefined;
}

/** Decodes one Kinesis record of a Lambda event. Throws BadInputError when it is not one or its data is not JSON. */
export function decodeKinesisRecord(record: unknown, label = 'Kinesis record'): KinesisPayload {
  const problem = firstProblem(KINESIS_RECORD, record);
  if (problem) throw new BadInputError('invalid-payload', `${label}: not a Kinesis data stream record: ${problem}`);
  const { kinesis, eventSourceARN, eventID } = record as { kinesis: { sequenceNumber: string; partitionKey: string; data: string }; eventSourceARN: string; eventID: string };
  const where = `${label} (sequence number ${kinesis.sequenceNumber})`;
  const notBase64 = base64Problem(kinesis.data);
  if (notBase64) throw new BadInputError('invalid-payload', `${where}: the data is not base64: ${notBase64}`);
  const payload = parseJsonText(Buffer.from(kinesis.data, 'base64').toString('utf8'), where);
  if (!isObject(payload) && !Array.isArray(payload)) {
    throw new BadInputError('unknown-format', `${where}: the data is not a JSON object`);
  }
  return {
    deliveryKey: `kinesis:${eventSourceARN}#${eventID}`,
    sequenceNumber: kinesis.sequenceNumber,
    partitionKey: kinesis.partitionKey,
    payload,
  };
}

export interface SqsPayload {
  readonly messageId: string;
  readonly payload: unknown;
}

/** The parsed JSON body of one SQS record (an SNS notification body is unwrapped to its Message). */
export function decodeSqsRecord(record: unknown, label = 'SQS message'): SqsPayload {
  const problem = firstProblem(SQS_RECORD, record);
  if (problem) throw new BadInputError('invalid-payload', `${label}: not an SQS record: ${problem}`);
  const { messageId, body } = record as { messageId: string; body: string };
  const where = `${label} ${messageId}`;
  let payload: unknown = parseJsonText(body, where);
  // SNS → SQS without raw message delivery: the notification's Message is the payload.
  if (isObject(payload) && payload.Type === 'Notification' && typeof payload.Message === 'string') {
    payload = parseJsonText(payload.Message, `${where} (SNS Message)`);
  }
  return { messageId, payload };
}
