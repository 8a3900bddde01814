import { describe, expect, it } from 'vitest';
import { decodeKinesisRecord, decodeSqsRecord, isKinesisEvent, isSqsEvent } from './envelopes.ts';
import { BadInputError } from './errors.ts';
import { CTR_STREAM, kinesisEvent, kinesisRecord, s3Notification, sequenceNumber, snsNotification, sqsEvent, sqsRecord } from '../../test/support/lambda-envelopes.ts';

describe('Kinesis records (Powertools parser schema)', () => {
  it('decodes the base64 JSON payload; the delivery key is the stream and event id', () => {
    const record = kinesisRecord({ ContactId: 'c-1', Channel: 'VOICE' }, sequenceNumber(7));
    const out = decodeKinesisRecord(record);
    expect(out.payload).toEqual({ ContactId: 'c-1', Channel: 'VOICE' });
    expect(out.deliveryKey).toBe(`kinesis:${CTR_STREAM}#shardId-000000000000:${sequenceNumber(7)}`);
    expect(out.partitionKey).toBe('c-1');
    expect(isKinesisEvent(kinesisEvent(record))).toBe(true);
    expect(isSqsEvent(kinesisEvent(record))).toBe(false);
  });

  it('reports data that is not JSON, or not an object, as bad input', () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as BadInputError).reason;
      }
      return 'no error';
    };
    expect(reason(() => decodeKinesisRecord(kinesisRecord(null, sequenceNumber(1), { raw: '{"ContactId": ' })))).toBe('malformed-json');
    expect(reason(() => decodeKinesisRecord(kinesisRecord(null, sequenceNumber(2), { raw: '"just text"' })))).toBe('unknown-format');
    expect(reason(() => decodeKinesisRecord(kinesisRecord(null, sequenceNumber(3), { raw: '42' })))).toBe('unknown-format');
    expect(reason(() => decodeKinesisRecord({ kinesis: {} }))).toBe('invalid-payload');
    expect(() => decodeKinesisRecord(kinesisRecord(null, sequenceNumber(1), { raw: '{oops' }), 'rec')).toThrow(/rec \(sequence number 4965.*\):1:2: not valid JSON/);
  });
  it('says data that is not base64 is not base64 (decoding it anyway read garbage and called it bad JSON)', () => {
    const withData = (data: string) => {
      const record = kinesisRecord({ ContactId: 'c-1' }, sequenceNumber(5));
      return { ...record, kinesis: { ...record.kinesis, data } };
    };
    expect(() => decodeKinesisRecord(withData('!!!not base64!!!'), 'rec')).toThrow(/^rec \(sequence number \d+\): the data is not base64: `!` at character 1$/);
    expect(() => decodeKinesisRecord(withData('eyJh'.repeat(3) + 'e'), 'rec')).toThrow(/the data is not base64: its 13 characters are not whole groups of 4/);
    expect(() => decodeKinesisRecord(withData('e30=='), 'rec')).toThrow(/the data is not base64/);
    expect(decodeKinesisRecord(withData(Buffer.from('{"a":1}').toString('base64'))).payload).toEqual({ a: 1 });
  });
});

describe('SQS records', () => {
  it('parses the body, and the Message of an SNS notification', () => {
    const n = s3Notification({ key: 'k.json' });
    expect(decodeSqsRecord(sqsRecord(n, 'm-1'))).toEqual({ messageId: 'm-1', payload: n });
    expect(decodeSqsRecord(sqsRecord(snsNotification(n))).payload).toEqual(n);
    expect(isSqsEvent(sqsEvent(sqsRecord(n)))).toBe(true);
  });

  it('reports a body that is not JSON', () => {
    expect(() => decodeSqsRecord(sqsRecord('not json', 'm-2'))).toThrow(/SQS message m-2:1:1: not valid JSON/);
    expect(() => decodeSqsRecord({ body: '{}' })).toThrow(/not an SQS record/);
  });
});
