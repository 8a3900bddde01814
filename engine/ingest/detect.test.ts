import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/support/fixtures.ts';
import { detectPayload } from './detect.ts';
import { kinesisEvent, kinesisRecord, s3Notification, sequenceNumber, sqsEvent, sqsRecord } from '../../test/support/lambda-envelopes.ts';

describe('detectPayload: each format by its shape', () => {
  it.each([
    ['contact/ctr-voice-cancellation.json', 'contact-record'],
    ['contact/describe-contact-voice-cancellation.json', 'contact-record'],
    ['analysis/chat-billing.json', 'analysis-file'],
    ['evaluation/evaluation-voice-cancellation.json', 'evaluation-export'],
    ['realtime/voice-cancellation.json', 'list'],
    ['canonical/OnCaseCreate.json', 'canonical-event'],
    ['eventbridge/cases-case-created.json', 'eventbridge-event'],
    ['eventbridge/contact-event-voice-connected.json', 'eventbridge-event'],
    ['metrics/snapshot-billing-backlog.json', 'metric-snapshot'],
  ])('%s → %s', (file, kind) => expect(detectPayload(fixture(file))).toBe(kind));

  it('segments, envelopes, and the unknown', () => {
    expect(detectPayload(fixture('realtime/chat-billing.json')[3])).toBe('segment');
    expect(detectPayload(s3Notification({ key: 'k' }))).toBe('s3-notification');
    expect(detectPayload(kinesisEvent(kinesisRecord({}, sequenceNumber(1))))).toBe('kinesis-event');
    expect(detectPayload(sqsEvent(sqsRecord({})))).toBe('sqs-event');
    expect(detectPayload({ hello: 'world' })).toBe('unknown');
    expect(detectPayload('text')).toBe('unknown');
  });
});
