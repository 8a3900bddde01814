/** OnEmailAnalysisAvailable: every condition of the table, with the email enums. */
import { ROUTING_PROFILE, contactRecordCases } from './contact-record.ts';
import { contactEvent, leaf, type EvalCase } from './support.ts';

const source = 'OnEmailAnalysisAvailable';
const P = '$.ContactLens.Email';

export const EMAIL_CASES: EvalCase[] = [
  ...contactRecordCases({
    source,
    prefix: P,
    hierarchy: true,
    initiationMethod: { operands: ['AGENT_REPLY', 'FLOW'], match: 'AGENT_REPLY', other: 'INBOUND' },
    disconnectReason: { operands: ['EXPIRED', 'DISCARDED'], match: 'DISCARDED', other: 'TRANSFERRED' },
    afterContactWork: true,
    routingProfile: true,
    segmentAttribute: { negatable: true },
    agent: true,
    queue: { negatable: false, noQueue: true },
    contactAttribute: true,
    agentInteractionDuration: true,
  }),
  // spec example J
  {
    source,
    name: 'Spec example J: inbound email in the billing routing profile, handled for 900 s',
    condition: {
      Operator: 'AND',
      Operands: [
        leaf(`${P}.InitiationMethod`, 'CONTAINS_ANY', ['INBOUND']),
        leaf(`${P}.Agent.RoutingProfile`, 'CONTAINS_ANY', [ROUTING_PROFILE.billing]),
        leaf(`${P}.Agent.AgentInteractionDurationSecs`, 'NumberGreaterOrEqualTo', [900]),
      ],
    },
    event: contactEvent(source, {
      InitiationMethod: 'INBOUND',
      Agent: { AgentId: '3f6a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9', RoutingProfile: ROUTING_PROFILE.billing, AgentInteractionDurationSecs: 900 },
    }),
    expected: true,
  },
  {
    source,
    name: 'Spec example J: an outbound email is not inbound',
    condition: leaf(`${P}.InitiationMethod`, 'CONTAINS_ANY', ['INBOUND']),
    event: contactEvent(source, { InitiationMethod: 'OUTBOUND' }),
    expected: false,
  },
];
