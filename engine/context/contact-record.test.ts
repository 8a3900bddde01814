import { describe, expect, it } from 'vitest';
import { analysisFileToTriggerEvent } from './analysis-file.ts';
import { contactBody, ContactFactsCache, normaliseContactRecord } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { compileRuleFunction } from '../index.ts';
import { recordOfDescribeContact } from '../contacts/model.ts';
import { AGENT1, arn, CONTACT, fixture, HIERARCHY, INSTANCE, QUEUE_RETENTION, valueAt } from '../../test/support/fixtures.ts';

describe('normaliseContactRecord', () => {
  it('reads a CTR', () => {
    const facts = normaliseContactRecord(fixture('contact/ctr-voice-cancellation.json'));
    expect(facts).toMatchObject({
      format: 'ctr',
      ContactId: CONTACT.voice,
      InstanceId: INSTANCE,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      InitiationTimestamp: '2025-03-11T14:02:07.000Z',
      Attributes: { CustomerTier: 'Gold', Intent: 'Cancellation', AccountNumber: 'AC-204981' },
      SegmentAttributes: { 'connect:Subtype': 'connect:Telephony', LoyaltyProgram: 'Platinum' },
      Queue: { Id: QUEUE_RETENTION, Name: 'Retention' },
      Agent: { Id: AGENT1, Username: 'jordan.lee', HierarchyGroupArns: HIERARCHY.map((id) => arn('agent-group', id)), NumberOfHolds: 1 },
    });
  });

  it('reads a DescribeContact response, its inner Contact object alike', () => {
    const response = fixture('contact/describe-contact-voice-cancellation.json');
    const facts = normaliseContactRecord(response);
    expect(facts).toMatchObject({
      format: 'describe-contact',
      ContactId: CONTACT.voice,
      InstanceId: INSTANCE,
      InitiationTimestamp: '2025-03-11T14:02:07.118Z',
      Queue: { Id: QUEUE_RETENTION },
      Agent: { Id: AGENT1, AfterContactWorkDurationSecs: 45 },
    });
    expect(normaliseContactRecord(response.Contact)).toEqual(facts);
  });

  it('accepts epoch timestamps and Date objects (SDK output)', () => {
    const seconds = normaliseContactRecord({ Contact: { Id: 'c1', InitiationTimestamp: 1741701727.118 } });
    const date = normaliseContactRecord({ Contact: { Id: 'c1', InitiationTimestamp: new Date('2025-03-11T14:02:07.118Z') } });
    expect(seconds.InitiationTimestamp).toBe('2025-03-11T14:02:07.118Z');
    expect(date.InitiationTimestamp).toBe('2025-03-11T14:02:07.118Z');
    expect([seconds.InitiationMillis, date.InitiationMillis]).toEqual([1741701727118, 1741701727118]);
    expect(normaliseContactRecord({ ContactId: 'c1', DisconnectTimestamp: '2025-03-11T14:09:00Z' }).DisconnectMillis).toBe(Date.parse('2025-03-11T14:09:00Z'));
  });

  it('refuses an epoch timestamp no date holds, located (not a RangeError when it is written as ISO text)', () => {
    expect(() => normaliseContactRecord({ Contact: { Id: 'c1', InitiationTimestamp: 1e20 } }, 'ctr.json')).toThrow(
      expect.objectContaining({ name: 'InputFormatError', message: expect.stringMatching(/^ctr\.json: .*got the number 100000000000000000000 \(at \/Contact\/InitiationTimestamp\)$/) }),
    );
  });

  it('quotes a long wrong value by its first 40 characters, an astral one at the cut kept whole', () => {
    expect(() => normaliseContactRecord({ ContactId: 'c1', InitiationTimestamp: `${'x'.repeat(39)}\u{1F600}yy` }, 'ctr.json')).toThrow(
      expect.objectContaining({ message: expect.stringContaining(`got the string "${'x'.repeat(39)}\u{1F600}…" (at /InitiationTimestamp)`) }),
    );
  });

  it('tolerates nulls and missing members everywhere', () => {
    expect(normaliseContactRecord({ ContactId: 'c1', Agent: null, Queue: null, Attributes: null, SegmentAttributes: null })).toEqual({
      format: 'ctr',
      ContactId: 'c1',
      Attributes: {},
      SegmentAttributes: {},
    });
    expect(contactBody(normaliseContactRecord({ ContactId: 'c1' }))).toEqual({ ContactId: 'c1' });
    // an agent with no hierarchy groups and no durations
    expect(contactBody(normaliseContactRecord({ ContactId: 'c1', Agent: { ARN: arn('agent', 'u1'), HierarchyGroups: { Level1: null } } }))).toEqual({
      ContactId: 'c1',
      Agent: { AgentId: 'u1' },
    });
  });

  it.each<[string, unknown, string]>([
    ['an array', [], ''],
    ['a string', 'contact', ''],
    ['an unrelated object', { hello: 'world' }, ''],
    ['a queue that is not an object', { ContactId: 'c1', Queue: 'q' }, '/Queue'],
    ['a duration that is not a number', { ContactId: 'c1', Agent: { NumberOfHolds: 'two' } }, '/Agent/NumberOfHolds'],
    ['a bad timestamp', { Contact: { Id: 'c1', InitiationTimestamp: 'yesterday' } }, '/Contact/InitiationTimestamp'],
  ])('refuses %s', (_, input, pointer) => {
    try {
      normaliseContactRecord(input, 'ctr.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputFormatError);
      expect((err as InputFormatError).pointer).toBe(pointer);
      expect((err as Error).message).toMatch(/^ctr\.json: /);
    }
  });
});

describe('DescribeContact and CTR give the same values for what both carry', () => {
  const file = () => fixture('analysis/voice-cancellation.json');
  const fromCtr = analysisFileToTriggerEvent(file(), normaliseContactRecord(fixture('contact/ctr-voice-cancellation.json'))).ContactLens?.PostCall;
  const fromDescribe = analysisFileToTriggerEvent(file(), normaliseContactRecord(fixture('contact/describe-contact-voice-cancellation.json'))).ContactLens?.PostCall;

  it.each([
    'ContactId',
    'Agent.AgentId',
    'Agent.HierarchyGroup.ARN',
    'Agent.AfterContactWorkDurationSecs',
    'Queue.QueueId',
    'InitiationMethod',
    'DisconnectReason',
    'ContactAttribute',
    'SegmentAttributes',
    'Transcript',
    'Sentiment',
  ])('%s', (path) => {
    expect(valueAt(fromDescribe, path)).toBeDefined();
    expect(valueAt(fromDescribe, path)).toEqual(valueAt(fromCtr, path));
  });

  it.each([
    'Agent.RoutingProfile',
    'Agent.AgentInteractionDurationSecs',
    'Agent.CustomerHoldDurationSecs',
    'Agent.LongestHoldDurationSecs',
    'Agent.NumberOfHolds',
    'Agent.CustomerHoldDurationPct',
  ])('%s: only in the CTR, missing from DescribeContact', (path) => {
    expect(valueAt(fromCtr, path)).toBeDefined();
    expect(valueAt(fromDescribe, path)).toBeUndefined();
  });
});

describe('ContactFactsCache', () => {
  it('normalises a record object once for all its readers, with the facts normaliseContactRecord gives', () => {
    const cache = new ContactFactsCache();
    const record = fixture('contact/ctr-voice-cancellation.json');
    const first = cache.of(record, 'a.json');
    expect(cache.of(record, 'b.json')).toBe(first);
    expect(first).toEqual(normaliseContactRecord(record));
    expect(cache.of(structuredClone(record))).not.toBe(first);
  });

  it('keeps no failure: each reader gets the error under its own label', () => {
    const cache = new ContactFactsCache();
    const bad = { ContactId: 'c1', InitiationTimestamp: 'yesterday' };
    expect(() => cache.of(bad, 'first.json')).toThrow(/first\.json/);
    expect(() => cache.of(bad, 'second.json')).toThrow(/second\.json/);
  });
});

describe("DescribeContact's AI agents (WisdomInfo.AiAgents) feed the Connect AI agent condition", () => {
  // the rule of the spec's example H: a self-service AI agent, version 1 or 2, escalated to a human
  const AGENT = '30682191-2312-4c27-9fc1-752e7a399d52';
  const escalatedSelfService = compileRuleFunction(
    JSON.stringify({
      Version: '2022-11-25',
      RuleFunction: {
        Operator: 'AND',
        Operands: [{
        Operator: 'CONTAINS_ANY',
        Operands: [`${AGENT}:1`, `${AGENT}:2`],
        ComparisonValue: '$.ContactLens.PostCall.AiAgent.IdWithVersion',
        FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'AiAgentUseCase', Data: { Value: 'SelfService' } }, { Type: 'AiAgentEscalatedToHuman', Data: 'TRUE' }] },
        Negate: false,
      }],
      },
    }),
    'OnPostCallAnalysisAvailable',
  );
  const withAgents = (AiAgents: unknown) => {
    const response = fixture('contact/describe-contact-voice-cancellation.json');
    response.Contact.WisdomInfo = { SessionArn: 'arn:aws:wisdom:us-east-1:111122223333:session/a/b', AiAgents };
    return analysisFileToTriggerEvent(fixture('analysis/voice-cancellation.json'), normaliseContactRecord(response));
  };

  it('matches the contact whose self-service agent, version 2, escalated', () => {
    const event = withAgents([{ AiAgentVersionId: `${AGENT}:2`, AiUseCase: 'SelfService', AiAgentEscalated: true }]);
    expect(escalatedSelfService.matches(event)).toBe(true);
  });

  it.each([
    ['another version', [{ AiAgentVersionId: `${AGENT}:3`, AiUseCase: 'SelfService', AiAgentEscalated: true }]],
    ['not escalated', [{ AiAgentVersionId: `${AGENT}:1`, AiUseCase: 'SelfService', AiAgentEscalated: false }]],
    ['agent assistance', [{ AiAgentVersionId: `${AGENT}:1`, AiUseCase: 'AgentAssistance', AiAgentEscalated: true }]],
    ['no AI agent', []],
  ])('does not match: %s', (_, agents) => {
    expect(escalatedSelfService.matches(withAgents(agents))).toBe(false);
  });

  it('reads an AiAgentVersionId written as an ARN by its id and version', () => {
    const arn = `arn:aws:wisdom:us-east-1:111122223333:ai-agent/9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f/${AGENT}:2`;
    expect(escalatedSelfService.matches(withAgents([{ AiAgentVersionId: arn, AiUseCase: 'SelfService', AiAgentEscalated: true }]))).toBe(true);
  });

  it('keeps them when the pipeline stores the response in the CTR shape', () => {
    const response = fixture('contact/describe-contact-voice-cancellation.json');
    response.Contact.WisdomInfo = { AiAgents: [{ AiAgentVersionId: `${AGENT}:1`, AiUseCase: 'SelfService', AiAgentEscalated: true }] };
    const stored = recordOfDescribeContact(response.Contact);
    const event = analysisFileToTriggerEvent(fixture('analysis/voice-cancellation.json'), normaliseContactRecord(stored));
    expect(escalatedSelfService.matches(event)).toBe(true);
  });

  it('refuses an escalation flag that is not a boolean, located', () => {
    expect(() => withAgents([{ AiAgentVersionId: `${AGENT}:1`, AiUseCase: 'SelfService', AiAgentEscalated: 'yes' }])).toThrow(
      /\/Contact\/WisdomInfo\/AiAgents\/0\/AiAgentEscalated/,
    );
  });
});
