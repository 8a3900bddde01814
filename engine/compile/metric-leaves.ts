/**
 * Metric conditions (OnMetricDataUpdate) read one row of the metric snapshot: the
 * row must pass the condition's dimension filters, and the metric must have been
 * measured over the condition's window (docs/canonical-events.md, MetricData).
 */
import type { JsonValue } from '../../grammar/ast.ts';
import type { ValueSpec } from '../../grammar/catalogue/types.ts';
import { NOT_APPLICABLE, type LeafInput, type ValueReader } from './reader.ts';
import { compileValueTest } from './operators.ts';

/** Which dimension of a row each end-dimension filter restricts. */
export const DIMENSION_OF_FILTER: Readonly<Record<string, string>> = {
  MetricDataFilterByAgent: 'AGENT',
  MetricDataFilterByQueue: 'QUEUE',
  MetricDataFilterByRoutingProfile: 'ROUTING_PROFILE',
  MetricDataFilterByFlow: 'FLOW',
  MetricDataFilterByFlowModule: 'FLOW_MODULE',
  MetricDataFilterByFlowOutcomeType: 'FLOW_OUTCOME_TYPE',
  MetricDataFilterByChannel: 'CHANNEL',
  MetricDataFilterByAgentHierarchyLevelOne: 'AGENT_HIERARCHY_LEVEL_ONE',
  MetricDataFilterByAgentHierarchyLevelTwo: 'AGENT_HIERARCHY_LEVEL_TWO',
  MetricDataFilterByAgentHierarchyLevelThree: 'AGENT_HIERARCHY_LEVEL_THREE',
  MetricDataFilterByAgentHierarchyLevelFour: 'AGENT_HIERARCHY_LEVEL_FOUR',
  MetricDataFilterByAgentHierarchyLevelFive: 'AGENT_HIERARCHY_LEVEL_FIVE',
};

/** Both spellings the docs use for each window filter. */
const PERIOD_FILTERS = ['MetricDataDurationSeconds', 'MetricDataPeriodSeconds'];
const ACTIVITY_FILTERS = ['AgentActivityDurationSeconds', 'AgentActvityDurationSeconds'];

const pastOf = (filters: ReadonlyMap<string, JsonValue>, names: readonly string[]): number | undefined => {
  for (const name of names) {
    const data = filters.get(name) as { Past?: number } | undefined;
    if (data?.Past !== undefined) return data.Past;
  }
  return undefined;
};

export function metricReader(input: LeafInput, value: Extract<ValueSpec, { kind: 'metric' }>): ValueReader {
  const { filters, operator, operands, spec } = input;
  const dimensionChecks = [...filters]
    .filter(([type]) => type in DIMENSION_OF_FILTER)
    .map(([type, data]) => ({ dimension: DIMENSION_OF_FILTER[type], allowed: new Set((data as JsonValue[]).map(String)) }));
  // A metric whose row takes an activity-duration filter (AGENT_ACTIVITY) reads any of
  // its window filters as how long the activity has lasted: one doc example gives it a
  // MetricDataDurationSeconds window instead, which the
  // catalogue accepts, and its row has no PeriodSeconds to compare a period with.
  const isActivity = ACTIVITY_FILTERS.some((name) => spec.filters?.[name] !== undefined);
  const period = isActivity ? undefined : pastOf(filters, PERIOD_FILTERS);
  const activityPast = isActivity ? pastOf(filters, [...ACTIVITY_FILTERS, ...PERIOD_FILTERS]) : undefined;
  const threshold = (filters.get('MetricDataThresholdSeconds') as { ThresholdValue?: number } | undefined)?.ThresholdValue;
  const metric = value.metric;

  return {
    read: ({ row }) => {
      if (!row) return undefined;
      const dims = row.Dimensions ?? {};
      // A row outside the condition's dimension filters is another entity: not this condition's business.
      for (const check of dimensionChecks) if (!check.allowed.has(String(dims[check.dimension]))) return NOT_APPLICABLE;
      let entry: any;
      for (const m of (row.Metrics as any[] | undefined) ?? []) {
        if (m?.Name === metric && (period === undefined || m.PeriodSeconds === period) && (threshold === undefined || m.ThresholdSeconds === threshold)) {
          entry = m;
          break;
        }
      }
      if (!entry) return undefined;
      // An agent activity counts once it has lasted the whole window.
      if (activityPast !== undefined && !(Number(entry.DurationSeconds) >= activityPast)) return undefined;
      return entry.Value;
    },
    test: compileValueTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands),
    describe: () => undefined,
    notApplicable: ({ row }) => `row ${describeRow(row)} is outside the condition's dimension filters`,
  };
}

/** A short label of a metric row for the trace: `QUEUE=q-1 CHANNEL=VOICE`. */
export const describeRow = (row: any): string =>
  Object.entries(row?.Dimensions ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
