/**
 * Amazon Connect contact events (EventBridge `aws.connect`, detail-type `Amazon
 * Connect Contact Event`) → what they tell about a contact
 * while it is still going on: queue, agent and hierarchy, initiation method,
 * disconnect reason, the timestamps, segment attributes, tags. The contact trace record only comes
 * after the contact, so these are what a real-time rule on `Queue.QueueId` or
 * `Agent.AgentId` sees; once the CTR is stored it wins.
 *
 * The facts are given in the shape of a DescribeContact response, so the existing
 * normaliser (engine/context `normaliseContactRecord`) reads them. Real events use
 * lowerCamelCase keys; the PascalCase of some doc samples is accepted too.
 */
import { compact, describe, EARLIEST_INSTANT_MS, idFromArn, isObject, LATEST_INSTANT_MS, type JsonObject } from '../context/json.ts';
import { instantMillis, opt, struct, type Problem, type Segment, type Spec } from '../schema/check.ts';
import { BadInputError } from './errors.ts';
import { readMembers } from './members.ts';

export const CONTACT_EVENT_DETAIL_TYPE = 'Amazon Connect Contact Event';

export const isContactEvent = (event: JsonObject): boolean =>
  event.source === 'aws.connect' && event['detail-type'] === CONTACT_EVENT_DETAIL_TYPE;

/** Reads `key` in camelCase or PascalCase. */
function get(o: JsonObject | undefined, key: string): unknown {
  if (!o) return undefined;
  return o[key] ?? o[key[0]!.toUpperCase() + key.slice(1)];
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A contact's date-time: ISO-8601 text of a day its month has, from 2000 to 9999 (worded as the event's `time`: `dateWords`). */
const CONTACT_INSTANT: Spec = { kind: 'string', format: { name: 'an ISO-8601 date-time from 2000 to 9999', test: isContactInstant } };

// The members read below, by their camelCase names; `camelView` puts the PascalCase
// spelling in their place when only that one is set, and `spelled` points at it.
// Made by one call marked pure, so that a bundle importing this module only for
// `isContactEvent` (every EventBridge function, through eventbridge.ts) drops it: esbuild
// keeps a top-level call it cannot prove pure, and all it names.
const DETAIL = /* @__PURE__ */ contactEventDetailSpec();

/** A date-time refused in `detail`: of the wrong form, or (as the event's `time`, `eventTime`) of no year a contact can have. */
const dateWords = (problem: Problem): string | undefined => {
  if (problem.spec !== CONTACT_INSTANT) return undefined;
  const form = typeof problem.received === 'string' && instantMillis(problem.received) !== undefined;
  // worded as the same problem at /time (`eventTime`): one sentence per problem, wherever it is
  return `expected a date-time${form ? ' from 2000 to 9999' : ''}, got ${describe(problem.received)}`;
};

function contactEventDetailSpec(): Spec {
  const STRING: Spec = { kind: 'string' };
  const OBJECT: Spec = { kind: 'map', value: { kind: 'any' } };
  const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, opt(STRING)]));
  // The times are ISO-8601 text (the CTR reader, engine/context/contact-record.ts, also takes epoch numbers):
  // one that is no date-time, or none a contact can have (outside 2000–9999, as the event's `time`
  // and a contact record's instants), is refused here, located, and never reaches DescribeContact or
  // the ByInstance key (engine/pipeline/state/contact-records.ts), which would sort it by its last update.
  const instants = (...names: string[]) => Object.fromEntries(names.map((n) => [n, opt(CONTACT_INSTANT)]));
  const LEVEL = struct({ arn: opt(STRING) });
  return struct({
    ...strings('contactId', 'initialContactId', 'instanceArn', 'eventType', 'channel', 'initiationMethod', 'disconnectReason'),
    ...instants('initiationTimestamp', 'disconnectTimestamp', 'connectedToSystemTimestamp'),
    queueInfo: opt(struct({ ...strings('queueArn'), ...instants('enqueueTimestamp') })),
    agentInfo: opt(
      struct({
        ...strings('agentArn'),
        ...instants('connectedToAgentTimestamp'),
        hierarchyGroups: opt(struct(Object.fromEntries([1, 2, 3, 4, 5].map((l) => [`level${l}`, opt(LEVEL)])))),
        afterContactWorkDuration: opt({ kind: 'number' }),
      }),
    ),
    segmentAttributes: opt(OBJECT),
    tags: opt(OBJECT),
  });
}

/** Whether `s` is a date-time (its day in its month) from 2000 to 9999. */
function isContactInstant(s: string): boolean {
  const ms = instantMillis(s);
  return ms !== undefined && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/** The members `spec` names, each read as `get` reads it, nested structs likewise. */
function camelView(spec: Spec, v: unknown): unknown {
  if (spec.kind !== 'struct' || !isObject(v)) return v;
  return Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, camelView(field.spec, get(v, name))]));
}

/** A problem's path with each member spelled as the event spells it. */
function spelled(root: unknown, path: readonly Segment[]): Segment[] {
  let o = root;
  return path.map((seg) => {
    if (typeof seg !== 'string' || !isObject(o)) return seg;
    const name = o[seg] === undefined || o[seg] === null ? seg[0]!.toUpperCase() + seg.slice(1) : seg;
    const actual = name in o ? name : seg;
    o = o[actual];
    return actual;
  });
}

export interface ContactEventFacts {
  readonly contactId: string;
  readonly instanceArn?: string;
  readonly eventType?: string;
  /** Epoch ms of the event (its `time`), to merge events arriving out of order. */
  readonly at: number;
  /** A DescribeContact-shaped `Contact` object (only the members the event has). */
  readonly contact: JsonObject;
}

/** The members DETAIL names, as checked: camelCase, each of its type when present. */
type Detail = {
  readonly contactId?: string;
  readonly initialContactId?: string;
  readonly instanceArn?: string;
  readonly eventType?: string;
  readonly channel?: string;
  readonly initiationMethod?: string;
  readonly disconnectReason?: string;
  readonly initiationTimestamp?: string;
  readonly disconnectTimestamp?: string;
  readonly connectedToSystemTimestamp?: string;
  readonly queueInfo?: { readonly queueArn?: string; readonly enqueueTimestamp?: string };
  readonly agentInfo?: {
    readonly agentArn?: string;
    readonly connectedToAgentTimestamp?: string;
    readonly hierarchyGroups?: Readonly<Record<string, { readonly arn?: string } | undefined>>;
    readonly afterContactWorkDuration?: number;
  };
  readonly segmentAttributes?: JsonObject;
  readonly tags?: JsonObject;
};

/** The contact facts of one contact event. Throws BadInputError when it has no contact id or a member read below has the wrong type. */
export function contactEventFacts(event: JsonObject, label: string): ContactEventFacts {
  // Checked once, then read from the checked copy (camelCase whichever spelling the event used).
  const detail = isObject(event.detail) ? readMembers<Detail>(DETAIL, camelView(DETAIL, event.detail), ['detail'], label, { locate: (path) => spelled(event, path), word: dateWords }) : undefined;
  const contactId = str(detail?.contactId);
  if (!detail || !contactId) throw new BadInputError('invalid-payload', `${label}: a contact event without detail.contactId`, '/detail/contactId');
  const resources = Array.isArray(event.resources) ? event.resources.filter((r): r is string => typeof r === 'string') : [];
  const instanceArn = str(detail.instanceArn) ?? resources.find((r) => /:instance\/[^/]+$/.test(r));
  const { queueInfo: queue, agentInfo: agent } = detail;
  const hierarchy: JsonObject = {};
  for (let level = 1; level <= 5; level++) {
    const arn = str(agent?.hierarchyGroups?.[`level${level}`]?.arn);
    if (arn) hierarchy[`Level${level}`] = { Arn: arn };
  }
  const agentId = idFromArn(str(agent?.agentArn));
  const queueArn = str(queue?.queueArn);
  const contact = compact({
    Id: contactId,
    Arn: instanceArn ? `${instanceArn}/contact/${contactId}` : undefined,
    // a transferred contact's first contact: what GetContactAttributes is asked by (pipeline/segments.ts)
    InitialContactId: str(detail.initialContactId),
    Channel: str(detail.channel),
    InitiationMethod: str(detail.initiationMethod),
    DisconnectReason: str(detail.disconnectReason),
    InitiationTimestamp: str(detail.initiationTimestamp),
    DisconnectTimestamp: str(detail.disconnectTimestamp),
    ConnectedToSystemTimestamp: str(detail.connectedToSystemTimestamp),
    QueueInfo: queueArn ? compact({ Id: idFromArn(queueArn), EnqueueTimestamp: str(queue?.enqueueTimestamp) }) : undefined,
    AgentInfo: agentId
      ? compact({
          Id: agentId,
          ConnectedToAgentTimestamp: str(agent?.connectedToAgentTimestamp),
          HierarchyGroups: Object.keys(hierarchy).length > 0 ? hierarchy : undefined,
          AfterContactWorkDuration: agent?.afterContactWorkDuration,
        })
      : undefined,
    SegmentAttributes: detail.segmentAttributes,
    Tags: detail.tags,
  });
  return compact({ contactId, instanceArn, eventType: str(detail.eventType), at: eventTime(event.time, label), contact });
}

/**
 * The event's `time`, epoch ms: what orders a contact's events and decides whether they
 * speak for it over a stored DescribeContact response (pipeline/state/record-choice.ts
 * `chooseContactRecord`). The envelope checked its form (envelopes.ts); a date that is
 * none (`2025-13-01T00:00Z`) or one no contact can have (outside 2000–9999, as a contact
 * record's instants: context/contact-record.ts) is a located problem of the event, not a
 * time read as unknown or as newer than any response.
 */
function eventTime(time: unknown, label: string): number {
  // instantMillis: a day its month lacks (`2025-02-30`) is none, not the day Date.parse rolls over to
  const ms = typeof time === 'string' ? (instantMillis(time) ?? Number.NaN) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadInputError('invalid-payload', `${label}: expected a date-time, got ${describe(time)} (at /time)`, '/time');
  if (ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS) {
    throw new BadInputError('invalid-payload', `${label}: expected a date-time from 2000 to 9999, got ${describe(time)} (at /time)`, '/time');
  }
  return ms;
}

/**
 * Merges the facts of a contact event into what earlier events told: members of the
 * newer of the two win, the older one only fills members the newer lacks.
 */
export function mergeContactFacts(stored: { contact: JsonObject; at: number } | undefined, incoming: ContactEventFacts): { contact: JsonObject; at: number } {
  if (!stored) return { contact: incoming.contact, at: incoming.at };
  const [newer, older] = incoming.at >= stored.at ? [incoming.contact, stored.contact] : [stored.contact, incoming.contact];
  return { contact: { ...older, ...newer }, at: Math.max(stored.at, incoming.at) };
}
