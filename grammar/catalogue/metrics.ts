/**
 * OnMetricDataUpdate: one row per metric of the table, with
 * the groupings (root `MetricDataGrouping`) it may be used under, the end-dimension
 * filters allowed under each grouping, its time window and channel rules. The
 * three-level structure itself (root → 1-2 metric groups → ≤10 conditions) is
 * checked by the validator with the constants below.
 */
import { RULE_LIMITS, compare, equals, integer, listData, number, oneString, optional, pastData, required, row } from './rows.ts';
import {
  METRIC_GROUPINGS,
  type ConditionSpec,
  type FilterChoice,
  type FilterDataSpec,
  type FilterRule,
  type MetricGrouping,
  type OperandSpec,
  type SourceCatalogue,
} from './types.ts';

export const METRIC_PREFIX = '$.MetricData';
export const GROUPING_FILTER = 'MetricDataGrouping';
export const CHANNEL_FILTER = 'MetricDataFilterByChannel';
export const QUEUE_FILTER = 'MetricDataFilterByQueue';
export const METRIC_CHANNELS = ['VOICE', 'CHAT', 'TASK'] as const;
/** At most 2 metric groups per rule, 10 conditions per group. */
export const METRIC_GROUP_LIMIT = 2;
export const METRIC_CONDITIONS_PER_GROUP = 10;
/** Every window is `{Past: seconds}` with seconds below one day. */
export const WINDOW_BELOW_SECS = 86_400;
/**
 * The historical-metric time window, under both documented names: the prose says
 * `MetricDataPeriodSeconds`, every example `MetricDataDurationSeconds`. The
 * first is the one to emit. Conditions of a metric group all carry the same window, or none.
 */
export const METRIC_WINDOW_FILTERS = ['MetricDataDurationSeconds', 'MetricDataPeriodSeconds'] as const;
/**
 * The AGENT_ACTIVITY duration, under its heading spelling and the misspelling of the
 * example (INTERPRETATION: both accepted). One later example gives AGENT_ACTIVITY a
 * MetricData window instead, which is accepted too. (METRIC_WINDOW_FILTERS written out:
 * a spread is code run at load, which esbuild keeps in a bundle that uses none of this.)
 */
export const AGENT_ACTIVITY_WINDOW_FILTERS = [
  'AgentActivityDurationSeconds',
  'AgentActvityDurationSeconds',
  'MetricDataDurationSeconds',
  'MetricDataPeriodSeconds',
] as const;
export const THRESHOLD_FILTER = 'MetricDataThresholdSeconds';

export const FLOW_OUTCOME_TYPES = [
  'DROPPED',
  'DISCONNECTED_PARTICIPANT',
  'ENDED_FLOW_EXECUTION',
  'TRANSFERRED_TO_QUEUE',
  'TRANSFERRED_TO_AGENT',
  'TRANSFERRED_TO_FLOW',
  'TRANSFERRED_TO_PHONE_NUMBER',
  'RETURNED_TO_FLOW',
] as const;

/** Every end-dimension filter type. */
export const END_DIMENSION_FILTER_TYPES = [
  'MetricDataFilterByAgent',
  'MetricDataFilterByAgentHierarchyLevelOne',
  'MetricDataFilterByAgentHierarchyLevelTwo',
  'MetricDataFilterByAgentHierarchyLevelThree',
  'MetricDataFilterByAgentHierarchyLevelFour',
  'MetricDataFilterByAgentHierarchyLevelFive',
  'MetricDataFilterByQueue',
  'MetricDataFilterByRoutingProfile',
  'MetricDataFilterByFlow',
  'MetricDataFilterByFlowModule',
  'MetricDataFilterByFlowOutcomeType',
] as const;

/** The five agent hierarchy levels' filter types (a function: a table made at load would stay in every bundle). */
const hierarchyLevels = () => END_DIMENSION_FILTER_TYPES.filter((t) => t.startsWith('MetricDataFilterByAgentHierarchyLevel'));

/** Every end-dimension filter type with its `Data`. */
function endDimensionFilters(): Readonly<Record<string, FilterDataSpec>> {
  const ids = listData(25);
  return {
    MetricDataFilterByAgent: ids,
    ...Object.fromEntries(hierarchyLevels().map((t) => [t, listData(1, { exactly: 1 })])),
    MetricDataFilterByQueue: ids,
    MetricDataFilterByRoutingProfile: ids,
    MetricDataFilterByFlow: ids,
    MetricDataFilterByFlowModule: ids,
    MetricDataFilterByFlowOutcomeType: listData(FLOW_OUTCOME_TYPES.length, { enum: FLOW_OUTCOME_TYPES }),
  };
}

type Groupings = Partial<Record<MetricGrouping, readonly string[]>>;

interface MetricDef {
  readonly metric: string;
  /** The operand of `≥ | ≤`, or `'status'` for AGENT_ACTIVITY (`EQUALS` one string). */
  readonly operand: OperandSpec | 'status';
  readonly groupings: Groupings;
  /** Window filter spellings; exactly one is required when given. */
  readonly window?: readonly string[];
  readonly threshold?: boolean;
  readonly channel: boolean;
  readonly negatable?: boolean;
}

/**
 * The metrics, in the order of the documented table. Made when the catalogue is (a
 * function's bundle without the OnMetricDataUpdate catalogue then holds none of it:
 * grammar/catalogue/index.ts `packagedSourceVar`).
 */
function metricDefs(): readonly MetricDef[] {
  const QUEUE_DIMS = ['MetricDataFilterByQueue', 'MetricDataFilterByRoutingProfile'];
  const AGENT_DIMS = ['MetricDataFilterByAgent', ...hierarchyLevels()];
  const FLOW_DIMS = ['MetricDataFilterByFlow', 'MetricDataFilterByFlowModule'];
  const FLOW_OUTCOME_DIMS = [...FLOW_DIMS, 'MetricDataFilterByFlowOutcomeType'];
  const SECONDS = number(0);
  const COUNT = integer(0);
  const PERCENT = number(0, 100);
  const QUEUE_ONLY: Groupings = { QUEUE: QUEUE_DIMS };
  return [
    {
      metric: 'AGENT_ACTIVITY',
      operand: 'status',
      groupings: { AGENT: [...AGENT_DIMS, ...QUEUE_DIMS] },
      window: AGENT_ACTIVITY_WINDOW_FILTERS,
      channel: false,
      negatable: true,
    },
    { metric: 'OLDEST_CONTACT_AGE', operand: SECONDS, groupings: QUEUE_ONLY, channel: true },
    { metric: 'AGENTS_AVAILABLE', operand: COUNT, groupings: { QUEUE: QUEUE_DIMS, ROUTING_PROFILE: QUEUE_DIMS }, channel: true },
    { metric: 'CONTACTS_IN_QUEUE', operand: COUNT, groupings: QUEUE_ONLY, channel: true },
    { metric: 'AVG_QUEUE_ANSWER_TIME', operand: SECONDS, groupings: QUEUE_ONLY, window: METRIC_WINDOW_FILTERS, channel: true },
    { metric: 'AVG_INTERACTION_TIME', operand: SECONDS, groupings: QUEUE_ONLY, window: METRIC_WINDOW_FILTERS, channel: true },
    { metric: 'AVG_HOLD_TIME', operand: SECONDS, groupings: QUEUE_ONLY, window: METRIC_WINDOW_FILTERS, channel: true },
    {
      metric: 'AVG_HANDLE_TIME',
      operand: SECONDS,
      groupings: { QUEUE: QUEUE_DIMS, AGENT: [...QUEUE_DIMS, ...AGENT_DIMS] },
      window: METRIC_WINDOW_FILTERS,
      channel: true,
    },
    {
      metric: 'AGENT_OCCUPANCY',
      operand: PERCENT,
      groupings: { AGENT: [...AGENT_DIMS, 'MetricDataFilterByRoutingProfile'] },
      window: METRIC_WINDOW_FILTERS,
      channel: false,
    },
    {
      metric: 'SERVICE_LEVEL',
      operand: PERCENT,
      groupings: QUEUE_ONLY,
      window: METRIC_WINDOW_FILTERS,
      threshold: true,
      channel: true,
    },
    { metric: 'FLOWS_STARTED', operand: COUNT, groupings: { FLOW: FLOW_DIMS }, window: METRIC_WINDOW_FILTERS, channel: true },
    ...(
      [
        ['AVG_FLOW_TIME', SECONDS],
        ['MAX_FLOW_TIME', SECONDS],
        ['MIN_FLOW_TIME', SECONDS],
        ['FLOWS_OUTCOME', COUNT],
        ['PERCENT_FLOWS_OUTCOME', PERCENT],
      ] as const
    ).map(
      ([metric, operand]): MetricDef => ({
        metric,
        operand,
        groupings: { FLOW: FLOW_OUTCOME_DIMS },
        window: METRIC_WINDOW_FILTERS,
        channel: true,
      }),
    ),
  ];
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

function metricRow(def: MetricDef, endDimensionFilter: Readonly<Record<string, FilterDataSpec>>): ConditionSpec {
  const endDimensions = unique(Object.values(def.groupings).flat());
  const window = def.window ?? [];
  const filters: Record<string, FilterRule> = {
    ...Object.fromEntries(endDimensions.map((t) => [t, optional(endDimensionFilter[t]!)])),
    ...Object.fromEntries(window.map((t) => [t, optional(pastData(WINDOW_BELOW_SECS))])),
    ...(def.threshold ? { [THRESHOLD_FILTER]: required({ kind: 'threshold' }) } : {}),
    ...(def.channel ? { [CHANNEL_FILTER]: optional(listData(METRIC_CHANNELS.length, { enum: METRIC_CHANNELS })) } : {}),
  };
  const filterChoices: FilterChoice[] = [
    { name: 'end-dimension filter', types: endDimensions, required: true },
    ...(window.length > 0 ? [{ name: 'time window filter', types: window, required: true }] : []),
  ];
  return row(
    def.metric,
    `${METRIC_PREFIX}.${def.metric}`,
    def.operand === 'status' ? equals(oneString()) : compare(def.operand),
    {
      negatable: def.negatable ?? false,
      filters,
      filterChoices,
      metric: { groupings: def.groupings },
      value: { kind: 'metric', metric: def.metric },
      docPath: ['MetricData', 'Rows'],
    },
  );
}

export const metricData = (): SourceCatalogue => {
  const endDimensionFilter = endDimensionFilters();
  return {
    source: 'OnMetricDataUpdate',
    prefix: METRIC_PREFIX,
    structure: 'metric',
    conditions: metricDefs().map((def) => metricRow(def, endDimensionFilter)),
    rootFilters: { [GROUPING_FILTER]: required(listData(1, { exactly: 1, enum: METRIC_GROUPINGS })) },
    limits: { conditions: METRIC_GROUP_LIMIT * METRIC_CONDITIONS_PER_GROUP },
    documented: true,
  };
};
