/**
 * The engine held to docs/canonical-events.md, row by row, on the project's fixtures.
 * Expected values are written from the fixture files with the arithmetic visible.
 */
import { describe, expect, it } from 'vitest';
import { analysisFileToTriggerEvent } from './analysis-file.ts';
import { readAnalysisText } from '../ingest/analysis-text/read.ts';
import { normaliseContactRecord } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { loadCanonicalEvent } from './canonical.ts';
import { AGENT1, AGENT2, arn, CONTACT, fixture, HIERARCHY, INSTANCE, QUEUE_BILLING, QUEUE_RETENTION, ROUTING_PROFILE, valueAt } from '../../test/support/fixtures.ts';
import type { ContactAnalysisBody, TriggerEvent } from './types.ts';

const ctr = (name: string) => normaliseContactRecord(fixture(`contact/${name}.json`));
const postCall = (e: TriggerEvent) => e.ContactLens?.PostCall as ContactAnalysisBody;
const postChat = (e: TriggerEvent) => e.ContactLens?.PostChat as ContactAnalysisBody;

describe('OnPostCallAnalysisAvailable: voice-cancellation.json + ctr-voice-cancellation.json', () => {
  const event = analysisFileToTriggerEvent(fixture('analysis/voice-cancellation.json'), ctr('ctr-voice-cancellation'));
  const body = postCall(event);

  it('is a post-call event of the instance in CustomerMetadata', () => {
    expect(event.EventSourceName).toBe('OnPostCallAnalysisAvailable');
    expect(event.InstanceId).toBe(INSTANCE);
    expect(Object.keys(event.ContactLens ?? {})).toEqual(['PostCall']);
  });

  it.each<[string, unknown]>([
    // V.CustomerMetadata.ContactId
    ['ContactId', CONTACT.voice],
    // V.CC.Sentiment.OverallSentiment[R]
    ['Sentiment.OverallScore.AGENT', 1.8],
    ['Sentiment.OverallScore.CUSTOMER', -1.2],
    // derived: ≥ 1 POSITIVE, ≤ −1 NEGATIVE
    ['Sentiment.State.AGENT', 'POSITIVE'],
    ['Sentiment.State.CUSTOMER', 'NEGATIVE'],
    // first / last entry of V.CC.Sentiment.SentimentByPeriod.QUARTER[R], its Score
    ['Sentiment.Score.Beginning.AGENT', 2.5],
    ['Sentiment.Score.Beginning.CUSTOMER', -2.6],
    ['Sentiment.Score.End.AGENT', 2.9],
    ['Sentiment.Score.End.CUSTOMER', 3.3],
    // the AGENT entries of V.CC.Interruptions.InterruptionsByInterrupter (2), not TotalCount (3,
    // which counts the customer's one too). AWS: "rules that detect when the agent has
    // interrupted the customer for more than X times" (admin guide, build-rules-for-contact-lens)
    ['Interruptions.Instances', 2],
    // V.CC.NonTalkTime.TotalTimeMillis / 1000
    ['NonTalkTime.TotalTimeSecs', 22900 / 1000],
    // largest DurationMillis of the instances (18500 hold, 4400 pause) / 1000
    ['NonTalkTime.LongestTimeSecs', Math.max(18500, 4400) / 1000],
    // V.CC.TalkTime.DetailsByParticipant[R].TotalTimeMillis / 1000
    ['TalkTime.TotalTimeSecs.AGENT', 59240 / 1000],
    ['TalkTime.TotalTimeSecs.CUSTOMER', 35100 / 1000],
    // largest LoudnessScore element over R's items (agent turn 8, customer turn 6)
    ['Loudness.HighestLoudnessScore.AGENT', 79.62],
    ['Loudness.HighestLoudnessScore.CUSTOMER', 88.41],
    // 100 × NonTalkTime.TotalTimeMillis / TotalConversationDurationMillis
    ['Agent.NonTalkTimePct', (100 * 22900) / 121540],
    // id of C.Agent.ARN
    ['Agent.AgentId', AGENT1],
    // the LevelN.ARN present (Level4/Level5 are null in the CTR)
    ['Agent.HierarchyGroup.ARN', HIERARCHY.map((id) => arn('agent-group', id))],
    ['Agent.RoutingProfile', arn('routing-profile', ROUTING_PROFILE)],
    ['Agent.AfterContactWorkDurationSecs', 45],
    ['Agent.AgentInteractionDurationSecs', 122],
    ['Agent.CustomerHoldDurationSecs', 18],
    ['Agent.LongestHoldDurationSecs', 18],
    ['Agent.NumberOfHolds', 1],
    // 100 × hold / (interaction + hold). AWS: "customer hold time divided by agent
    // interaction duration and customer hold time" (admin guide, build-rules-for-contact-lens)
    ['Agent.CustomerHoldDurationPct', (100 * 18) / (122 + 18)],
    // id of C.Queue.ARN
    ['Queue.QueueId', QUEUE_RETENTION],
    ['InitiationMethod', 'INBOUND'],
    ['DisconnectReason', 'CUSTOMER_DISCONNECT'],
    ['PotentialDisconnectIssue', undefined],
    // C.Attributes[K]
    ['ContactAttribute.CustomerTier', 'Gold'],
    ['ContactAttribute.Intent', 'Cancellation'],
    ['ContactAttribute.NoSuchKey', undefined],
    // C.SegmentAttributes[K].ValueString
    ['SegmentAttributes.UserDefined.LoyaltyProgram', 'Platinum'],
    ['SegmentAttributes.UserDefined.connect:Subtype', 'connect:Telephony'],
    ['TotalConversationDurationMillis', 121540],
    ['MatchedCategories', ['CancellationRisk']],
    ['Channel', 'VOICE'],
    ['LanguageCode', 'en-US'],
    // chat-only values are missing
    ['ResponseTime', undefined],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });

  it('keeps every turn with its role from Participants, its offsets and sentiment', () => {
    const t = body.Transcript ?? [];
    expect(t).toHaveLength(16);
    expect(t[0]).toEqual({
      Id: expect.any(String),
      ParticipantRole: 'AGENT',
      Content: 'Thank you for calling AnyCompany, my name is Jordan. How can I help you today?',
      BeginOffsetMillis: 1200,
      EndOffsetMillis: 5600,
      Sentiment: 'POSITIVE',
    });
    expect(t.map((i) => i.ParticipantRole).filter((r) => r === 'CUSTOMER')).toHaveLength(7);
    expect(t[5].Content).toContain('refund policy');
  });

  it('is a valid canonical event (the loader gives it back unchanged)', () => {
    expect(loadCanonicalEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});

describe('OnPostCallAnalysisAvailable: voice-redacted-entitytype.json (Redacted, EntityType masks)', () => {
  const file = fixture('analysis/voice-redacted-entitytype.json');
  const body = postCall(analysisFileToTriggerEvent(file, ctr('ctr-voice-redacted-entitytype')));

  it.each<[string, unknown]>([
    ['ContactId', CONTACT.voiceRedacted],
    // empty Instances: longest is 0; TotalTimeMillis 0
    ['NonTalkTime.TotalTimeSecs', 0 / 1000],
    ['NonTalkTime.LongestTimeSecs', 0],
    ['Agent.NonTalkTimePct', (100 * 0) / 38700],
    // InterruptionsByInterrupter {} and TotalCount 0
    ['Interruptions.Instances', 0],
    // 0.6 and −0.4 are within (−1, 1)
    ['Sentiment.State.AGENT', 'NEUTRAL'],
    ['Sentiment.State.CUSTOMER', 'NEUTRAL'],
    ['Sentiment.Score.End.CUSTOMER', 0],
    ['TalkTime.TotalTimeSecs.AGENT', 18900 / 1000],
    ['Loudness.HighestLoudnessScore.CUSTOMER', 83.66],
    // the category matched for the whole contact: its PointsOfInterest are []
    ['MatchedCategories', ['EscalationRequest']],
    ['Agent.AgentId', AGENT2],
    ['Agent.HierarchyGroup.ARN', HIERARCHY.slice(0, 2).map((id) => arn('agent-group', id))],
    // 100 × 0 / (39 + 0)
    ['Agent.CustomerHoldDurationPct', 0],
    ['Queue.QueueId', QUEUE_BILLING],
    ['DisconnectReason', 'TRANSFERRED'],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });

  it('keeps redacted content as it is, roles mapped though Participants are listed customer first', () => {
    expect(body.Transcript?.[0]).toMatchObject({ ParticipantRole: 'CUSTOMER', Content: 'Hi, this is [NAME], calling about a charge on my card.' });
    expect(body.Transcript?.[2].Content).toBe("Sure, it's [CREDIT_DEBIT_NUMBER].");
  });

  it('does not depend on the mask-mode spelling, the Version or the key order', () => {
    const reference = analysisFileToTriggerEvent(file);
    const variant = structuredClone(file);
    variant.ContentMetadata.RedactionTypesMetadata.PII.RedactionMaskMode = 'ENTITY_TYPE';
    variant.Version = 'VOICE-2022-11-30';
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    expect(analysisFileToTriggerEvent(reversed(variant))).toEqual(reference);
  });
});

describe('OnPostChatAnalysisAvailable: chat-billing.json + ctr-chat-billing.json', () => {
  const file = fixture('analysis/chat-billing.json');
  const event = analysisFileToTriggerEvent(file, ctr('ctr-chat-billing'));
  const body = postChat(event);
  // contact start: C.InitiationTimestamp = 2025-03-12T09:15:01.870Z
  const at = (time: string) => Date.parse(time) - Date.parse('2025-03-12T09:15:01.870Z');

  it('is a post-chat event', () => {
    expect(event.EventSourceName).toBe('OnPostChatAnalysisAvailable');
    expect(Object.keys(event.ContactLens ?? {})).toEqual(['PostChat']);
  });

  it.each<[string, unknown]>([
    ['ContactId', CONTACT.chat],
    ['Channel', 'CHAT'],
    // V.CC.Sentiment.OverallSentiment.DetailsByParticipantRole[R]
    ['Sentiment.OverallScore.AGENT', 2.9],
    ['Sentiment.OverallScore.CUSTOMER', 1.2],
    ['Sentiment.State.AGENT', 'POSITIVE'],
    ['Sentiment.State.CUSTOMER', 'POSITIVE'],
    // V.CC.Sentiment.SentimentShift.DetailsByParticipantRole[R].BeginScore / EndScore
    ['Sentiment.Score.Beginning.AGENT', 1.6],
    ['Sentiment.Score.Beginning.CUSTOMER', -1.8],
    ['Sentiment.Score.End.AGENT', 4.2],
    ['Sentiment.Score.End.CUSTOMER', 4.6],
    // V.CC.ResponseTime.AgentGreetingTimeMillis / 1000 (agent joined 09:15:40.250, greeted 09:15:52.250)
    ['ResponseTime.Agent.FirstResponseTimeSecs', 12000 / 1000],
    // ...DetailsByParticipantRole.AGENT.Average.ValueMillis / 1000: (21000 + 45000 + 8000) / 3 ≈ 24667 ms
    ['ResponseTime.Agent.AverageTimeSecs', 24667 / 1000],
    // ...AGENT.Maximum.ValueMillis / 1000
    ['ResponseTime.Agent.LongestTimeSecs', 45000 / 1000],
    // the last message's offset: 09:18:10.000 − 09:15:01.870
    ['TotalConversationDurationMillis', at('2025-03-12T09:18:10.000Z')],
    ['Agent.AgentId', AGENT1],
    ['Agent.AgentInteractionDurationSecs', 160],
    ['Agent.AfterContactWorkDurationSecs', 30],
    // 100 × 0 / (160 + 0)
    ['Agent.CustomerHoldDurationPct', 0],
    ['Queue.QueueId', QUEUE_BILLING],
    ['InitiationMethod', 'API'],
    ['ContactAttribute.AccountType', 'Residential'],
    ['SegmentAttributes.UserDefined.LoyaltyProgram', 'Gold'],
    ['MatchedCategories', ['BillingDispute']],
    // voice-only values are missing, not zero
    ['NonTalkTime', undefined],
    ['TalkTime', undefined],
    ['Loudness', undefined],
    ['Interruptions', undefined],
    ['Agent.NonTalkTimePct', undefined],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });

  it('keeps MESSAGE items only, role from the item, offset = AbsoluteTime − contact start, End = Begin', () => {
    const t = body.Transcript ?? [];
    // 14 items: 5 EVENTs (2 joined, 2 left, chat.ended) and 9 MESSAGEs
    expect(t).toHaveLength(9);
    expect(t.map((i) => i.ParticipantRole)).toEqual(['SYSTEM', 'CUSTOMER', 'AGENT', 'CUSTOMER', 'AGENT', 'CUSTOMER', 'AGENT', 'CUSTOMER', 'AGENT']);
    expect(t[1]).toEqual({
      Id: file.Transcript[2].Id,
      ParticipantRole: 'CUSTOMER',
      Content: 'Hi, I have a question about my bill.',
      BeginOffsetMillis: at('2025-03-12T09:15:10.000Z'), // 8130
      EndOffsetMillis: at('2025-03-12T09:15:10.000Z'),
    });
    expect(t[0].BeginOffsetMillis).toBe(610);
  });

  it('is a valid canonical event (the loader gives it back unchanged)', () => {
    expect(loadCanonicalEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('without a contact record: offsets from the first item, contact values missing', () => {
    const alone = postChat(analysisFileToTriggerEvent(file));
    const from = (time: string) => Date.parse(time) - Date.parse('2025-03-12T09:15:02.120Z'); // participant.joined
    expect(alone.Transcript?.[1].BeginOffsetMillis).toBe(from('2025-03-12T09:15:10.000Z')); // 7880
    expect(alone.TotalConversationDurationMillis).toBe(from('2025-03-12T09:18:10.000Z')); // 187880
    expect(alone.Agent).toBeUndefined();
    expect(alone.Queue).toBeUndefined();
    expect(alone.InitiationMethod).toBeUndefined();
    expect(alone.ResponseTime?.Agent?.LongestTimeSecs).toBe(45);
  });
});

describe('OnPostChatAnalysisAvailable: chat-redacted-no-roles.json', () => {
  const body = postChat(analysisFileToTriggerEvent(fixture('analysis/chat-redacted-no-roles.json'), ctr('ctr-chat-redacted-no-roles')));
  // contact start 2025-03-15T18:40:04.500Z
  const at = (time: string) => Date.parse(time) - Date.parse('2025-03-15T18:40:04.500Z');

  it('takes roles from the items; a message without a role and no role in Participants is UNKNOWN', () => {
    expect(body.Transcript?.map((i) => i.ParticipantRole)).toEqual(['CUSTOMER', 'AGENT', 'CUSTOMER', 'UNKNOWN', 'CUSTOMER']);
  });

  it('keeps redacted content as it is', () => {
    expect(body.Transcript?.[0].Content).toBe('Hi, my name is [PII] and my card number is [PII].');
  });

  it('gives a message without AbsoluteTime the previous message offset', () => {
    const offsets = body.Transcript?.map((i) => i.BeginOffsetMillis);
    expect(offsets).toEqual([
      at('2025-03-15T18:40:09.310Z'),
      at('2025-03-15T18:40:41.500Z'),
      at('2025-03-15T18:40:41.500Z'), // no AbsoluteTime
      at('2025-03-15T18:41:20.000Z'),
      at('2025-03-15T18:41:31.250Z'),
    ]);
  });

  it.each<[string, unknown]>([
    // roles missing from DetailsByParticipantRole stay missing
    ['Sentiment.OverallScore', { CUSTOMER: -0.5 }],
    ['Sentiment.State', { CUSTOMER: 'NEUTRAL' }],
    ['Sentiment.Score.Beginning', { CUSTOMER: -2.5 }],
    ['Sentiment.Score.End', { CUSTOMER: 2.5 }],
    ['ResponseTime.Agent', { FirstResponseTimeSecs: 11500 / 1000 }],
    ['MatchedCategories', []],
    ['ContactAttribute', undefined],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });
});

describe('voice-customer-interrupts.json + its CTR: a us-west-2 contact, only the customer interrupts, no sentiment', () => {
  const file = fixture('analysis/voice-customer-interrupts.json');
  const event = analysisFileToTriggerEvent(file, ctr('ctr-voice-customer-interrupts'));
  const body = postCall(event);

  it.each<[string, unknown]>([
    // no AGENT entries in InterruptionsByInterrupter (the customer's two do not count)
    ['Interruptions.Instances', 0],
    // 100 × 70 / (48 + 70): never above 100 though the hold outlasts the interaction
    ['Agent.CustomerHoldDurationPct', (100 * 70) / (48 + 70)],
    // no sentiment in the file: the body has none (conditions read it as neutral)
    ['Sentiment', undefined],
  ])('%s', (path, expected) => {
    expect(valueAt(body, path)).toEqual(expected);
  });

  it("carries the contact's instance ARN (region and account) for the actions", () => {
    expect(event.InstanceArn).toBe('arn:aws:connect:us-west-2:444455556666:instance/8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d');
    expect(event.AccountId).toBe('444455556666');
    const alone = analysisFileToTriggerEvent(file);
    expect(alone.InstanceArn).toBeUndefined();
    expect(alone.AccountId).toBe('444455556666');
  });
});

describe('missing and odd members', () => {
  it('without a contact record the contact values are absent, not zero', () => {
    const body = postCall(analysisFileToTriggerEvent(fixture('analysis/voice-cancellation.json')));
    for (const path of ['Agent.AgentId', 'Agent.HierarchyGroup', 'Agent.RoutingProfile', 'Agent.AgentInteractionDurationSecs', 'Agent.CustomerHoldDurationSecs', 'Agent.CustomerHoldDurationPct', 'Agent.NumberOfHolds', 'Queue', 'InitiationMethod', 'DisconnectReason', 'ContactAttribute', 'SegmentAttributes']) {
      expect(valueAt(body, path), path).toBeUndefined();
    }
    // values of the file itself are there
    expect(body.Agent).toEqual({ NonTalkTimePct: (100 * 22900) / 121540 });
    expect(body.Interruptions?.Instances).toBe(2);
  });

  it("the contact record's members come first, in its order, the agent's with the file's NonTalkTimePct last; an agent the record tells nothing of is the file's, after LanguageCode", () => {
    const file = fixture('analysis/voice-cancellation.json');
    const withContact = postCall(analysisFileToTriggerEvent(file, ctr('ctr-voice-cancellation')));
    const keys = Object.keys(withContact);
    expect(keys.slice(0, keys.indexOf('Channel'))).toEqual(['ContactId', 'InitiationMethod', 'DisconnectReason', 'Agent', 'Queue', 'ContactAttribute', 'SegmentAttributes']);
    expect(Object.keys(withContact.Agent!).at(-1)).toBe('NonTalkTimePct');
    const record = fixture('contact/ctr-voice-cancellation.json');
    record.Agent = { Username: 'only-a-name' };
    const nothingOfTheAgent = Object.keys(postCall(analysisFileToTriggerEvent(file, normaliseContactRecord(record))));
    expect(nothingOfTheAgent.indexOf('Agent')).toBe(nothingOfTheAgent.indexOf('LanguageCode') + 1);
    expect(Object.keys(postCall(analysisFileToTriggerEvent(file))).slice(0, 4)).toEqual(['ContactId', 'Channel', 'LanguageCode', 'Agent']);
  });

  // A turn as Contact Lens writes it is checked in one pass (plainTurn); any other goes member by member, as before.
  it.each<[string, Record<string, unknown> | null, string | undefined]>([
    ['a Content that is a number', { Content: 5 }, '/Transcript/2/Content'],
    ['an Id that is a number', { Id: 7 }, '/Transcript/2/Id'],
    ['a ParticipantId Participants does not list', { ParticipantId: 'SUPERVISOR' }, '/Transcript/2/ParticipantId'],
    ['a negative begin', { BeginOffsetMillis: -1 }, '/Transcript/2/BeginOffsetMillis'],
    ['an end before the begin', { EndOffsetMillis: 11000 }, '/Transcript/2/EndOffsetMillis'],
    ['an end that is infinite', { EndOffsetMillis: Infinity }, '/Transcript/2/EndOffsetMillis'],
    ['a loudness score that is a word', { LoudnessScore: [66.4, 'loud'] }, '/Transcript/2/LoudnessScore/1'],
    ['a LoudnessScore that is an object', { LoudnessScore: { a: 1 } }, '/Transcript/2/LoudnessScore'],
    ['offsets written as numeric text', { BeginOffsetMillis: '11800', EndOffsetMillis: '17400' }, undefined],
    ['a loudness score written as numeric text', { LoudnessScore: ['66.4'] }, undefined],
    ['a null Sentiment and LoudnessScore', { Sentiment: null, LoudnessScore: null }, undefined],
    ['a role of its own and a ParticipantId nobody lists', { ParticipantRole: 'AGENT', ParticipantId: 'p-9' }, undefined],
    ['a ParticipantRole that is a number, with a ParticipantId Participants lists', { ParticipantRole: 5, ParticipantId: 'AGENT' }, '/Transcript/2/ParticipantRole'],
    ['no third turn at all', null, undefined],
  ])('a turn with %s is refused at its member, or read, as member by member', (_, change, refusedAt) => {
    const file = fixture('analysis/voice-cancellation.json');
    file.Transcript[2] = change === null ? null : { ...file.Transcript[2], ...change };
    const build = () => analysisFileToTriggerEvent(file, undefined, { file: 'call.json' });
    if (refusedAt === undefined) expect(postCall(build()).Transcript?.length).toBeGreaterThan(0);
    else expect(build).toThrow(expect.objectContaining({ pointer: refusedAt }));
  });

  it("a voice file's sentiment scores are its quarters', a role the quarters lack taking the shift's, in the shift's role order", () => {
    const file = fixture('analysis/voice-cancellation.json');
    const sentiment = file.ConversationCharacteristics.Sentiment;
    delete sentiment.SentimentByPeriod.QUARTER.CUSTOMER;
    sentiment.SentimentShift = { DetailsByParticipantRole: { CUSTOMER: { BeginScore: 1, EndScore: 2 }, AGENT: { BeginScore: 3, EndScore: 4 } } };
    const score = postCall(analysisFileToTriggerEvent(file)).Sentiment?.Score;
    // AGENT: the first and last QUARTER scores of the file (2.5 and 2.9, as above); CUSTOMER: the shift's
    expect(Object.entries(score?.Beginning ?? {})).toEqual([['CUSTOMER', 1], ['AGENT', 2.5]]);
    expect(Object.entries(score?.End ?? {})).toEqual([['CUSTOMER', 2], ['AGENT', 2.9]]);
  });

  it("a chat file's sentiment scores are its shift's, a role the shift lacks taking the quarters', in the quarters' role order", () => {
    const file = fixture('analysis/chat-billing.json');
    const quarter = (first: number, last: number) => [
      { BeginOffsetMillis: 0, EndOffsetMillis: 1000, Score: first },
      { BeginOffsetMillis: 1000, EndOffsetMillis: 2000, Score: last },
    ];
    // the file's shift: AGENT 1.6 -> 4.2, CUSTOMER -1.8 -> 4.6
    file.ConversationCharacteristics.Sentiment.SentimentByPeriod = { QUARTER: { SYSTEM: quarter(0.5, 1), CUSTOMER: quarter(3, -3) } };
    const score = postChat(analysisFileToTriggerEvent(file)).Sentiment?.Score;
    expect(Object.entries(score?.Beginning ?? {})).toEqual([['SYSTEM', 0.5], ['CUSTOMER', -1.8], ['AGENT', 1.6]]);
    expect(Object.entries(score?.End ?? {})).toEqual([['SYSTEM', 1], ['CUSTOMER', 4.6], ['AGENT', 4.2]]);
  });

  it('a role or participant named like an Object member (toString, constructor) has its talk time as any other', () => {
    const file = fixture('analysis/voice-cancellation.json');
    file.Participants.push({ ParticipantId: 'x9', ParticipantRole: 'constructor' });
    file.ConversationCharacteristics.TalkTime.DetailsByParticipant.toString = { TotalTimeMillis: 5 };
    const talk = postCall(analysisFileToTriggerEvent(file)).TalkTime?.TotalTimeSecs;
    expect(talk).toEqual({ AGENT: 59.24, CUSTOMER: 35.1, toString: 0.005, constructor: 0 });
  });

  it('a role named __proto__ keeps its talk time, sentiment and loudness, the file read from its text as a Lambda reads it', () => {
    const file = fixture('analysis/voice-cancellation.json');
    const cc = file.ConversationCharacteristics;
    // own members named __proto__, as JSON.parse makes them (JSON.stringify writes them as any other)
    const own = (o: object, value: unknown) => Object.defineProperty(o, '__proto__', { value, enumerable: true });
    file.Participants.push({ ParticipantId: 'p9', ParticipantRole: '__proto__' });
    // the role's turns, enough of them for the transcript to be most of the text: read in place, not by JSON.parse
    const last = file.Transcript.at(-1);
    for (let i = 0; i < 60; i++) file.Transcript.push({ ...last, Id: `p9-${i}`, ParticipantId: 'p9', Content: 'hello', LoudnessScore: [80.5, i === 7 ? 91.25 : 70] });
    cc.TalkTime.DetailsByParticipant.p9 = { TotalTimeMillis: 5000 };
    own(cc.Sentiment.OverallSentiment, 3);
    own(cc.Sentiment.SentimentByPeriod.QUARTER, [{ BeginOffsetMillis: 0, EndOffsetMillis: 1, Score: 4 }, { BeginOffsetMillis: 1, EndOffsetMillis: 2, Score: -4 }]);
    const text = JSON.stringify(file);
    expect(text).toContain('"__proto__":3');
    const read = readAnalysisText(text);
    expect(read).toBeDefined();
    const body = postCall(analysisFileToTriggerEvent(read));
    const roles = (o: object | undefined) => ({ entries: Object.entries(o ?? {}), prototype: Object.getPrototypeOf(o) });
    const plain = Object.prototype;
    expect(roles(body.TalkTime?.TotalTimeSecs)).toEqual({ entries: [['AGENT', 59.24], ['CUSTOMER', 35.1], ['__proto__', 5]], prototype: plain });
    expect(roles(body.Sentiment?.OverallScore)).toEqual({ entries: [['AGENT', 1.8], ['CUSTOMER', -1.2], ['__proto__', 3]], prototype: plain });
    expect(roles(body.Sentiment?.State)).toEqual({ entries: [['AGENT', 'POSITIVE'], ['CUSTOMER', 'NEGATIVE'], ['__proto__', 'POSITIVE']], prototype: plain });
    expect(roles(body.Sentiment?.Score?.Beginning).entries).toContainEqual(['__proto__', 4]);
    expect(roles(body.Sentiment?.Score?.End).entries).toContainEqual(['__proto__', -4]);
    expect(roles(body.Loudness?.HighestLoudnessScore).entries).toContainEqual(['__proto__', 91.25]);
    expect(Object.getPrototypeOf(body.Loudness?.HighestLoudnessScore)).toBe(plain);
  });

  it("a library caller's role-keyed objects are read by their own members only, as JSON's are", () => {
    const file = fixture('analysis/voice-cancellation.json');
    const cc = file.ConversationCharacteristics;
    const inheriting = <T extends object>(own: T, inherited: object): T => Object.assign(Object.create(inherited), own);
    cc.TalkTime.DetailsByParticipant = inheriting(cc.TalkTime.DetailsByParticipant, { SUPERVISOR: { TotalTimeMillis: 1000 } });
    cc.Sentiment.OverallSentiment = inheriting(cc.Sentiment.OverallSentiment, { SUPERVISOR: 4 });
    cc.Sentiment.SentimentByPeriod.QUARTER = inheriting(cc.Sentiment.SentimentByPeriod.QUARTER, { SUPERVISOR: [{ BeginOffsetMillis: 0, EndOffsetMillis: 1, Score: 4 }] });
    const body = postCall(analysisFileToTriggerEvent(file));
    expect(Object.keys(body.TalkTime?.TotalTimeSecs ?? {})).toEqual(['AGENT', 'CUSTOMER']);
    expect(Object.keys(body.Sentiment?.OverallScore ?? {})).toEqual(['AGENT', 'CUSTOMER']);
    expect(Object.keys(body.Sentiment?.Score?.Beginning ?? {})).toEqual(['AGENT', 'CUSTOMER']);
  });

  it('a contact without a queue and an agent without hierarchy: absent, with a potential disconnect issue', () => {
    const file = fixture('analysis/voice-cancellation.json');
    file.CustomerMetadata.ContactId = CONTACT.outbound;
    const body = postCall(analysisFileToTriggerEvent(file, ctr('ctr-no-queue')));
    expect(body.Queue).toBeUndefined();
    expect(body.Agent?.HierarchyGroup).toBeUndefined();
    expect(body.ContactAttribute).toBeUndefined();
    expect(body.PotentialDisconnectIssue).toBe('AGENT_CONNECTIVITY_ISSUE');
    expect(body.InitiationMethod).toBe('OUTBOUND');
    expect(body.Agent?.CustomerHoldDurationPct).toBe((100 * 35) / (210 + 35));
    expect(body.Agent?.NumberOfHolds).toBe(2);
  });

  it('talk time per role when participant ids are not role names: each entry counts for its participant\'s role, 0 only for a role with no entry', () => {
    const file = fixture('analysis/voice-cancellation.json');
    const ids: Record<string, string> = { AGENT: 'p-agent', CUSTOMER: 'p-customer' };
    file.Participants = file.Participants.map((p: { ParticipantId: string }) => ({ ...p, ParticipantId: ids[p.ParticipantId] }));
    for (const turn of file.Transcript) turn.ParticipantId = ids[turn.ParticipantId] ?? turn.ParticipantId;
    const talk = file.ConversationCharacteristics.TalkTime;
    talk.DetailsByParticipant = { 'p-agent': talk.DetailsByParticipant.AGENT, 'p-customer': talk.DetailsByParticipant.CUSTOMER };
    expect(postCall(analysisFileToTriggerEvent(file)).TalkTime?.TotalTimeSecs).toEqual({ AGENT: 59240 / 1000, CUSTOMER: 35100 / 1000 });
    delete talk.DetailsByParticipant['p-customer'];
    expect(postCall(analysisFileToTriggerEvent(file)).TalkTime?.TotalTimeSecs).toEqual({ AGENT: 59240 / 1000, CUSTOMER: 0 });
  });

  it('a participant listed without TotalTimeMillis leaves its role\'s talk time missing, not 0 (a "customer did not speak" rule must not fire on it)', () => {
    const file = fixture('analysis/voice-cancellation.json');
    file.ConversationCharacteristics.TalkTime.DetailsByParticipant.CUSTOMER = {};
    expect(postCall(analysisFileToTriggerEvent(file)).TalkTime?.TotalTimeSecs).toEqual({ AGENT: 59240 / 1000 });
  });

  it('tolerates a file with almost nothing in it', () => {
    const e = analysisFileToTriggerEvent({ Channel: 'VOICE', Transcript: [{ Content: 'hello' }], CustomerMetadata: { InstanceId: INSTANCE } });
    expect(postCall(e)).toEqual({
      Channel: 'VOICE',
      Transcript: [{ Id: '#0', ParticipantRole: 'UNKNOWN', Content: 'hello', BeginOffsetMillis: 0, EndOffsetMillis: 0 }],
    });
  });

  it('refuses a member of the wrong type, at its location', () => {
    const file = fixture('analysis/voice-cancellation.json');
    file.Transcript[3].Content = 42;
    expect(() => analysisFileToTriggerEvent(file, undefined, { file: 'call.json' })).toThrow(
      'call.json: expected a string, got the number 42 (at /Transcript/3/Content)',
    );
    const noInstance = fixture('analysis/voice-cancellation.json');
    delete noInstance.CustomerMetadata.InstanceId;
    expect(() => analysisFileToTriggerEvent(noInstance)).toThrow(InputFormatError);
    // ...which the contact record can give
    expect(analysisFileToTriggerEvent(noInstance, ctr('ctr-voice-cancellation')).InstanceId).toBe(INSTANCE);
  });

  it('refuses the contact record of another contact', () => {
    try {
      analysisFileToTriggerEvent(fixture('analysis/voice-cancellation.json'), ctr('ctr-chat-billing'), { contactFile: 'ctr.json' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputFormatError);
      expect((err as InputFormatError).pointer).toBe('/ContactId');
      expect((err as Error).message).toBe(`ctr.json: the contact record is for contact ${CONTACT.chat}, the analysis file for contact ${CONTACT.voice} (at /ContactId)`);
    }
  });
});
