/**
 * Every metric of OnMetricDataUpdate, each inside a metric
 * group under a root with its grouping. The three-level structure and the rules
 * across a metric group are in validate.test.ts.
 */
import { describeRows, leaf, type BadCase, type FilterJson, type RowCase } from '../../test/support/validator.ts';

const COMPARE = 'NumberGreaterOrEqualTo or NumberLessOrEqualTo';
const M = (metric: string) => `$.MetricData.${metric}`;
const f = (Type: string, Data: FilterJson['Data']): FilterJson => ({ Type, Data });
const byQueue = f('MetricDataFilterByQueue', ['q-1', 'q-2']);
const byRoutingProfile = f('MetricDataFilterByRoutingProfile', ['rp-1']);
const byAgent = f('MetricDataFilterByAgent', ['agent-1']);
const byLevelOne = f('MetricDataFilterByAgentHierarchyLevelOne', ['h-1']);
const byFlow = f('MetricDataFilterByFlow', ['flow-1']);
const byFlowModule = f('MetricDataFilterByFlowModule', ['module-1']);
const byOutcome = f('MetricDataFilterByFlowOutcomeType', ['DROPPED', 'TRANSFERRED_TO_QUEUE']);
const channel = f('MetricDataFilterByChannel', ['VOICE', 'CHAT']);
const duration = f('MetricDataDurationSeconds', { Past: 3600 });
const period = f('MetricDataPeriodSeconds', { Past: 1800 });
const threshold = f('MetricDataThresholdSeconds', { Comparison: 'LT', ThresholdValue: 20 });

const QUEUE_DIMS = 'MetricDataFilterByQueue, MetricDataFilterByRoutingProfile';
const LEVELS = ['One', 'Two', 'Three', 'Four', 'Five'].map((l) => `MetricDataFilterByAgentHierarchyLevel${l}`).join(', ');
const WINDOWS = 'MetricDataDurationSeconds, MetricDataPeriodSeconds';

const notAllowed = (metric: string, filter: FilterJson, takes: string, keep: FilterJson[]): BadCase => ({
  change: { filters: [...keep, filter] },
  expect: { at: { value: ['Type', filter.Type] }, message: `"${filter.Type}" filter is not allowed on ${metric}; it takes ${takes}` },
});

const missing = (metric: string, what: string, keep: FilterJson[], message = `${metric} requires ${what}`): BadCase => ({
  change: { filters: keep },
  expect: { at: 'filterClause', message },
});

interface MetricRow {
  readonly metric: string;
  readonly grouping: string;
  readonly filters: FilterJson[];
  readonly alsoFilters?: FilterJson[][];
  readonly takes: string;
  readonly operand: { valid: number; bad: number; message: string };
  readonly badFilters?: (filters: FilterJson[]) => BadCase[];
}

/** A numeric metric: `≥ | ≤` one number, Negate false, and the filter cases every metric has. */
function metric(row: MetricRow): RowCase {
  const path = M(row.metric);
  const windowed = row.filters.includes(duration);
  const dims = row.filters.filter((x) => x.Type.startsWith('MetricDataFilterBy') && x !== channel);
  const rest = row.filters.filter((x) => !dims.includes(x));
  return {
    path,
    grouping: row.grouping,
    valid: leaf('NumberGreaterOrEqualTo', path, [row.operand.valid], { filters: row.filters }),
    alsoValid: [
      leaf('NumberLessOrEqualTo', path, [row.operand.valid], { filters: row.filters }),
      ...(row.alsoFilters ?? []).map((filters) => leaf('NumberGreaterOrEqualTo', path, [row.operand.valid], { filters })),
    ],
    negatable: false,
    wrongOperator: { op: 'EQUALS', use: COMPARE },
    badOperands: [{ change: { operands: [row.operand.bad] }, expect: { at: { needle: `${row.operand.bad}]` }, message: row.operand.message } }],
    badFilters: [
      missing(row.metric, `an end-dimension filter: one of ${row.takes.split(', ').filter((t) => t.startsWith('MetricDataFilterBy') && t !== 'MetricDataFilterByChannel').join(', ')}`, rest),
      ...(windowed
        ? [
            missing(row.metric, `a time window filter: one of ${WINDOWS}`, row.filters.filter((x) => x !== duration)),
            {
              change: { filters: [...row.filters.filter((x) => x !== duration), f('MetricDataDurationSeconds', { Past: 86400 })] },
              expect: {
                at: { value: ['Data', { Past: 86400 }] },
                message: 'MetricDataDurationSeconds Past must be less than 86400 seconds, got 86400',
              },
            } satisfies BadCase,
            {
              change: { filters: [...row.filters, period] },
              expect: {
                at: { value: ['Type', 'MetricDataPeriodSeconds'] },
                message: `${row.metric} takes one time window filter, not MetricDataDurationSeconds and MetricDataPeriodSeconds`,
              },
            } satisfies BadCase,
          ]
        : [notAllowed(row.metric, duration, row.takes, row.filters)]),
      ...(row.badFilters?.(row.filters) ?? []),
    ],
  };
}

/** The filter cases of the queue metrics: channel and list data, and an agent end dimension they don't take. */
const queueCases = (metric: string) => (filters: FilterJson[]): BadCase[] => [
  {
    change: { filters: [...filters.filter((x) => x !== channel), f('MetricDataFilterByChannel', ['SMS'])] },
    expect: { at: { value: ['Data', ['SMS']] }, message: '"SMS" is not a valid MetricDataFilterByChannel value; expected one of "VOICE", "CHAT", "TASK"' },
  },
  {
    change: { filters: [f('MetricDataFilterByQueue', Array.from({ length: 26 }, (_, i) => `q-${i}`)), ...filters.slice(1)] },
    expect: { at: { needle: '["q-0"' }, message: 'MetricDataFilterByQueue Data must hold 1 to 25 entries, got 26' },
  },
  notAllowed(metric, byAgent, TAKES[metric], filters),
];

/** The filter types each metric takes, in catalogue order (for "it takes ..."). */
const queueTakes = (windowed: boolean, extra = '') =>
  `${QUEUE_DIMS}${extra}${windowed ? `, ${WINDOWS}` : ''}, MetricDataFilterByChannel`;
const TAKES: Record<string, string> = {
  OLDEST_CONTACT_AGE: queueTakes(false),
  AGENTS_AVAILABLE: queueTakes(false),
  CONTACTS_IN_QUEUE: queueTakes(false),
  AVG_QUEUE_ANSWER_TIME: queueTakes(true),
  AVG_INTERACTION_TIME: queueTakes(true),
  AVG_HOLD_TIME: queueTakes(true),
  AVG_HANDLE_TIME: `${QUEUE_DIMS}, MetricDataFilterByAgent, ${LEVELS}, ${WINDOWS}, MetricDataFilterByChannel`,
  AGENT_OCCUPANCY: `MetricDataFilterByAgent, ${LEVELS}, MetricDataFilterByRoutingProfile, ${WINDOWS}`,
  SERVICE_LEVEL: `${QUEUE_DIMS}, ${WINDOWS}, MetricDataThresholdSeconds, MetricDataFilterByChannel`,
  FLOWS_STARTED: `MetricDataFilterByFlow, MetricDataFilterByFlowModule, ${WINDOWS}, MetricDataFilterByChannel`,
  FLOW_OUTCOME: `MetricDataFilterByFlow, MetricDataFilterByFlowModule, MetricDataFilterByFlowOutcomeType, ${WINDOWS}, MetricDataFilterByChannel`,
};

const queueMetric = (name: string, windowed: boolean, operand: MetricRow['operand']): RowCase =>
  metric({
    metric: name,
    grouping: 'QUEUE',
    filters: [byQueue, ...(windowed ? [duration] : []), channel],
    alsoFilters: [[byRoutingProfile, ...(windowed ? [period] : [])]],
    takes: queueTakes(windowed),
    operand,
    badFilters: queueCases(name),
  });

const seconds = (name: string): MetricRow['operand'] => ({ valid: 30, bad: -1, message: `${name} takes a number of at least 0, got -1` });
const count = (name: string): MetricRow['operand'] => ({ valid: 3, bad: 1.5, message: `${name} takes a whole number, got 1.5` });
const percent = (name: string): MetricRow['operand'] => ({ valid: 80, bad: 101, message: `${name} takes a number from 0 to 100, got 101` });

const flowMetric = (name: string, operand: MetricRow['operand']): RowCase =>
  metric({
    metric: name,
    grouping: 'FLOW',
    filters: [byFlow, duration],
    alsoFilters: [[byFlowModule, duration, channel], [byOutcome, period]],
    takes: TAKES.FLOW_OUTCOME,
    operand,
    badFilters: (filters) => [
      {
        change: { filters: [f('MetricDataFilterByFlowOutcomeType', ['LOST']), duration] },
        expect: {
          at: { value: ['Data', ['LOST']] },
          message:
            '"LOST" is not a valid MetricDataFilterByFlowOutcomeType value; expected one of "DROPPED", "DISCONNECTED_PARTICIPANT", "ENDED_FLOW_EXECUTION", "TRANSFERRED_TO_QUEUE", "TRANSFERRED_TO_AGENT", "TRANSFERRED_TO_FLOW", "TRANSFERRED_TO_PHONE_NUMBER", "RETURNED_TO_FLOW"',
        },
      },
      {
        change: { filters: [...filters, byFlowModule] },
        expect: {
          at: { value: ['Type', 'MetricDataFilterByFlowModule'] },
          message: `${name} takes one end-dimension filter, not MetricDataFilterByFlow and MetricDataFilterByFlowModule`,
        },
      },
    ],
  });

const activity = M('AGENT_ACTIVITY');
const activityWindow = f('AgentActivityDurationSeconds', { Past: 600 });
const ACTIVITY_TAKES = `MetricDataFilterByAgent, ${LEVELS}, ${QUEUE_DIMS}, AgentActivityDurationSeconds, AgentActvityDurationSeconds, ${WINDOWS}`;

describeRows('OnMetricDataUpdate', [
  {
    path: activity,
    grouping: 'AGENT',
    valid: leaf('EQUALS', activity, ['<agentStatusId>'], { filters: [byLevelOne, activityWindow] }),
    alsoValid: [
      leaf('EQUALS', activity, ['ON_CONTACT'], { filters: [byAgent, f('AgentActvityDurationSeconds', { Past: 600 })] }),
      leaf('EQUALS', activity, ['AVAILABLE'], { filters: [byQueue, f('MetricDataDurationSeconds', { Past: 600 })] }),
      leaf('EQUALS', activity, ['ERROR'], { filters: [byRoutingProfile, activityWindow] }),
    ],
    negatable: true,
    wrongOperator: { op: 'NumberGreaterOrEqualTo', use: 'EQUALS' },
    badOperands: [
      { change: { operands: ['ERROR', 'MISSED'] }, expect: { at: 'operands', message: 'EQUALS on AGENT_ACTIVITY takes exactly 1 operand, got 2' } },
    ],
    badFilters: [
      missing('AGENT_ACTIVITY', `a time window filter: one of AgentActivityDurationSeconds, AgentActvityDurationSeconds, ${WINDOWS}`, [byLevelOne]),
      missing('AGENT_ACTIVITY', `an end-dimension filter: one of MetricDataFilterByAgent, ${LEVELS}, ${QUEUE_DIMS}`, [activityWindow]),
      {
        change: { filters: [byLevelOne, f('AgentActivityDurationSeconds', { Past: 86400 })] },
        expect: { at: { value: ['Data', { Past: 86400 }] }, message: 'AgentActivityDurationSeconds Past must be less than 86400 seconds, got 86400' },
      },
      {
        change: { filters: [f('MetricDataFilterByAgentHierarchyLevelOne', ['h-1', 'h-2']), activityWindow] },
        expect: { at: { value: ['Data', ['h-1', 'h-2']] }, message: 'MetricDataFilterByAgentHierarchyLevelOne Data must hold exactly 1 entry, got 2' },
      },
      {
        change: { filters: [byLevelOne, activityWindow, f('MetricDataDurationSeconds', { Past: 600 })] },
        expect: {
          at: { value: ['Type', 'MetricDataDurationSeconds'] },
          message: 'AGENT_ACTIVITY takes one time window filter, not AgentActivityDurationSeconds and MetricDataDurationSeconds',
        },
      },
      notAllowed('AGENT_ACTIVITY', channel, ACTIVITY_TAKES, [byLevelOne, activityWindow]),
    ],
  },
  queueMetric('OLDEST_CONTACT_AGE', false, seconds('OLDEST_CONTACT_AGE')),
  queueMetric('AGENTS_AVAILABLE', false, count('AGENTS_AVAILABLE')),
  queueMetric('CONTACTS_IN_QUEUE', false, count('CONTACTS_IN_QUEUE')),
  queueMetric('AVG_QUEUE_ANSWER_TIME', true, seconds('AVG_QUEUE_ANSWER_TIME')),
  queueMetric('AVG_INTERACTION_TIME', true, seconds('AVG_INTERACTION_TIME')),
  queueMetric('AVG_HOLD_TIME', true, seconds('AVG_HOLD_TIME')),
  metric({
    metric: 'AVG_HANDLE_TIME',
    grouping: 'QUEUE',
    filters: [byQueue, duration, channel],
    alsoFilters: [[byRoutingProfile, period]],
    takes: TAKES.AVG_HANDLE_TIME,
    operand: seconds('AVG_HANDLE_TIME'),
    badFilters: (filters) => [
      {
        change: { filters: [byAgent, ...filters.slice(1)] },
        expect: {
          at: { value: ['Type', 'MetricDataFilterByAgent'] },
          message: `MetricDataFilterByAgent is not an end-dimension filter of AVG_HANDLE_TIME under QUEUE: use one of ${QUEUE_DIMS}`,
        },
      },
    ],
  }),
  metric({
    metric: 'AGENT_OCCUPANCY',
    grouping: 'AGENT',
    filters: [byAgent, duration],
    alsoFilters: [[byLevelOne, period], [byRoutingProfile, duration]],
    takes: TAKES.AGENT_OCCUPANCY,
    operand: percent('AGENT_OCCUPANCY'),
    badFilters: (filters) => [notAllowed('AGENT_OCCUPANCY', channel, TAKES.AGENT_OCCUPANCY, filters)],
  }),
  metric({
    metric: 'SERVICE_LEVEL',
    grouping: 'QUEUE',
    filters: [byQueue, duration, threshold, channel],
    alsoFilters: [[byRoutingProfile, period, threshold]],
    takes: TAKES.SERVICE_LEVEL,
    operand: percent('SERVICE_LEVEL'),
    badFilters: () => [
      missing(
        'SERVICE_LEVEL',
        '',
        [byQueue, duration],
        'SERVICE_LEVEL requires the MetricDataThresholdSeconds filter ({"Comparison": "LT", "ThresholdValue": seconds})',
      ),
      {
        change: { filters: [byQueue, duration, f('MetricDataThresholdSeconds', { Comparison: 'GT', ThresholdValue: 20 })] },
        expect: {
          at: { value: ['Data', { Comparison: 'GT', ThresholdValue: 20 }] },
          message:
            'MetricDataThresholdSeconds Data must be {"Comparison": "LT", "ThresholdValue": seconds} ("LT" is the only comparison), not {"Comparison":"GT","ThresholdValue":20}',
        },
      },
    ],
  }),
  metric({
    metric: 'FLOWS_STARTED',
    grouping: 'FLOW',
    filters: [byFlow, duration],
    alsoFilters: [[byFlowModule, period, channel]],
    takes: TAKES.FLOWS_STARTED,
    operand: count('FLOWS_STARTED'),
    badFilters: (filters) => [notAllowed('FLOWS_STARTED', byOutcome, TAKES.FLOWS_STARTED, filters)],
  }),
  flowMetric('AVG_FLOW_TIME', seconds('AVG_FLOW_TIME')),
  flowMetric('MAX_FLOW_TIME', seconds('MAX_FLOW_TIME')),
  flowMetric('MIN_FLOW_TIME', seconds('MIN_FLOW_TIME')),
  flowMetric('FLOWS_OUTCOME', count('FLOWS_OUTCOME')),
  flowMetric('PERCENT_FLOWS_OUTCOME', percent('PERCENT_FLOWS_OUTCOME')),
]);
