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
 * entity) and then, per partition dimension (CHANNEL, FLOW_OUTCOME_TYPE: each contact
 * or flow run has one), the rows of the filtered values, or with no such filter the
 * entity's row without that dimension when the snapshot has one, else all its rows.
 * Their values combine as `COMBINE_OF_METRIC` says where that is exact; an average or
 * a percentage over several rows cannot be recomputed without its counts, so it is
 * left unknown (false) and the trace says why.
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

/**
 * The entities of `dimension` in a snapshot, in the order their first rows come, each
 * with its rows (the snapshot's own objects: nothing is copied). Built once per event
 * and dimension: every metric rule of a rule set with that grouping reads the same list
 * (a change to the event's rows after its first evaluation is not seen).
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

/** The end-dimension filter of each grouping (the filter on the entity's own id). */
const OWN_FILTER: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(DIMENSION_OF_FILTER).map(([filter, dimension]) => [dimension, filter]));

/**
 * The ids of the only entities a metric rule can match, when every condition filters
 * by the end dimension itself (an entity outside a condition's filters makes it false,
 * and metric groups take no Negate); undefined when some condition may match any.
 */
export function candidateIds(conditions: readonly { readonly filters: ReadonlyMap<string, JsonValue> }[], dimension: string): readonly string[] | undefined {
  const own = OWN_FILTER[dimension];
  const ids = new Set<string>();
  for (const { filters } of conditions) {
    const data = own === undefined ? undefined : filters.get(own);
    if (!Array.isArray(data)) return undefined;
    for (const id of data) ids.add(idOf(id));
  }
  return [...ids];
}

/** What a condition reads of one entity: its value, or why it has none. */
interface Reading {
  readonly value: unknown;
  /** For the trace: the rows combined, or why they could not be. */
  readonly note?: string;
}

export function metricReader(input: LeafInput, value: Extract<ValueSpec, { kind: 'metric' }>): ValueReader {
  const { filters, operator, operands, spec } = input;
  const checks = [...filters]
    .filter(([type]) => type in DIMENSION_OF_FILTER)
    .map(([type, data]) => ({ dimension: DIMENSION_OF_FILTER[type]!, allowed: new Set((data as JsonValue[]).map(idOf)) }));
  const isPartition = (dimension: string) => (PARTITIONS as readonly string[]).includes(dimension);
  const entityChecks = checks.filter((c) => !isPartition(c.dimension));
  const partitionChecks = new Map(checks.filter((c) => isPartition(c.dimension)).map((c) => [c.dimension, c.allowed]));
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
    for (const m of (Array.isArray(row.Metrics) ? row.Metrics : []) as any[]) {
      if (m?.Name === metric && (period === undefined || m.PeriodSeconds === period) && (threshold === undefined || m.ThresholdSeconds === threshold)) return m;
    }
    return undefined;
  };

  /** The entity's rows within the condition's dimension filters; undefined when none is. */
  const rowsOf = (entity: MetricEntity): MetricRow[] | undefined => {
    let rows = entity.rows.filter((row) => entityChecks.every((c) => c.allowed.has(dimensionOf(row, c.dimension)!)));
    if (rows.length === 0) return undefined;
    for (const dimension of PARTITIONS) {
      const allowed = partitionChecks.get(dimension);
      if (allowed) rows = rows.filter((row) => allowed.has(dimensionOf(row, dimension)!));
      else {
        // No filter on this part: the whole, which a row without the dimension already is.
        const whole = rows.filter((row) => dimensionOf(row, dimension) === undefined);
        if (whole.length > 0 && whole.some((row) => entryOf(row) !== undefined)) rows = whole;
      }
    }
    return rows;
  };

  // The filter on the end dimension itself, tried on the entity's id before any of its rows.
  const ownCheck = (dimension: string) => entityChecks.find((c) => c.dimension === dimension)?.allowed;
  const ownChecks = new Map<string, ReadonlySet<string> | undefined>();
  const outsideOwn = (entity: MetricEntity): boolean => {
    if (!ownChecks.has(entity.dimension)) ownChecks.set(entity.dimension, ownCheck(entity.dimension));
    const allowed = ownChecks.get(entity.dimension);
    return allowed !== undefined && !allowed.has(entity.id);
  };

  /** The hot path of an entity of one row (a queue without a split, an agent): no array built. */
  const readOneRow = (row: MetricRow): unknown => {
    for (const c of checks) if (!c.allowed.has(dimensionOf(row, c.dimension)!)) return isPartition(c.dimension) ? undefined : NOT_APPLICABLE;
    const entry = entryOf(row);
    if (entry === undefined) return undefined;
    return activityPast !== undefined && !(Number(entry.DurationSeconds) >= activityPast) ? undefined : entry.Value;
  };

  const readEntity = (entity: MetricEntity, withNote: boolean): Reading | typeof NOT_APPLICABLE => {
    if (outsideOwn(entity)) return NOT_APPLICABLE;
    const rows = rowsOf(entity);
    if (!rows) return NOT_APPLICABLE;
    const found: { row: MetricRow; entry: any }[] = [];
    for (const row of rows) {
      const entry = entryOf(row);
      if (entry !== undefined) found.push({ row, entry });
    }
    if (found.length === 0) return { value: undefined };
    let result: unknown;
    let duration: number | undefined;
    if (found.length === 1) {
      result = found[0]!.entry.Value;
      duration = found[0]!.entry.DurationSeconds;
    } else {
      const values = found.map((f) => f.entry.Value);
      const parts = withNote ? found.map((f) => `${partLabel(f.row, entity)} ${JSON.stringify(f.entry.Value)}`).join(', ') : undefined;
      const unknown = (why: string): Reading => ({ value: undefined, note: withNote ? `${found.length} rows of ${describeEntity(entity)} give ${metric} (${parts}): ${why}` : undefined });
      if (combine === undefined) return unknown(`${metric} over several rows cannot be combined exactly; give the snapshot ${describeEntity(entity)}'s row without the split`);
      if (values.some((v) => typeof v !== (combine === 'same' ? 'string' : 'number'))) return unknown('values of different kinds');
      if (combine === 'same') {
        if (values.some((v) => v !== values[0])) return unknown('they disagree');
        result = values[0];
        duration = Math.min(...found.map((f) => Number(f.entry.DurationSeconds)));
      } else if (combine === 'sum') {
        if (!disjoint(found.map((f) => f.row))) return unknown('they overlap (they differ in more than the channel or outcome), so their sum would count some twice');
        result = (values as number[]).reduce((a, b) => a + b, 0);
      } else result = combine === 'max' ? Math.max(...(values as number[])) : Math.min(...(values as number[]));
      if (withNote) return finish(result, duration, `${combine} of ${found.length} rows: ${parts}`);
    }
    return finish(result, duration, undefined);
  };

  // An agent activity counts once it has lasted the whole window.
  const finish = (result: unknown, duration: number | undefined, note: string | undefined): Reading => {
    if (activityPast !== undefined && !(Number(duration) >= activityPast)) return { value: undefined, note };
    return { value: result, note };
  };

  const read = ({ entity }: Frame) => {
    if (!entity) return undefined;
    if (outsideOwn(entity)) return NOT_APPLICABLE;
    if (entity.rows.length === 1) return readOneRow(entity.rows[0]!);
    const reading = readEntity(entity, false);
    return reading === NOT_APPLICABLE ? reading : reading.value;
  };

  return {
    read,
    test: compileValueTest(operator, operands, spec.forms.find((f) => f.operator === operator)!.operands),
    describe: () => undefined,
    note: ({ entity }) => {
      const reading = entity && readEntity(entity, true);
      return reading && reading !== NOT_APPLICABLE ? reading.note : undefined;
    },
    notApplicable: ({ entity }) => {
      if (!entity) return "the entity is outside the condition's dimension filters";
      // A filter on a dimension the entity's rows do not name cannot pass: say so, not that the entity is outside it.
      const unnamed = entityChecks.find((c) => entity.rows.every((row) => dimensionOf(row, c.dimension) === undefined));
      if (!unnamed) return `${describeEntity(entity)} is outside the condition's dimension filters`;
      const hint = UNNAMED_DIMENSION_HINTS[unnamed.dimension];
      return `${describeEntity(entity)} has no ${unnamed.dimension} in the snapshot, so the condition's filter by it does not apply${hint ? ` (${hint})` : ''}`;
    },
  };
}

/** Why a row may lack a dimension a condition filters by, where the snapshot's form explains it (engine/ingest/metrics.ts). */
const UNNAMED_DIMENSION_HINTS: Readonly<Record<string, string>> = {
  QUEUE: "an agent's row names its queue when its GetCurrentUserData response names one queue in Filters.Queues, or its contacts name theirs (Contacts[].Queue)",
};

/** Whether rows are disjoint parts of one whole: the same in every dimension but the partitions, and no part twice. */
function disjoint(rows: readonly MetricRow[]): boolean {
  const first = rows[0]!;
  const parts: string[] = [];
  for (const row of rows) {
    for (const key of [...Object.keys(first.Dimensions ?? {}), ...Object.keys(row.Dimensions ?? {})]) {
      if (!(PARTITIONS as readonly string[]).includes(key) && dimensionOf(row, key) !== dimensionOf(first, key)) return false;
    }
    const part = `${dimensionOf(row, PARTITIONS[0]) ?? ''}\u0000${dimensionOf(row, PARTITIONS[1]) ?? ''}`;
    if (parts.includes(part)) return false;
    parts.push(part);
  }
  return true;
}

/** A row within its entity, for the trace: its other dimensions (`CHANNEL=VOICE`). */
const partLabel = (row: MetricRow, entity: MetricEntity): string =>
  Object.keys(row.Dimensions ?? {})
    .filter((k) => k !== entity.dimension)
    .map((k) => `${k}=${dimensionOf(row, k)}`)
    .join(' ') || describeEntity(entity);

/** A short label of an entity for the trace: `QUEUE=q-1`. */
export const describeEntity = (entity: MetricEntity): string => `${entity.dimension}=${entity.id}`;
