/**
 * The conditions of the real-time sources: exact and
 * pattern match (Negate false only), agent, queue (negatable), contact attribute,
 * and the sentiment state over a trailing window (docs/canonical-events.md). Real-time
 * chat has no page of its own; the catalogue mirrors the real-time call rows under
 * `$.ContactLens.RealTimeChat` (INTERPRETATION), and so do these cases.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { QUEUE, contactRecordCases } from './contact-record.ts';
import { caseMaker, contactEvent, filter, item, leaf, quartet, role, type EvalCase, type JsonObject } from './support.ts';
import { exactMatchCases, patternMatchCases } from './transcript.ts';

/** The customer calmed down: negative at first, positive in the last minute; the agent spoke last, at 120 s. */
const CALMED: JsonObject[] = [
  item('r1', 'CUSTOMER', 'I have been waiting for an hour!', 0, 5000, 'NEGATIVE'),
  item('r2', 'AGENT', 'I am sorry about that.', 5500, 8000, 'NEUTRAL'),
  item('r3', 'CUSTOMER', 'OK, that sounds good.', 62000, 65000, 'POSITIVE'),
  item('r4', 'CUSTOMER', 'Thanks, that works for me.', 100000, 104000, 'POSITIVE'),
  item('r5', 'AGENT', 'Great, is there anything else?', 105000, 120000, 'POSITIVE'),
];
/** The customer was angry at first, then the agent talked for over a minute (until 90 s). */
const ANGRY_THEN_SILENT: JsonObject[] = [
  item('s1', 'CUSTOMER', 'This is ridiculous, I want my money back!', 10000, 15000, 'NEGATIVE'),
  item('s2', 'CUSTOMER', 'You charged me twice!', 16000, 20000, 'NEGATIVE'),
  item('s3', 'AGENT', 'Let me walk you through how our refund process works.', 21000, 90000, 'NEUTRAL'),
];
/** The customer angry at first and still angry 62 s later (until 72 s). */
const STILL_ANGRY: JsonObject[] = [
  ...ANGRY_THEN_SILENT.slice(0, 2),
  item('s4', 'CUSTOMER', 'I still want my money back!', 66000, 72000, 'NEGATIVE'),
];
/** One negative and one positive customer item, a mixed one and one without sentiment. */
const BALANCED: JsonObject[] = [
  item('t1', 'CUSTOMER', 'That is not what I asked for.', 0, 5000, 'NEGATIVE'),
  item('t2', 'CUSTOMER', 'Well, I suppose it is fine.', 6000, 9000, 'MIXED'),
  item('t3', 'CUSTOMER', 'Actually that is great, thanks.', 10000, 14000, 'POSITIVE'),
  item('t4', 'CUSTOMER', 'Bye.', 15000, 16000),
];

export function realTimeCases(source: EventSourceName, segment: 'RealTimeCall' | 'RealTimeChat'): EvalCase[] {
  const P = `$.ContactLens.${segment}`;
  const ev = (body: JsonObject = {}) => contactEvent(source, body);
  const transcript = { source, prefix: P, negatable: false } as const;
  const state = (value: string, r: 'AGENT' | 'CUSTOMER' | 'ANY', past: number) =>
    leaf(`${P}.Sentiment.State`, 'EQUALS', [value], {
      // the window filter keeps its call name on chat too (the catalogue mirrors the real-time call rows verbatim)
      filters: [role(r), filter('RealTimeCallContactPeriodSeconds', { Past: past })],
    });
  const c = caseMaker(source);

  // real-time chat documents no contact conditions (grammar/catalogue/contact-lens.ts REAL_TIME_CHAT)
  const contactConditions = segment === 'RealTimeCall';
  const cases: EvalCase[] = [
    ...exactMatchCases(transcript),
    ...patternMatchCases(transcript),
    ...(contactConditions
      ? contactRecordCases({
          source,
          prefix: P,
          agent: true,
          // Negate true = none of these queues; no "no queue" form in real time
          queue: { negatable: true, noQueue: false },
          contactAttribute: true,
        })
      : []),

    ...quartet(
      source,
      'Sentiment state of the customer over the past 60 s, POSITIVE',
      state('POSITIVE', 'CUSTOMER', 60),
      { match: ev({ Transcript: CALMED }), noMatch: ev({ Transcript: ANGRY_THEN_SILENT.slice(0, 2) }), missing: ev() },
      { negatable: false },
    ),
    c('Sentiment state past 60 s: the early negative item is out of the window', state('NEGATIVE', 'CUSTOMER', 60), ev({ Transcript: CALMED }), false),
    // AWS (admin guide, Create Contact Lens rules, Sentiment - Time period): "you can build a rule for when customer
    // sentiment has remained negative for a set period of time. If the participant joined the contact later, the time
    // period set here applies to when participant was present." (docs/canonical-events.md)
    c('Sentiment state past 118 s: a negative and two positive items have not remained POSITIVE', state('POSITIVE', 'CUSTOMER', 118), ev({ Transcript: CALMED }), false),
    c('Sentiment state past 200 s: the customer present for 120 s, the window has not elapsed', state('POSITIVE', 'CUSTOMER', 200), ev({ Transcript: CALMED }), false),
    c('Sentiment state past 62 s: negative throughout the customer\'s 62 s', state('NEGATIVE', 'CUSTOMER', 62), ev({ Transcript: STILL_ANGRY }), true),
    c('Sentiment state past 60 s: one negative item 10 s after the customer\'s first', state('NEGATIVE', 'CUSTOMER', 60), ev({ Transcript: ANGRY_THEN_SILENT.slice(0, 2) }), false),
    c('Sentiment state past 15 s of any role: the agent\'s positive item', state('POSITIVE', 'ANY', 15), ev({ Transcript: CALMED }), true),
    c(
      'Sentiment state past 60 s, measured back from the latest item of any role: the customer said nothing in it',
      state('NEGATIVE', 'CUSTOMER', 60),
      ev({ Transcript: ANGRY_THEN_SILENT }),
      false,
    ),
    // AWS (admin guide, build-rules-for-contact-lens, Sentiment – Time period): "When rules are
    // applied to contacts that don't have sentiment data, neutral sentiment is used".
    c(
      'Sentiment state past 60 s: nothing said by the customer in the window reads NEUTRAL',
      state('NEUTRAL', 'CUSTOMER', 60),
      ev({ Transcript: ANGRY_THEN_SILENT }),
      true,
    ),
    // A partial utterance is not evaluated, only completed transcript segments (undocumented;
    // the explain trace says so: evaluate.test.ts).
    c(
      'Exact match "supervisor": said only in a partial utterance, not evaluated',
      leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['supervisor'], { filters: [role('CUSTOMER')] }),
      ev({
        Transcript: [item('f1', 'CUSTOMER', 'Hi Jordan, I would like to cancel.', 6000, 9000)],
        PartialUtterances: [item('u1', 'CUSTOMER', 'Hi Jordan I would like a supervisor', 6100, 8200)],
      }),
      false,
    ),
    c('Sentiment state past 60 s: no transcript yet, the window has not elapsed', state('NEUTRAL', 'CUSTOMER', 60), ev(), false),
    c('Sentiment state past 80 s: both angry items are in', state('NEGATIVE', 'CUSTOMER', 80), ev({ Transcript: ANGRY_THEN_SILENT }), true),
    c('Sentiment state of the agent past 60 s, present for 69 s: neutral', state('NEUTRAL', 'AGENT', 60), ev({ Transcript: ANGRY_THEN_SILENT }), true),
    c('Sentiment state of the agent past 80 s: joined 69 s ago, the window has not elapsed', state('NEUTRAL', 'AGENT', 80), ev({ Transcript: ANGRY_THEN_SILENT }), false),
    // A chat says when a participant joined (participant.joined): present from then, not from its first message (AWS: "applies to when participant was present").
    c('Sentiment state of the agent past 80 s: joined at 5 s, 85 s before the end: elapsed, neutral', state('NEUTRAL', 'AGENT', 80), ev({ Transcript: ANGRY_THEN_SILENT, JoinedOffsetMillis: { AGENT: 5000 } }), true),
    c('Sentiment state of the customer past 65 s: joined at 0 s, first heard at 10 s, negative ever since (till 72 s)', state('NEGATIVE', 'CUSTOMER', 65), ev({ Transcript: STILL_ANGRY, JoinedOffsetMillis: { CUSTOMER: 0 } }), true),
    c('Sentiment state of the customer past 65 s: first heard at 10 s, no join known: present 62 s, not elapsed', state('NEGATIVE', 'CUSTOMER', 65), ev({ Transcript: STILL_ANGRY }), false),
    c('Sentiment state of the agent past 30 s: joined at 40 s, never typed: silence reads neutral', state('NEUTRAL', 'AGENT', 30), ev({ Transcript: STILL_ANGRY, JoinedOffsetMillis: { AGENT: 40000 } }), true),
    c(
      'Sentiment state past 16 s: one negative, one positive, one mixed, one unscored item: not one state, so not NEUTRAL',
      state('NEUTRAL', 'CUSTOMER', 16),
      ev({ Transcript: BALANCED }),
      false,
    ),
    c('Sentiment state past 16 s: balanced is not POSITIVE', state('POSITIVE', 'CUSTOMER', 16), ev({ Transcript: BALANCED }), false),

  ];
  if (!contactConditions) return cases;
  return [
    ...cases,
    // spec example A: the canonical doc example
    c(
      'Spec example A: the customer says "refund" in the given queue',
      {
        Operator: 'AND',
        Operands: [
          leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['refund'], { filters: [role('CUSTOMER')] }),
          leaf(`${P}.Queue.QueueId`, 'CONTAINS_ANY', [QUEUE.billing]),
        ],
      },
      ev({ Queue: { QueueId: QUEUE.billing }, Transcript: [item('c1', 'CUSTOMER', 'I just want a refund.', 0, 3000)] }),
      true,
    ),
    // spec example B
    c(
      'Spec example B: negative customer for 60 s, not in the VIP queue, Tier Gold',
      {
        Operator: 'AND',
        Operands: [
          state('NEGATIVE', 'CUSTOMER', 60),
          leaf(`${P}.Queue.QueueId`, 'CONTAINS_ANY', [QUEUE.retention], { negate: true }),
          leaf(`${P}.ContactAttribute.Tier`, 'EQUALS', ['Gold']),
        ],
      },
      ev({ Queue: { QueueId: QUEUE.billing }, ContactAttribute: { Tier: 'Gold' }, Transcript: STILL_ANGRY }),
      true,
    ),
  ];
}
