/**
 * Real-time contact conditions on what a live session knows (fidelity F10): the
 * contact attributes, queue and agent come from a contact record or contact events,
 * and while none has told them a condition on them does not apply (false whatever
 * Negate says) instead of reading missing, so "not a Gold customer" cannot fire for
 * every caller. AWS (admin guide, rules-task-contact-attributes): "Contact attributes
 * are retrieved at the beginning of the real-time contact analysis session and whatever
 * is retrieved at that time is used for rule evaluation during the whole session."
 * And "Sentiment – time period" (fidelity F4): AWS, "you can build a rule for when
 * customer sentiment has remained negative for a set period of time. If the participant
 * joined the contact later, the time period set here applies to when participant was
 * present."
 * Run through `connect-rules backtest`, whose pipeline ingestor folds the segments and
 * evaluates after each, as the deployed functions and replay do.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, fixture, INSTANCE, QUEUE_RETENTION } from '../../test/support/fixtures.ts';
import { checkAnyForm } from '../../grammar/text/index.ts';
import { compileFunction } from '../compile/index.ts';
import { buildTriggerEvent } from '../context/index.ts';
import { loadRuleSet } from './rules.ts';
import { runBacktest } from './run.ts';

/** "The customer said cancel" AND `condition`, in the text form (docs/text-form.md). */
const fn = (condition: string) => `on real-time-call\n${condition.startsWith('sentiment') ? '' : 'transcript.exact(customer) contains any ("cancel") and\n'}${condition}\n`;

const RULES = {
  GOLD: 'attribute "CustomerTier" = "Gold"',
  NOT_GOLD: 'not attribute "CustomerTier" = "Gold"',
  RETENTION: `queue in ("${QUEUE_RETENTION}")`,
  NOT_RETENTION: `not queue in ("${QUEUE_RETENTION}")`,
};

const body = (name: string, condition: string) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
  Function: fn(condition),
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
});

/** The rules matched by a backtest of `files` (name → JSON), by name. */
async function matched(files: Record<string, unknown>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-session-'));
  mkdirSync(join(dir, 'in'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'in', name), JSON.stringify(content));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(Object.entries(RULES).map(([name, c]) => body(name, c))));
  const report = await runBacktest({ paths: [join(dir, 'in')], rules: loadRuleSet(join(dir, 'rules.json')), workers: 0 });
  expect(report.summary.skipped).toBe(0);
  return report.rules.filter((r) => r.matched > 0).map((r) => r.name).sort();
}

describe('real-time contact conditions while the session does not know the fact', () => {
  it('with no contact record or contact event, no attribute or queue condition applies, negated or not', async () => {
    expect(await matched({ 'segments.json': fixture('realtime/voice-cancellation.json') })).toEqual([]);
  });

  it('a contact event tells the queue, never the attributes: the queue conditions apply, the attribute ones do not', async () => {
    const files = { 'connected.json': fixture('eventbridge/contact-event-voice-connected.json'), 'segments.json': fixture('realtime/voice-cancellation.json') };
    expect(await matched(files)).toEqual(['RETENTION']);
  });

  it("given the contact's CTR, its attributes and queue are the session's: the conditions apply as eval --contact says", async () => {
    // the CTR's file named first or last: the backtest feeds the record before the segments either way
    const files = { 'z-ctr.json': fixture('contact/ctr-voice-cancellation.json'), 'segments.json': fixture('realtime/voice-cancellation.json') };
    expect(await matched(files)).toEqual(['GOLD', 'RETENTION']);
  });

  it('a DescribeContact response tells the attributes even when a newer contact event speaks for the contact', async () => {
    // a mid-call response (14:02:10), then CONNECTED_TO_AGENT (14:02:27): the events are chosen, the response's attributes still hold
    const response = fixture('contact/describe-contact-voice-cancellation.json') as { Contact: Record<string, unknown> };
    const files = {
      'describe.json': { Contact: { ...response.Contact, LastUpdateTimestamp: '2025-03-11T14:02:10Z', DisconnectTimestamp: undefined } },
      'connected.json': fixture('eventbridge/contact-event-voice-connected.json'),
      'segments.json': fixture('realtime/voice-cancellation.json'),
    };
    expect(await matched(files)).toEqual(['GOLD', 'RETENTION']);
  });

  it('the explain trace says the fact is not yet known, and the condition is false whatever Negate says', () => {
    const event = buildTriggerEvent({ event: fixture('realtime/voice-cancellation.json') });
    expect(event.ContactLens?.RealTimeCall?.NotYetKnown).toEqual(['ContactAttribute', 'Queue', 'Agent']);
    const { document } = checkAnyForm(fn(RULES.NOT_GOLD), 'OnRealTimeCallAnalysisAvailable');
    const { matched: hit, trace } = compileFunction(document!, 'OnRealTimeCallAnalysisAvailable').explain(event);
    expect(hit).toBe(false);
    const attribute = trace.children?.[1];
    expect(attribute).toMatchObject({ notApplicable: true, negate: true, result: false });
    expect(attribute?.detail).toContain('the contact attributes are not yet known in this real-time session');
    // given the contact record (eval --contact), every fact is known: an absent attribute reads missing, so "not Gold" holds
    const ctr = fixture('contact/ctr-voice-cancellation.json');
    const known = buildTriggerEvent({ event: fixture('realtime/voice-cancellation.json'), contact: { ...ctr, Attributes: {} } });
    expect(known.ContactLens?.RealTimeCall?.NotYetKnown).toBeUndefined();
    expect(compileFunction(document!, 'OnRealTimeCallAnalysisAvailable').matches(known)).toBe(true);
  });
});

/** A voice segment stream of contact `id`: one SEGMENTS record per customer turn `[begin s, end s, sentiment]`. */
const stream = (id: string, turns: readonly [number, number, string][]) =>
  turns.map(([begin, end, sentiment], i) => ({
    Version: '1.0.0',
    Channel: 'VOICE',
    AccountId: ACCOUNT,
    InstanceId: INSTANCE,
    ContactId: id,
    LanguageCode: 'en-US',
    EventType: 'SEGMENTS',
    Segments: [{ Transcript: { Id: `${id}-${i}`, ParticipantId: 'CUSTOMER', ParticipantRole: 'CUSTOMER', Content: 'turn', BeginOffsetMillis: begin * 1000, EndOffsetMillis: end * 1000, Sentiment: sentiment } }],
  }));

describe('real-time sentiment over a time period: the role has remained in the state for the whole window', () => {
  const rule = { NEGATIVE_60S: 'sentiment(customer, past 60s) = NEGATIVE' };

  it('fires once the customer has been negative for 60 s, not on the first negative turn, nor on a window of mixed turns', async () => {
    const files = {
      'short.json': stream('c-short', [[0, 5, 'NEGATIVE']]),
      'mixed.json': stream('c-mixed', [[0, 5, 'NEGATIVE'], [30, 35, 'POSITIVE'], [50, 55, 'NEGATIVE'], [62, 66, 'NEGATIVE']]),
      'negative.json': stream('c-negative', [[0, 5, 'NEGATIVE'], [30, 35, 'NEGATIVE'], [62, 66, 'NEGATIVE']]),
    };
    const dir = mkdtempSync(join(tmpdir(), 'rt-sentiment-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([body('NEGATIVE_60S', rule.NEGATIVE_60S)]));
    const report = await runBacktest({ paths: [dir], rules: loadRuleSet(join(dir, 'rules.json')), workers: 0 });
    expect(report.rules[0].contacts).toEqual(['c-negative']);
  });

  it('the explain trace says the window has not elapsed', () => {
    const event = buildTriggerEvent({ event: stream('c-short', [[0, 5, 'NEGATIVE']]) });
    const { document } = checkAnyForm(fn(rule.NEGATIVE_60S), 'OnRealTimeCallAnalysisAvailable');
    const { trace } = compileFunction(document!, 'OnRealTimeCallAnalysisAvailable').explain(event);
    expect(trace.children?.[0]).toMatchObject({ notApplicable: true, result: false });
    expect(trace.children?.[0].detail).toContain('CUSTOMER present for 5 s of the 60 s window');
  });
});

/** A chat segment stream of contact `id`, one SEGMENTS record a step: a participant joining or a message `[role, seconds from 09:00, sentiment]`. */
type ChatStep = readonly ['joined', string, number] | readonly [string, number, string];
const chat = (id: string, steps: readonly ChatStep[]) => {
  const at = (s: number) => new Date(Date.parse('2025-03-12T09:00:00.000Z') + s * 1000).toISOString();
  const joined = (step: ChatStep): step is readonly ['joined', string, number] => step[0] === 'joined';
  return steps.map((step, i) => ({
    Version: '2.0.0',
    Channel: 'CHAT',
    AccountId: ACCOUNT,
    InstanceId: INSTANCE,
    ContactId: id,
    StreamingEventType: 'SEGMENTS',
    Segments: [
      joined(step)
        ? { Event: { Id: `${id}-${i}`, ParticipantRole: step[1], EventType: 'application/vnd.amazonaws.connect.event.participant.joined', Time: { AbsoluteTime: at(step[2]) } } }
        : { Transcript: { Id: `${id}-${i}`, ParticipantRole: step[0], Content: 'message', Time: { AbsoluteTime: at(step[1] as number) }, Sentiment: step[2] } },
    ],
  }));
};

describe('real-time chat sentiment over a time period: present from when the participant joined', () => {
  // AWS (admin guide, "Sentiment - Time period"): "If the participant joined the contact later, the time period set here applies to when participant was present."
  const rules = { CUSTOMER_NEGATIVE_60S: ['CUSTOMER', 'NEGATIVE'], AGENT_POSITIVE_60S: ['AGENT', 'POSITIVE'] };
  // in JSON, as CreateRule takes it (the chat condition has the call's filter name)
  const sentiment = ([role, state]: string[]) => ({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        {
          Operator: 'EQUALS',
          Operands: [state],
          ComparisonValue: '$.ContactLens.RealTimeChat.Sentiment.State',
          FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: role }, { Type: 'RealTimeCallContactPeriodSeconds', Data: { Past: 60 } }] },
          Negate: false,
        },
      ],
    },
  });
  const chatBody = (name: string, condition: string[]) => ({ ...body(name, ''), TriggerEventSource: { EventSourceName: 'OnRealTimeChatAnalysisAvailable' }, Function: JSON.stringify(sentiment(condition)) });

  it("counts the customer's window from the join, and the agent's from the agent's join, not the chat's start", async () => {
    const files = {
      // joined at 0, first typed at 50 s, negative at 50 and 65 s: negative for the last 60 s of 65
      'joined.json': chat('c-joined', [['joined', 'CUSTOMER', 0], ['SYSTEM', 1, 'NEUTRAL'], ['CUSTOMER', 50, 'NEGATIVE'], ['CUSTOMER', 65, 'NEGATIVE']]),
      // the same messages with no join event: present from 50 s, 15 s
      'no-join.json': chat('c-no-join', [['SYSTEM', 1, 'NEUTRAL'], ['CUSTOMER', 50, 'NEGATIVE'], ['CUSTOMER', 65, 'NEGATIVE']]),
      // the agent joins at 40 s and is positive until 95 s: 55 s present, not 60 (from the chat's start it would be 95)
      'late-agent.json': chat('c-late-agent', [['joined', 'CUSTOMER', 0], ['joined', 'AGENT', 40], ['AGENT', 45, 'POSITIVE'], ['AGENT', 95, 'POSITIVE']]),
      'late-agent-longer.json': chat('c-late-agent-longer', [['joined', 'CUSTOMER', 0], ['joined', 'AGENT', 40], ['AGENT', 45, 'POSITIVE'], ['AGENT', 101, 'POSITIVE']]),
    };
    const dir = mkdtempSync(join(tmpdir(), 'rt-chat-joined-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(Object.entries(rules).map(([name, c]) => chatBody(name, c))));
    const report = await runBacktest({ paths: [dir], rules: loadRuleSet(join(dir, 'rules.json')), workers: 0 });
    expect(Object.fromEntries(report.rules.map((r) => [r.name, r.contacts]))).toEqual({ CUSTOMER_NEGATIVE_60S: ['c-joined'], AGENT_POSITIVE_60S: ['c-late-agent-longer'] });
  });
});
