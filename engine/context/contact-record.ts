/**
 * The contact record of a contact, from either of the two forms a user has at hand:
 *
 * - a contact trace record (CTR) as Amazon Connect streams it to Kinesis
 *   (`ContactId`, `Agent {ARN, RoutingProfile {ARN}, HierarchyGroups {LevelN {ARN}},
 *   durations in whole seconds}`, `Queue {ARN}`, `Attributes`, `SegmentAttributes`, ...);
 * - a `DescribeContact` response (`{"Contact": {Id, AgentInfo {Id, HierarchyGroups
 *   {LevelN {Arn}}}, QueueInfo {Id}, ...}}`), or its inner `Contact` object.
 *
 * Both become one `ContactFacts`. Every member is optional: a missing one stays
 * missing (never zero). DescribeContact has no routing profile, agent interaction
 * duration, customer hold duration, longest hold or number of holds; those stay
 * missing (its `AgentInitiatedHoldDuration` counts only holds the agent started, so
 * it is not used as the customer hold duration).
 *
 * The AI agents of a contact come only from DescribeContact (`Contact.WisdomInfo.AiAgents`,
 * AWS's AiAgentInfo); the contact record's data model has none, so a CTR read alone (`eval`
 * given only a CTR) has none. The pipeline keeps a response's AI agents beside the contact's
 * record (`RECORD#AI_AGENTS`) and hands them with whichever record speaks for the contact,
 * a CTR included, as its `WisdomInfo` (pipeline/state/record-choice.ts `withAiAgents`).
 */
import { compact, idFromArn, instanceIdFromArn, isObject, nonEmpty, Reader, type JsonObject } from './json.ts';
import { assemble, defer } from './lazy.ts';
import { InputFormatError } from './errors.ts';
import type { AgentFacts, AiAgentEntry, ContactBody } from './types.ts';

export interface ContactFacts {
  readonly format: 'ctr' | 'describe-contact';
  readonly ContactId?: string;
  readonly InstanceId?: string;
  /** `arn:aws:connect:<region>:<account>:instance/<id>`: where the contact lives. */
  readonly InstanceArn?: string;
  readonly Channel?: string;
  readonly InitiationMethod?: string;
  readonly DisconnectReason?: string;
  readonly PotentialDisconnectIssue?: string;
  /** ISO-8601 (normalised from whatever the input used), for display; computations read the `…Millis`. */
  readonly InitiationTimestamp?: string;
  readonly DisconnectTimestamp?: string;
  /** The same instants as epoch milliseconds. */
  readonly InitiationMillis?: number;
  readonly DisconnectMillis?: number;
  /** User-defined contact attributes. */
  readonly Attributes: { readonly [key: string]: string };
  /** Segment attributes with a `ValueString`, by key. */
  readonly SegmentAttributes: { readonly [key: string]: string };
  readonly Queue?: { readonly Id?: string; readonly Arn?: string; readonly Name?: string };
  readonly Agent?: {
    readonly Id?: string;
    readonly Arn?: string;
    readonly Username?: string;
    readonly RoutingProfileArn?: string;
    /** ARNs of hierarchy levels 1 to 5 that exist, in level order. */
    readonly HierarchyGroupArns: readonly string[];
    readonly AfterContactWorkDurationSecs?: number;
    readonly AgentInteractionDurationSecs?: number;
    readonly CustomerHoldDurationSecs?: number;
    readonly LongestHoldDurationSecs?: number;
    readonly NumberOfHolds?: number;
  };
  /** The AI agents involved in the contact (DescribeContact only), as `AiAgent` conditions read them. */
  readonly AiAgents?: readonly AiAgentEntry[];
}

/** The instance ARN at the start of an instance, contact or other instance-scoped ARN. */
function instanceArnOf(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^arn:[^:]+:connect:[^:]*:[^:]*:instance\/[^/]+/.exec(arn)?.[0];
}

const LEVELS = ['Level1', 'Level2', 'Level3', 'Level4', 'Level5'] as const;

const isoText = (ms: number): string => new Date(ms).toISOString();

/** The ISO-8601 text of an instant, computed on first read (few readers need it; `toISOString` is not cheap). */
function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : defer(isoText, ms);
}

/** The record's instants (read in this order, at `base`/…): epoch ms, and their ISO text made on first read. */
function instants(r: Reader, c: JsonObject, base: string) {
  const InitiationMillis = r.instant(c.InitiationTimestamp, `${base}/InitiationTimestamp`);
  const DisconnectMillis = r.instant(c.DisconnectTimestamp, `${base}/DisconnectTimestamp`);
  r.notBefore(DisconnectMillis, c.DisconnectTimestamp, `${base}/DisconnectTimestamp`, InitiationMillis, 'InitiationTimestamp');
  // not read by rules, but the pipeline keeps the newest record by it (state/record-choice.ts)
  r.notBefore(r.instant(c.LastUpdateTimestamp, `${base}/LastUpdateTimestamp`), c.LastUpdateTimestamp, `${base}/LastUpdateTimestamp`, InitiationMillis, 'InitiationTimestamp');
  return { InitiationTimestamp: iso(InitiationMillis), DisconnectTimestamp: iso(DisconnectMillis), InitiationMillis, DisconnectMillis };
}

function segmentStrings(r: Reader, v: unknown, pointer: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = r.object(v, pointer);
  for (const key in map) {
    const entry = r.objectAt(map[key], pointer, key);
    const s = r.stringAt(entry?.ValueString, pointer, key, 'ValueString');
    if (s !== undefined) out[key] = s;
  }
  return out;
}

function hierarchy(r: Reader, v: unknown, pointer: string, arnKey: 'ARN' | 'Arn'): string[] {
  const groups = r.object(v, pointer);
  const arns: string[] = [];
  for (const level of LEVELS) {
    const group = r.objectAt(groups?.[level], pointer, level);
    // accept either spelling: exports and SDK conversions are not consistent
    const given = group?.[arnKey] ?? group?.[arnKey === 'ARN' ? 'Arn' : 'ARN'];
    const arn = r.stringAt(given, pointer, level, arnKey);
    if (arn) arns.push(arn);
  }
  return arns;
}

/**
 * DescribeContact's `WisdomInfo.AiAgents` as `AiAgent` conditions read them. AWS (API
 * reference, AiAgentInfo): "AiAgentVersionId — The unique identifier that specifies both
 * the AI agent ID and its version number that was involved in the contact", "AiUseCase —
 * Valid Values: AgentAssistance | SelfService", "AiAgentEscalated — A boolean flag
 * indicating whether the contact initially handled by this AI agent was escalated to a
 * human agent". The id with version is `<id>:<version>`, the form a rule's operands take;
 * an entry without an id or a use case cannot satisfy any condition and is left out.
 */
function aiAgents(r: Reader, v: unknown, pointer: string): AiAgentEntry[] | undefined {
  const list = r.array(v, pointer);
  if (!list) return undefined;
  const out: AiAgentEntry[] = [];
  list.forEach((item, i) => {
    const entry = r.objectAt(item, pointer, i);
    const idWithVersion = r.stringAt(entry?.AiAgentVersionId, pointer, i, 'AiAgentVersionId');
    const useCase = r.stringAt(entry?.AiUseCase, pointer, i, 'AiUseCase');
    const escalated = entry?.AiAgentEscalated;
    if (escalated !== undefined && escalated !== null && typeof escalated !== 'boolean') {
      r.fail(`${pointer}/${i}/AiAgentEscalated`, `expected a boolean, got ${JSON.stringify(escalated)}`);
    }
    if (!idWithVersion || !useCase) return;
    // AWS's AI-agent identifiers are `<id>[:<version>]` or an ARN ending `ai-agent/<assistant>/<id>[:<version>]`;
    // a rule's operands name the id, so an ARN is read by its last segment
    const own = idWithVersion.startsWith('arn:') ? idWithVersion.slice(idWithVersion.lastIndexOf('/') + 1) : idWithVersion;
    const colon = own.lastIndexOf(':');
    out.push(
      compact({
        Id: colon > 0 ? own.slice(0, colon) : own,
        Version: colon > 0 ? own.slice(colon + 1) : undefined,
        UseCase: useCase,
        EscalatedToHuman: typeof escalated === 'boolean' ? escalated : undefined,
      }) as AiAgentEntry,
    );
  });
  return out.length > 0 ? out : undefined;
}

function fromCtr(r: Reader, c: JsonObject): ContactFacts {
  const queue = r.object(c.Queue, '/Queue');
  const agent = r.object(c.Agent, '/Agent');
  const disconnect = r.object(c.DisconnectDetails, '/DisconnectDetails');
  let agentFacts: ContactFacts['Agent'];
  if (agent) {
    const arn = r.string(agent.ARN, '/Agent/ARN');
    const profile = r.object(agent.RoutingProfile, '/Agent/RoutingProfile');
    agentFacts = compact({
      Id: idFromArn(arn),
      Arn: arn,
      Username: r.string(agent.Username, '/Agent/Username'),
      RoutingProfileArn: r.string(profile?.ARN, '/Agent/RoutingProfile/ARN'),
      HierarchyGroupArns: hierarchy(r, agent.HierarchyGroups, '/Agent/HierarchyGroups', 'ARN'),
      AfterContactWorkDurationSecs: r.number(agent.AfterContactWorkDuration, '/Agent/AfterContactWorkDuration'),
      AgentInteractionDurationSecs: r.number(agent.AgentInteractionDuration, '/Agent/AgentInteractionDuration'),
      CustomerHoldDurationSecs: r.number(agent.CustomerHoldDuration, '/Agent/CustomerHoldDuration'),
      LongestHoldDurationSecs: r.number(agent.LongestHoldDuration, '/Agent/LongestHoldDuration'),
      NumberOfHolds: r.number(agent.NumberOfHolds, '/Agent/NumberOfHolds'),
    });
  }
  const queueArn = r.string(queue?.ARN, '/Queue/ARN');
  return assemble({
    format: 'ctr' as const,
    ContactId: r.string(c.ContactId, '/ContactId'),
    InstanceId: instanceIdFromArn(r.string(c.InstanceARN, '/InstanceARN')),
    InstanceArn: instanceArnOf(r.string(c.InstanceARN, '/InstanceARN')),
    Channel: r.string(c.Channel, '/Channel'),
    InitiationMethod: r.string(c.InitiationMethod, '/InitiationMethod'),
    DisconnectReason: r.string(c.DisconnectReason, '/DisconnectReason'),
    PotentialDisconnectIssue: r.string(disconnect?.PotentialDisconnectIssue, '/DisconnectDetails/PotentialDisconnectIssue'),
    ...instants(r, c, ''),
    Attributes: r.stringMap(c.Attributes, '/Attributes') ?? {},
    SegmentAttributes: segmentStrings(r, c.SegmentAttributes, '/SegmentAttributes'),
    Queue: queue ? compact({ Id: idFromArn(queueArn), Arn: queueArn, Name: r.string(queue.Name, '/Queue/Name') }) : undefined,
    Agent: agentFacts,
    // a DescribeContact response stored in the CTR's shape (contacts/model.ts) keeps its WisdomInfo
    AiAgents: aiAgents(r, r.object(c.WisdomInfo, '/WisdomInfo')?.AiAgents, '/WisdomInfo/AiAgents'),
  });
}

function fromDescribeContact(r: Reader, c: JsonObject, base: string): ContactFacts {
  const p = (key: string) => `${base}/${key}`;
  const queue = r.object(c.QueueInfo, p('QueueInfo'));
  const agent = r.object(c.AgentInfo, p('AgentInfo'));
  const disconnect = r.object(c.DisconnectDetails, p('DisconnectDetails'));
  const contactArn = r.string(c.Arn, p('Arn'));
  return assemble({
    format: 'describe-contact' as const,
    ContactId: r.string(c.Id, p('Id')),
    InstanceId: instanceIdFromArn(contactArn),
    InstanceArn: instanceArnOf(contactArn),
    Channel: r.string(c.Channel, p('Channel')),
    InitiationMethod: r.string(c.InitiationMethod, p('InitiationMethod')),
    DisconnectReason: r.string(c.DisconnectReason, p('DisconnectReason')),
    PotentialDisconnectIssue: r.string(disconnect?.PotentialDisconnectIssue, p('DisconnectDetails/PotentialDisconnectIssue')),
    ...instants(r, c, base),
    Attributes: r.stringMap(c.Attributes, p('Attributes')) ?? {},
    SegmentAttributes: segmentStrings(r, c.SegmentAttributes, p('SegmentAttributes')),
    Queue: queue ? compact({ Id: r.string(queue.Id, p('QueueInfo/Id')) }) : undefined,
    Agent: agent
      ? compact({
          Id: r.string(agent.Id, p('AgentInfo/Id')),
          HierarchyGroupArns: hierarchy(r, agent.HierarchyGroups, p('AgentInfo/HierarchyGroups'), 'Arn'),
          AfterContactWorkDurationSecs: r.number(agent.AfterContactWorkDuration, p('AgentInfo/AfterContactWorkDuration')),
        })
      : undefined,
    AiAgents: aiAgents(r, r.object(c.WisdomInfo, p('WisdomInfo'))?.AiAgents, p('WisdomInfo/AiAgents')),
  });
}

/** Whether `v` looks like a contact record (CTR or DescribeContact). */
export function isContactRecord(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isObject(v.Contact)) return true;
  return typeof v.ContactId === 'string' || (typeof v.Id === 'string' && ('AgentInfo' in v || 'QueueInfo' in v || 'InitiationMethod' in v));
}

/** Whether `normaliseContactRecord` reads `input` as a contact trace record (CTR), not a DescribeContact response. */
export function readsAsCtr(input: unknown): boolean {
  return isObject(input) && input.Contact == null && (typeof input.ContactId === 'string' || 'Agent' in input || 'Queue' in input);
}

/**
 * Normalises a CTR, a DescribeContact response or its `Contact` object.
 * `file` labels error messages. Throws InputFormatError when `input` is neither.
 * The timestamps' ISO text is made on first read (lazy.ts).
 */
export function normaliseContactRecord(input: unknown, file = 'contact'): ContactFacts {
  const r: Reader = new Reader(file);
  if (!isObject(input)) r.fail('', `expected a contact record (CTR or DescribeContact response), got ${Array.isArray(input) ? 'an array' : typeof input}`);
  if (isObject(input.Contact)) return fromDescribeContact(r, input.Contact, '/Contact');
  if ('Contact' in input && input.Contact !== undefined) r.object(input.Contact, '/Contact');
  if (readsAsCtr(input)) return fromCtr(r, input);
  if (typeof input.Id === 'string') return fromDescribeContact(r, input, '');
  throw new InputFormatError(
    file,
    '',
    'not a contact record: expected a contact trace record (with ContactId) or a DescribeContact response (with Contact)',
  );
}

/**
 * Normalised contact records by the parsed record they came from, for a caller whose
 * record several readers normalise (a backtest's contact: the join, the report's day and
 * queue, the trigger event): each record object is normalised once. Only for records
 * nobody changes after parsing. A failure is not kept: each reader gets its own error,
 * under its own label (the facts themselves do not depend on the label).
 */
export class ContactFactsCache {
  private readonly facts = new WeakMap<object, ContactFacts>();

  of(input: unknown, file?: string): ContactFacts {
    if (!isObject(input)) return normaliseContactRecord(input, file);
    let facts = this.facts.get(input);
    if (!facts) this.facts.set(input, (facts = normaliseContactRecord(input, file)));
    return facts;
  }
}

/** 100 × a / b when both are known and b > 0. */
export function percent(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b <= 0 ? undefined : (100 * a) / b;
}

/**
 * `Agent.CustomerHoldDurationPct` = 100 × hold / (interaction + hold), so never above
 * 100. AWS (admin guide, build-rules-for-contact-lens, "Customer hold time percentage"):
 * "hold time as a percentage of the total time the customer was connected with the agent
 * (customer hold time divided by agent interaction duration and customer hold time)".
 */
export function holdPercent(hold: number | undefined, interaction: number | undefined): number | undefined {
  return hold === undefined || interaction === undefined ? undefined : percent(hold, interaction + hold);
}

/** The members of a canonical body that only the contact record gives (`contactBody`). */
export const CONTACT_MEMBERS: readonly string[] = [
  'InitiationMethod',
  'DisconnectReason',
  'PotentialDisconnectIssue',
  'Agent',
  'Queue',
  'ContactAttribute',
  'SegmentAttributes',
  'AiAgent',
];

/**
 * The contact members of a canonical body (docs/canonical-events.md), from the
 * facts. `Agent.CustomerHoldDurationPct`: see `holdPercent`. `nonTalkTimePct` (an
 * analysis file's) is the agent's last member when the contact has an agent: set on the
 * body's own new agent, not spread onto a copy (the spread cost ~10 µs an event on Node 20).
 */
export function contactBody(facts: ContactFacts | undefined, nonTalkTimePct?: number): ContactBody {
  if (!facts) return {};
  const agent = facts.Agent;
  const agentBody: AgentFacts | undefined = agent
    ? nonEmpty({
        AgentId: agent.Id,
        // the facts' own list and maps, not copies: they are built per event and never changed
        HierarchyGroup: agent.HierarchyGroupArns.length > 0 ? { ARN: agent.HierarchyGroupArns } : undefined,
        RoutingProfile: agent.RoutingProfileArn,
        AfterContactWorkDurationSecs: agent.AfterContactWorkDurationSecs,
        AgentInteractionDurationSecs: agent.AgentInteractionDurationSecs,
        CustomerHoldDurationSecs: agent.CustomerHoldDurationSecs,
        LongestHoldDurationSecs: agent.LongestHoldDurationSecs,
        NumberOfHolds: agent.NumberOfHolds,
        CustomerHoldDurationPct: holdPercent(agent.CustomerHoldDurationSecs, agent.AgentInteractionDurationSecs),
      })
    : undefined;
  // (a new object: nonEmpty of a literal made here)
  if (agentBody !== undefined && nonTalkTimePct !== undefined) (agentBody as { NonTalkTimePct?: number }).NonTalkTimePct = nonTalkTimePct;
  return compact({
    ContactId: facts.ContactId,
    InitiationMethod: facts.InitiationMethod,
    DisconnectReason: facts.DisconnectReason,
    PotentialDisconnectIssue: facts.PotentialDisconnectIssue,
    Agent: agentBody,
    Queue: facts.Queue?.Id !== undefined ? { QueueId: facts.Queue.Id } : undefined,
    ContactAttribute: Object.keys(facts.Attributes).length > 0 ? facts.Attributes : undefined,
    SegmentAttributes: Object.keys(facts.SegmentAttributes).length > 0 ? { UserDefined: facts.SegmentAttributes } : undefined,
    AiAgent: facts.AiAgents,
  });
}
