/**
 * Zendesk and Salesforce events (EventBridge partner event sources, the way Amazon
 * Connect receives them through an AppIntegrations event integration) → the three
 * third-party trigger events.
 *
 * Zendesk: the Events Connector for Amazon EventBridge (`source:
 * aws.partner/zendesk.com/<account>/<name>`, `detail.ticket_event {meta, type,
 * previous?, current?, ticket}`):
 * - `type: "Ticket Created"` (detail-type `Support Ticket: Ticket Created`) →
 *   OnZendeskTicketCreate, body `ThirdParty.Zendesk.TicketCreate`;
 * - `type: "Status Changed"` → OnZendeskTicketStatusUpdate, body
 *   `ThirdParty.Zendesk.StatusUpdate` (the ticket after the change; `Status` is
 *   `current` when the ticket object lags behind);
 * - other ticket events are ignored.
 * Ticket members: `id` → Id, `type`, `priority`, `status`, `requester_id`,
 * `submitter_id`, `assignee_id`, `organization_id`, `brand_id`, `form_id`,
 * `external_id`, `via.channel` → Channel, `tags`, `created_at` → CreatedAt (numeric
 * ids are read as their decimal strings; `created_at` must be ISO-8601 text).
 *
 * Salesforce: Change Data Capture events relayed by Amazon AppFlow (`source:
 * aws.partner/appflow/salesforce.com/...`, detail-type `CaseChangeEvent`, the change
 * event as `detail`) or by Salesforce Event Bus Relay (`aws.partner/salesforce.com/...`,
 * the change event under `detail.payload`): a `Case` change with `changeType` `CREATE`
 * (or `GAP_CREATE`) → OnSalesforceCaseCreate. Members: `AccountId`, `CaseNumber`,
 * `Name` ← `SuppliedName`, `Email` ← `SuppliedEmail`, `Phone` ← `SuppliedPhone`,
 * `Company` ← `SuppliedCompany` (the web-to-case fields; the plain names are read when
 * present), `Type`, `Reason`, `Origin`, `Subject`, `Priority`, `Description`,
 * `CreatedDate` (else the header's `commitTimestamp`), and every custom field (`…__c`)
 * with a scalar value → `CustomAttribute`.
 *
 * The instance is the one associated with the partner event source
 * (InstanceDirectory.eventSources), else the default instance.
 */
import { compact, isObject, type JsonObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';
import { ISO_INSTANT, listOf, opt, req, struct, type Spec } from '../schema/check.ts';
import { BadInputError } from './errors.ts';
import { readMembers } from './members.ts';
import { resolveInstance, type InstanceDirectory } from './instances.ts';

export type ThirdPartyResult = { readonly events: readonly TriggerEvent[] } | { readonly ignored: string };

export const isZendeskEvent = (event: JsonObject): boolean =>
  typeof event.source === 'string' && event.source.startsWith('aws.partner/zendesk.com/');

export const isSalesforceEvent = (event: JsonObject): boolean =>
  typeof event.source === 'string' && /^aws\.partner\/(appflow\/)?(?:[^/]*\/)?salesforce\.com\//.test(event.source);

// The members read below, checked in stages (what the event is, then what its
// trigger event needs), so an ignored event is never refused for the rest. Ids and
// other members Zendesk or Salesforce may write as numbers take a string or a number
// (read as its decimal string). Members that become canonical date-times must be
// ISO-8601 text, as the canonical loader wants them: refused here, where they are written.
// They are made by one call marked pure (SPECS, after SALESFORCE_MEMBERS, which they read).
const ID: Spec = { kind: 'string', fromNumber: true };
const ids = (...names: string[]) => Object.fromEntries(names.map((n) => [n, opt(ID)]));
const TICKET_IDS = ['id', 'type', 'priority', 'status', 'requester_id', 'submitter_id', 'assignee_id', 'organization_id', 'brand_id', 'form_id', 'ticket_form_id', 'external_id'] as const;

function thirdPartySpecs() {
  const STRING: Spec = { kind: 'string' };
  return {
    ZENDESK_TYPE: struct({ type: opt(STRING) }),
    ZENDESK_TICKET: struct({
      meta: opt(struct({ occurred_at: opt(ISO_INSTANT) })),
      current: opt(STRING),
      ticket: req(
        struct({
          ...ids(...TICKET_IDS),
          via: opt(struct(ids('channel'))),
          tags: opt(listOf(STRING)),
          created_at: opt(ISO_INSTANT),
        }),
      ),
    }),
    SALESFORCE_HEADER: struct({ entityName: opt(STRING), changeType: opt(STRING) }),
    // commitTimestamp: epoch milliseconds; as an instant, one no date holds is refused here, located.
    SALESFORCE_CREATE: struct({ commitTimestamp: opt({ kind: 'instant' }), recordIds: opt(listOf(STRING)) }),
    // Every member is read as text; CreatedDate as a date-time (the spread keeps its place).
    SALESFORCE_PAYLOAD: struct({ ...ids(...SALESFORCE_MEMBERS.flatMap(([, keys]) => keys)), CreatedDate: opt(ISO_INSTANT) }),
  };
}

// The checked values (readMembers' clean copies): only the members named above, JSON
// null dropped, a number written for an id-like member turned into its decimal string.
type ZendeskTicket = { readonly [K in (typeof TICKET_IDS)[number]]?: string } & {
  readonly via?: { readonly channel?: string };
  readonly tags?: readonly string[];
  readonly created_at?: string;
};
interface ZendeskTicketEvent {
  readonly meta?: { readonly occurred_at?: string };
  readonly current?: string;
  readonly ticket: ZendeskTicket;
}
interface SalesforceHeader {
  readonly entityName?: string;
  readonly changeType?: string;
}
interface SalesforceCreate {
  readonly commitTimestamp?: number;
  readonly recordIds?: readonly string[];
}

/**
 * A Zendesk status as rules name it: AWS documents `close` (sic) where Zendesk says
 * `closed` (grammar/catalogue/third-party.ts), so `closed` is read as `close`.
 */
const ruleStatus = (v: string | undefined) => (v === 'closed' ? 'close' : v);

function zendeskTicket(ticket: ZendeskTicket, statusOverride?: string): JsonObject {
  return compact({
    Id: ticket.id,
    Type: ticket.type,
    Priority: ticket.priority,
    Status: ruleStatus(statusOverride ?? ticket.status),
    RequesterId: ticket.requester_id,
    SubmitterId: ticket.submitter_id,
    AssigneeId: ticket.assignee_id,
    OrganizationId: ticket.organization_id,
    BrandId: ticket.brand_id,
    FormId: ticket.form_id ?? ticket.ticket_form_id,
    ExternalId: ticket.external_id,
    Channel: ticket.via?.channel,
    Tags: ticket.tags,
    CreatedAt: ticket.created_at,
  });
}

function base(event: JsonObject, time: unknown): { EventId?: string; EventTime?: string } {
  return compact({
    EventId: typeof event.id === 'string' ? event.id : undefined,
    EventTime: typeof time === 'string' ? time : typeof event.time === 'string' ? event.time : undefined,
  });
}

/** The trigger events of a Zendesk Events Connector event. */
export function zendeskEventToTriggerEvents(event: JsonObject, directory: InstanceDirectory, label: string): ThirdPartyResult {
  const detail = isObject(event.detail) ? event.detail : undefined;
  const te = detail && isObject(detail.ticket_event) ? detail.ticket_event : undefined;
  if (!te) throw new BadInputError('invalid-payload', `${label}: a Zendesk event without detail.ticket_event`, '/detail/ticket_event');
  const type = readMembers<{ type?: string }>(SPECS.ZENDESK_TYPE, te, ['detail', 'ticket_event'], label).type ?? String(event['detail-type'] ?? '').replace(/^Support Ticket: /, '');
  if (type !== 'Ticket Created' && type !== 'Status Changed') return { ignored: `Zendesk ${type}` };
  // `current` is read (and checked) only for a status change.
  const created = type === 'Ticket Created';
  const checked = readMembers<ZendeskTicketEvent>(SPECS.ZENDESK_TICKET, created ? { ...te, current: undefined } : te, ['detail', 'ticket_event'], label);
  const InstanceId = resolveInstance(directory, { eventSource: String(event.source) }, `${label} (Zendesk ${type})`);
  const head = { InstanceId, ...base(event, checked.meta?.occurred_at) };
  return {
    events: [
      (created
        ? { EventSourceName: 'OnZendeskTicketCreate', ...head, ThirdParty: { Zendesk: { TicketCreate: zendeskTicket(checked.ticket) } } }
        : { EventSourceName: 'OnZendeskTicketStatusUpdate', ...head, ThirdParty: { Zendesk: { StatusUpdate: zendeskTicket(checked.ticket, checked.current) } } }) as TriggerEvent,
    ],
  };
}

const SALESFORCE_MEMBERS: readonly (readonly [string, readonly string[]])[] = [
  ['AccountId', ['AccountId']],
  ['CaseNumber', ['CaseNumber']],
  ['Name', ['SuppliedName', 'Name']],
  ['Email', ['SuppliedEmail', 'Email', 'ContactEmail']],
  ['Phone', ['SuppliedPhone', 'Phone', 'ContactPhone']],
  ['Company', ['SuppliedCompany', 'Company']],
  ['Type', ['Type']],
  ['Reason', ['Reason']],
  ['Origin', ['Origin']],
  ['Subject', ['Subject']],
  ['Priority', ['Priority']],
  ['Description', ['Description']],
  ['CreatedDate', ['CreatedDate']],
];

// One call marked pure, so that a bundle importing this module only for the family tests
// above (every EventBridge function, through eventbridge.ts) drops the specs: esbuild keeps
// a top-level call it cannot prove pure, and all it names.
const SPECS = /* @__PURE__ */ thirdPartySpecs();

/** Where the change event is: under `detail.payload` (Event Bus Relay) or `detail` itself (AppFlow). */
const payloadAt = (detail: JsonObject, payload: JsonObject): string[] => (payload === detail ? ['detail'] : ['detail', 'payload']);

/** The trigger events of a Salesforce change event relayed to EventBridge. */
export function salesforceEventToTriggerEvents(event: JsonObject, directory: InstanceDirectory, label: string): ThirdPartyResult {
  const detail = isObject(event.detail) ? event.detail : undefined;
  const payload = detail && isObject(detail.payload) && isObject(detail.payload.ChangeEventHeader) ? detail.payload : detail;
  const rawHeader = payload && isObject(payload.ChangeEventHeader) ? payload.ChangeEventHeader : undefined;
  if (!payload || !rawHeader) {
    throw new BadInputError('invalid-payload', `${label}: a Salesforce event without a ChangeEventHeader`, '/detail/ChangeEventHeader');
  }
  const at = payloadAt(detail!, payload);
  const header = readMembers<SalesforceHeader>(SPECS.SALESFORCE_HEADER, rawHeader, [...at, 'ChangeEventHeader'], label);
  const entity = header.entityName ?? String(event['detail-type'] ?? '').replace(/ChangeEvent$/, '');
  const change = header.changeType ?? '';
  if (entity !== 'Case') return { ignored: `Salesforce ${entity} change` };
  if (change !== 'CREATE' && change !== 'GAP_CREATE') return { ignored: `Salesforce Case ${change}` };
  const { commitTimestamp, recordIds } = readMembers<SalesforceCreate>(SPECS.SALESFORCE_CREATE, rawHeader, [...at, 'ChangeEventHeader'], label);
  const fields = readMembers<Readonly<Record<string, string | undefined>>>(SPECS.SALESFORCE_PAYLOAD, payload, at, label);
  const body: JsonObject = {};
  for (const [member, keys] of SALESFORCE_MEMBERS) {
    const key = keys.find((k) => fields[k] !== undefined);
    if (key !== undefined) body[member] = fields[key]!;
  }
  const committed = commitTimestamp === undefined ? undefined : new Date(commitTimestamp).toISOString();
  if (body.CreatedDate === undefined && committed !== undefined) body.CreatedDate = committed;
  // Custom fields are not checked: any scalar is taken as its string, any other value left out.
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key.endsWith('__c') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) custom[key] = String(value);
  }
  if (Object.keys(custom).length > 0) body.CustomAttribute = custom;
  const InstanceId = resolveInstance(directory, { eventSource: String(event.source) }, `${label} (Salesforce Case CREATE)`);
  const recordId = recordIds?.[0];
  return {
    events: [
      {
        EventSourceName: 'OnSalesforceCaseCreate',
        InstanceId,
        ...base(event, committed),
        ...(event.id === undefined && recordId ? { EventId: `salesforce:${recordId}` } : {}),
        ThirdParty: { Salesforce: { CaseCreate: body } },
      } as TriggerEvent,
    ],
  };
}
