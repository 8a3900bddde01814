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
 * ids are read as their decimal strings by the canonical loader).
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
import { listOf, opt, struct, type Spec } from '../schema/check.ts';
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
// other members Zendesk or Salesforce may write as numbers take a string or a number.
const STRING: Spec = { kind: 'string' };
const ID: Spec = { kind: 'string', fromNumber: true };
const ids = (...names: string[]) => Object.fromEntries(names.map((n) => [n, opt(ID)]));
const ZENDESK_TYPE = struct({ type: opt(STRING) });
const ZENDESK_TICKET = struct({
  meta: opt(struct({ occurred_at: opt(STRING) })),
  current: opt(STRING),
  ticket: opt(
    struct({
      ...ids('id', 'type', 'priority', 'status', 'requester_id', 'submitter_id', 'assignee_id', 'organization_id', 'brand_id', 'form_id', 'ticket_form_id', 'external_id', 'created_at'),
      via: opt(struct(ids('channel'))),
      tags: opt(listOf(STRING)),
    }),
  ),
});
const SALESFORCE_HEADER = struct({ entityName: opt(STRING), changeType: opt(STRING) });
const SALESFORCE_CREATE = struct({ commitTimestamp: opt({ kind: 'number' }), recordIds: opt(listOf(STRING)) });

const scalar = (v: unknown): string | number | undefined => (typeof v === 'string' || typeof v === 'number' ? v : undefined);

/**
 * A Zendesk status as rules name it: AWS documents `close` (sic) where Zendesk says
 * `closed` (grammar/catalogue/third-party.ts), so `closed` is read as `close`.
 */
const ruleStatus = (v: string | number | undefined) => (v === 'closed' ? 'close' : v);

function zendeskTicket(ticket: JsonObject, statusOverride?: string): JsonObject {
  const via = isObject(ticket.via) ? ticket.via : undefined;
  return compact({
    Id: scalar(ticket.id),
    Type: scalar(ticket.type),
    Priority: scalar(ticket.priority),
    Status: ruleStatus(statusOverride ?? scalar(ticket.status)),
    RequesterId: scalar(ticket.requester_id),
    SubmitterId: scalar(ticket.submitter_id),
    AssigneeId: scalar(ticket.assignee_id),
    OrganizationId: scalar(ticket.organization_id),
    BrandId: scalar(ticket.brand_id),
    FormId: scalar(ticket.form_id ?? ticket.ticket_form_id),
    ExternalId: scalar(ticket.external_id),
    Channel: scalar(via?.channel),
    Tags: Array.isArray(ticket.tags) ? ticket.tags.filter((t) => typeof t === 'string') : undefined,
    CreatedAt: scalar(ticket.created_at),
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
  readMembers(ZENDESK_TYPE, te, ['detail', 'ticket_event'], label);
  const type = typeof te.type === 'string' ? te.type : String(event['detail-type'] ?? '').replace(/^Support Ticket: /, '');
  const ticket = isObject(te.ticket) ? te.ticket : undefined;
  if (!ticket) throw new BadInputError('invalid-payload', `${label}: a Zendesk ticket event without ticket`, '/detail/ticket_event/ticket');
  const meta = isObject(te.meta) ? te.meta : {};
  const what = `${label} (Zendesk ${type})`;
  if (type === 'Ticket Created' || type === 'Status Changed') readMembers(ZENDESK_TICKET, type === 'Status Changed' ? te : { ...te, current: undefined }, ['detail', 'ticket_event'], label);
  if (type === 'Ticket Created') {
    const InstanceId = resolveInstance(directory, { eventSource: String(event.source) }, what);
    return {
      events: [
        { EventSourceName: 'OnZendeskTicketCreate', InstanceId, ...base(event, meta.occurred_at), ThirdParty: { Zendesk: { TicketCreate: zendeskTicket(ticket) } } } as TriggerEvent,
      ],
    };
  }
  if (type === 'Status Changed') {
    const InstanceId = resolveInstance(directory, { eventSource: String(event.source) }, what);
    const current = typeof te.current === 'string' ? te.current : undefined;
    return {
      events: [
        {
          EventSourceName: 'OnZendeskTicketStatusUpdate',
          InstanceId,
          ...base(event, meta.occurred_at),
          ThirdParty: { Zendesk: { StatusUpdate: zendeskTicket(ticket, current) } },
        } as TriggerEvent,
      ],
    };
  }
  return { ignored: `Zendesk ${type}` };
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

const SALESFORCE_PAYLOAD = struct(ids(...SALESFORCE_MEMBERS.flatMap(([, keys]) => keys)));

/** Where the change event is: under `detail.payload` (Event Bus Relay) or `detail` itself (AppFlow). */
const payloadAt = (detail: JsonObject, payload: JsonObject): string[] => (payload === detail ? ['detail'] : ['detail', 'payload']);

/** The trigger events of a Salesforce change event relayed to EventBridge. */
export function salesforceEventToTriggerEvents(event: JsonObject, directory: InstanceDirectory, label: string): ThirdPartyResult {
  const detail = isObject(event.detail) ? event.detail : undefined;
  const payload = detail && isObject(detail.payload) && isObject(detail.payload.ChangeEventHeader) ? detail.payload : detail;
  const header = payload && isObject(payload.ChangeEventHeader) ? payload.ChangeEventHeader : undefined;
  if (!payload || !header) {
    throw new BadInputError('invalid-payload', `${label}: a Salesforce event without a ChangeEventHeader`, '/detail/ChangeEventHeader');
  }
  readMembers(SALESFORCE_HEADER, header, [...payloadAt(detail!, payload), 'ChangeEventHeader'], label);
  const entity = String(header.entityName ?? String(event['detail-type'] ?? '').replace(/ChangeEvent$/, ''));
  const change = String(header.changeType ?? '');
  if (entity !== 'Case') return { ignored: `Salesforce ${entity} change` };
  if (change !== 'CREATE' && change !== 'GAP_CREATE') return { ignored: `Salesforce Case ${change}` };
  readMembers(SALESFORCE_CREATE, header, [...payloadAt(detail!, payload), 'ChangeEventHeader'], label);
  readMembers(SALESFORCE_PAYLOAD, payload, payloadAt(detail!, payload), label);
  const body: JsonObject = {};
  for (const [member, keys] of SALESFORCE_MEMBERS) {
    for (const key of keys) {
      const v = scalar(payload[key]);
      if (v !== undefined) {
        body[member] = v;
        break;
      }
    }
  }
  if (body.CreatedDate === undefined && typeof header.commitTimestamp === 'number') body.CreatedDate = new Date(header.commitTimestamp).toISOString();
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key.endsWith('__c') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) custom[key] = String(value);
  }
  if (Object.keys(custom).length > 0) body.CustomAttribute = custom;
  const InstanceId = resolveInstance(directory, { eventSource: String(event.source) }, `${label} (Salesforce Case CREATE)`);
  const recordId = Array.isArray(header.recordIds) && typeof header.recordIds[0] === 'string' ? header.recordIds[0] : undefined;
  return {
    events: [
      {
        EventSourceName: 'OnSalesforceCaseCreate',
        InstanceId,
        ...base(event, typeof header.commitTimestamp === 'number' ? new Date(header.commitTimestamp).toISOString() : undefined),
        ...(event.id === undefined && recordId ? { EventId: `salesforce:${recordId}` } : {}),
        ThirdParty: { Salesforce: { CaseCreate: body } },
      } as TriggerEvent,
    ],
  };
}
