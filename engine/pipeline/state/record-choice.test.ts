import { describe, expect, it } from 'vitest';
import { chooseContactRecord, type RecordOrigin } from './record-choice.ts';

const at = (origin: RecordOrigin, time: string | number) => ({ origin, updatedAt: typeof time === 'number' ? time : Date.parse(time) });
const CTR = at('ctr', '2025-03-11T09:10:00Z');
const RESPONSE = at('describe-contact', '2025-03-11T09:05:00Z');
const EVENTS_BEFORE = at('contact-events', '2025-03-11T09:04:59Z');
const EVENTS_AFTER = at('contact-events', '2025-03-11T09:05:01Z');

describe('chooseContactRecord', () => {
  it('takes the CTR over contact events, even newer ones', () => {
    expect(chooseContactRecord(CTR, at('contact-events', '2025-03-11T09:30:00Z'))).toBe(CTR);
  });

  it('takes the contact events over a DescribeContact response they are newer than', () => {
    expect(chooseContactRecord(RESPONSE, EVENTS_AFTER)).toBe(EVENTS_AFTER);
  });

  it('keeps the DescribeContact response over older contact events', () => {
    expect(chooseContactRecord(RESPONSE, EVENTS_BEFORE)).toBe(RESPONSE);
  });

  it('keeps the DescribeContact response on a tie: it holds more', () => {
    const tie = at('contact-events', '2025-03-11T09:05:00Z');
    expect(chooseContactRecord(RESPONSE, tie)).toBe(RESPONSE);
  });

  it('keeps the DescribeContact response when either time is unknown (stored as 0)', () => {
    const untimedResponse = at('describe-contact', 0);
    expect(chooseContactRecord(untimedResponse, EVENTS_AFTER)).toBe(untimedResponse);
    const untimedEvents = at('contact-events', 0);
    expect(chooseContactRecord(RESPONSE, untimedEvents)).toBe(RESPONSE);
    const unreadable = at('contact-events', Number.NaN);
    expect(chooseContactRecord(RESPONSE, unreadable)).toBe(RESPONSE);
  });

  it('takes whichever is stored when the other is not', () => {
    expect(chooseContactRecord(RESPONSE, undefined)).toBe(RESPONSE);
    expect(chooseContactRecord(undefined, EVENTS_AFTER)).toBe(EVENTS_AFTER);
    expect(chooseContactRecord(undefined, undefined)).toBeUndefined();
  });
});
