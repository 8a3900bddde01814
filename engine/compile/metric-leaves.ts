/**
 * Metric conditions (OnMetricDataUpdate) are judged per entity of the rule's end
 * dimension (its `MetricDataGrouping`: one queue, one agent, one routing profile, one
 * flow), as the metrics APIs a rule stands on group their values. AWS (API reference,
 * GetCurrentMetricData `Groupings`): "when grouped by QUEUE, the metrics returned apply
 * to each queue rather than aggregated for all queues", and `Filters`: "Metric data is
 * retrieved only for the resources associated with the queues or routing profiles, and
 * by any channels included in the filter." So a channel filter restricts what counts
 * for a queue without splitting it, and no channel filter means every channel: a
 * queue's backlog written as one row per channel is the sum of its rows
 * (docs/canonical-events.md, MetricData).
 *
 * An entity's rows are those whose end-dimension value is its id. A condition reads
 * the rows that pass its dimension filters (none: the condition does not apply to this
 * entity) and then, per dimension it does not filter by (a routing profile, a channel,
 * an outcome...), the entity's row without that dimension when the snapshot has one
 * with the metric (the whole: a queue's row is not a sum of its routing profiles' rows,
 * which overlap), else all its rows. Their values combine as `COMBINE_OF_METRIC` says
 * where that is exact (a sum only over disjoint parts: rows differing in channel or
 * outcome alone, each contact or flow run having one); an average or a percentage over
 * several rows cannot be recomputed without its counts, so it is left unknown (false)
 * and the trace says why. Reading an entity allocates nothing (its rows are read again
 * instead): a snapshot of hundreds of entities is judged by every metric rule.
 */
import { idOfArn } from '../../grammar/arn.ts';
import type { JsonValue } from '../../grammar/ast.ts';
import type { ValueSpec } from '../../grammar/catalogue/types.ts';
import { NOT_APPLICABLE, type Frame, type LeafInput, type MetricEntity, type MetricRow, type ValueReader } from './reader.ts';
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

/** Dimensions that split an entity's values into disjoint parts: a contact has one channel, a flow run one outcome. */
const PARTITIONS = ['CHANNEL', 'FLOW_OUTCOME_TYPE'] as const;
const isPartition = (dimension: string): boolean => dimension === PARTITIONS[0] || dimension === PARTITIONS[1];

/**
 * How one metric's values over several rows of an entity combine, where that is exact:
 * counts of contacts or flow runs add up over disjoint parts; an oldest age or a longest
 * time is the largest part's, a shortest the smallest's; an agent's activity is one state
 * (rows repeating it agree). Not listed, and so left unknown over several rows: the
 * averages and percentages (their counts are not in the snapshot), and AGENTS_AVAILABLE,
 * whose per-channel counts overlap (an agent whose routing profile takes voice and chat
 * is available on both).
 */
const COMBINE_OF_METRIC: Readonly<Record<string, 'sum' | 'max' | 'min' | 'same'>> = {
  CONTACTS_IN_QUEUE: 'sum',
  FLOWS_STARTED: 'sum',
  FLOWS_OUTCOME: 'sum',
  OLDEST_CONTACT_AGE: 'max',
  MAX_FLOW_TIME: 'max',
  MIN_FLOW_TIME: 'min',
  AGENT_ACTIVITY: 'same',
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

/**
 * An id as the metrics APIs take it: an ARN by the id it ends with. AWS (API reference,
 * GetCurrentMetricData `Filters`): "You can include both resource IDs and resource ARNs
 * in the same request"; FilterV2 `FilterValues`: "you would add queue IDs or ARNs".
 */
const idOf = (value: unknown): string => {
  const text = String(value);
  return idOfArn(text) ?? text;
};

/** A row's value of `key` as an id (an ARN by the id it ends with); undefined when the row has none. */
export const dimensionOf = (row: MetricRow, key: string): string | undefined => {
  const value = row.Dimensions?.[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && !value.startsWith('arn:') ? value : idOf(value);
};

/**
 * The entities of the last event, by dimension: a rule set evaluates all its rules on
 * one event before the next, so one slot serves them (a WeakMap of every event cost
 * more than building the entities).
 */
let cachedRows: unknown;
let cachedLength = 0;
let cachedEntities = new Map<string, ReadonlyMap<string, MetricEntity>>();

/** Lets go of the last snapshot's rows and entities: run by the rule set's FieldCache.release (compile/index.ts), so an idle container keeps no snapshot. */
export function forgetEntities(): void {
  if (cachedRows === undefined) return;
  cachedRows = undefined;
  cachedLength = 0;
  cachedEntities = new Map();
}

/**
 * The entities of `dimension` in a snapshot, in the order their first rows come, each
 * with its rows (the snapshot's own objects: nothing is copied). Built once per event
 * and dimension: every metric rule of a rule set with that grouping reads the same list
 * (a change to the event's rows after its first evaluation is not seen). A row naming an
 * agent is an entity's row under AGENT grouping only: its queue and routing profile say
 * whom the agent serves (engine/ingest/metrics.ts), not a part of that queue's or
 * profile's figures.
 */
export function metricEntities(event: any, dimension: string): ReadonlyMap<string, MetricEntity> {
  const rows = event?.MetricData?.Rows;
  if (!Array.isArray(rows) || rows.length === 0) return NO_ENTITIES;
  if (cachedRows !== rows || cachedLength !== rows.length) {
    cachedRows = rows;
    cachedLength = rows.length;
    cachedEntities = new Map();
  }
  const known = cachedEntities.get(dimension);
  if (known) return known;
  const byId = new Map<string, { dimension: string; id: string; rows: MetricRow[] }>();
  for (const row of rows as MetricRow[]) {
    if (row === null || typeof row !== 'object') continue;
    if (dimension !== 'AGENT' && named(row, 'AGENT')) continue;
    const id = dimensionOf(row, dimension);
    if (id === undefined) continue;
    const entity = byId.get(id);
    if (entity) entity.rows.push(row);
    else {
      byId.set(id, { dimension, id, rows: [row] });
    }
  }
  cachedEntities.set(dimension, byId);
  return byId;
}

const NO_ENTITIES: ReadonlyMap<string, MetricEntity> = new Map();

/** The end-dimension filter of a grouping (the filter on the entity's own id); looked up at compile time (a table made at load would stay in bundles without metrics). */
const ownFilterOf = (dimension: string): string | undefined => Object.keys(DIMENSION_OF_FILTER).find((filter) => DIMENSION_OF_FILTER[filter] === dimension);

/**
 * The ids of the only entities a metric rule can match, when every condition filters
 * by the end dimension itself (an entity outside a condition's filters makes it false,
 * and metric groups take no Negate); undefined when some condition may match any.
 */
export function candidateIds(conditions: readonly { readonly filters: ReadonlyMap<string, JsonValue> }[], dimension: string): readonly string[] | undefined {
  const own = ownFilterOf(dimension);
  const ids = new Set<string>();
  for (const { filters } of conditions) {
    const data = own === undefined ? undefined : filters.get(own);
    if (!Array.isArray(data)) return undefined;
    for (const id of data) ids.add(idOf(id));
  }
  return [...ids];
}

/**
 * Every dimension a row may name, in the order a condition without a filter on it reads
 * the entity's whole (the row without that dimension, when the snapshot gives one with
 * the metric): the dimensions whose parts may overlap first (a contact waiting in a queue
 * counts for each routing profile that may take it), then the partitions.
 */
/** `whole` is a bit per entry of this order in an int32: past 31 entries the shifts wrap (and `counts` would not end). */
const wholeOrder = (): string[] => {
  const order = [...Object.values(DIMENSION_OF_FILTER).filter((d) => !isPartition(d)), ...PARTITIONS];
  if (order.length > 31) throw new Error(`metric-leaves: ${order.length} dimensions do not fit the 31 bits of a whole mask`);
  return order;
};

export function metricReader(input: LeafInput, value: Extract<ValueSpec, { kind: 'metric' }>): ValueReader {
  const { filters, operator, operands, spec } = input;
  const checks = [...filters]
    .filter(([type]) => type in DIMENSION_OF_FILTER)
    .map(([type, data]) => ({ dimension: DIMENSION_OF_FILTER[type]!, allowed: new Set((data as JsonValue[]).map(idOf)) }));
  const entityChecks = checks.filter((c) => !isPartition(c.dimension));
  const partitionChecks = checks.filter((c) => isPartition(c.dimension));
  // The dimensions this condition reads whole (it does not filter by them), in that order
  // (made at compile time: a table made at load would stay in bundles without metric rules).
  const unfiltered = wholeOrder().filter((d) => !checks.some((c) => c.dimension === d));
  // A metric whose row takes an activity-duration filter (AGENT_ACTIVITY) reads any of
  // its window filters as how long the activity has lasted: one doc example gives it a
  // MetricDataDurationSeconds window instead, which the
  // catalogue accepts, and its row has no PeriodSeconds to compare a period with.
  const isActivity = ACTIVITY_FILTERS.some((name) => spec.filters?.[name] !== undefined);
  const period = isActivity ? undefined : pastOf(filters, PERIOD_FILTERS);
  const activityPast = isActivity ? pastOf(filters, [...ACTIVITY_FILTERS, ...PERIOD_FILTERS]) : undefined;
  const threshold = (filters.get('MetricDataThresholdSeconds') as { ThresholdValue?: number } | undefined)?.ThresholdValue;
  const metric = value.metric;
  const combine = COMBINE_OF_METRIC[metric];

  const entryOf = (row: MetricRow): any => {
    const metrics = row.Metrics;
    if (!Array.isArray(metrics)) return undefined;
    for (let k = 0; k < metrics.length; k++) {
      const m = metrics[k];
      if (m?.Name === metric && (period === undefined || m.PeriodSeconds === period) && (threshold === undefined || m.ThresholdSeconds === threshold)) return m;
    }
    return undefined;
  };

  const within = (row: MetricRow, list: readonly { dimension: string; allowed: ReadonlySet<string> }[]): boolean => {
    for (let k = 0; k < list.length; k++) if (!list[k]!.allowed.has(dimensionOf(row, list[k]!.dimension)!)) return false;
    return true;
  };
  /** Whether a row counts: within every dimension filter, and without each dimension `whole` (a bit per `unfiltered` entry) reads whole. */
  const counts = (row: MetricRow, whole: number): boolean => {
    if (!within(row, checks)) return false;
    for (let i = 0; whole >>> i !== 0; i++) if ((whole >>> i) & 1 && named(row, unfiltered[i]!)) return false;
    return true;
  };

  /**
   * Which unfiltered dimensions the condition reads the entity's whole of, as bits of
   * `unfiltered`: those some counted row names while another, without it, has the
   * metric. -1 when no row is within the condition's entity filters (it does not apply).
   * Nothing is allocated: an entity's rows are read again instead.
   */
  const wholeOf = (entity: MetricEntity): number => {
    const rows = entity.rows;
    let any = false;
    for (let k = 0; k < rows.length && !any; k++) any = within(rows[k]!, entityChecks);
    if (!any) return -1;
    let whole = 0;
    for (let i = 0; i < unfiltered.length; i++) {
      const dimension = unfiltered[i]!;
      if (dimension === entity.dimension) continue;
      let names = false;
      for (let k = 0; k < rows.length && !names; k++) names = named(rows[k]!, dimension);
      if (!names) continue;
      let split = false;
      let rest = false;
      for (let k = 0; k < rows.length && !(split && rest); k++) {
        const row = rows[k]!;
        if (!counts(row, whole)) continue;
        if (named(row, dimension)) split = true;
        else if (entryOf(row) !== undefined) rest = true;
      }
      if (split && rest) whole |= 1 << i;
    }
    return whole;
  };

  // What the last `combined` call found, for the trace: how many rows, and why their values do not combine.
  let found = 0;
  let unknownWhy: string | undefined;

  /** The value of the counted rows' entries combined (COMBINE_OF_METRIC), or undefined; sets `found` and `unknownWhy`. */
  const combined = (entity: MetricEntity, whole: number): unknown => {
    const rows = entity.rows;
    found = 0;
    unknownWhy = undefined;
    let result: unknown;
    let duration: number | undefined;
    const kind = combine === 'same' ? 'string' : 'number';
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      if (!counts(row, whole)) continue;
      const entry = entryOf(row);
      if (entry === undefined) continue;
      const v = entry.Value;
      found++;
      if (found === 1) {
        result = v;
        duration = entry.DurationSeconds;
        continue;
      }
      if (combine === undefined) {
        unknownWhy = `${metric} over several rows cannot be combined exactly; give the snapshot ${describeEntity(entity)}'s row without the split`;
        continue;
      }
      // Values of different kinds say more than a disagreement found before them.
      if (typeof v !== kind || typeof result !== kind) unknownWhy = 'values of different kinds';
      if (unknownWhy !== undefined) continue;
      if (combine === 'same') {
        if (v !== result) unknownWhy = 'they disagree';
        else duration = Math.min(Number(duration), Number(entry.DurationSeconds));
      } else if (combine === 'sum') result = (result as number) + (v as number);
      else result = combine === 'max' ? Math.max(result as number, v as number) : Math.min(result as number, v as number);
    }
    if (found > 1 && unknownWhy === undefined && combine === 'sum' && !disjoint(rows, whole)) {
      unknownWhy = 'they overlap (they differ in more than the channel or outcome), so their sum would count some twice';
    }
    if (unknownWhy !== undefined) return undefined;
    // An agent activity counts once it has lasted the whole window.
    return activityPast !== undefined && !(Number(duration) >= activityPast) ? undefined : result;
  };

  /** Whether the counted rows with the metric are disjoint parts of one whole: the same in every dimension but the partitions, and no part twice. */
  const disjoint = (rows: readonly MetricRow[], whole: number): boolean => {
    let first: MetricRow | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!counts(row, whole) || entryOf(row) === undefined) continue;
      if (first === undefined) first = row;
      else if (!sameBesidesPartitions(first, row)) return false;
      for (let j = 0; j < i; j++) {
        const other = rows[j]!;
        if (samePart(row, other) && counts(other, whole) && entryOf(other) !== undefined) return false;
      }
    }
    return true;
  };

  // The filter on the end dimension itself, tried on the entity's id before any of its rows
  // (the grouping is the rule's: one dimension for every entity a condition meets).
  let ownDimension: string | undefined;
  let ownAllowed: ReadonlySet<string> | undefined;
  const outsideOwn = (entity: MetricEntity): boolean => {
    if (entity.dimension !== ownDimension) {
      ownDimension = entity.dimension;
      ownAllowed = entityChecks.find((c) => c.dimension === entity.dimension)?.allowed;
    }
    return ownAllowed !== undefined && !ownAllowed.has(entity.id);
  };

  /** The hot path of an entity of one row (a queue without a split, an agent): no array built. */
  const readOneRow = (row: MetricRow): unknown => {
    if (!within(row, entityChecks)) return NOT_APPLICABLE;
    if (!within(row, partitionChecks)) return undefined;
    const entry = entryOf(row);
    if (entry === undefined) return undefined;
    return activityPast !== undefined && !(Number(entry.DurationSeconds) >= activityPast) ? undefined : entry.Value;
  };

  const read = ({ entity }: Frame) => {
    if (!entity) return undefined;
    if (outsideOwn(entity)) return NOT_APPLICABLE;
    if (entity.rows.length === 1) return readOneRow(entity.rows[0]!);
    const whole = wholeOf(entity);
    return whole === -1 ? NOT_APPLICABLE : combined(entity, whole);
  };

  /** For the trace, when several rows gave the value: which, and how they combined or why they could not. */
  const note = (entity: MetricEntity): string | undefined => {
    if (outsideOwn(entity)) return undefined;
    const whole = wholeOf(entity);
    if (whole === -1) return undefined;
    combined(entity, whole);
    if (found < 2) return undefined;
    const parts = entity.rows
      .filter((row) => counts(row, whole) && entryOf(row) !== undefined)
      .map((row) => `${partLabel(row, entity)} ${JSON.stringify(entryOf(row).Value)}`)
      .join(', ');
    return unknownWhy !== undefined ? `${found} rows of ${describeEntity(entity)} give ${metric} (${parts}): ${unknownWhy}` : `${combine} of ${found} rows: ${parts}`;
  };

  return {
    read,
    test: compileValueTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands),
    describe: () => undefined,
    note: ({ entity }) => (entity ? note(entity) : undefined),
    notApplicable: ({ entity }) => {
      if (!entity) return "the entity is outside the condition's dimension filters";
      // A filter on a dimension the entity's rows do not name cannot pass: say so, not that the entity is outside it.
      const unnamed = entityChecks.find((c) => entity.rows.every((row) => dimensionOf(row, c.dimension) === undefined));
      if (!unnamed) return `${describeEntity(entity)} is outside the condition's dimension filters`;
      const hint = UNNAMED_DIMENSION_HINTS[`${entity.dimension} ${unnamed.dimension}`];
      return `${describeEntity(entity)} has no ${unnamed.dimension} in the snapshot, so the condition's filter by it does not apply${hint ? ` (${hint})` : ''}`;
    },
  };
}

/** Whether a row names `dimension`. */
const named = (row: MetricRow, dimension: string): boolean => {
  const v = row.Dimensions?.[dimension];
  return v !== undefined && v !== null;
};

/** Whether two rows name the same values of every dimension but the partitions. */
function sameBesidesPartitions(a: MetricRow, b: MetricRow): boolean {
  for (const key in a.Dimensions) if (!isPartition(key) && dimensionOf(a, key) !== dimensionOf(b, key)) return false;
  for (const key in b.Dimensions) if (!isPartition(key) && dimensionOf(a, key) !== dimensionOf(b, key)) return false;
  return true;
}

/** Whether two rows are the same part (channel and outcome) of their whole. */
const samePart = (a: MetricRow, b: MetricRow): boolean => dimensionOf(a, PARTITIONS[0]) === dimensionOf(b, PARTITIONS[0]) && dimensionOf(a, PARTITIONS[1]) === dimensionOf(b, PARTITIONS[1]);

/** Why an entity's rows may lack a dimension a condition filters by, by the entity's and the filter's dimensions, where the snapshot's form explains it (engine/ingest/metrics.ts). */
const UNNAMED_DIMENSION_HINTS: Readonly<Record<string, string>> = {
  'AGENT QUEUE': "an agent's row names its queue when its GetCurrentUserData response names one queue in Filters.Queues, or its contacts name theirs (Contacts[].Queue)",
  // AWS (API reference, GetCurrentMetricData Groupings): "If you group by ROUTING_PROFILE, you must include either a queue or routing profile filter."
  'QUEUE ROUTING_PROFILE': 'a queue\'s rows name a routing profile when its GetCurrentMetricData response is grouped by QUEUE and ROUTING_PROFILE',
};

/** A row within its entity, for the trace: its other dimensions (`CHANNEL=VOICE`). */
const partLabel = (row: MetricRow, entity: MetricEntity): string =>
  Object.keys(row.Dimensions ?? {})
    .filter((k) => k !== entity.dimension)
    .map((k) => `${k}=${dimensionOf(row, k)}`)
    .join(' ') || describeEntity(entity);

/** A short label of an entity for the trace: `QUEUE=q-1`. */
export const describeEntity = (entity: MetricEntity): string => `${entity.dimension}=${entity.id}`;
