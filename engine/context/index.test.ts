import { describe, expect, it } from 'vitest';
import { buildTriggerEvent, InputFormatError, joinContactRecord, loadCanonicalEvent, normaliseContactRecord, SourceMismatchError } from './index.ts';
import { AGENT1, CONTACT, fixture, INSTANCE, QUEUE_RETENTION } from '../../test/support/fixtures.ts';

describe('buildTriggerEvent detects its input', () => {
  it.each<[string, () => unknown, string, string]>([
    ['a voice analysis file', () => fixture('analysis/voice-cancellation.json'), 'OnPostCallAnalysisAvailable', 'PostCall'],
    ['a chat analysis file', () => fixture('analysis/chat-billing.json'), 'OnPostChatAnalysisAvailable', 'PostChat'],
    ['a canonical event', () => fixture('canonical/OnCaseUpdate.json'), 'OnCaseUpdate', ''],
    ['voice segment records', () => fixture('realtime/voice-cancellation.json'), 'OnRealTimeCallAnalysisAvailable', 'RealTimeCall'],
    ['chat segment records', () => fixture('realtime/chat-billing.json'), 'OnRealTimeChatAnalysisAvailable', 'RealTimeChat'],
    ['one segment record', () => fixture('realtime/voice-cancellation.json')[2], 'OnRealTimeCallAnalysisAvailable', 'RealTimeCall'],
  ])('%s', (_, event, source, root) => {
    const built = buildTriggerEvent({ event: event() });
    expect(built.EventSourceName).toBe(source);
    expect(built.InstanceId).toBe(INSTANCE);
    if (root) expect(Object.keys(built.ContactLens ?? {})).toEqual([root]);
    // a given source that agrees is fine
    expect(buildTriggerEvent({ event: event(), source: source as never }).EventSourceName).toBe(source);
  });

  it('adds the contact record, CTR or DescribeContact', () => {
    for (const contact of ['contact/ctr-voice-cancellation.json', 'contact/describe-contact-voice-cancellation.json']) {
      const built = buildTriggerEvent({ event: fixture('analysis/voice-cancellation.json'), contact: fixture(contact) });
      expect(built.ContactLens?.PostCall).toMatchObject({ Agent: { AgentId: AGENT1 }, Queue: { QueueId: QUEUE_RETENTION } });
    }
  });

  it('fills a canonical contact-analysis body from the contact record, the event winning', () => {
    const built = buildTriggerEvent({
      event: { EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostCall: { ContactId: CONTACT.voice, Queue: { QueueId: 'given' } } } },
      contact: fixture('contact/ctr-voice-cancellation.json'),
    });
    expect(built.ContactLens?.PostCall?.Queue?.QueueId).toBe('given');
    expect(built.ContactLens?.PostCall?.Agent?.AgentId).toBe(AGENT1);
    expect(() =>
      buildTriggerEvent({
        event: { EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostCall: { ContactId: CONTACT.chat } } },
        contact: fixture('contact/ctr-voice-cancellation.json'),
      }),
    ).toThrow(/contact record is for contact/);
  });

  it('joins a contact record onto an event already loaded as buildTriggerEvent does, without changing it', () => {
    const event = { EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostCall: { ContactId: CONTACT.voice, Queue: { QueueId: 'given' } } } };
    const record = fixture('contact/ctr-voice-cancellation.json');
    const loaded = loadCanonicalEvent(structuredClone(event));
    const before = structuredClone(loaded);
    const joined = joinContactRecord(loaded, normaliseContactRecord(record));
    expect(loaded).toStrictEqual(before);
    expect(JSON.stringify(joined)).toBe(JSON.stringify(buildTriggerEvent({ event, contact: record })));
    expect(joined.InstanceArn).toMatch(/:instance\//);
    const other = loadCanonicalEvent({ ...event, ContactLens: { PostCall: { ContactId: CONTACT.chat } } });
    expect(() => joinContactRecord(other, normaliseContactRecord(record), 'ctr.json')).toThrow(/^ctr\.json: the contact record is for contact/);
    const cases = loadCanonicalEvent(fixture('canonical/OnCaseUpdate.json'));
    expect(joinContactRecord(cases, normaliseContactRecord(record))).toBe(cases);
  });

  it('uses the source for an analysis file without Channel', () => {
    const file = fixture('analysis/chat-billing.json');
    delete file.Channel;
    expect(buildTriggerEvent({ event: file, source: 'OnPostChatAnalysisAvailable' }).ContactLens?.PostChat?.Transcript).toHaveLength(9);
  });
});

describe('buildTriggerEvent errors', () => {
  const attempt = (input: Parameters<typeof buildTriggerEvent>[0]) => {
    try {
      buildTriggerEvent(input);
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected an error');
  };

  it.each<[string, unknown, string]>([
    ['an analysis file without Channel', { Transcript: [], ConversationCharacteristics: {} }, 'event.json: not a Contact Lens analysis file nor a canonical trigger event: missing Channel'],
    ['half an analysis file', { Channel: 'VOICE' }, 'event.json: not a Contact Lens analysis file nor a canonical trigger event: missing Transcript, ConversationCharacteristics'],
    ['an unrelated object', { hello: 'world' }, 'event.json: not a Contact Lens analysis file nor a canonical trigger event: missing EventSourceName'],
    ['not an object', 'hello', 'event.json: not a Contact Lens analysis file nor a canonical trigger event: expected a JSON object, got the string "hello"'],
    ['an empty list', [], 'event.json: an empty list of real-time segment records'],
    ['a list of something else', [{ a: 1 }], 'event.json: not a real-time segment record'],
    ['an unknown Channel', { Channel: 'EMAIL', Transcript: [], CustomerMetadata: {} }, 'event.json: unknown Channel "EMAIL" (VOICE or CHAT) (at /Channel)'],
  ])('%s', (_, event, message) => {
    const err = attempt({ event, eventFile: 'event.json' });
    expect(err).toBeInstanceOf(InputFormatError);
    expect(err.message.startsWith(message)).toBe(true);
  });

  it('needs the source for an analysis file without Channel', () => {
    const file = fixture('analysis/voice-cancellation.json');
    delete file.Channel;
    expect(attempt({ event: file }).message).toMatch(/missing Channel .*OnPostCallAnalysisAvailable or OnPostChatAnalysisAvailable/);
  });

  it.each<[string, () => unknown, string]>([
    ['analysis file', () => fixture('analysis/voice-cancellation.json'), 'OnPostChatAnalysisAvailable'],
    ['canonical event', () => fixture('canonical/OnCaseCreate.json'), 'OnCaseUpdate'],
    ['segment records', () => fixture('realtime/chat-billing.json'), 'OnRealTimeCallAnalysisAvailable'],
  ])('refuses a source that disagrees with the %s', (_, event, source) => {
    const err = attempt({ event: event(), source: source as never, eventFile: 'in.json' }) as SourceMismatchError;
    expect(err).toBeInstanceOf(SourceMismatchError);
    expect(err.requested).toBe(source);
    expect(err.message).toMatch(new RegExp(`^in\\.json: the input is .*, which feeds ${err.detected}, not ${source}$`));
  });

  it('labels a bad contact record with its own file', () => {
    const err = attempt({ event: fixture('analysis/voice-cancellation.json'), contact: { nothing: true }, contactFile: 'ctr.json' });
    expect(err).toBeInstanceOf(InputFormatError);
    expect(err.message).toMatch(/^ctr\.json: not a contact record/);
  });

  it('labels a bad record inside a list with its index', () => {
    const records = fixture('realtime/voice-cancellation.json');
    records[3].Segments = 'oops';
    expect(attempt({ event: records, eventFile: 'rt.json' }).message).toBe('rt.json (record 3): expected an array, got the string "oops" (at /Segments)');
  });
});

describe('a plain-JavaScript caller passing no input object', () => {
  it('is refused with a TypeError saying what was given, not a crash reading its members', () => {
    expect(() => buildTriggerEvent(null as never)).toThrow(new TypeError('buildTriggerEvent takes an object { event, contact?, source?, eventFile?, contactFile? }, got null'));
    expect(() => buildTriggerEvent('analysis.json' as never)).toThrow(/got a string$/);
  });
});
