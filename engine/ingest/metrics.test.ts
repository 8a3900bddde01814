import { describe, expect, it } from 'vitest';
import { AGENT1, fixture, HIERARCHY, INSTANCE, QUEUE_BILLING, QUEUE_RETENTION, ROUTING_PROFILE } from '../../test/support/fixtures.ts';
import { metricRuleFunction } from '../../test/support/metric-rules.ts';
import { compileRuleFunction } from '../index.ts';
import { agentRowsWithoutQueue, looksLikeMetricSnapshot, metricSnapshotToTriggerEvent } from './metrics.ts';

describe('metric snapshot → OnMetricDataUpdate', () => {
  const snapshot = () => fixture('metrics/snapshot-billing-backlog.json');

  it('one row per dimension set: current metrics, windowed V2 metrics, agent activity', () => {
    expect(looksLikeMetricSnapshot(snapshot())).toBe(true);
    expect(looksLikeMetricSnapshot(fixture('canonical/OnMetricDataUpdate.json'))).toBe(false);
    const event = metricSnapshotToTriggerEvent(snapshot(), { file: 's' });
    expect(event).toMatchObject({ EventSourceName: 'OnMetricDataUpdate', InstanceId: INSTANCE, EventId: `metrics:${INSTANCE}:2025-03-12T09:30:00.000Z` });
    expect(event.MetricData?.Rows).toEqual([
      {
        Dimensions: { QUEUE: QUEUE_BILLING, CHANNEL: 'VOICE' },
        Metrics: [
          { Name: 'CONTACTS_IN_QUEUE', Value: 14 },
          { Name: 'AGENTS_AVAILABLE', Value: 2 },
          { Name: 'OLDEST_CONTACT_AGE', Value: 412 },
          { Name: 'SERVICE_LEVEL', Value: 72.5, PeriodSeconds: 3600, ThresholdSeconds: 20 },
          { Name: 'AVG_QUEUE_ANSWER_TIME', Value: 48.2, PeriodSeconds: 3600 },
        ],
      },
      {
        Dimensions: { QUEUE: QUEUE_RETENTION, CHANNEL: 'VOICE' },
        Metrics: [
          { Name: 'CONTACTS_IN_QUEUE', Value: 3 },
          { Name: 'AGENTS_AVAILABLE', Value: 5 },
          { Name: 'OLDEST_CONTACT_AGE', Value: 95 },
        ],
      },
      {
        // its contact's queue (AgentContactReference.Queue) is the agent's
        Dimensions: { AGENT: AGENT1, ROUTING_PROFILE, AGENT_HIERARCHY_LEVEL_ONE: HIERARCHY[0], AGENT_HIERARCHY_LEVEL_TWO: HIERARCHY[1], QUEUE: QUEUE_BILLING },
        Metrics: [{ Name: 'AGENT_ACTIVITY', Value: 'ON_CONTACT', DurationSeconds: 700 }],
      },
    ]);
    const rule = fixture('../../examples/rules/metric-billing-queue-backlog.json');
    expect(compileRuleFunction(rule.Function, 'OnMetricDataUpdate').matches(event)).toBe(true);
  });

  it('an agent without a contact: AVAILABLE, or its agent status id', () => {
    const s = snapshot();
    const user = s.CurrentUserData.UserDataList[0];
    user.Contacts = [];
    expect(metricSnapshotToTriggerEvent(s, { file: 's' }).MetricData?.Rows.at(-1)?.Metrics).toEqual([{ Name: 'AGENT_ACTIVITY', Value: 'AVAILABLE', DurationSeconds: 700 }]);
    user.Status.StatusName = 'Lunch';
    expect(metricSnapshotToTriggerEvent(s, { file: 's' }).MetricData?.Rows.at(-1)?.Metrics[0]?.Value).toBe('7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b');
  });

  describe("an agent's queue", () => {
    const agentRows = (s: any) => metricSnapshotToTriggerEvent(s, { file: 's' }).MetricData!.Rows.filter((row) => row.Dimensions.AGENT !== undefined);
    const contact = (queue: object | undefined, state = 'CONNECTED') => ({ ContactId: 'c', Channel: 'CHAT', AgentContactState: state, StateStartTimestamp: '2025-03-12T09:18:20Z', ...(queue ? { Queue: queue } : {}) });

    it('a response filtered by one queue lists that queue\'s agents, whatever their contacts name', () => {
      const s = snapshot();
      s.CurrentUserData.Filters = { Queues: [`arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/queue/${QUEUE_RETENTION}`] };
      expect(agentRows(s).map((row) => row.Dimensions.QUEUE)).toEqual([QUEUE_RETENTION]);
      expect(agentRowsWithoutQueue(metricSnapshotToTriggerEvent(s, { file: 's' }))).toBe(0);
    });

    it('otherwise each queue its contacts name (by Id or ARN), one row each with the same activity', () => {
      const s = snapshot();
      s.CurrentUserData.Filters = { Queues: [QUEUE_BILLING, QUEUE_RETENTION] };
      s.CurrentUserData.UserDataList[0].Contacts = [
        contact({ Id: QUEUE_BILLING }),
        contact({ Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/queue/${QUEUE_RETENTION}` }, 'CONNECTED_ONHOLD'),
        contact({ Id: QUEUE_BILLING }, 'ENDED'),
      ];
      const rows = agentRows(s);
      expect(rows.map((row) => row.Dimensions.QUEUE)).toEqual([QUEUE_BILLING, QUEUE_RETENTION]);
      expect(rows.map((row) => row.Metrics)).toEqual([
        [{ Name: 'AGENT_ACTIVITY', Value: 'ON_CONTACT', DurationSeconds: 700 }],
        [{ Name: 'AGENT_ACTIVITY', Value: 'ON_CONTACT', DurationSeconds: 700 }],
      ]);
    });

    it('none when neither says: the row names no queue, and is counted', () => {
      const s = snapshot();
      s.CurrentUserData.Filters = { Queues: [QUEUE_BILLING, QUEUE_RETENTION] };
      s.CurrentUserData.UserDataList[0].Contacts = [contact(undefined)];
      expect(agentRows(s).map((row) => row.Dimensions.QUEUE)).toEqual([undefined]);
      expect(agentRowsWithoutQueue(metricSnapshotToTriggerEvent(s, { file: 's' }))).toBe(1);
      s.CurrentUserData.UserDataList[0].Contacts = []; // available, no contact
      expect(agentRowsWithoutQueue(metricSnapshotToTriggerEvent(s, { file: 's' }))).toBe(1);
    });

    it('a wrong Queue member is located', () => {
      const s = snapshot();
      s.CurrentUserData.UserDataList[0].Contacts[0].Queue = { Id: 7 };
      expect(() => metricSnapshotToTriggerEvent(s, { file: 's.json' })).toThrow(/at \/CurrentUserData\/0\/UserDataList\/0\/Contacts\/0\/Queue\/Id/);
    });
  });

  it('needs its instance and time; a wrong member is located', () => {
    const s = snapshot();
    delete s.InstanceId;
    expect(() => metricSnapshotToTriggerEvent(s, { file: 's.json' })).toThrow(/s\.json: missing InstanceId/);
    expect(metricSnapshotToTriggerEvent(s, { file: 's.json', instanceId: 'i-1' }).InstanceId).toBe('i-1');
    const t = snapshot();
    t.CurrentMetricData.MetricResults[0].Collections[0].Value = 'many';
    expect(() => metricSnapshotToTriggerEvent(t, { file: 't.json' })).toThrow(/at \/CurrentMetricData\/0\/MetricResults\/0\/Collections\/0\/Value/);
    expect(() => metricSnapshotToTriggerEvent({ InstanceId: 'i', SnapshotTime: '2025-01-01T00:00:00Z' }, { file: 'u' })).toThrow(/needs one of/);
    // a time no date holds is bad input, located (not a RangeError when the event time is written)
    expect(() => metricSnapshotToTriggerEvent({ ...snapshot(), SnapshotTime: 1e20 }, { file: 'v.json' })).toThrow(
      expect.objectContaining({ name: 'InputFormatError', message: expect.stringMatching(/^v\.json: expected a date-time .*, got the number 100000000000000000000 \(at \/SnapshotTime\)$/) }),
    );
  });
});

describe("a queue's rows by routing profile (GetCurrentMetricData grouped by QUEUE and ROUTING_PROFILE)", () => {
  const fn = (threshold: number, filters: object[]) => metricRuleFunction(['QUEUE'], { Operator: 'NumberGreaterOrEqualTo', Operands: [threshold], metric: 'CONTACTS_IN_QUEUE', filters });
  const byQueue = { Type: 'MetricDataFilterByQueue', Data: [QUEUE_BILLING] };
  const byProfile = (id: string) => ({ Type: 'MetricDataFilterByRoutingProfile', Data: [id] });
  /** The fixture (14 voice contacts in the billing queue) and a second response grouped by queue and routing profile: 12 and 9 of them routable to each. */
  const withProfiles = () => {
    const s = fixture('metrics/snapshot-billing-backlog.json');
    const row = (profile: string, value: number) => ({ Dimensions: { Queue: { Id: QUEUE_BILLING }, RoutingProfile: { Id: profile } }, Collections: [{ Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: value }] });
    s.CurrentMetricData = [s.CurrentMetricData, { MetricResults: [row('rp-a', 12), row('rp-b', 9)] }];
    return metricSnapshotToTriggerEvent(s, { file: 's' });
  };
  const judge = (threshold: number, filters: object[], event: unknown) => compileRuleFunction(fn(threshold, filters), 'OnMetricDataUpdate').explain(event);

  it('a routing-profile filter (one end-dimension filter: "You cannot filter by both queue AND routing profile") reads each queue\'s row of that profile', () => {
    const matched = judge(12, [byProfile('rp-a')], withProfiles());
    expect(matched).toMatchObject({ matched: true, entity: { dimension: 'QUEUE', id: QUEUE_BILLING } });
    expect(judge(12, [byProfile('rp-b')], withProfiles()).matched).toBe(false);
  });

  it('without one, the queue whole: its profiles\' rows overlap (a contact counts for each profile that may take it), so they are not summed over it', () => {
    expect(judge(14, [byQueue], withProfiles()).matched).toBe(true);
    expect(judge(15, [byQueue], withProfiles()).matched).toBe(false);
  });

  it('a snapshot without them says what would give them', () => {
    // the agent's row, on a billing contact, names the agent's routing profile: it is the agent's, not the queue's
    const { matched, trace } = judge(1, [byProfile('rp-a')], metricSnapshotToTriggerEvent(fixture('metrics/snapshot-billing-backlog.json'), { file: 's' }));
    expect(matched).toBe(false);
    expect(JSON.stringify(trace)).toMatch(
      /QUEUE=[-0-9a-f]+ has no ROUTING_PROFILE in the snapshot, so the condition's filter by it does not apply \(a queue's rows name a routing profile when its GetCurrentMetricData response is grouped by QUEUE and ROUTING_PROFILE\)/,
    );
  });
});
