/**
 * OnPostChatAnalysisAvailable (rules-language.md §5.3): every condition of the table.
 */
import { contactRecordCases } from './contact-record.ts';
import { and, bounds, contactEvent, filter, item, leaf, role, type EvalCase, type JsonObject } from './support.ts';
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

export const POST_CHAT_CASES: EvalCase[] = [
  ...contactRecordCases({
    source,
    prefix: P,
    hierarchy: true,
    initiationMethod: { operands: ['INBOUND', 'TRANSFER'], match: 'INBOUND', other: 'API' },
    disconnectReason: { operands: ['CUSTOMER_DISCONNECT', 'IDLE_DISCONNECT'], match: 'IDLE_DISCONNECT', other: 'AGENT_DISCONNECT' },
    afterContactWork: true,
    routingProfile: true,
    potentialDisconnectIssue: true,
    // §5.3 #7: Negate false only on post-chat (unlike post-call)
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
