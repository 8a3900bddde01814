/**
 * Values of the right type that no contact can have (a time in 1970 or year zero, a
 * disconnect before the contact began, a negative or reversed offset, a turn of no
 * listed participant) are problems of the event, located, as a value of the wrong type
 * is: eval refuses the event (exit 2), replay reports it and goes on (exit 1), as the
 * pipeline dead-letters it. A sentiment AWS has not documented is read as no sentiment.
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';
import { runInProcess } from '../support/cli-in-process.ts';
import { freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';
import { fixture } from '../support/fixtures.ts';

type Json = Record<string, any>;
const RULE = 'examples/rules/post-call-account-cancellation.json';
const CHAT_RULE = 'examples/rules/post-chat-slow-refund.json';
const fx = (path: string): Json => fixture(path);
const CTR = fx('contact/ctr-voice-cancellation.json');
const VOICE = fx('analysis/voice-cancellation.json');
const CHAT = fx('analysis/chat-billing.json');
const CONTACT_EVENT = fx('eventbridge/contact-event-voice-connected.json');

/** `base` with `change` applied to a deep copy. */
function edited(base: Json, change: (copy: Json) => void): Json {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

const files = scratch({
  'ctr.json': CTR,
  'voice.json': VOICE,
  'ctr-last-update-5.json': edited(CTR, (c) => (c.LastUpdateTimestamp = 5)),
  'ctr-year-zero.json': edited(CTR, (c) => (c.InitiationTimestamp = '0000-01-01T00:00:00Z')),
  'ctr-disconnect-first.json': edited(CTR, (c) => (c.DisconnectTimestamp = '2025-03-11T13:00:00Z')),
  'voice-negative.json': edited(VOICE, (v) => (v.Transcript[3].EndOffsetMillis = -5)),
  'voice-reversed.json': edited(VOICE, (v) => (v.Transcript[3].EndOffsetMillis = v.Transcript[3].BeginOffsetMillis - 10)),
  'voice-participant.json': edited(VOICE, (v) => (v.Transcript[3].ParticipantId = 'X')),
  'voice-silence-reversed.json': edited(VOICE, (v) => (v.ConversationCharacteristics.NonTalkTime.Instances[0].EndOffsetMillis = 0)),
  'voice-angry.json': edited(VOICE, (v) => (v.Transcript[3].Sentiment = 'ANGRY')),
  'chat-yesterday.json': edited(CHAT, (v) => (v.Transcript[1].AbsoluteTime = 'yesterday')),
  // the time that decides whether a contact's events speak for it over its DescribeContact response (state/record-choice.ts)
  'contact-event-1999.json': edited(CONTACT_EVENT, (e) => (e.time = '1999-12-31T23:59:00Z')),
  'contact-event-month-13.json': edited(CONTACT_EVENT, (e) => (e.time = '2025-13-01T00:00Z')),
  'contact-event-feb-30.json': edited(CONTACT_EVENT, (e) => (e.time = '2025-02-30T00:00:00Z')),
  'contact-event-initiated-1999.json': edited(CONTACT_EVENT, (e) => (e.detail.initiationTimestamp = '1999-12-31T23:59:00Z')),
  'contact-event-initiated-month-13.json': edited(CONTACT_EVENT, (e) => (e.detail.initiationTimestamp = '2025-13-01T00:00Z')),
  'contact-event-initiated-0000.json': edited(CONTACT_EVENT, (e) => (e.detail.initiationTimestamp = '0000-01-01T00:00:00Z')),
  'ctr-april-31.json': edited(CTR, (c) => (c.InitiationTimestamp = '2025-04-31T10:00:00Z')),
});

// eval's command body in-process (test/support/cli-in-process.ts): the same message and exit code as the binary
// (whose wiring test/cli/eval-validate.test.ts shows), without a Node start a case.
describe('eval: an impossible value is a located problem of the event (exit 2)', () => {
  it.each<[string, string, string, string]>([
    ['a CTR LastUpdateTimestamp of 5 (epoch seconds: 1970)', 'voice.json', 'ctr-last-update-5.json', 'ctr-last-update-5.json: expected a date-time from 2000 to 9999, got the number 5 (1970-01-01T00:00:05.000Z) (at /LastUpdateTimestamp)'],
    ['an InitiationTimestamp of year 0000', 'voice.json', 'ctr-year-zero.json', 'ctr-year-zero.json: expected a date-time from 2000 to 9999, got the string "0000-01-01T00:00:00Z" (0000-01-01T00:00:00.000Z) (at /InitiationTimestamp)'],
    ['an InitiationTimestamp of 31 April (not 1 May)', 'voice.json', 'ctr-april-31.json', 'ctr-april-31.json: expected a date-time (ISO-8601 text or epoch number), got the string "2025-04-31T10:00:00Z" (at /InitiationTimestamp)'],
    ['a disconnect before the initiation', 'voice.json', 'ctr-disconnect-first.json', 'ctr-disconnect-first.json: expected a date-time at or after InitiationTimestamp 2025-03-11T14:02:07.000Z, got the string "2025-03-11T13:00:00Z" (at /DisconnectTimestamp)'],
    ['a negative offset', 'voice-negative.json', 'ctr.json', 'voice-negative.json: expected an offset of 0 or more milliseconds, got the number -5 (at /Transcript/3/EndOffsetMillis)'],
    ['an end before its begin', 'voice-reversed.json', 'ctr.json', 'voice-reversed.json: expected an offset at or after BeginOffsetMillis 18200, got the number 18190 (at /Transcript/3/EndOffsetMillis)'],
    ['a turn of no listed participant', 'voice-participant.json', 'ctr.json', 'voice-participant.json: expected the ParticipantId of an entry of /Participants (AGENT, CUSTOMER), got the string "X" (at /Transcript/3/ParticipantId)'],
    ['a silence that ends before it begins', 'voice-silence-reversed.json', 'ctr.json', 'voice-silence-reversed.json: expected an offset at or after BeginOffsetMillis 41200, got the number 0 (at /ConversationCharacteristics/NonTalkTime/Instances/0/EndOffsetMillis)'],
  ])('%s', async (_, event, contact, message) => {
    const r = await runInProcess(['eval', '--function', RULE, '--event', files(event), '--contact', files(contact)]);
    expect(r.stderr).toBe(`${files(message.slice(0, message.indexOf(':')))}${message.slice(message.indexOf(':'))}\n`);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  it.each<[string, string, string]>([
    ['a contact event of 1999', 'contact-event-1999.json', 'expected a date-time from 2000 to 9999, got the string "1999-12-31T23:59:00Z" (at /time)'],
    ['a contact event of month 13', 'contact-event-month-13.json', 'expected a date-time, got the string "2025-13-01T00:00Z" (at /time)'],
    ['a contact event of 30 February (not 2 March)', 'contact-event-feb-30.json', 'expected a date-time, got the string "2025-02-30T00:00:00Z" (at /time)'],
    ['a contact event whose contact began in 1999', 'contact-event-initiated-1999.json', 'expected a date-time from 2000 to 9999, got the string "1999-12-31T23:59:00Z" (at /detail/initiationTimestamp)'],
    ['a contact event whose contact began in month 13 (worded as the same problem at /time)', 'contact-event-initiated-month-13.json', 'expected a date-time, got the string "2025-13-01T00:00Z" (at /detail/initiationTimestamp)'],
    ['a contact event whose contact began in year zero', 'contact-event-initiated-0000.json', 'expected a date-time from 2000 to 9999, got the string "0000-01-01T00:00:00Z" (at /detail/initiationTimestamp)'],
  ])('%s', async (_, event, message) => {
    const r = await runInProcess(['eval', '--function', RULE, '--event', files(event)]);
    expect(r.stderr).toBe(`${files(event)}: ${message}\n`);
    expect(r.status).toBe(2);
  });

  it('a chat message whose AbsoluteTime is no date-time', async () => {
    const r = await runInProcess(['eval', '--function', CHAT_RULE, '--event', files('chat-yesterday.json')]);
    expect(r.stderr).toBe(`${files('chat-yesterday.json')}: expected a date-time (ISO-8601 text or epoch number), got the string "yesterday" (at /Transcript/1/AbsoluteTime)\n`);
    expect(r.status).toBe(2);
  });

  it('a sentiment AWS does not document is read as none: the event is evaluated', async () => {
    const angry = await runInProcess(['eval', '--function', RULE, '--event', files('voice-angry.json'), '--contact', files('ctr.json')]);
    const plain = await runInProcess(['eval', '--function', RULE, '--event', files('voice.json'), '--contact', files('ctr.json')]);
    expect(angry.status).toBe(plain.status);
    expect(angry.stdout).toBe(plain.stdout);
  });
});

describe('replay: an event with an impossible value is reported and the run goes on (exit 1)', () => {
  const db = sharedDynamoDb();
  it('lists the file as an error, located, and evaluates the others', () => {
    const r = runCli(['replay', files('voice-negative.json'), files('ctr.json'), '--rules', 'examples/rules', '--dry-run', '--json', '--endpoint', db.endpoint], { env: freshTableEnv() });
    const report = JSON.parse(r.stdout || '{}');
    const errors = report.events.filter((e: Json) => e.status === 'error');
    expect(errors.map((e: Json) => e.error.message.replace(/^.*\/(?=voice-negative\.json)/, ''))).toEqual([
      `voice-negative.json: expected an offset of 0 or more milliseconds, got the number -5 (at /Transcript/3/EndOffsetMillis)`,
    ]);
    expect(report.summary.errors).toBe(1);
    expect(r.status).toBe(1);
  });

  it('a contact event whose time is no date-time is an error, not an event of unknown time merged into the contact', () => {
    const r = runCli(['replay', files('contact-event-month-13.json'), files('ctr.json'), '--rules', 'examples/rules', '--dry-run', '--json', '--endpoint', db.endpoint], { env: freshTableEnv() });
    const report = JSON.parse(r.stdout || '{}');
    const errors = report.events.filter((e: Json) => e.status === 'error');
    expect(errors.map((e: Json) => e.error.message.replace(/^.*\/(?=contact-event)/, ''))).toEqual([
      'contact-event-month-13.json: expected a date-time, got the string "2025-13-01T00:00Z" (at /time)',
    ]);
    expect(r.status).toBe(1);
  });
});
