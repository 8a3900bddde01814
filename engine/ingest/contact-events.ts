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
import { compact, idFromArn, isObject, type JsonObject } from '../context/json.ts';
import { opt, struct, type Segment, type Spec } from '../schema/check.ts';
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
const obj = (v: unknown): JsonObject | undefined => (isObject(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// The members read below, by their camelCase names; `camelView` puts the PascalCase
// spelling in their place when only that one is set, and `spelled` points at it.
const STRING: Spec = { kind: 'string' };
const OBJECT: Spec = { kind: 'map', value: { kind: 'any' } };
const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, opt(STRING)]));
const LEVEL = struct({ arn: opt(STRING) });
const DETAIL = struct({
  ...strings('contactId', 'instanceArn', 'eventType', 'channel', 'initiationMethod', 'disconnectReason', 'initiationTimestamp', 'disconnectTimestamp', 'connectedToSystemTimestamp'),
  queueInfo: opt(struct(strings('queueArn', 'enqueueTimestamp'))),
  agentInfo: opt(
    struct({
      ...strings('agentArn', 'connectedToAgentTimestamp'),
      hierarchyGroups: opt(struct(Object.fromEntries([1, 2, 3, 4, 5].map((l) => [`level${l}`, opt(LEVEL)])))),
      afterContactWorkDuration: opt({ kind: 'number' }),
    }),
  ),
  segmentAttributes: opt(OBJECT),
  tags: opt(OBJECT),
});

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

/** The contact facts of one contact event. Throws BadInputError when it has no contact id or a member read below has the wrong type. */
export function contactEventFacts(event: JsonObject, label: string): ContactEventFacts {
  const detail = obj(event.detail);
  if (detail) readMembers(DETAIL, camelView(DETAIL, detail), ['detail'], label, { locate: (path) => spelled(event, path) });
  const contactId = str(get(detail, 'contactId'));
  if (!detail || !contactId) throw new BadInputError('invalid-payload', `${label}: a contact event without detail.contactId`, '/detail/contactId');
  const resources = Array.isArray(event.resources) ? event.resources.filter((r): r is string => typeof r === 'string') : [];
  const instanceArn = str(get(detail, 'instanceArn')) ?? resources.find((r) => /:instance\/[^/]+$/.test(r));
  const queue = obj(get(detail, 'queueInfo'));
  const agent = obj(get(detail, 'agentInfo'));
  const groups = obj(get(agent, 'hierarchyGroups'));
  const hierarchy: JsonObject = {};
  for (let level = 1; level <= 5; level++) {
    const arn = str(get(obj(get(groups, `level${level}`)), 'arn'));
    if (arn) hierarchy[`Level${level}`] = { Arn: arn };
  }
  const agentId = idFromArn(str(get(agent, 'agentArn')));
  const tags = obj(get(detail, 'tags'));
  const contact = compact({
    Id: contactId,
    Arn: instanceArn ? `${instanceArn}/contact/${contactId}` : undefined,
    Channel: str(get(detail, 'channel')),
    InitiationMethod: str(get(detail, 'initiationMethod')),
    DisconnectReason: str(get(detail, 'disconnectReason')),
    InitiationTimestamp: str(get(detail, 'initiationTimestamp')),
    DisconnectTimestamp: str(get(detail, 'disconnectTimestamp')),
    ConnectedToSystemTimestamp: str(get(detail, 'connectedToSystemTimestamp')),
    QueueInfo: queue && str(get(queue, 'queueArn')) ? compact({ Id: idFromArn(str(get(queue, 'queueArn'))), EnqueueTimestamp: str(get(queue, 'enqueueTimestamp')) }) : undefined,
    AgentInfo: agentId
      ? compact({
          Id: agentId,
          ConnectedToAgentTimestamp: str(get(agent, 'connectedToAgentTimestamp')),
          HierarchyGroups: Object.keys(hierarchy).length > 0 ? hierarchy : undefined,
          AfterContactWorkDuration: typeof get(agent, 'afterContactWorkDuration') === 'number' ? get(agent, 'afterContactWorkDuration') : undefined,
        })
      : undefined,
    SegmentAttributes: obj(get(detail, 'segmentAttributes')),
    Tags: tags,
  });
  const at = Date.parse(String(event.time ?? '')) || 0;
  return compact({ contactId, instanceArn, eventType: str(get(detail, 'eventType')), at, contact });
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
