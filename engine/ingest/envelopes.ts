/**
 * The Lambda event envelopes payloads arrive in, unwrapped with the Powertools
 * parser schemas: Kinesis data stream records (base64 JSON: contact trace records,
 * real-time segments), SQS messages (S3 notifications, EventBridge events,
 * canonical events, snapshots) and SNS notifications inside SQS.
 */
import { KinesisDataStreamRecord } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { isObject } from '../context/json.ts';
import { BadInputError, parseJsonText } from './errors.ts';
import { zodProblem } from './s3.ts';

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

/** Decodes one Kinesis record of a Lambda event. Throws BadInputError when it is not one or its data is not JSON. */
export function decodeKinesisRecord(record: unknown, label = 'Kinesis record'): KinesisPayload {
  const parsed = KinesisDataStreamRecord.safeParse(record);
  if (!parsed.success) throw new BadInputError('invalid-payload', `${label}: not a Kinesis data stream record: ${zodProblem(parsed.error)}`);
  const { kinesis, eventSourceARN, eventID } = parsed.data;
  const where = `${label} (sequence number ${kinesis.sequenceNumber})`;
  // The schema's Base64Encoded yields the decoded text when it is not JSON, which a
  // JSON string also is: decode the raw data again to tell them apart.
  const raw = String((record as { kinesis: { data: string } }).kinesis.data);
  const payload = parseJsonText(Buffer.from(raw, 'base64').toString('utf8'), where);
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
  const parsed = SqsRecordSchema.safeParse(record);
  if (!parsed.success) throw new BadInputError('invalid-payload', `${label}: not an SQS record: ${zodProblem(parsed.error)}`);
  const where = `${label} ${parsed.data.messageId}`;
  let payload: unknown = parseJsonText(parsed.data.body, where);
  // SNS → SQS without raw message delivery: the notification's Message is the payload.
  if (isObject(payload) && payload.Type === 'Notification' && typeof payload.Message === 'string') {
    payload = parseJsonText(payload.Message, `${where} (SNS Message)`);
  }
  return { messageId: parsed.data.messageId, payload };
}
