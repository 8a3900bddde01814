/**
 * Cases of the conditions on the contact record that the contact-based sources
 * share (agent, queue, hierarchy, routing profile, initiation method, disconnect
 * reason, attributes, durations). Each source's table says, by hand and from its
 * spec table, which of these rows it has and which may be negated; the verdicts
 * below are the same wherever the row exists.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { bounds, contactEvent, leaf, quartet, type EvalCase, type JsonObject } from './support.ts';

export const ARN_PREFIX = 'arn:aws:connect:us-east-1:111122223333:instance/0c9b1f2a-6d3e-4b8a-9f71-2e5c8d4a7b10';
export const HIERARCHY = {
  emea: `${ARN_PREFIX}/agent-group/5b1e7c3a-0f2d-4c6e-8a9b-1d2e3f4a5b6c`,
  emeaBilling: `${ARN_PREFIX}/agent-group/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
  emeaSupport: `${ARN_PREFIX}/agent-group/2f3e4d5c-6b7a-4988-a7b6-c5d4e3f2a1b0`,
  amer: `${ARN_PREFIX}/agent-group/7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d`,
};
export const ROUTING_PROFILE = {
  billing: `${ARN_PREFIX}/routing-profile/4d3c2b1a-0f9e-4d8c-b7a6-958473625140`,
  support: `${ARN_PREFIX}/routing-profile/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`,
};
export const AGENT = {
  alice: '3f6a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9',
  bob: '8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586',
  carol: 'c0b1a293-8475-4665-9788-a9b0c1d2e3f4',
};
export const QUEUE = {
  billing: '11111111-1234-5678-9123-123456780120',
  retention: '22222222-1234-5678-9123-123456780121',
  sales: '33333333-1234-5678-9123-123456780122',
};

export interface ContactRows {
  readonly source: EventSourceName;
  /** `$.ContactLens.PostCall` etc. */
  readonly prefix: string;
  readonly hierarchy?: boolean;
  /** An operand list of the source's enum, a value in it and one not in it. */
  readonly initiationMethod?: { readonly operands: string[]; readonly match: string; readonly other: string };
  readonly disconnectReason?: { readonly operands: string[]; readonly match: string; readonly other: string };
  readonly afterContactWork?: boolean;
  readonly routingProfile?: boolean;
  readonly potentialDisconnectIssue?: boolean;
  readonly segmentAttribute?: { readonly negatable: boolean };
  readonly agent?: boolean;
  readonly queue?: { readonly negatable: boolean; readonly noQueue: boolean; readonly noQueueOnly?: boolean };
  readonly contactAttribute?: boolean;
  readonly agentInteractionDuration?: boolean;
}

/** The cases of the contact-record rows `rows` names, for its source. */
export function contactRecordCases(rows: ContactRows): EvalCase[] {
  const { source, prefix } = rows;
  const ev = (body: JsonObject = {}) => contactEvent(source, body);
  const agentBody = (agent: JsonObject) => ev({ Agent: agent });
  const cases: EvalCase[] = [];

  if (rows.hierarchy) {
    const path = `${prefix}.Agent.HierarchyGroup.ARN`;
    const hierarchy = (arns: string[]) => agentBody({ AgentId: AGENT.alice, HierarchyGroup: { ARN: arns } });
    const condition = leaf(path, 'CONTAINS_ANY', [HIERARCHY.emeaBilling, HIERARCHY.amer]);
    cases.push(
      ...quartet(
        source,
        'Agent hierarchy (any level-1..5 ARN equals any operand)',
        condition,
        {
          match: hierarchy([HIERARCHY.emea, HIERARCHY.emeaBilling]),
          noMatch: hierarchy([HIERARCHY.emea, HIERARCHY.emeaSupport]),
          missing: agentBody({ AgentId: AGENT.alice }),
        },
        { negatable: false },
      ),
      {
        source,
        name: 'Agent hierarchy: the level-1 group of the operand is not the operand',
        condition: leaf(path, 'CONTAINS_ANY', [HIERARCHY.emea]),
        event: hierarchy([HIERARCHY.amer]),
        expected: false,
      },
      {
        source,
        name: 'Agent hierarchy: an operand matching a higher level of the agent',
        condition: leaf(path, 'CONTAINS_ANY', [HIERARCHY.emea]),
        event: hierarchy([HIERARCHY.emea, HIERARCHY.emeaSupport]),
        expected: true,
      },
      {
        source,
        name: 'Agent hierarchy: an ARN prefix of an element is no match',
        condition: leaf(path, 'CONTAINS_ANY', [`${ARN_PREFIX}/agent-group/5b1e7c3a`]),
        event: hierarchy([HIERARCHY.emea]),
        expected: false,
      },
      {
        source,
        name: 'Agent hierarchy: an agent in no group',
        condition,
        event: hierarchy([]),
        expected: false,
      },
    );
  }

  if (rows.initiationMethod) {
    const { operands, match, other } = rows.initiationMethod;
    cases.push(
      ...quartet(
        source,
        'Initiation method',
        leaf(`${prefix}.InitiationMethod`, 'CONTAINS_ANY', operands),
        { match: ev({ InitiationMethod: match }), noMatch: ev({ InitiationMethod: other }), missing: ev() },
        { negatable: false },
      ),
    );
  }

  if (rows.disconnectReason) {
    const { operands, match, other } = rows.disconnectReason;
    cases.push(
      ...quartet(
        source,
        'Disconnect reason',
        leaf(`${prefix}.DisconnectReason`, 'CONTAINS_ANY', operands),
        { match: ev({ DisconnectReason: match }), noMatch: ev({ DisconnectReason: other }), missing: ev() },
        { negatable: false },
      ),
    );
  }

  if (rows.afterContactWork) {
    cases.push(
      ...bounds(
        source,
        'After contact work duration',
        `${prefix}.Agent.AfterContactWorkDurationSecs`,
        (v) => agentBody(v === undefined ? { AgentId: AGENT.alice } : { AgentId: AGENT.alice, AfterContactWorkDurationSecs: v }),
        { bound: 120, below: 119, above: 121 },
      ),
      {
        source,
        name: 'After contact work duration ≥ 0: no after contact work at all (0)',
        condition: leaf(`${prefix}.Agent.AfterContactWorkDurationSecs`, 'NumberGreaterOrEqualTo', [0]),
        event: agentBody({ AgentId: AGENT.alice, AfterContactWorkDurationSecs: 0 }),
        expected: true,
      },
    );
  }

  if (rows.routingProfile) {
    cases.push(
      ...quartet(
        source,
        'Routing profile',
        leaf(`${prefix}.Agent.RoutingProfile`, 'CONTAINS_ANY', [ROUTING_PROFILE.billing]),
        {
          match: agentBody({ AgentId: AGENT.alice, RoutingProfile: ROUTING_PROFILE.billing }),
          noMatch: agentBody({ AgentId: AGENT.alice, RoutingProfile: ROUTING_PROFILE.support }),
          missing: agentBody({ AgentId: AGENT.alice }),
        },
        { negatable: false },
      ),
    );
  }

  if (rows.potentialDisconnectIssue) {
    const path = `${prefix}.PotentialDisconnectIssue`;
    cases.push(
      ...quartet(
        source,
        'Potential disconnect issue',
        leaf(path, 'CONTAINS_ANY', ['AGENT_NETWORK_ISSUE', 'CUSTOMER_NETWORK_ISSUE']),
        {
          match: ev({ PotentialDisconnectIssue: 'CUSTOMER_NETWORK_ISSUE' }),
          noMatch: ev({ PotentialDisconnectIssue: 'TELECOM_ISSUE' }),
          missing: ev(),
        },
        { negatable: false },
      ),
      {
        source,
        name: 'No potential disconnect issue (EQUALS, no value): none reported',
        condition: leaf(path, 'EQUALS', []),
        event: ev({ DisconnectReason: 'CUSTOMER_DISCONNECT' }),
        expected: true,
      },
      {
        source,
        name: 'No potential disconnect issue (EQUALS, no value): one reported',
        condition: leaf(path, 'EQUALS', []),
        event: ev({ PotentialDisconnectIssue: 'AGENT_NETWORK_ISSUE' }),
        expected: false,
      },
    );
  }

  if (rows.segmentAttribute) {
    const path = `${prefix}.SegmentAttributes.UserDefined.CustomerTier`;
    const segment = (attrs: Record<string, string>) => ev({ SegmentAttributes: { UserDefined: attrs } });
    cases.push(
      ...quartet(
        source,
        'Segment attribute CustomerTier',
        leaf(path, 'CONTAINS_ANY', ['Gold', 'Platinum']),
        {
          match: segment({ CustomerTier: 'Platinum' }),
          noMatch: segment({ CustomerTier: 'Silver' }),
          missing: segment({ Language: 'en-US' }),
        },
        { negatable: rows.segmentAttribute.negatable },
      ),
      {
        source,
        name: 'Segment attribute: values compare case-sensitively',
        condition: leaf(path, 'CONTAINS_ANY', ['Gold']),
        event: segment({ CustomerTier: 'gold' }),
        expected: false,
      },
      {
        source,
        name: 'Segment attribute: another key holding the value is not this key',
        condition: leaf(path, 'CONTAINS_ANY', ['Gold']),
        event: segment({ PreviousTier: 'Gold', CustomerTier: 'Silver' }),
        expected: false,
      },
    );
  }

  if (rows.agent) {
    const path = `${prefix}.Agent.AgentId`;
    cases.push(
      ...quartet(
        source,
        'Agent',
        leaf(path, 'CONTAINS_ANY', [AGENT.alice, AGENT.bob]),
        { match: agentBody({ AgentId: AGENT.bob }), noMatch: agentBody({ AgentId: AGENT.carol }), missing: ev() },
        { negatable: false },
      ),
      {
        source,
        name: 'Agent: an id compares case-sensitively',
        condition: leaf(path, 'CONTAINS_ANY', [AGENT.alice.toUpperCase()]),
        event: agentBody({ AgentId: AGENT.alice }),
        expected: false,
      },
    );
  }

  if (rows.queue) {
    const path = `${prefix}.Queue.QueueId`;
    if (!rows.queue.noQueueOnly) {
      cases.push(
        ...quartet(
          source,
          'Queue',
          leaf(path, 'CONTAINS_ANY', [QUEUE.billing, QUEUE.retention]),
          { match: ev({ Queue: { QueueId: QUEUE.retention } }), noMatch: ev({ Queue: { QueueId: QUEUE.sales } }), missing: ev() },
          { negatable: rows.queue.negatable },
        ),
      );
    }
    if (rows.queue.noQueue) {
      cases.push(
        {
          source,
          name: 'No queue (EQUALS, no value): the contact had no queue',
          condition: leaf(path, 'EQUALS', []),
          event: ev({ Agent: { AgentId: AGENT.alice } }),
          expected: true,
        },
        {
          source,
          name: 'No queue (EQUALS, no value): the contact had a queue',
          condition: leaf(path, 'EQUALS', []),
          event: ev({ Queue: { QueueId: QUEUE.billing } }),
          expected: false,
        },
      );
    }
  }

  if (rows.contactAttribute) {
    const path = `${prefix}.ContactAttribute.CustomerType`;
    const attrs = (a: Record<string, string>) => ev({ ContactAttribute: a });
    cases.push(
      ...quartet(
        source,
        'Contact attribute CustomerType',
        leaf(path, 'EQUALS', ['Gold']),
        { match: attrs({ CustomerType: 'Gold' }), noMatch: attrs({ CustomerType: 'Silver' }), missing: attrs({ Region: 'EMEA' }) },
        { negatable: true },
      ),
      {
        source,
        name: 'Contact attribute: EQUALS is case-sensitive',
        condition: leaf(path, 'EQUALS', ['Gold']),
        event: attrs({ CustomerType: 'gold' }),
        expected: false,
      },
      {
        source,
        name: 'Contact attribute: EQUALS is not a substring test',
        condition: leaf(path, 'EQUALS', ['Gold']),
        event: attrs({ CustomerType: 'Gold Plus' }),
        expected: false,
      },
      {
        source,
        name: 'Contact attribute: an empty value is present, and not equal to "Gold"',
        condition: leaf(path, 'EQUALS', ['Gold'], { negate: true }),
        event: attrs({ CustomerType: '' }),
        expected: true,
      },
    );
  }

  if (rows.agentInteractionDuration) {
    cases.push(
      ...bounds(
        source,
        'Agent interaction duration',
        `${prefix}.Agent.AgentInteractionDurationSecs`,
        (v) => agentBody(v === undefined ? { AgentId: AGENT.alice } : { AgentId: AGENT.alice, AgentInteractionDurationSecs: v }),
        { bound: 300, below: 299, above: 301 },
      ),
    );
  }

  return cases;
}
