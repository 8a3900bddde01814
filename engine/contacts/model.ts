/**
 * A stored contact trace record in the shapes of the Connect API: DescribeContact's
 * `Contact` and SearchContacts' `ContactSearchSummary`. Timestamps are epoch seconds,
 * the rest-json default the SDK reads into Dates. Only what the CTR holds is set.
 */
import { isObject } from '../context/json.ts';
import { instantMillis } from '../schema/check.ts';
import type { TaskContact } from '../actions/backends.ts';
type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A time of the CTR (ISO or an epoch number, as the pipeline read it) in epoch seconds, the API's. */
const seconds = (v: unknown): number | undefined => {
  const ms = instantMillis(v);
  return ms === undefined ? undefined : ms / 1000;
};

/** The last segment of an ARN (`.../queue/<id>` → id). */
export const idOfArn = (arn: unknown): string | undefined => {
  const s = str(arn);
  return s ? s.slice(s.lastIndexOf('/') + 1) : undefined;
};

/** Drops undefined members (and empty objects), so the response carries only what is known. */
function compact<T extends Json>(o: T): T | undefined {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? (out as T) : undefined;
}

/** Hierarchy groups `{LevelN: {<from>: arn}}` as `{LevelN: {<to>: arn}}` (the CTR spells it ARN, the API Arn). */
function hierarchyGroups(groups: Json, from: 'ARN' | 'Arn', to: 'ARN' | 'Arn'): Json | undefined {
  return compact(
    Object.fromEntries(
      [1, 2, 3, 4, 5].map((n) => {
        const g = groups[`Level${n}`];
        return [`Level${n}`, isObject(g) && str(g[from]) ? { [to]: str(g[from]) } : undefined];
      }),
    ),
  );
}

/** A time as the input gave it: ISO text, or an epoch number (DescribeContact's JSON timestamps); the views read either. */
const time = (v: unknown): string | number | undefined => str(v) ?? (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A member's shape in DescribeContact's `Contact` (the SDK's model): a leaf, a list of one shape, or an object of members. */
type Shape = 'string' | 'number' | 'boolean' | 'time' | { readonly list: Shape } | { readonly [member: string]: Shape };

const AUDIO_QUALITY: Shape = { QualityScore: 'number', PotentialQualityIssues: { list: 'string' } };

/**
 * Members of DescribeContact's `Contact` (API reference, *Contact*) that need no
 * renaming from a stored record: a DescribeContact response ingested as the contact
 * record keeps them as it gave them, and a CTR that carries a member of the same
 * name gives it too. Each is answered only in its documented shape (a value of
 * another type is left out, never passed on). Not here: what the CTR names otherwise
 * (Queue, Agent: the views map them) and members whose items hold shapes a CTR gives
 * differently (RoutingCriteria, Recordings, ContactEvaluations, ChatMetrics, ...).
 * Their names apart from their shapes: the contact-record Lambda stores a response's
 * members by name and never answers DescribeContact, so it bundles no shapes.
 */
const KEPT_MEMBER_NAMES = [
  'ContactAssociationId',
  'CustomerId',
  'LastPausedTimestamp',
  'LastResumedTimestamp',
  'RingStartTimestamp',
  'TotalPauseCount',
  'TotalPauseDurationInSeconds',
  'QueueTimeAdjustmentSeconds',
  'QueuePriority',
  'AnsweringMachineDetectionStatus',
  'Campaign',
  'CustomerVoiceActivity',
  'QualityMetrics',
  'DisconnectDetails',
  'WisdomInfo',
] as const;
type KeptMember = (typeof KEPT_MEMBER_NAMES)[number];

/** Each kept member's shape (the type holds these keys to the names above, no more and no fewer). */
const KEPT_MEMBERS: Readonly<Record<KeptMember, Shape>> = {
  ContactAssociationId: 'string',
  CustomerId: 'string',
  LastPausedTimestamp: 'time',
  LastResumedTimestamp: 'time',
  RingStartTimestamp: 'time',
  TotalPauseCount: 'number',
  TotalPauseDurationInSeconds: 'number',
  QueueTimeAdjustmentSeconds: 'number',
  QueuePriority: 'number',
  AnsweringMachineDetectionStatus: 'string',
  Campaign: { CampaignId: 'string' },
  CustomerVoiceActivity: { GreetingStartTimestamp: 'time', GreetingEndTimestamp: 'time' },
  QualityMetrics: { Agent: { Audio: AUDIO_QUALITY }, Customer: { Audio: AUDIO_QUALITY } },
  // "Information about the call disconnect experience" (the rules read its PotentialDisconnectIssue, context/contact-record.ts)
  DisconnectDetails: { PotentialDisconnectIssue: 'string' },
  // AWS (API reference, WisdomInfo): "SessionArn" and "AiAgents — The array of AI agents involved in the contact";
  // AiAgentInfo: AiAgentVersionId, AiUseCase, AiAgentEscalated. A CTR has none: the pipeline adds a response's (record-choice.ts withAiAgents)
  WisdomInfo: { SessionArn: 'string', AiAgents: { list: { AiAgentVersionId: 'string', AiUseCase: 'string', AiAgentEscalated: 'boolean' } } },
};

/** `v` in `shape`, times in epoch seconds; what does not fit is left out (an object or list with nothing left is too). */
function shaped(shape: Shape, v: unknown): unknown {
  if (shape === 'string') return str(v);
  if (shape === 'number') return num(v);
  if (shape === 'boolean') return typeof v === 'boolean' ? v : undefined;
  if (shape === 'time') return seconds(v);
  if (typeof shape.list === 'object' || typeof shape.list === 'string') {
    const items = Array.isArray(v) ? v.map((x) => shaped(shape.list as Shape, x)).filter((x) => x !== undefined) : [];
    return items.length > 0 ? items : undefined;
  }
  if (!isObject(v)) return undefined;
  return compact(Object.fromEntries(Object.entries(shape).map(([k, member]) => [k, shaped(member as Shape, v[k])])));
}

/** The kept members of a record (`KEPT_MEMBERS`) in their documented shapes, times in epoch seconds: what DescribeContact answers of them. */
const keptMembers = (record: Json): Json => Object.fromEntries(Object.entries(KEPT_MEMBERS).map(([k, shape]) => [k, shaped(shape, record[k])]));

/**
 * A DescribeContact `Contact` as the CTR-shaped record the store keeps and the views
 * read: a DescribeContact response ingested as a contact record (the pipeline's writer,
 * engine/pipeline/contact-join.ts) and the facts of contact events (given in that shape,
 * engine/ingest/contact-events.ts) are both stored or read through this one mapping.
 * AWS (API reference, Contact): "Contains information about a contact"; QueueInfo "If
 * this contact was queued, this contains information about the queue"; AgentInfo
 * "Information about the agent who accepted the contact". The members that need no
 * renaming are kept under their own names (`KEPT_MEMBERS`, WisdomInfo among them: the
 * AI-agent conditions read its AiAgents, context/contact-record.ts); members whose
 * items a CTR gives in other shapes (RoutingCriteria, Recordings, ...) are left out.
 */
export function recordOfDescribeContact(contact: Json): Json {
  const instanceArn = str(contact.Arn)?.replace(/\/contact\/[^/]+$/, '');
  // DescribeContact names queues and agents by id; the CTR by ARN (the views take either).
  const arn = (kind: string, id: unknown) => (str(id) && instanceArn ? `${instanceArn}/${kind}/${str(id)}` : str(id));
  const queue = isObject(contact.QueueInfo) ? contact.QueueInfo : undefined;
  const agent = isObject(contact.AgentInfo) ? contact.AgentInfo : undefined;
  const groups = agent && isObject(agent.HierarchyGroups) ? agent.HierarchyGroups : {};
  const levels = hierarchyGroups(groups, 'Arn', 'ARN');
  return compact({
    ContactId: str(contact.Id),
    InstanceARN: instanceArn,
    InitialContactId: str(contact.InitialContactId),
    PreviousContactId: str(contact.PreviousContactId),
    RelatedContactId: str(contact.RelatedContactId),
    Name: str(contact.Name),
    Description: str(contact.Description),
    Channel: str(contact.Channel),
    InitiationMethod: str(contact.InitiationMethod),
    InitiationTimestamp: time(contact.InitiationTimestamp),
    DisconnectTimestamp: time(contact.DisconnectTimestamp),
    LastUpdateTimestamp: time(contact.LastUpdateTimestamp),
    ScheduledTimestamp: time(contact.ScheduledTimestamp),
    ConnectedToSystemTimestamp: time(contact.ConnectedToSystemTimestamp),
    DisconnectReason: str(contact.DisconnectReason),
    CustomerEndpoint: isObject(contact.CustomerEndpoint) ? contact.CustomerEndpoint : undefined,
    SystemEndpoint: isObject(contact.SystemEndpoint) ? contact.SystemEndpoint : undefined,
    Queue: queue && compact({ ARN: arn('queue', queue.Id), EnqueueTimestamp: time(queue.EnqueueTimestamp) }),
    Agent:
      agent &&
      compact({
        ARN: arn('agent', agent.Id),
        ConnectedToAgentTimestamp: time(agent.ConnectedToAgentTimestamp),
        AgentPauseDuration: num(agent.AgentPauseDurationInSeconds),
        AfterContactWorkDuration: num(agent.AfterContactWorkDuration),
        AfterContactWorkStartTimestamp: time(agent.AfterContactWorkStartTimestamp),
        AfterContactWorkEndTimestamp: time(agent.AfterContactWorkEndTimestamp),
        HierarchyGroups: levels,
      }),
    Attributes: isObject(contact.Attributes) ? contact.Attributes : undefined,
    SegmentAttributes: isObject(contact.SegmentAttributes) ? contact.SegmentAttributes : undefined,
    Tags: isObject(contact.Tags) ? contact.Tags : undefined,
    // DescribeContact's own members as given: describeShape answers them in their documented shapes. The two the rules read
    // (context/contact-record.ts: PotentialDisconnectIssue, the AI agents) are kept whenever they are objects, so that the
    // rules' reader refuses a malformed member rather than never seeing it
    ...Object.fromEntries(KEPT_MEMBER_NAMES.map((k) => [k, contact[k] ?? undefined])),
    DisconnectDetails: isObject(contact.DisconnectDetails) ? contact.DisconnectDetails : undefined,
    WisdomInfo: isObject(contact.WisdomInfo) ? contact.WisdomInfo : undefined,
  }) ?? {};
}

/** A task contact a rule created (local back end, engine/actions/local/contacts.ts) as the CTR-shaped record the views read. */
export function recordOfTask(task: TaskContact): Json {
  return compact({
    ContactId: task.ContactId,
    Channel: task.Channel,
    InitiationMethod: task.InitiationMethod,
    Name: task.Name,
    Description: task.Description,
    // The contact the rule created it for: StartTaskContact's PreviousContactId, and DescribeContact's RelatedContactId.
    PreviousContactId: task.PreviousContactId,
    RelatedContactId: task.PreviousContactId,
    InitiationTimestamp: task.InitiationTimestamp,
    DisconnectTimestamp: task.DisconnectTimestamp,
    Attributes: task.Attributes,
  }) ?? {};
}

/** The facts of a CTR that searching and sorting read, computed once per contact. */
export interface ContactView {
  readonly id: string;
  readonly arn?: string;
  readonly channel?: string;
  readonly initiationMethod?: string;
  readonly queueId?: string;
  readonly agentId?: string;
  /** Hierarchy group ids by level (1-5). */
  readonly hierarchy: readonly (string | undefined)[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly segmentAttributes: Readonly<Record<string, unknown>>;
  /** Epoch ms of each SearchContacts timestamp type the CTR has. */
  readonly times: Readonly<Record<string, number | undefined>>;
  readonly record: Json;
}

export function viewOf(record: Json, contactId: string): ContactView {
  const queue = isObject(record.Queue) ? record.Queue : {};
  const agent = isObject(record.Agent) ? record.Agent : {};
  const groups = isObject(agent.HierarchyGroups) ? agent.HierarchyGroups : {};
  const attributes: Record<string, string> = {};
  if (isObject(record.Attributes)) for (const [k, v] of Object.entries(record.Attributes)) if (typeof v === 'string') attributes[k] = v;
  const instanceArn = str(record.InstanceARN);
  return {
    id: str(record.ContactId) ?? contactId,
    ...(instanceArn ? { arn: `${instanceArn}/contact/${str(record.ContactId) ?? contactId}` } : {}),
    ...(str(record.Channel) ? { channel: str(record.Channel) } : {}),
    ...(str(record.InitiationMethod) ? { initiationMethod: str(record.InitiationMethod) } : {}),
    ...(idOfArn(queue.ARN) ? { queueId: idOfArn(queue.ARN) } : {}),
    ...(idOfArn(agent.ARN) ? { agentId: idOfArn(agent.ARN) } : {}),
    hierarchy: [1, 2, 3, 4, 5].map((n) => {
      const g = groups[`Level${n}`];
      return isObject(g) ? idOfArn(g.ARN) : undefined;
    }),
    attributes,
    segmentAttributes: isObject(record.SegmentAttributes) ? record.SegmentAttributes : {},
    times: {
      INITIATION_TIMESTAMP: instantMillis(record.InitiationTimestamp),
      DISCONNECT_TIMESTAMP: instantMillis(record.DisconnectTimestamp),
      CONNECTED_TO_AGENT_TIMESTAMP: instantMillis(agent.ConnectedToAgentTimestamp),
      ENQUEUE_TIMESTAMP: instantMillis(queue.EnqueueTimestamp),
      SCHEDULED_TIMESTAMP: instantMillis(record.ScheduledTimestamp),
    },
    record,
  };
}

function segmentAttributesOf(record: Json): Json | undefined {
  if (!isObject(record.SegmentAttributes)) return undefined;
  return Object.keys(record.SegmentAttributes).length > 0 ? record.SegmentAttributes : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length > 0 ? out : undefined;
}

function endpoint(v: unknown): Json | undefined {
  return isObject(v) ? compact({ Type: str(v.Type), Address: str(v.Address) }) : undefined;
}

/** DescribeContact's `Contact` of a CTR-shaped record (a CTR, contact events, a task a rule created). */
export function describeShape(view: ContactView): Json {
  const r = view.record;
  const queue = isObject(r.Queue) ? r.Queue : {};
  const agent = isObject(r.Agent) ? r.Agent : {};
  const groups = isObject(agent.HierarchyGroups) ? agent.HierarchyGroups : {};
  const hierarchy = hierarchyGroups(groups, 'ARN', 'Arn');
  return compact({
    Arn: view.arn,
    Id: view.id,
    InitialContactId: str(r.InitialContactId),
    PreviousContactId: str(r.PreviousContactId),
    RelatedContactId: str(r.RelatedContactId),
    InitiationMethod: view.initiationMethod,
    Name: str(r.Name),
    Description: str(r.Description),
    Channel: view.channel,
    QueueInfo: compact({ Id: view.queueId, EnqueueTimestamp: seconds(queue.EnqueueTimestamp) }),
    AgentInfo: compact({
      Id: view.agentId,
      ConnectedToAgentTimestamp: seconds(agent.ConnectedToAgentTimestamp),
      AgentPauseDurationInSeconds: typeof agent.AgentPauseDuration === 'number' ? agent.AgentPauseDuration : undefined,
      HierarchyGroups: hierarchy,
      AfterContactWorkDuration: typeof agent.AfterContactWorkDuration === 'number' ? agent.AfterContactWorkDuration : undefined,
      AfterContactWorkStartTimestamp: seconds(agent.AfterContactWorkStartTimestamp),
      AfterContactWorkEndTimestamp: seconds(agent.AfterContactWorkEndTimestamp),
    }),
    InitiationTimestamp: seconds(r.InitiationTimestamp),
    DisconnectTimestamp: seconds(r.DisconnectTimestamp),
    LastUpdateTimestamp: seconds(r.LastUpdateTimestamp),
    ScheduledTimestamp: seconds(r.ScheduledTimestamp),
    ConnectedToSystemTimestamp: seconds(r.ConnectedToSystemTimestamp),
    CustomerEndpoint: endpoint(r.CustomerEndpoint),
    SystemEndpoint: endpoint(r.SystemEndpoint),
    Tags: stringMap(r.Tags),
    SegmentAttributes: segmentAttributesOf(r),
    DisconnectReason: str(r.DisconnectReason),
    Attributes: stringMap(r.Attributes),
    ...keptMembers(r),
  })!;
}

/** SearchContacts' `ContactSearchSummary` of a CTR. */
export function summaryShape(view: ContactView): Json {
  const r = view.record;
  return compact({
    Arn: view.arn,
    Id: view.id,
    InitialContactId: str(r.InitialContactId),
    PreviousContactId: str(r.PreviousContactId),
    InitiationMethod: view.initiationMethod,
    Channel: view.channel,
    Name: str(r.Name),
    QueueInfo: compact({ Id: view.queueId, EnqueueTimestamp: seconds(isObject(r.Queue) ? r.Queue.EnqueueTimestamp : undefined) }),
    AgentInfo: compact({ Id: view.agentId, ConnectedToAgentTimestamp: seconds(isObject(r.Agent) ? r.Agent.ConnectedToAgentTimestamp : undefined) }),
    InitiationTimestamp: seconds(r.InitiationTimestamp),
    DisconnectTimestamp: seconds(r.DisconnectTimestamp),
    ScheduledTimestamp: seconds(r.ScheduledTimestamp),
    SegmentAttributes: segmentAttributesOf(r),
    Tags: stringMap(r.Tags),
  })!;
}
