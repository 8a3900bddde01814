/**
 * Lambda envelopes in their real shapes, built around the project's payloads
 * (test/fixtures), for the ingestion tests: S3 event notifications, Kinesis and SQS
 * batches, SNS notifications.
 */
import { randomUUID } from 'node:crypto';

export const REGION = 'us-east-1';
export const BUCKET = 'amazon-connect-4f1b2c3d5e6f';
export const CTR_STREAM = 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr';
export const SEGMENT_STREAM = 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-rtca-segments';

/** The key Contact Lens writes an analysis file under, not URL-encoded. */
export function analysisKey(channel: 'Voice' | 'Chat', contactId: string, time = '2025-03-11T14:05:16Z', redacted = false): string {
  const day = time.slice(0, 10).replaceAll('-', '/');
  return `connect/anycompany/Analysis/${channel}/${redacted ? 'Redacted/' : ''}${day}/${contactId}_analysis${redacted ? '_redacted' : ''}_${time}.json`;
}

/** An S3 key as S3 event notifications write it: URL-encoded, `+` for a space. */
export const encodeS3Key = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

export interface S3ObjectSpec {
  readonly bucket?: string;
  readonly key: string;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly size?: number;
  readonly eventName?: string;
}

/** An S3 event notification (`{"Records": [...]}`) naming the objects. */
export function s3Notification(...objects: S3ObjectSpec[]) {
  return {
    Records: objects.map((o, i) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: '2025-03-11T14:05:17.512Z',
      eventName: o.eventName ?? 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AROAEXAMPLEROLEID:connect' },
      requestParameters: { sourceIPAddress: '10.12.4.25' },
      responseElements: { 'x-amz-request-id': `C3D13FE58DE4C81${i}`, 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'contact-lens-analysis',
        bucket: { name: o.bucket ?? BUCKET, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${o.bucket ?? BUCKET}` },
        object: {
          key: encodeS3Key(o.key),
          size: o.size ?? 11036,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          ...(o.versionId ? { versionId: o.versionId } : {}),
          sequencer: o.sequencer ?? '0067D0A1B2C3D4E5F6',
        },
      },
    })),
  };
}

/** The EventBridge `Object Created` event of S3 for one object (keys are not encoded there). */
export function s3ObjectCreatedEvent(o: S3ObjectSpec, id: string = randomUUID()) {
  return {
    version: '0',
    id,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    time: '2025-03-11T14:05:17Z',
    region: REGION,
    resources: [`arn:aws:s3:::${o.bucket ?? BUCKET}`],
    detail: {
      version: '0',
      bucket: { name: o.bucket ?? BUCKET },
      object: { key: o.key, size: o.size ?? 11036, etag: 'd41d8cd98f00b204e9800998ecf8427e', ...(o.versionId ? { 'version-id': o.versionId } : {}), sequencer: o.sequencer ?? '0067D0A1B2C3D4E5F6' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      reason: 'PutObject',
    },
  };
}

/** One Kinesis record of a Lambda event: `data` is the base64 of the payload's JSON (or of `raw` text). */
export function kinesisRecord(payload: unknown, sequenceNumber: string, options: { stream?: string; partitionKey?: string; raw?: string } = {}) {
  const stream = options.stream ?? CTR_STREAM;
  const text = options.raw ?? JSON.stringify(payload);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: options.partitionKey ?? ((payload as { ContactId?: string })?.ContactId ?? 'partition'),
      sequenceNumber,
      data: Buffer.from(text, 'utf8').toString('base64'),
      approximateArrivalTimestamp: 1741701917.512,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::111122223333:role/connect-rules-ingest',
    awsRegion: REGION,
    eventSourceARN: stream,
  };
}

/** A sequence number of the Kinesis form (56 digits), distinct per `n`. */
export const sequenceNumber = (n: number): string => `4965${String(n).padStart(52, '0')}`;

export const kinesisEvent = (...records: unknown[]) => ({ Records: records });

/** One SQS record whose body is `body` (JSON-encoded unless a string). */
export function sqsRecord(body: unknown, messageId: string = randomUUID()) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `AQEB${messageId.replaceAll('-', '')}`,
    body: text,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1741701917512', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1741701917520' },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:connect-rules-analysis',
    awsRegion: REGION,
  };
}

export const sqsEvent = (...records: unknown[]) => ({ Records: records });

/** An SNS notification (as SQS receives it without raw message delivery) carrying `message`. */
export function snsNotification(message: unknown) {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:us-east-1:111122223333:contact-lens-output',
    Subject: 'Amazon S3 Notification',
    Message: JSON.stringify(message),
    Timestamp: '2025-03-11T14:05:17.600Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
  };
}
