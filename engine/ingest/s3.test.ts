import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.ts';
import { classifyKey, decodeS3Key, objectDeliveryKey, objectsFromNotification } from './s3.ts';
import { analysisKey, BUCKET, encodeS3Key, s3Notification, s3ObjectCreatedEvent, snsNotification } from '../../test/support/lambda-envelopes.ts';

const CONTACT = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';

describe('classifyKey', () => {
  it.each([
    [analysisKey('Voice', CONTACT), { kind: 'analysis', channel: 'VOICE', redacted: false }],
    [analysisKey('Chat', CONTACT), { kind: 'analysis', channel: 'CHAT', redacted: false }],
    [analysisKey('Voice', CONTACT, '2025-03-11T14:05:16Z', true), { kind: 'analysis', channel: 'VOICE', redacted: true }],
    [`Analysis/Voice/2020/02/04/${CONTACT}_analysis_2020-02-04T21:14:16Z.json`, { kind: 'analysis', channel: 'VOICE', redacted: false }],
    [`connect/x/Evaluations/2025/03/12/15:30:00.087Z-0e9d8c7b-6a5f-4e4d-8c3b-2a1f0e9d8c7b.json`, { kind: 'evaluation' }],
    [`connect/x/Analysis/Voice/Redacted/2025/03/11/${CONTACT}_call_recording_redacted_2025-03-11T14:05:16Z.wav`, { kind: 'other' }],
    [`connect/x/CallRecordings/2025/03/11/${CONTACT}_20250311T14:02_UTC.wav`, { kind: 'other' }],
    ['reports/daily.json', { kind: 'other' }],
  ])('%s', (key, expected) => expect(classifyKey(key)).toEqual(expected));
});

describe('objectsFromNotification', () => {
  const key = analysisKey('Voice', CONTACT);

  it('reads an S3 event notification, decoding the key (colons as %3A, spaces as +)', () => {
    const spaced = `connect/any company/Analysis/Voice/2025/03/11/${CONTACT}_analysis_2025-03-11T14:05:16Z.json`;
    const n = s3Notification({ key, versionId: 'v1' }, { key: spaced, sequencer: '0A1B' });
    expect(n.Records[0]!.s3.object.key).toContain('%3A');
    expect(n.Records[1]!.s3.object.key).toContain('any+company');
    const out = objectsFromNotification(n, 'n');
    expect(out.objects).toEqual([
      { kind: 's3', bucket: BUCKET, key, versionId: 'v1', sequencer: '0067D0A1B2C3D4E5F6', eTag: 'd41d8cd98f00b204e9800998ecf8427e' },
      { kind: 's3', bucket: BUCKET, key: spaced, sequencer: '0A1B', eTag: 'd41d8cd98f00b204e9800998ecf8427e' },
    ]);
  });

  it('reads the EventBridge Object Created event and an SNS-wrapped notification', () => {
    expect(objectsFromNotification(s3ObjectCreatedEvent({ key, versionId: 'v2' }), 'e').objects).toMatchObject([{ bucket: BUCKET, key, versionId: 'v2' }]);
    expect(objectsFromNotification(snsNotification(s3Notification({ key })), 's').objects).toMatchObject([{ bucket: BUCKET, key }]);
  });

  it('ignores test events, deletions and other EventBridge S3 events', () => {
    expect(objectsFromNotification({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }, 't')).toEqual({ objects: [], ignored: 's3:TestEvent' });
    expect(objectsFromNotification(s3Notification({ key, eventName: 'ObjectRemoved:Delete' }), 'd').ignored).toBe('S3 ObjectRemoved:Delete');
    const deleted = { ...s3ObjectCreatedEvent({ key }), 'detail-type': 'Object Deleted' };
    expect(objectsFromNotification(deleted, 'x').ignored).toBe('S3 Object Deleted');
  });

  it('refuses what is not a notification, naming the record', () => {
    const broken = s3Notification({ key });
    delete (broken.Records[0]!.s3 as { bucket?: unknown }).bucket;
    expect(() => objectsFromNotification(broken, 'n.json')).toThrow(/n\.json: Records\[0\]: s3\.bucket/);
    expect(() => objectsFromNotification([1], 'a')).toThrow(BadInputError);
    expect(() => objectsFromNotification({ Records: [] }, 'e')).toThrow(/not an S3 notification/);
    // An SNS Message that is not JSON: located in the Message and the token named, as the CLI words a JSON file.
    const notJson = (() => {
      try {
        objectsFromNotification({ Type: 'Notification', Message: '{"Records": [\n  {"s3": }]}' }, 'sns');
      } catch (err) {
        return err as BadInputError;
      }
    })();
    expect(notJson).toBeInstanceOf(BadInputError);
    expect(notJson!.reason).toBe('malformed-json');
    expect(notJson!.message).toBe("sns (SNS Message):2:10: not valid JSON: unexpected '}'");
  });
});

describe('delivery identity of an object', () => {
  it('is the version, else the sequencer, else the ETag', () => {
    expect(objectDeliveryKey({ kind: 's3', bucket: 'b', key: 'k', versionId: 'v', sequencer: 's', eTag: 'e' })).toBe('s3://b/k#v');
    expect(objectDeliveryKey({ kind: 's3', bucket: 'b', key: 'k', sequencer: 's', eTag: 'e' })).toBe('s3://b/k#s');
    expect(objectDeliveryKey({ kind: 's3', bucket: 'b', key: 'k', eTag: 'e' })).toBe('s3://b/k#e');
    expect(objectDeliveryKey({ kind: 'file', path: '/x.json', pointer: '/2' })).toBe('file:///x.json#/2');
  });

  it('round-trips keys through the notification encoding', () => {
    const key = `a b/Analysis/Voice/2025/03/11/c_analysis_2025-03-11T14:05:16Z.json`;
    expect(decodeS3Key(encodeS3Key(key))).toBe(key);
    expect(decodeS3Key('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
