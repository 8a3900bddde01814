/**
 * Metric snapshots → `OnMetricDataUpdate`. Amazon Connect does not publish the
 * event behind this trigger, so the engine defines its input (docs/pipeline.md
 * "Metric snapshots"): the responses of the Amazon Connect metrics APIs, as a poller
 * (or a test) gets them, wrapped with the instance and the time of the snapshot:
 *
 * ```json
 * {
 *   "InstanceId": "<instance id or ARN>",
 *   "SnapshotTime": "2025-03-12T09:30:00Z",
 *   "CurrentMetricData": [ <GetCurrentMetricData response>, ... ],
 *   "MetricDataV2": [ { "PeriodSeconds": 3600, ...<GetMetricDataV2 response> }, ... ],
 *   "CurrentUserData": [ <GetCurrentUserData response>, ... ]
 * }
 * ```
 *
 * Each member may be one response or a list; at least one must be given. Every
 * response becomes rows of `MetricData.Rows` (docs/canonical-events.md):
 *
 * - GetCurrentMetricData `MetricResults[]`: `Dimensions {Queue {Id}, Channel,
 *   RoutingProfile {Id}}` → `QUEUE`, `CHANNEL`, `ROUTING_PROFILE`; `Collections[]
 *   {Metric {Name}, Value}` → metrics without a window.
 * - GetMetricDataV2 `MetricResults[]`: `Dimensions` (already `QUEUE`, `AGENT`, ...; an
 *   ARN value is reduced to its id) and `Collections[] {Metric {Name, Threshold
 *   [{ThresholdValue}]}, Value}` → metrics with `PeriodSeconds` (the result's
 *   `MetricInterval` length, else the wrapper's `PeriodSeconds`) and, for service level,
 *   `ThresholdSeconds`.
 * - GetCurrentUserData `UserDataList[]`: one row per agent (`AGENT`, `ROUTING_PROFILE`,
 *   `AGENT_HIERARCHY_LEVEL_ONE`…`FIVE`, and `QUEUE`, which an `AGENT_ACTIVITY` condition
 *   filtered by queue needs: when the response carries the request's `Filters`
 *   (UserDataFilters) with one queue, the agents listed are that queue's; otherwise the
 *   queue of each of the agent's contacts (`Contacts[].Queue`), one row per queue; an
 *   agent with neither has no `QUEUE` and such a condition does not apply to it (counted,
 *   `agentRowsWithoutQueue`, while a rule has such a condition), the rest of the snapshot being judged as usual) with
 *   `AGENT_ACTIVITY`: the `AgentContactState` of
 *   the agent's contact when it has one (`CONNECTED`/`CONNECTED_ONHOLD` → `ON_CONTACT`, `ENDED` →
 *   `AFTER_CONTACT_WORK`, `INCOMING`/`PENDING`/`CONNECTING` → `INCOMING`, `MISSED`,
 *   `ERROR`, `REJECTED`), else `AVAILABLE` for the Available status, else the agent
 *   status id (the last segment of `StatusArn`); `DurationSeconds` = snapshot time −
 *   the start of that state.
 *
 * Rows with the same dimensions are merged. `EventId` is `metrics:<instance>:<SnapshotTime>`.
 */
import { compact, idFromArn, instanceIdFromArn, isObject, Reader, type JsonObject } from '../context/json.ts';
import type { MetricValue, TriggerEvent } from '../context/types.ts';

const MEMBERS = ['CurrentMetricData', 'MetricDataV2', 'CurrentUserData'] as const;

/** Whether `v` looks like a metric snapshot. */
export function looksLikeMetricSnapshot(v: unknown): boolean {
  return isObject(v) && !('EventSourceName' in v) && MEMBERS.some((m) => m in v) && ('InstanceId' in v || 'InstanceArn' in v || 'SnapshotTime' in v);
}

type Row = { Dimensions: Record<string, string>; Metrics: MetricValue[] };

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const idOf = (v: unknown): string | undefined => (typeof v === 'string' ? (v.startsWith('arn:') ? idFromArn(v) : v) : undefined);

const LEVEL_DIMENSIONS: Readonly<Record<string, string>> = {
  LevelOne: 'AGENT_HIERARCHY_LEVEL_ONE',
  LevelTwo: 'AGENT_HIERARCHY_LEVEL_TWO',
  LevelThree: 'AGENT_HIERARCHY_LEVEL_THREE',
  LevelFour: 'AGENT_HIERARCHY_LEVEL_FOUR',
  LevelFive: 'AGENT_HIERARCHY_LEVEL_FIVE',
};

const CONTACT_ACTIVITY: Readonly<Record<string, string>> = {
  CONNECTED: 'ON_CONTACT',
  CONNECTED_ONHOLD: 'ON_CONTACT',
  ENDED: 'AFTER_CONTACT_WORK',
  INCOMING: 'INCOMING',
  PENDING: 'INCOMING',
  CONNECTING: 'INCOMING',
  MISSED: 'MISSED',
  ERROR: 'ERROR',
  REJECTED: 'REJECTED',
};

/** The canonical OnMetricDataUpdate event of a snapshot. Throws InputFormatError on a wrong member. */
export function metricSnapshotToTriggerEvent(v: unknown, options: { file: string; instanceId?: string }): TriggerEvent {
  const r = new Reader(options.file);
  const doc = r.object(v, '') ?? r.fail('', 'expected a metric snapshot (a JSON object)');
  if (!MEMBERS.some((m) => doc[m] !== undefined)) r.fail('', `a metric snapshot needs one of ${MEMBERS.join(', ')}`);
  const given = r.string(doc.InstanceId, '/InstanceId') ?? r.string(doc.InstanceArn, '/InstanceArn');
  const instanceId = (given?.startsWith('arn:') ? instanceIdFromArn(given) : given) ?? options.instanceId ?? r.fail('/InstanceId', 'missing InstanceId');
  const snapshotMs = r.instant(doc.SnapshotTime, '/SnapshotTime') ?? r.fail('/SnapshotTime', 'missing SnapshotTime');
  const rows = new Map<string, Row>();
  const rowFor = (dims: Record<string, string>): Row => {
    const key = JSON.stringify(Object.entries(dims).sort(([a], [b]) => a.localeCompare(b)));
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { Dimensions: dims, Metrics: [] }));
    return row;
  };

  asList(doc.CurrentMetricData).forEach((response, i) => {
    const p = `/CurrentMetricData/${i}`;
    (r.array(r.object(response, p)?.MetricResults, `${p}/MetricResults`) ?? []).forEach((raw, k) => {
      const rp = `${p}/MetricResults/${k}`;
      const result = r.object(raw, rp) ?? {};
      const d = r.object(result.Dimensions, `${rp}/Dimensions`) ?? {};
      const dims = compact({
        QUEUE: idOf(r.object(d.Queue, `${rp}/Dimensions/Queue`)?.Id),
        CHANNEL: r.string(d.Channel, `${rp}/Dimensions/Channel`),
        ROUTING_PROFILE: idOf(r.object(d.RoutingProfile, `${rp}/Dimensions/RoutingProfile`)?.Id),
      }) as Record<string, string>;
      const row = rowFor(dims);
      (r.array(result.Collections, `${rp}/Collections`) ?? []).forEach((c, m) => {
        const cp = `${rp}/Collections/${m}`;
        const collection = r.object(c, cp) ?? {};
        const name = r.string(r.object(collection.Metric, `${cp}/Metric`)?.Name, `${cp}/Metric/Name`);
        const value = r.number(collection.Value, `${cp}/Value`);
        if (name !== undefined && value !== undefined) row.Metrics.push({ Name: name, Value: value });
      });
    });
  });

  asList(doc.MetricDataV2).forEach((response, i) => {
    const p = `/MetricDataV2/${i}`;
    const res = r.object(response, p) ?? {};
    const defaultPeriod = r.number(res.PeriodSeconds, `${p}/PeriodSeconds`);
    (r.array(res.MetricResults, `${p}/MetricResults`) ?? []).forEach((raw, k) => {
      const rp = `${p}/MetricResults/${k}`;
      const result = r.object(raw, rp) ?? {};
      const dims: Record<string, string> = {};
      for (const [key, value] of Object.entries(r.stringMap(result.Dimensions, `${rp}/Dimensions`) ?? {})) dims[key] = idOf(value) ?? value;
      const interval = r.object(result.MetricInterval, `${rp}/MetricInterval`);
      const start = r.instant(interval?.StartTime, `${rp}/MetricInterval/StartTime`);
      const end = r.instant(interval?.EndTime, `${rp}/MetricInterval/EndTime`);
      const period = start !== undefined && end !== undefined && end > start ? Math.round((end - start) / 1000) : defaultPeriod;
      const row = rowFor(dims);
      (r.array(result.Collections, `${rp}/Collections`) ?? []).forEach((c, m) => {
        const cp = `${rp}/Collections/${m}`;
        const collection = r.object(c, cp) ?? {};
        const metric = r.object(collection.Metric, `${cp}/Metric`) ?? {};
        const name = r.string(metric.Name, `${cp}/Metric/Name`);
        const value = r.number(collection.Value, `${cp}/Value`);
        const threshold = r.array(metric.Threshold, `${cp}/Metric/Threshold`)?.[0];
        const thresholdValue = r.number(isObject(threshold) ? threshold.ThresholdValue : undefined, `${cp}/Metric/Threshold/0/ThresholdValue`);
        if (name !== undefined && value !== undefined) {
          row.Metrics.push(compact({ Name: name, Value: value, PeriodSeconds: period, ThresholdSeconds: thresholdValue }));
        }
      });
    });
  });

  asList(doc.CurrentUserData).forEach((response, i) => {
    const p = `/CurrentUserData/${i}`;
    const queue = queueOfUserData(r, r.object(response, p)?.Filters, `${p}/Filters`);
    (r.array(r.object(response, p)?.UserDataList, `${p}/UserDataList`) ?? []).forEach((raw, k) => {
      const up = `${p}/UserDataList/${k}`;
      const user = r.object(raw, up) ?? {};
      const agentId = idOf(r.object(user.User, `${up}/User`)?.Id) ?? idOf(r.object(user.User, `${up}/User`)?.Arn);
      if (!agentId) return;
      const dims: Record<string, string> = { AGENT: agentId };
      const profile = idOf(r.object(user.RoutingProfile, `${up}/RoutingProfile`)?.Id);
      if (profile) dims.ROUTING_PROFILE = profile;
      const path = r.object(user.HierarchyPath, `${up}/HierarchyPath`) ?? {};
      for (const [level, dimension] of Object.entries(LEVEL_DIMENSIONS)) {
        const group = idOf(r.object(path[level], `${up}/HierarchyPath/${level}`)?.Id);
        if (group) dims[dimension] = group;
      }
      const activity = agentActivity(r, user, up);
      if (!activity) return;
      const duration = activity.since !== undefined ? Math.max(0, Math.round((snapshotMs - activity.since) / 1000)) : undefined;
      // One row per queue the agent is known to serve (the same activity in each), or one row naming none.
      const queues = queue ? [queue] : queuesOfContacts(r, user, up);
      if (queues.length === 0) rowFor(dims).Metrics.push(compact({ Name: 'AGENT_ACTIVITY', Value: activity.value, DurationSeconds: duration }));
      for (const id of queues) rowFor({ ...dims, QUEUE: id }).Metrics.push(compact({ Name: 'AGENT_ACTIVITY', Value: activity.value, DurationSeconds: duration }));
    });
  });

  return {
    EventSourceName: 'OnMetricDataUpdate',
    InstanceId: instanceId,
    EventId: `metrics:${instanceId}:${new Date(snapshotMs).toISOString()}`,
    EventTime: new Date(snapshotMs).toISOString(),
    MetricData: { Rows: [...rows.values()].filter((row) => row.Metrics.length > 0) },
  };
}

/**
 * The queue whose agents a GetCurrentUserData response lists, from the request's filters
 * the poller passes along (`Filters.Queues`, ids or ARNs as UserDataFilters takes them:
 * "A list of up to 100 queues or ARNs"); undefined without one. Several queues say of
 * no agent which is its own: undefined too (its agents' queues are then those their
 * contacts name, `queuesOfContacts`), rather than judging an agent by a queue it may not
 * serve; the response's other rows, and the snapshot's other
 * responses, are judged as usual (a poller asking for many queues at once is allowed).
 */
function queueOfUserData(r: Reader, given: unknown, pointer: string): string | undefined {
  const queues = r.array(r.object(given, pointer)?.Queues, `${pointer}/Queues`);
  if (!queues || queues.length !== 1) return undefined;
  return idOf(r.string(queues[0], `${pointer}/Queues/0`));
}

/**
 * The queues of the agent's contacts, where the response names them (each id once, in
 * order). AWS (API reference): `UserData.Contacts` is "A list of contact reference
 * information", and `AgentContactReference.Queue` "Contains information about a queue
 * resource for which metrics are returned" (a QueueReference: `Id`, `Arn`). An agent
 * handling a contact of a queue is serving that queue, whatever queues the request named.
 */
function queuesOfContacts(r: Reader, user: JsonObject, up: string): string[] {
  const out: string[] = [];
  for (const [i, raw] of (r.array(user.Contacts, `${up}/Contacts`) ?? []).entries()) {
    const qp = `${up}/Contacts/${i}/Queue`;
    const ref = r.object(r.object(raw, `${up}/Contacts/${i}`)?.Queue, qp);
    const id = idOf(r.string(ref?.Id, `${qp}/Id`)) ?? idOf(r.string(ref?.Arn, `${qp}/Arn`));
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * The agent rows of a snapshot that name no queue (no one-queue `Filters.Queues`, no
 * contact naming its queue): an `AGENT_ACTIVITY` condition filtered by queue does not
 * apply to them. While a published rule has such a condition, the pipeline counts them
 * (`AgentRowsWithoutQueue`) so that a rule that never applies for this reason shows
 * where an operator looks, not only in a trace.
 */
export function agentRowsWithoutQueue(event: TriggerEvent): number {
  let n = 0;
  for (const row of event.MetricData?.Rows ?? []) {
    if (row.Dimensions.QUEUE === undefined && row.Metrics.some((m) => m.Name === 'AGENT_ACTIVITY')) n++;
  }
  return n;
}

function agentActivity(r: Reader, user: JsonObject, up: string): { value: string; since?: number } | undefined {
  for (const [i, raw] of (r.array(user.Contacts, `${up}/Contacts`) ?? []).entries()) {
    const contact = r.object(raw, `${up}/Contacts/${i}`) ?? {};
    const state = r.string(contact.AgentContactState, `${up}/Contacts/${i}/AgentContactState`);
    const activity = state ? CONTACT_ACTIVITY[state] : undefined;
    if (activity) return { value: activity, since: r.instant(contact.StateStartTimestamp, `${up}/Contacts/${i}/StateStartTimestamp`) };
  }
  const status = r.object(user.Status, `${up}/Status`);
  if (!status) return undefined;
  const since = r.instant(status.StatusStartTimestamp, `${up}/Status/StatusStartTimestamp`);
  const name = r.string(status.StatusName, `${up}/Status/StatusName`);
  if (name?.toLowerCase() === 'available') return { value: 'AVAILABLE', since };
  const id = idFromArn(r.string(status.StatusArn, `${up}/Status/StatusArn`));
  return id ? { value: id, since } : undefined;
}

