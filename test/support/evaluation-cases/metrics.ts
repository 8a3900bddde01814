/**
 * OnMetricDataUpdate: the three-level function (root with
 * its MetricDataGrouping → metric groups → metric conditions) over a snapshot of
 * rows, judged per entity of the end dimension (docs/canonical-events.md): a queue's
 * rows (one per channel, or one for all channels) are that queue. A condition holds
 * for an entity whose rows within its dimension filters have the metric over the
 * same window (and, for SERVICE_LEVEL, threshold), combined where that is exact; the
 * rule matches when one entity makes the whole function true.
 */
import { and, eventOf, filter, leaf, or, type EvalCase, type Json, type JsonObject } from './support.ts';

const source = 'OnMetricDataUpdate';
type Grouping = 'AGENT' | 'QUEUE' | 'ROUTING_PROFILE' | 'FLOW';

const Q1 = 'a1b2c3d4-0001-4000-8000-000000000001';
const Q2 = 'a1b2c3d4-0002-4000-8000-000000000002';
const Q3 = 'a1b2c3d4-0003-4000-8000-000000000003';
const RP1 = 'b2c3d4e5-0001-4000-8000-000000000001';
const A1 = 'c3d4e5f6-0001-4000-8000-000000000001';
const A2 = 'c3d4e5f6-0002-4000-8000-000000000002';
const HG1 = 'd4e5f6a7-0001-4000-8000-000000000001';
const HG2 = 'd4e5f6a7-0002-4000-8000-000000000002';
const F1 = 'e5f6a7b8-0001-4000-8000-000000000001';
const BREAK = 'f6a7b8c9-0001-4000-8000-00000000b4ea'; // a custom agent status id

/** `{Version, RuleFunction}` with the grouping on the root and the metric groups under it. */
const rule = (grouping: Grouping, ...groups: JsonObject[]): JsonObject => ({
  Version: '2022-11-25',
  RuleFunction: {
    ...or(...groups),
    FilterClause: { LogicOperator: 'AND', Filters: [filter('MetricDataGrouping', [grouping])] },
  },
});
const metric = (name: string, operator: string, operand: Json, filters: JsonObject[], negate = false) =>
  leaf(`$.MetricData.${name}`, operator, [operand], { filters, negate });
const byQueue = (...ids: string[]) => filter('MetricDataFilterByQueue', ids);
const byAgent = (...ids: string[]) => filter('MetricDataFilterByAgent', ids);
const byFlow = (...ids: string[]) => filter('MetricDataFilterByFlow', ids);
const byRoutingProfile = (...ids: string[]) => filter('MetricDataFilterByRoutingProfile', ids);
const past = (seconds: number) => filter('MetricDataDurationSeconds', { Past: seconds });
const activityPast = (seconds: number) => filter('AgentActivityDurationSeconds', { Past: seconds });
const channel = (...channels: string[]) => filter('MetricDataFilterByChannel', channels);
const threshold = (seconds: number) => filter('MetricDataThresholdSeconds', { Comparison: 'LT', ThresholdValue: seconds });

const row = (dimensions: Record<string, string>, ...metrics: JsonObject[]): JsonObject => ({ Dimensions: dimensions, Metrics: metrics });
const value = (Name: string, Value: Json, extra: JsonObject = {}): JsonObject => ({ Name, Value, ...extra });
const snapshot = (...rows: JsonObject[]): JsonObject => eventOf(source, { Rows: rows });

const c = (name: string, fn: JsonObject, event: JsonObject, expected: boolean): EvalCase => ({
  source,
  name,
  function: fn,
  event,
  expected,
});

/** One metric condition alone in its group: a satisfying row, a row that does not satisfy it, a row without the metric. */
function single(
  name: string,
  grouping: Grouping,
  condition: JsonObject,
  rows: { match: JsonObject; noMatch: JsonObject; missing: JsonObject },
): EvalCase[] {
  const fn = rule(grouping, and(condition));
  return [
    c(`${name}: matching value`, fn, snapshot(rows.match), true),
    c(`${name}: other value`, fn, snapshot(rows.noMatch), false),
    c(`${name}: no such metric in the row`, fn, snapshot(rows.missing), false),
  ];
}

const q1 = (...metrics: JsonObject[]) => row({ QUEUE: Q1, CHANNEL: 'VOICE' }, ...metrics);
const a1 = (...metrics: JsonObject[]) => row({ AGENT: A1, AGENT_HIERARCHY_LEVEL_ONE: HG1 }, ...metrics);
const f1 = (...metrics: JsonObject[]) => row({ FLOW: F1, CHANNEL: 'VOICE' }, ...metrics);
const hour = { PeriodSeconds: 3600 };

/** A windowed queue metric: the value over the past hour. */
function windowedQueueMetric(name: string, operator: string, bound: number, yes: number, no: number): EvalCase[] {
  const condition = metric(name, operator, bound, [byQueue(Q1, Q2), past(3600)]);
  const other = operator === 'NumberGreaterOrEqualTo' ? 'NumberLessOrEqualTo' : 'NumberGreaterOrEqualTo';
  return [
    ...single(`${name} ${operator} ${bound} over the past hour`, 'QUEUE', condition, {
      match: q1(value(name, yes, hour)),
      noMatch: q1(value(name, no, hour)),
      missing: q1(value('CONTACTS_IN_QUEUE', 3)),
    }),
    c(`${name} ${operator} ${bound} over the past hour: the row has it over 30 minutes only`, rule('QUEUE', and(condition)), snapshot(q1(value(name, yes, { PeriodSeconds: 1800 }))), false),
    c(
      `${name} ${other} ${bound} over the past hour: exactly ${bound}`,
      rule('QUEUE', and(metric(name, other, bound, [byQueue(Q1, Q2), past(3600)]))),
      snapshot(q1(value(name, bound, hour))),
      true,
    ),
  ];
}

/** Spec example S: a real-time group (queue size and available agents) OR a historical group (service level). */
const EXAMPLE_S = rule(
  'QUEUE',
  and(
    metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2), channel('VOICE')]),
    metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1, Q2), channel('VOICE')]),
  ),
  and(metric('SERVICE_LEVEL', 'NumberLessOrEqualTo', 80, [byQueue(Q1, Q2), past(3600), threshold(20), channel('VOICE')])),
);

const activity = (operand: string, negate = false, window: JsonObject = activityPast(600)) =>
  rule('AGENT', and(metric('AGENT_ACTIVITY', 'EQUALS', operand, [byAgent(A1), window], negate)));
const onBreak = (seconds: number) => a1(value('AGENT_ACTIVITY', BREAK, { DurationSeconds: seconds }));

export const METRIC_CASES: EvalCase[] = [
  // AGENT_ACTIVITY: the agent's current activity, for at least the window; negatable
  ...single('AGENT_ACTIVITY on break for 10 minutes', 'AGENT', metric('AGENT_ACTIVITY', 'EQUALS', BREAK, [byAgent(A1), activityPast(600)]), {
    match: onBreak(700),
    noMatch: a1(value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 900 })),
    missing: a1(value('AGENT_OCCUPANCY', 50, hour)),
  }),
  c('AGENT_ACTIVITY on break for 10 minutes: exactly 600 s', activity(BREAK), snapshot(onBreak(600)), true),
  c('AGENT_ACTIVITY on break for 10 minutes: only 599 s so far', activity(BREAK), snapshot(onBreak(599)), false),
  c('AGENT_ACTIVITY not on break: on break for 700 s', activity(BREAK, true), snapshot(onBreak(700)), false),
  c('AGENT_ACTIVITY not on break: available', activity(BREAK, true), snapshot(a1(value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 900 }))), true),
  c('AGENT_ACTIVITY not on break: no activity in the row', activity(BREAK, true), snapshot(a1(value('AGENT_OCCUPANCY', 50, hour))), true),
  // A row outside the condition's dimension filter is another entity: a negated condition does not hold there.
  c(
    'AGENT_ACTIVITY not on break (agent A1): A1 on break, A2 available',
    activity(BREAK, true),
    snapshot(onBreak(700), row({ AGENT: A2, AGENT_HIERARCHY_LEVEL_ONE: HG1 }, value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 900 }))),
    false,
  ),
  c(
    'AGENT_ACTIVITY not on break (agent A1): only agent A2 in the snapshot',
    activity(BREAK, true),
    snapshot(row({ AGENT: A2, AGENT_HIERARCHY_LEVEL_ONE: HG1 }, value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 900 }))),
    false,
  ),
  c('AGENT_ACTIVITY ON_CONTACT (a system status)', activity('ON_CONTACT'), snapshot(a1(value('AGENT_ACTIVITY', 'ON_CONTACT', { DurationSeconds: 1200 }))), true),
  c(
    'AGENT_ACTIVITY with the misspelt AgentActvityDurationSeconds of the docs',
    activity(BREAK, false, filter('AgentActvityDurationSeconds', { Past: 600 })),
    snapshot(onBreak(700)),
    true,
  ),
  c('AGENT_ACTIVITY with a MetricDataDurationSeconds window (a later doc example)', activity(BREAK, false, past(600)), snapshot(onBreak(700)), true),
  c('AGENT_ACTIVITY with a MetricDataDurationSeconds window: only 599 s so far', activity(BREAK, false, past(600)), snapshot(onBreak(599)), false),
  c(
    'AGENT_ACTIVITY of another agent than the filter names',
    activity(BREAK),
    snapshot(row({ AGENT: A2, AGENT_HIERARCHY_LEVEL_ONE: HG1 }, value('AGENT_ACTIVITY', BREAK, { DurationSeconds: 700 }))),
    false,
  ),
  c(
    'Spec example T: an agent of hierarchy group HG1 in the status for 10 minutes',
    rule(
      'AGENT',
      and(metric('AGENT_ACTIVITY', 'EQUALS', BREAK, [filter('MetricDataFilterByAgentHierarchyLevelOne', [HG1]), activityPast(600)])),
    ),
    snapshot(
      row({ AGENT: A2, AGENT_HIERARCHY_LEVEL_ONE: HG2 }, value('AGENT_ACTIVITY', BREAK, { DurationSeconds: 3000 })),
      onBreak(650),
    ),
    true,
  ),
  c(
    'Spec example T: only an agent of another hierarchy group is on break',
    rule(
      'AGENT',
      and(metric('AGENT_ACTIVITY', 'EQUALS', BREAK, [filter('MetricDataFilterByAgentHierarchyLevelOne', [HG1]), activityPast(600)])),
    ),
    snapshot(row({ AGENT: A2, AGENT_HIERARCHY_LEVEL_ONE: HG2 }, value('AGENT_ACTIVITY', BREAK, { DurationSeconds: 3000 }))),
    false,
  ),

  // real-time queue metrics
  ...single('OLDEST_CONTACT_AGE ≥ 300', 'QUEUE', metric('OLDEST_CONTACT_AGE', 'NumberGreaterOrEqualTo', 300, [byQueue(Q1)]), {
    match: q1(value('OLDEST_CONTACT_AGE', 420)),
    noMatch: q1(value('OLDEST_CONTACT_AGE', 299.5)),
    missing: q1(value('CONTACTS_IN_QUEUE', 12)),
  }),
  c('OLDEST_CONTACT_AGE ≤ 60: exactly 60', rule('QUEUE', and(metric('OLDEST_CONTACT_AGE', 'NumberLessOrEqualTo', 60, [byQueue(Q1)]))), snapshot(q1(value('OLDEST_CONTACT_AGE', 60))), true),
  ...single('AGENTS_AVAILABLE ≤ 2', 'QUEUE', metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1)]), {
    match: q1(value('AGENTS_AVAILABLE', 2)),
    noMatch: q1(value('AGENTS_AVAILABLE', 5)),
    missing: q1(value('CONTACTS_IN_QUEUE', 12)),
  }),
  c(
    'AGENTS_AVAILABLE ≥ 1 by routing profile: none available (0 is a value)',
    rule('ROUTING_PROFILE', and(metric('AGENTS_AVAILABLE', 'NumberGreaterOrEqualTo', 1, [byRoutingProfile(RP1)]))),
    snapshot(row({ ROUTING_PROFILE: RP1 }, value('AGENTS_AVAILABLE', 0))),
    false,
  ),
  c(
    'AGENTS_AVAILABLE ≤ 0 by routing profile: none available',
    rule('ROUTING_PROFILE', and(metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 0, [byRoutingProfile(RP1)]))),
    snapshot(row({ ROUTING_PROFILE: RP1 }, value('AGENTS_AVAILABLE', 0))),
    true,
  ),
  ...single('CONTACTS_IN_QUEUE ≥ 100', 'QUEUE', metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]), {
    match: q1(value('CONTACTS_IN_QUEUE', 120)),
    noMatch: q1(value('CONTACTS_IN_QUEUE', 99)),
    missing: q1(value('AGENTS_AVAILABLE', 4)),
  }),
  c(
    'CONTACTS_IN_QUEUE ≤ 100: exactly 100',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberLessOrEqualTo', 100, [byQueue(Q1, Q2)]))),
    snapshot(q1(value('CONTACTS_IN_QUEUE', 100))),
    true,
  ),

  // historical metrics: the row must hold them over the condition's window
  ...windowedQueueMetric('AVG_QUEUE_ANSWER_TIME', 'NumberGreaterOrEqualTo', 30, 45.5, 29.9),
  ...windowedQueueMetric('AVG_INTERACTION_TIME', 'NumberLessOrEqualTo', 300, 300, 300.5),
  ...windowedQueueMetric('AVG_HOLD_TIME', 'NumberGreaterOrEqualTo', 60, 61, 12),
  ...windowedQueueMetric('AVG_HANDLE_TIME', 'NumberLessOrEqualTo', 420, 419.9, 420.1),
  c(
    'AVG_HANDLE_TIME ≥ 600 per agent over the past hour',
    rule('AGENT', and(metric('AVG_HANDLE_TIME', 'NumberGreaterOrEqualTo', 600, [byAgent(A1), past(3600)]))),
    snapshot(a1(value('AVG_HANDLE_TIME', 612, hour))),
    true,
  ),
  c(
    'AVG_HANDLE_TIME with the MetricDataPeriodSeconds spelling of the window',
    rule('QUEUE', and(metric('AVG_HANDLE_TIME', 'NumberGreaterOrEqualTo', 300, [byQueue(Q1), filter('MetricDataPeriodSeconds', { Past: 3600 })]))),
    snapshot(q1(value('AVG_HANDLE_TIME', 301, hour))),
    true,
  ),
  ...single('AGENT_OCCUPANCY ≥ 85.5 over the past hour', 'AGENT', metric('AGENT_OCCUPANCY', 'NumberGreaterOrEqualTo', 85.5, [byAgent(A1), past(3600)]), {
    match: a1(value('AGENT_OCCUPANCY', 85.5, hour)),
    noMatch: a1(value('AGENT_OCCUPANCY', 85.49, hour)),
    missing: a1(value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 30 })),
  }),
  c(
    'AGENT_OCCUPANCY ≤ 20 over the past 15 minutes: the row has the past hour',
    rule('AGENT', and(metric('AGENT_OCCUPANCY', 'NumberLessOrEqualTo', 20, [byAgent(A1), past(900)]))),
    snapshot(a1(value('AGENT_OCCUPANCY', 10, hour))),
    false,
  ),

  // SERVICE_LEVEL: window and threshold must both match
  ...single(
    'SERVICE_LEVEL ≤ 80 (answered within 20 s, past hour)',
    'QUEUE',
    metric('SERVICE_LEVEL', 'NumberLessOrEqualTo', 80, [byQueue(Q1, Q2), past(3600), threshold(20)]),
    {
      match: q1(value('SERVICE_LEVEL', 72.5, { PeriodSeconds: 3600, ThresholdSeconds: 20 })),
      noMatch: q1(value('SERVICE_LEVEL', 80.01, { PeriodSeconds: 3600, ThresholdSeconds: 20 })),
      missing: q1(value('CONTACTS_IN_QUEUE', 40)),
    },
  ),
  c(
    'SERVICE_LEVEL ≤ 80 within 20 s: the row measures within 30 s',
    rule('QUEUE', and(metric('SERVICE_LEVEL', 'NumberLessOrEqualTo', 80, [byQueue(Q1), past(3600), threshold(20)]))),
    snapshot(q1(value('SERVICE_LEVEL', 50, { PeriodSeconds: 3600, ThresholdSeconds: 30 }))),
    false,
  ),
  c(
    'SERVICE_LEVEL ≥ 80 within 20 s: the row with the right threshold, among others',
    rule('QUEUE', and(metric('SERVICE_LEVEL', 'NumberGreaterOrEqualTo', 80, [byQueue(Q1), past(3600), threshold(20)]))),
    snapshot(
      q1(
        value('SERVICE_LEVEL', 50, { PeriodSeconds: 3600, ThresholdSeconds: 30 }),
        value('SERVICE_LEVEL', 80, { PeriodSeconds: 3600, ThresholdSeconds: 20 }),
        value('SERVICE_LEVEL', 10, { PeriodSeconds: 1800, ThresholdSeconds: 20 }),
      ),
    ),
    true,
  ),

  // flow metrics
  ...single('FLOWS_STARTED ≥ 1000 over the past hour', 'FLOW', metric('FLOWS_STARTED', 'NumberGreaterOrEqualTo', 1000, [byFlow(F1), past(3600)]), {
    match: f1(value('FLOWS_STARTED', 1000, hour)),
    noMatch: f1(value('FLOWS_STARTED', 999, hour)),
    missing: f1(value('AVG_FLOW_TIME', 20, hour)),
  }),
  c('FLOWS_STARTED ≤ 10 over the past hour', rule('FLOW', and(metric('FLOWS_STARTED', 'NumberLessOrEqualTo', 10, [byFlow(F1), past(3600)]))), snapshot(f1(value('FLOWS_STARTED', 4, hour))), true),
  ...(
    [
      ['AVG_FLOW_TIME', 'NumberGreaterOrEqualTo', 30, 30.5, 29.5],
      ['MAX_FLOW_TIME', 'NumberGreaterOrEqualTo', 600, 601, 599],
      ['MIN_FLOW_TIME', 'NumberLessOrEqualTo', 2, 1.5, 2.5],
      ['PERCENT_FLOWS_OUTCOME', 'NumberLessOrEqualTo', 5.5, 5.5, 5.51],
    ] as const
  ).flatMap(([name, operator, bound, yes, no]) =>
    single(`${name} ${operator} ${bound} over the past hour`, 'FLOW', metric(name, operator, bound, [byFlow(F1), past(3600)]), {
      match: f1(value(name, yes, hour)),
      noMatch: f1(value(name, no, hour)),
      missing: f1(value('FLOWS_STARTED', 100, hour)),
    }),
  ),
  c('AVG_FLOW_TIME ≤ 30', rule('FLOW', and(metric('AVG_FLOW_TIME', 'NumberLessOrEqualTo', 30, [byFlow(F1), past(3600)]))), snapshot(f1(value('AVG_FLOW_TIME', 30, hour))), true),
  c('MAX_FLOW_TIME ≤ 600', rule('FLOW', and(metric('MAX_FLOW_TIME', 'NumberLessOrEqualTo', 600, [byFlow(F1), past(3600)]))), snapshot(f1(value('MAX_FLOW_TIME', 900, hour))), false),
  c('MIN_FLOW_TIME ≥ 2', rule('FLOW', and(metric('MIN_FLOW_TIME', 'NumberGreaterOrEqualTo', 2, [byFlow(F1), past(3600)]))), snapshot(f1(value('MIN_FLOW_TIME', 2, hour))), true),
  c(
    'PERCENT_FLOWS_OUTCOME ≥ 10',
    rule('FLOW', and(metric('PERCENT_FLOWS_OUTCOME', 'NumberGreaterOrEqualTo', 10, [byFlow(F1), past(3600)]))),
    snapshot(f1(value('PERCENT_FLOWS_OUTCOME', 9.99, hour))),
    false,
  ),
  ...single(
    'FLOWS_OUTCOME ≥ 50 dropped over the past hour',
    'FLOW',
    metric('FLOWS_OUTCOME', 'NumberGreaterOrEqualTo', 50, [filter('MetricDataFilterByFlowOutcomeType', ['DROPPED']), past(3600)]),
    {
      match: row({ FLOW: F1, FLOW_OUTCOME_TYPE: 'DROPPED' }, value('FLOWS_OUTCOME', 64, hour)),
      noMatch: row({ FLOW: F1, FLOW_OUTCOME_TYPE: 'DROPPED' }, value('FLOWS_OUTCOME', 49, hour)),
      missing: row({ FLOW: F1, FLOW_OUTCOME_TYPE: 'DROPPED' }, value('FLOWS_STARTED', 640, hour)),
    },
  ),
  c(
    'FLOWS_OUTCOME ≥ 50 dropped: 64 transferred to a queue are not dropped',
    rule('FLOW', and(metric('FLOWS_OUTCOME', 'NumberGreaterOrEqualTo', 50, [filter('MetricDataFilterByFlowOutcomeType', ['DROPPED']), past(3600)]))),
    snapshot(row({ FLOW: F1, FLOW_OUTCOME_TYPE: 'TRANSFERRED_TO_QUEUE' }, value('FLOWS_OUTCOME', 64, hour))),
    false,
  ),
  c(
    'FLOWS_OUTCOME ≤ 5 by flow',
    rule('FLOW', and(metric('FLOWS_OUTCOME', 'NumberLessOrEqualTo', 5, [byFlow(F1), past(3600)]))),
    snapshot(f1(value('FLOWS_OUTCOME', 5, hour))),
    true,
  ),

  // rows, dimensions, channels, groups
  c(
    'A row per queue: the second queue satisfies it',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]))),
    snapshot(q1(value('CONTACTS_IN_QUEUE', 99)), row({ QUEUE: Q2, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 100))),
    true,
  ),
  c(
    'A row per queue: only a queue the filter does not name satisfies it',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]))),
    snapshot(q1(value('CONTACTS_IN_QUEUE', 10)), row({ QUEUE: Q3, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 500))),
    false,
  ),
  c(
    'AND within a group: one row satisfies both halves',
    rule(
      'QUEUE',
      and(
        metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]),
        metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1, Q2)]),
      ),
    ),
    snapshot(q1(value('CONTACTS_IN_QUEUE', 120), value('AGENTS_AVAILABLE', 2))),
    true,
  ),
  c(
    'AND within a group: each of two rows satisfies one half only',
    rule(
      'QUEUE',
      and(
        metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]),
        metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1, Q2)]),
      ),
    ),
    snapshot(
      q1(value('CONTACTS_IN_QUEUE', 120), value('AGENTS_AVAILABLE', 5)),
      row({ QUEUE: Q2, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 10), value('AGENTS_AVAILABLE', 1)),
    ),
    false,
  ),
  c(
    'Channel filter VOICE: the queue row is chat',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1), channel('VOICE')]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('CONTACTS_IN_QUEUE', 300))),
    false,
  ),
  c(
    'Channel filter VOICE or CHAT: the chat row of the queue',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1), channel('VOICE', 'CHAT')]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 3)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('CONTACTS_IN_QUEUE', 300))),
    true,
  ),
  c(
    'Spec example S: a real-time group OR a historical group; the service level is low',
    EXAMPLE_S,
    snapshot(
      q1(value('CONTACTS_IN_QUEUE', 20), value('AGENTS_AVAILABLE', 6), value('SERVICE_LEVEL', 64, { PeriodSeconds: 3600, ThresholdSeconds: 20 })),
    ),
    true,
  ),
  c(
    'Spec example S: neither group holds',
    EXAMPLE_S,
    snapshot(
      q1(value('CONTACTS_IN_QUEUE', 20), value('AGENTS_AVAILABLE', 6), value('SERVICE_LEVEL', 95, { PeriodSeconds: 3600, ThresholdSeconds: 20 })),
    ),
    false,
  ),
  c(
    'An empty snapshot: no row to match',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberLessOrEqualTo', 100, [byQueue(Q1)]))),
    snapshot(),
    false,
  ),
  c('An empty snapshot: no agent row, so no agent is "not on break"', activity(BREAK, true), snapshot(), false),

  // a queue is judged whole: its rows per channel combine where that is exact (F12)
  c(
    'A queue backlog split over channels: 60 voice + 50 chat reach 100',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1)]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 60)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('CONTACTS_IN_QUEUE', 50))),
    true,
  ),
  c(
    'A queue backlog split over channels, filtered to voice: 60 do not reach 100',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1), channel('VOICE')]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 60)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('CONTACTS_IN_QUEUE', 50))),
    false,
  ),
  c(
    'A backlog of two queues is not one queue: 60 in each do not reach 100',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1, Q2)]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 60)), row({ QUEUE: Q2, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 60))),
    false,
  ),
  c(
    "The queue's all-channel row is its value, not added to its channel rows: 110 ≤ 150",
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberLessOrEqualTo', 150, [byQueue(Q1)]))),
    snapshot(
      row({ QUEUE: Q1 }, value('CONTACTS_IN_QUEUE', 110)),
      row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 60)),
      row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('CONTACTS_IN_QUEUE', 50)),
    ),
    true,
  ),
  c(
    'The oldest contact of a queue is the oldest of its channels: 400 s in chat',
    rule('QUEUE', and(metric('OLDEST_CONTACT_AGE', 'NumberGreaterOrEqualTo', 300, [byQueue(Q1)]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('OLDEST_CONTACT_AGE', 100)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('OLDEST_CONTACT_AGE', 400))),
    true,
  ),
  ...(['NumberGreaterOrEqualTo', 'NumberLessOrEqualTo'] as const).map((operator) =>
    c(
      `An average handle time given per channel only is not the queue's (${operator} 100 holds for neither)`,
      rule('QUEUE', and(metric('AVG_HANDLE_TIME', operator, 100, [byQueue(Q1), past(3600)]))),
      snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('AVG_HANDLE_TIME', 40, hour)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('AVG_HANDLE_TIME', 300, hour))),
      false,
    ),
  ),
  c(
    'Available agents per channel overlap (one agent takes voice and chat), so they are not added: 1 + 1 is not ≤ 2 known',
    rule('QUEUE', and(metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1)]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('AGENTS_AVAILABLE', 1)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('AGENTS_AVAILABLE', 1))),
    false,
  ),
  c(
    'Available agents filtered to one channel: that channel row',
    rule('QUEUE', and(metric('AGENTS_AVAILABLE', 'NumberLessOrEqualTo', 2, [byQueue(Q1), channel('CHAT')]))),
    snapshot(row({ QUEUE: Q1, CHANNEL: 'VOICE' }, value('AGENTS_AVAILABLE', 7)), row({ QUEUE: Q1, CHANNEL: 'CHAT' }, value('AGENTS_AVAILABLE', 1))),
    true,
  ),

  // ids and ARNs: the metrics APIs take both, so each is read by the id it ends with
  c(
    'A queue ARN in the rule matches the queue id in the snapshot',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(`arn:aws:connect:us-east-1:111122223333:instance/i-1/queue/${Q1}`)]))),
    snapshot(q1(value('CONTACTS_IN_QUEUE', 120))),
    true,
  ),
  c(
    'A queue ARN in the snapshot matches the queue id in the rule',
    rule('QUEUE', and(metric('CONTACTS_IN_QUEUE', 'NumberGreaterOrEqualTo', 100, [byQueue(Q1)]))),
    snapshot(row({ QUEUE: `arn:aws:connect:us-east-1:111122223333:instance/i-1/queue/${Q1}`, CHANNEL: 'VOICE' }, value('CONTACTS_IN_QUEUE', 120))),
    true,
  ),
  c(
    'An agent ARN in the rule matches the agent id in the snapshot',
    rule('AGENT', and(metric('AGENT_ACTIVITY', 'EQUALS', BREAK, [byAgent(`arn:aws:connect:us-east-1:111122223333:instance/i-1/agent/${A1}`), activityPast(600)]))),
    snapshot(onBreak(700)),
    true,
  ),

  // AGENT_ACTIVITY by queue: an agent row names the queue it was listed for (F13)
  c(
    'AGENT_ACTIVITY of the agents of a queue: A1, listed for Q1, on contact',
    rule('AGENT', and(metric('AGENT_ACTIVITY', 'EQUALS', 'ON_CONTACT', [byQueue(Q1), activityPast(60)]))),
    snapshot(
      row({ AGENT: A1, QUEUE: Q1 }, value('AGENT_ACTIVITY', 'ON_CONTACT', { DurationSeconds: 120 })),
      row({ AGENT: A1, QUEUE: Q2 }, value('AGENT_ACTIVITY', 'ON_CONTACT', { DurationSeconds: 120 })),
    ),
    true,
  ),
  c(
    'AGENT_ACTIVITY of the agents of a queue: the agent on contact is listed for another queue only',
    rule('AGENT', and(metric('AGENT_ACTIVITY', 'EQUALS', 'ON_CONTACT', [byQueue(Q1), activityPast(60)]))),
    snapshot(
      row({ AGENT: A1, QUEUE: Q2 }, value('AGENT_ACTIVITY', 'ON_CONTACT', { DurationSeconds: 120 })),
      row({ AGENT: A2, QUEUE: Q1 }, value('AGENT_ACTIVITY', 'AVAILABLE', { DurationSeconds: 120 })),
    ),
    false,
  ),
];
