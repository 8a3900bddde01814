import { describe, expect, it } from 'vitest';
import { compileExactMatcher } from '../transcript/exact.ts';
import { prepareTranscript } from '../transcript/prepare.ts';
import { normaliseContactRecord } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { applySegments, realtimeTriggerEvent, withSessionAttributes, type RealtimeContactState } from './realtime.ts';
import { realtimeSnapshots } from './index.ts';
import { AGENT1, CONTACT, fixture, INSTANCE, QUEUE_BILLING, QUEUE_RETENTION } from '../../test/support/fixtures.ts';
import { deepFreeze } from '../../test/support/freeze.ts';

const fold = (records: unknown[], from?: RealtimeContactState) => records.reduce<RealtimeContactState | undefined>((s, r) => applySegments(s, r as never), from);

describe('voice 1.0.0 segments (realtime/voice-cancellation.json)', () => {
  const records: any[] = fixture('realtime/voice-cancellation.json');
  const state = fold(records) as RealtimeContactState;
  const analysis = fixture('analysis/voice-cancellation.json');

  it('keeps final turns once each, in time order, although a record came twice and two came swapped', () => {
    expect(state.Transcript.map((t) => t.Content)).toEqual(analysis.Transcript.slice(0, 6).map((t: any) => t.Content));
    expect(new Set(state.Transcript.map((t) => t.Id)).size).toBe(6);
    expect(state.Transcript.map((t) => t.BeginOffsetMillis)).toEqual([1200, 6100, 11800, 18200, 22500, 29300]);
    expect(state.RecordsApplied).toBe(records.length);
  });

  it('ignores partial utterances', () => {
    expect(state.Transcript.some((t) => t.Content.includes('supervisor'))).toBe(false);
    const event = realtimeTriggerEvent(state);
    const items = prepareTranscript(event.ContactLens?.RealTimeCall?.Transcript ?? []).items;
    expect(compileExactMatcher(['supervisor']).find(items)).toBeUndefined();
    expect(compileExactMatcher(['cancel my account']).find(items)?.role).toBe('CUSTOMER');
  });

  it("reads the contact attributes of the session's start, not later updates (AWS: rules-task-contact-attributes)", () => {
    // AWS: "Contact attributes are retrieved at the beginning of the real-time contact analysis
    // session ... Any contact attribute update after the session started isn't be picked up."
    const atStart = normaliseContactRecord(fixture('contact/ctr-voice-cancellation.json'));
    const updated = normaliseContactRecord({ ...fixture<Record<string, unknown>>('contact/ctr-voice-cancellation.json'), Attributes: { CustomerTier: 'Platinum' } });
    const session = withSessionAttributes(state, atStart.Attributes);
    expect(withSessionAttributes(session, updated.Attributes)).toBe(session); // frozen once
    const body = realtimeTriggerEvent(session, updated).ContactLens?.RealTimeCall;
    expect(body?.ContactAttribute).toEqual(atStart.Attributes);
    expect(body?.ContactAttribute?.CustomerTier).toBe('Gold');
    // the other contact values are the record's latest
    expect(body?.Queue?.QueueId).toBe(QUEUE_RETENTION);
  });

  it("keeps the session's attributes through every later record, frozen at the first", () => {
    const [first, ...rest] = records;
    const session = withSessionAttributes(fold([first]) as RealtimeContactState, { CustomerTier: 'Gold' });
    const later = fold(rest, session) as RealtimeContactState;
    expect(later.SessionAttributes).toEqual({ CustomerTier: 'Gold' });
    expect(withSessionAttributes(later, { CustomerTier: 'Silver' }).SessionAttributes).toEqual({ CustomerTier: 'Gold' });
  });

  it('keeps the partial utterances aside, for the explain trace, never in the transcript', () => {
    const body = realtimeTriggerEvent(state).ContactLens?.RealTimeCall;
    expect(body?.PartialUtterances?.map((u) => [u.ParticipantRole, u.Content])).toEqual([
      ['AGENT', 'Thank you for calling AnyCompany'],
      ['CUSTOMER', 'Hi Jordan I would like a supervisor'],
    ]);
  });

  it('collects categories (cumulative) and issues once', () => {
    expect(state.MatchedCategories).toEqual(['CancellationRisk', 'RefundRequest']);
    expect(state.Issues).toEqual([{ ItemId: state.Transcript[1].Id, Text: 'cancel my account' }]);
    expect(state.Status).toBe('COMPLETED');
    expect(state).toMatchObject({ Channel: 'VOICE', ContactId: CONTACT.voice, InstanceId: INSTANCE, LanguageCode: 'en-US' });
  });

  it('is plain JSON and a pure fold', () => {
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const half = deepFreeze(fold(records.slice(0, 5)) as RealtimeContactState);
    const snapshot = JSON.stringify(half);
    expect(fold(records.slice(5), half)).toEqual(state);
    expect(JSON.stringify(half)).toBe(snapshot);
  });

  it('is the same whatever the order of the SEGMENTS records', () => {
    const segments = records.filter((r) => r.EventType === 'SEGMENTS');
    const reversed = fold([records[0], ...[...segments].reverse(), records[records.length - 1]]) as RealtimeContactState;
    expect(reversed.Transcript).toEqual(state.Transcript);
    expect(new Set(reversed.MatchedCategories)).toEqual(new Set(state.MatchedCategories));
  });

  it('keeps a final status final, and a late STARTED does not undo progress', () => {
    const [started, first] = records;
    const completed = records[records.length - 1];
    expect(fold([started])?.Status).toBe('STARTED');
    expect(fold([first, started])?.Status).toBe('IN_PROGRESS');
    expect(fold([started, first, completed, started, first])?.Status).toBe('COMPLETED');
    expect(fold([started, { ...completed, EventType: 'FAILED' }, completed])?.Status).toBe('FAILED');
  });

  it('becomes an OnRealTimeCallAnalysisAvailable event, with the contact record when given', () => {
    const event = realtimeTriggerEvent(state, normaliseContactRecord(fixture('contact/ctr-voice-cancellation.json')));
    expect(event.EventSourceName).toBe('OnRealTimeCallAnalysisAvailable');
    expect(event.InstanceId).toBe(INSTANCE);
    const body = event.ContactLens?.RealTimeCall;
    expect(body).toMatchObject({
      ContactId: CONTACT.voice,
      Channel: 'VOICE',
      Agent: { AgentId: AGENT1 },
      Queue: { QueueId: QUEUE_RETENTION },
      ContactAttribute: { CustomerTier: 'Gold' },
      MatchedCategories: ['CancellationRisk', 'RefundRequest'],
      // end of the latest final turn (29300–36100)
      TotalConversationDurationMillis: 36100,
    });
    expect(body?.Transcript?.[1]).toEqual({
      Id: state.Transcript[1].Id,
      ParticipantRole: 'CUSTOMER',
      Content: analysis.Transcript[1].Content,
      BeginOffsetMillis: 6100,
      EndOffsetMillis: 12900,
      Sentiment: 'NEGATIVE',
    });
  });

  it('refuses a record of another contact or channel', () => {
    const other = { ...records[2], ContactId: CONTACT.voiceRedacted };
    expect(() => applySegments(state, other)).toThrow(InputFormatError);
    expect(() => applySegments(state, other)).toThrow(/the record is for contact 6c2d8e4f/);
    expect(() => applySegments(state, { ...records[2], Channel: 'CHAT' } as never)).toThrow(/CHAT record/);
    expect(() => realtimeTriggerEvent(state, normaliseContactRecord(fixture('contact/ctr-chat-billing.json')))).toThrow(/contact record is for contact/);
  });
});

describe('chat 2.0.0 segments (realtime/chat-billing.json)', () => {
  const records: any[] = fixture('realtime/chat-billing.json');
  const state = fold(records) as RealtimeContactState;
  const analysis = fixture('analysis/chat-billing.json');
  const messages = analysis.Transcript.filter((i: any) => i.Type === 'MESSAGE');

  it('keeps each message once, in time order, the raw copy over the redacted one', () => {
    expect(state.Transcript.map((t) => t.Id)).toEqual(messages.map((m: any) => m.Id));
    const greeting = state.Transcript.find((t) => t.Id === analysis.Transcript[4].Id);
    // the redacted copy came first; the raw one replaced it
    expect(greeting).toMatchObject({ Content: "Hi Sam, I'm Jordan. I can help with billing. What's going on?", Redacted: false });
    // the raw copy came first; the redacted one did not replace it
    expect(state.Transcript.find((t) => t.Id === analysis.Transcript[2].Id)?.Redacted).toBe(false);
  });

  it('keeps events, attachments, issues, categories and the summary', () => {
    expect(state.Events.map((e) => e.EventType?.split('.').slice(-2).join('.'))).toEqual([
      'participant.joined',
      'participant.joined',
      'participant.left',
      'participant.left',
      'chat.ended',
    ]);
    expect(state.Events[4].ParticipantRole).toBeUndefined();
    expect(state.Attachments).toEqual([expect.objectContaining({ ParticipantRole: 'CUSTOMER', Names: ['statement-march.pdf'] })]);
    expect(state.Issues).toEqual([{ ItemId: analysis.Transcript[5].Id, Text: 'I was charged a late fee' }]);
    expect(state.MatchedCategories).toEqual(['BillingDispute']);
    expect(state.PostContactSummary?.Status).toBe('COMPLETED');
    expect(state.Status).toBe('COMPLETED');
    expect(state.LanguageCode).toBe('en-US');
  });

  it('becomes an OnRealTimeChatAnalysisAvailable event; offsets from the contact start, else the first item', () => {
    const withContact = realtimeTriggerEvent(state, normaliseContactRecord(fixture('contact/ctr-chat-billing.json')));
    expect(withContact.EventSourceName).toBe('OnRealTimeChatAnalysisAvailable');
    const body = withContact.ContactLens?.RealTimeChat;
    const start = Date.parse('2025-03-12T09:15:01.870Z');
    expect(body?.Transcript?.[1]).toMatchObject({ ParticipantRole: 'CUSTOMER', BeginOffsetMillis: Date.parse('2025-03-12T09:15:10.000Z') - start });
    expect(body?.Transcript?.[1].EndOffsetMillis).toBe(body?.Transcript?.[1].BeginOffsetMillis);
    expect(body?.TotalConversationDurationMillis).toBe(Date.parse('2025-03-12T09:18:10.000Z') - start);
    expect(body?.Queue?.QueueId).toBe(QUEUE_BILLING);

    const alone = realtimeTriggerEvent(state).ContactLens?.RealTimeChat;
    // the customer's participant.joined event is the earliest item: 09:15:02.120
    expect(alone?.Transcript?.[1].BeginOffsetMillis).toBe(Date.parse('2025-03-12T09:15:10.000Z') - Date.parse('2025-03-12T09:15:02.120Z'));
    expect(alone?.Agent).toBeUndefined();
  });

  it("keeps when the agent and the customer first joined, and gives it at the items' origin", () => {
    // the agent's join came twice (raw and redacted records, one Id); nobody's leaving counts
    expect(state.Joined).toEqual({ CUSTOMER: '2025-03-12T09:15:02.120Z', AGENT: '2025-03-12T09:15:40.250Z' });
    const start = Date.parse('2025-03-12T09:15:01.870Z');
    const body = realtimeTriggerEvent(state, normaliseContactRecord(fixture('contact/ctr-chat-billing.json'))).ContactLens?.RealTimeChat;
    expect(body?.JoinedOffsetMillis).toEqual({ CUSTOMER: Date.parse('2025-03-12T09:15:02.120Z') - start, AGENT: Date.parse('2025-03-12T09:15:40.250Z') - start });
    // without the contact record the customer's join is the earliest time: 0
    expect(realtimeTriggerEvent(state).ContactLens?.RealTimeChat?.JoinedOffsetMillis).toEqual({ CUSTOMER: 0, AGENT: 38130 });
  });

  it("keeps each role's earliest join, of the agent and the customer only, and reads a state stored without them from its events", () => {
    const joined = (id: string, role: string, time: string) => ({
      ...records[1],
      Segments: [{ Event: { Id: id, ParticipantRole: role, EventType: 'application/vnd.amazonaws.connect.event.participant.joined', Time: { AbsoluteTime: time } } }],
    });
    // a transferred chat: a second agent joins later; a supervisor and a bot join too; a record of an earlier join arrives late
    const later = [joined('j-2', 'AGENT', '2025-03-12T09:20:00.000Z'), joined('j-3', 'SUPERVISOR', '2025-03-12T09:14:00.000Z'), joined('j-4', 'CUSTOM_BOT', '2025-03-12T09:14:00.000Z')];
    const folded = fold([...records, ...later]) as RealtimeContactState;
    expect(folded.Joined).toEqual({ CUSTOMER: '2025-03-12T09:15:02.120Z', AGENT: '2025-03-12T09:15:40.250Z' });
    expect(fold([...records, joined('j-5', 'AGENT', '2025-03-12T09:15:30.000Z')])?.Joined?.AGENT).toBe('2025-03-12T09:15:30.000Z');
    const { Joined: _joined, ...stored } = state;
    expect(applySegments(stored as RealtimeContactState, later[0]).Joined).toEqual(state.Joined);
    // a voice contact keeps none
    expect(fold(fixture('realtime/voice-cancellation.json'))).not.toHaveProperty('Joined');
  });

  it('refuses a voice record for a chat state', () => {
    expect(() => applySegments(state, { ...fixture('realtime/voice-cancellation.json')[2], ContactId: CONTACT.chat })).toThrow(/VOICE record/);
  });
});

describe('applySegments input errors', () => {
  it.each<[string, unknown, string]>([
    ['no ContactId', { Channel: 'VOICE', EventType: 'STARTED' }, '/ContactId'],
    ['no channel', { ContactId: 'c1' }, '/Channel'],
    ['Segments not an array', { Channel: 'VOICE', EventType: 'SEGMENTS', ContactId: 'c1', Segments: {} }, '/Segments'],
    ['a transcript without Id', { Channel: 'VOICE', EventType: 'SEGMENTS', ContactId: 'c1', Segments: [{ Transcript: { Content: 'hi' } }] }, '/Segments/0/Transcript/Id'],
  ])('%s', (_, record, pointer) => {
    try {
      applySegments(undefined, record as never);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputFormatError);
      expect((err as InputFormatError).pointer).toBe(pointer);
    }
  });

  it('needs an instance id from the records or the contact record', () => {
    const state = applySegments(undefined, { Channel: 'VOICE', EventType: 'STARTED', ContactId: CONTACT.voice });
    expect(() => realtimeTriggerEvent(state)).toThrow(/missing InstanceId/);
    expect(realtimeTriggerEvent(state, normaliseContactRecord(fixture('contact/ctr-voice-cancellation.json'))).InstanceId).toBe(INSTANCE);
  });
});

describe('a long chat: work linear in its segments', () => {
  const chat = fixture('realtime/chat-billing.json')[1];
  const start = Date.parse('2025-03-12T09:15:00.000Z');
  /** Record k: one customer message, a second after the one before (optionally at another time). */
  const message = (k: number, at = start + k * 1000) => ({
    ...chat,
    Segments: [{ Transcript: { ...chat.Segments[2].Transcript, Id: `m${k}`, Content: `message ${k}`, Time: { AbsoluteTime: new Date(at).toISOString() } } }],
  });
  const records = Array.from({ length: 2000 }, (_, k) => message(k));

  it('a chat of 2,000 messages takes 2,000 more segments, folded record by record (owned, as eval and rule tests fold a file), with no copy of its transcript and its earlier messages touched a bounded number of times', () => {
    // the earlier messages count each read of one of their members
    let touched = 0;
    const counted = <T extends object>(entry: T): T => new Proxy(entry, { get: (t, k, r) => (touched++, Reflect.get(t, k, r)) });
    const long = records.reduce<RealtimeContactState | undefined>((s, r) => applySegments(s, r, { owned: true }), undefined)!;
    let state: RealtimeContactState = { ...long, Transcript: long.Transcript.map(counted) };
    const transcript = state.Transcript;
    for (let k = 2000; k < 4000; k++) {
      state = applySegments(state, message(k), { owned: true });
      if (state.Transcript !== transcript) expect.unreachable(`record ${k}: the transcript was copied`);
    }
    expect(state.Transcript).toHaveLength(4000);
    expect(state.Transcript[3999].Content).toBe('message 3999');
    // a scan per record would touch them 2,000 × 2,000 times; the fold reads each once (their ids: a list it did not
    // make, the counting copy) and then the last one's sort key, once
    expect(touched).toBeLessThan(2000 + 20);
  });

  it('each snapshot of a 2,000-record file sees the chat as it was after its record, a late out-of-order message and a redelivered one included', () => {
    const late = message(2000, start + 500); // sent between m0 and m1, delivered last
    const stream = realtimeSnapshots({ event: [...records, records[5], late] })!;
    const transcriptOf = (k: number) => stream.snapshots[k].event.ContactLens?.RealTimeChat?.Transcript ?? [];
    expect(stream.snapshots).toHaveLength(2002);
    expect(transcriptOf(0).map((t) => t.Content)).toEqual(['message 0']);
    expect(transcriptOf(9)).toHaveLength(10);
    expect(transcriptOf(1999)).toHaveLength(2000);
    expect(transcriptOf(2000)).toEqual(transcriptOf(1999)); // m5 again: nothing new
    expect(transcriptOf(2001).slice(0, 3).map((t) => t.Content)).toEqual(['message 0', 'message 2000', 'message 1']);
    // built after the late message was folded, the earlier snapshots still read as they were
    expect(transcriptOf(1999)).toHaveLength(2000);
    expect(transcriptOf(1999)[1].Content).toBe('message 1');
  });

  it("a record of 100 segments folded into a stored 2,000-message chat (the pipeline's, not given up) reads the earlier messages a bounded number of times, not once a segment; the same answer as the fold that owns it", () => {
    const long = records.reduce<RealtimeContactState | undefined>((s, r) => applySegments(s, r, { owned: true }), undefined)!;
    // 30 delivered again as they were, one changed (a redacted copy's text), 69 new
    const again = records.slice(1950, 1980).flatMap((r) => r.Segments);
    const changed = { Transcript: { ...records[1990]!.Segments[0]!.Transcript, Content: 'message 1990, corrected' } };
    const fresh = Array.from({ length: 69 }, (_, k) => message(2000 + k).Segments[0]!);
    const record = { ...chat, Segments: [...again, changed, ...fresh] };
    let touched = 0;
    const counted = <T extends object>(entry: T): T => new Proxy(entry, { get: (t, k, r) => (touched++, Reflect.get(t, k, r)) });
    const stored = { ...long, Transcript: long.Transcript.map(counted) };
    const next = applySegments(stored, record);
    // a search of the 2,000 per segment would read them 100 × 2,000 times
    expect(touched).toBeLessThan(20 * 2000);
    expect(next.Transcript).toHaveLength(2069);
    expect(next.Transcript[1990]!.Content).toBe('message 1990, corrected');
    expect(next.Transcript.map((e) => e.Id)).toEqual([...records, ...fresh.map((_, k) => message(2000 + k))].map((r) => r.Segments[0]!.Transcript.Id));
    expect(next).toEqual(applySegments(JSON.parse(JSON.stringify(long)), record, { owned: true }));
  });

  it('a pure fold (the pipeline, a state it stored) leaves the state it was given as it was', () => {
    const half = records.slice(0, 10).reduce<RealtimeContactState | undefined>((s, r) => applySegments(s, r, { owned: true }), undefined)!;
    const before = JSON.stringify(half);
    const next = applySegments(half, records[10]);
    expect(next.Transcript).toHaveLength(11);
    expect(JSON.stringify(half)).toBe(before);
  });
});
