/**
 * OnPostChatAnalysisAvailable: every condition of the table.
 */
import { contactRecordCases } from './contact-record.ts';
import { and, bounds, contactEvent, filter, fromFixtures, item, leaf, role, type EvalCase, type JsonObject } from './support.ts';
import { aiAgentCases, exactMatchCases, patternMatchCases, semanticMatchCases, sentimentCases } from './transcript.ts';

const source = 'OnPostChatAnalysisAvailable';
const P = '$.ContactLens.PostChat';
const ev = (body: JsonObject = {}) => contactEvent(source, body);
const transcript = { source, prefix: P, periodFilter: 'PostChatContactPeriodSeconds', negatable: true } as const;

/** A chat with the system messages a chat transcript holds. */
const CHAT: JsonObject[] = [
  item('m1', 'SYSTEM', 'Alice has joined the chat.', 0, 0),
  item('m2', 'CUSTOMER', 'Hi, my parcel never arrived.', 2000, 2000),
  item('m3', 'AGENT', 'Hello! Welcome to Example Shop. Let me check the tracking.', 75000, 75000),
  item('m4', 'SYSTEM', 'The customer has left the chat.', 300000, 300000),
];
const responseTime = (field: string) => (v: number | undefined) =>
  ev(v === undefined ? {} : { ResponseTime: { Agent: { [field]: v } } });

/** A real-format chat (test/fixtures/analysis/chat-store-credit.json): "credit" three times, never "card", no sentiment. */
const STORE_CREDIT = fromFixtures('analysis/chat-store-credit.json');
const onStoreCredit = (name: string, condition: JsonObject, expected: boolean): EvalCase => ({
  source,
  name: `${name} (chat-store-credit.json)`,
  condition: condition,
  event: STORE_CREDIT,
  expected,
});
const creditNotNearCard = (r: 'CUSTOMER' | 'ANY') =>
  leaf(
    `${P}.PatternMatch.Transcript`,
    'CONTAINS_ANY',
    [[{ Type: 'PLAIN', Value: 'credit*' }, { Type: 'PROXIMITY', Value: { Distance: 1, IsWithin: false } }, { Type: 'PLAIN', Value: 'card*' }]],
    { filters: [role(r)] },
  );

export const POST_CHAT_CASES: EvalCase[] = [
  // AWS (admin guide, exact-match-pattern-match-semantic-match): credit* [is not within 0 to 1
  // word apart] card* finds contacts where "credit" was mentioned but not "credit card".
  onStoreCredit('Pattern match credit* not within 1 word of card*: credit said, card never', creditNotNearCard('CUSTOMER'), true),
  // AWS (admin guide, build-rules-for-contact-lens): "When rules are applied to contacts that
  // don't have sentiment data, neutral sentiment is used".
  onStoreCredit('Sentiment state NEUTRAL of the customer: the chat analysis has no sentiment', leaf(`${P}.Sentiment.State`, 'EQUALS', ['NEUTRAL'], { filters: [role('CUSTOMER')] }), true),
  onStoreCredit('Sentiment score at the end of the agent ≤ 0: no sentiment reads 0', {
    Operator: 'AND',
    Operands: [
      leaf(`${P}.Sentiment.Score.Beginning`, 'NumberGreaterOrEqualTo', [0], { filters: [role('AGENT')] }),
      leaf(`${P}.Sentiment.Score.End`, 'NumberLessOrEqualTo', [0], { filters: [role('AGENT')] }),
    ],
  }, true),

  ...contactRecordCases({
    source,
    prefix: P,
    hierarchy: true,
    initiationMethod: { operands: ['INBOUND', 'TRANSFER'], match: 'INBOUND', other: 'API' },
    disconnectReason: { operands: ['CUSTOMER_DISCONNECT', 'IDLE_DISCONNECT'], match: 'IDLE_DISCONNECT', other: 'AGENT_DISCONNECT' },
    afterContactWork: true,
    routingProfile: true,
    potentialDisconnectIssue: true,
    // Negate false only on post-chat (unlike post-call)
    segmentAttribute: { negatable: false },
    agent: true,
    queue: { negatable: false, noQueue: true },
    contactAttribute: true,
    agentInteractionDuration: true,
  }),
  ...aiAgentCases(source, P),
  ...exactMatchCases(transcript),
  ...semanticMatchCases(transcript),
  ...patternMatchCases(transcript),
  ...sentimentCases(source, P),

  // System messages: ANY keeps them, a role does not
  {
    source,
    name: 'Exact match by any role: a system message',
    condition: leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['left the chat'], { filters: [role('ANY')] }),
    event: ev({ Transcript: CHAT }),
    expected: true,
  },
  {
    source,
    name: 'Exact match by the customer: the system message is not the customer',
    condition: leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['left the chat'], { filters: [role('CUSTOMER')] }),
    event: ev({ Transcript: CHAT }),
    expected: false,
  },
  // spec example I: first response ≥ 60 s and no greeting by the agent in the first 60 s
  {
    source,
    name: 'Spec example I: slow first response, greeting only after 60 s',
    condition: and(
      leaf(`${P}.ResponseTime.Agent.FirstResponseTimeSecs`, 'NumberGreaterOrEqualTo', [60]),
      leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['hello', 'hi', 'welcome'], {
        filters: [filter('PostChatContactPeriodSeconds', { First: 60 }), role('AGENT')],
        negate: true,
      }),
    ),
    event: ev({ Transcript: CHAT, ResponseTime: { Agent: { FirstResponseTimeSecs: 75 } } }),
    expected: true,
  },
  {
    source,
    name: 'Spec example I: the customer said hi in the first 60 s, the agent did not',
    condition: leaf(`${P}.ExactMatch.Transcript`, 'CONTAINS_ANY', ['hello', 'hi', 'welcome'], {
      filters: [filter('PostChatContactPeriodSeconds', { First: 60 }), role('AGENT')],
      negate: true,
    }),
    event: ev({ Transcript: CHAT }),
    expected: true,
  },

  ...bounds(source, 'Agent first response time', `${P}.ResponseTime.Agent.FirstResponseTimeSecs`, responseTime('FirstResponseTimeSecs'), {
    bound: 60,
    below: 59.5,
    above: 61,
  }),
  ...bounds(source, 'Agent average response time', `${P}.ResponseTime.Agent.AverageTimeSecs`, responseTime('AverageTimeSecs'), {
    bound: 30,
    below: 29.9,
    above: 30.1,
  }),
  ...bounds(source, 'Agent longest response time', `${P}.ResponseTime.Agent.LongestTimeSecs`, responseTime('LongestTimeSecs'), {
    bound: 120,
    below: 119,
    above: 121,
  }),
];
