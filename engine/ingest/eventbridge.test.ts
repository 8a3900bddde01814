/**
 * EventBridge events → trigger events: Cases (both detail-type spellings, SLA
 * breaches), Zendesk and Salesforce partner events, contact events, canonical events
 * and snapshots in `detail`, and what is ignored.
 */
import { describe, expect, it } from 'vitest';
import { normaliseContactRecord } from '../context/contact-record.ts';
import { AGENT1, fixture, HIERARCHY, INSTANCE, QUEUE_BILLING, QUEUE_RETENTION } from '../../test/support/fixtures.ts';
import { compileRuleFunction } from '../index.ts';
import { contactEventFacts, mergeContactFacts } from './contact-events.ts';
import { BadInputError } from './errors.ts';
import { casesEventToTriggerEvents } from './cases.ts';
import { metricSnapshotToTriggerEvent } from './metrics.ts';
import { salesforceEventToTriggerEvents, zendeskEventToTriggerEvents } from './third-party.ts';
import { deepFreeze } from '../../test/support/freeze.ts';
import { casesRoute, routeEventBridgeEvent, routeEventBridgeEventBy, thirdPartyRoute, type EventBridgeRoute } from './eventbridge.ts';
import type { InstanceDirectory } from './instances.ts';

const DOMAIN = '6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a';
const directory: InstanceDirectory = { defaultInstanceId: INSTANCE };

function trigger(route: EventBridgeRoute) {
  if (route.kind !== 'trigger') throw new Error(`expected trigger events, got ${route.kind}: ${JSON.stringify(route)}`);
  expect(route.events).toHaveLength(1);
  return route.events[0]!;
}

/** Whether the example rule (examples/rules/<file>) matches the event. */
function exampleMatches(file: string, event: unknown): boolean {
  const body = JSON.parse(JSON.stringify(fixture(`../../examples/rules/${file}`)));
  const text = typeof body.Function === 'string' ? body.Function : JSON.stringify(body.Function);
  return compileRuleFunction(text, body.TriggerEventSource.EventSourceName).matches(event as never);
}

describe('Amazon Connect Cases events', () => {
  it('CASE.CREATED (Amazon Connect Cases Change) → OnCaseCreate with the case fields after the change', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/cases-case-created.json'), directory, 'created.json'));
    expect(event).toMatchObject({ EventSourceName: 'OnCaseCreate', InstanceId: INSTANCE, EventId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', EventTime: '2025-03-13T12:05:09.118Z' });
    expect(event.Case).toEqual({
      CaseId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
      TemplateId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      Fields: {
        status: 'open',
        title: 'Duplicate charge in March',
        customer_id: 'arn:aws:profile:us-east-1:111122223333:domains/anycompany-profiles/profiles/9f8e7d6c5b4a49382716a5b4c3d2e1f0',
        case_reason: 'Billing',
        assigned_queue: QUEUE_BILLING,
        assigned_user: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/agent/${AGENT1}`,
        reference_number: '42815730',
        created_datetime: '2025-03-13T12:05:09.118Z',
        last_updated_datetime: '2025-03-13T12:05:09.118Z',
        'a9b8c7d6-e5f4-4a3b-8c2d-1e0f9a8b7c6d': 2,
        'b8c7d6e5-f4a3-4b2c-9d1e-0f9a8b7c6d5e': false,
      },
    });
    expect(exampleMatches('case-created-billing-sla.json', event)).toBe(true);
  });

  it('CASE.UPDATED under the older detail-type (Amazon Connect Cases Event) → OnCaseUpdate', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/cases-case-updated.json'), directory, 'updated.json'));
    expect(event.EventSourceName).toBe('OnCaseUpdate');
    expect(event.Case?.Fields).toMatchObject({ status: 'closed', 'b8c7d6e5-f4a3-4b2c-9d1e-0f9a8b7c6d5e': true });
    expect(exampleMatches('case-closed-billing.json', event)).toBe(true);
  });

  it('an SLA related item going Overdue → OnSlaBreach', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/cases-sla-overdue.json'), directory, 'sla.json'));
    expect(event).toMatchObject({ EventSourceName: 'OnSlaBreach', EventId: '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f' });
    expect(event.RelatedItem).toEqual({
      RelatedItemId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
      CaseId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
      SlaConfiguration: { Name: 'highPrioritySla', Type: 'CaseField', Status: 'Overdue', FieldId: 'status', TargetFieldValues: ['closed'], TargetTime: '2025-03-14T12:05:09.118Z' },
    });
    expect(exampleMatches('sla-breach-high-priority.json', event)).toBe(true);
  });

  it('ignores deletions, other related items, SLAs not overdue, and edits of an SLA already overdue', () => {
    const base = fixture('eventbridge/cases-sla-overdue.json');
    const ignored = (change: (e: any) => void) => {
      const e = structuredClone(base);
      change(e);
      const route = routeEventBridgeEvent(e, directory, 'x');
      return route.kind === 'ignored' ? route.reason : `not ignored: ${route.kind}`;
    };
    expect(ignored((e) => (e.detail.eventType = 'CASE.DELETED'))).toBe('aws.cases CASE.DELETED');
    expect(ignored((e) => (e.detail.relatedItem = { relatedItemType: 'Comment', comment: { body: 'hi' } }))).toBe('RELATED_ITEM.UPDATED: related item of type Comment');
    expect(ignored((e) => (e.detail.relatedItem.sla.slaConfiguration.status = 'Active'))).toBe('RELATED_ITEM.UPDATED: SLA status Active');
    expect(ignored((e) => (e.detail.changedAttributes = ['sla.slaConfiguration.targetTime']))).toBe('RELATED_ITEM.UPDATED: an overdue SLA whose status did not change');
    expect(ignored((e) => (e['detail-type'] = 'AWS API Call via CloudTrail'))).toBe('aws.cases AWS API Call via CloudTrail');
  });

  it('finds the instance of the Cases domain, else the default; none is bad input', () => {
    const created = fixture('eventbridge/cases-case-created.json');
    expect(trigger(routeEventBridgeEvent(created, { casesDomains: { [DOMAIN]: 'other-instance' } }, 'x')).InstanceId).toBe('other-instance');
    expect(() => routeEventBridgeEvent(created, {}, 'created.json')).toThrow(/^created\.json \(Cases CASE\.CREATED\) names no Amazon Connect instance \(its Cases domain 6d7e8f9a\S* is mapped to none\) and no default instance is configured$/);
    expect(() => routeEventBridgeEvent(created, { defaultInstanceId: 'x', knownInstances: new Set(['y']) }, 'c')).toThrow(
      expect.objectContaining({ reason: 'unknown-instance' }),
    );
  });
});

describe('third-party events', () => {
  it('Zendesk Ticket Created → OnZendeskTicketCreate', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/zendesk-ticket-created.json'), directory, 'z'));
    expect(event.EventSourceName).toBe('OnZendeskTicketCreate');
    expect(event.ThirdParty?.Zendesk?.TicketCreate).toEqual({
      Id: '35436',
      Type: 'incident',
      Priority: 'high',
      Status: 'open',
      RequesterId: '20978392',
      SubmitterId: '20978392',
      AssigneeId: '1900001234',
      OrganizationId: '509974',
      BrandId: '360000987654',
      FormId: '360001234567',
      ExternalId: 'AC-204981',
      Channel: 'web',
      Tags: ['billing', 'vip', 'late_fee'],
      CreatedAt: '2025-03-12T08:59:41Z',
    });
    expect(exampleMatches('zendesk-vip-incident.json', event)).toBe(true);
  });

  it('Zendesk Status Changed → OnZendeskTicketStatusUpdate, served under both body names', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/zendesk-status-changed.json'), directory, 'z'));
    expect(event.EventSourceName).toBe('OnZendeskTicketStatusUpdate');
    expect(event.ThirdParty?.Zendesk?.StatusUpdate).toMatchObject({ Id: '35436', Status: 'pending' });
    expect(event.ThirdParty?.Zendesk?.TicketStatusUpdate).toEqual(event.ThirdParty?.Zendesk?.StatusUpdate);
    expect(exampleMatches('zendesk-not-solved.json', event)).toBe(true);
    const comment = fixture('eventbridge/zendesk-status-changed.json');
    comment.detail.ticket_event.type = 'Comment Created';
    expect(routeEventBridgeEvent(comment, directory, 'z')).toEqual({ kind: 'ignored', family: 'third-party', reason: 'Zendesk Comment Created' });
  });

  it("a Zendesk 'closed' ticket reads as 'close', the status value AWS documents for rules", () => {
    const closed = fixture('eventbridge/zendesk-status-changed.json');
    closed.detail.ticket_event.current = 'closed';
    closed.detail.ticket_event.ticket.status = 'closed';
    const event = trigger(routeEventBridgeEvent(closed, directory, 'z'));
    expect(event.ThirdParty?.Zendesk?.StatusUpdate).toMatchObject({ Status: 'close' });
  });

  it('Salesforce Case CREATE (AppFlow) → OnSalesforceCaseCreate with web-to-case fields and custom fields', () => {
    const event = trigger(routeEventBridgeEvent(fixture('eventbridge/salesforce-case-created.json'), directory, 's'));
    expect(event.ThirdParty?.Salesforce?.CaseCreate).toEqual({
      AccountId: '0013x00002XyZabAAF',
      CaseNumber: '00001042',
      Name: 'Jane Doe',
      Email: 'jane.doe@example.com',
      Phone: '+12065550142',
      Company: 'Example Corp',
      Type: 'Problem',
      Reason: 'Billing',
      Origin: 'Phone',
      Subject: 'Charged twice for March',
      Priority: 'High',
      Description: 'Customer reports a duplicate charge and asks for a refund.',
      CreatedDate: '2025-03-13T12:01:02.000Z',
      CustomAttribute: { Region__c: 'West', Tier__c: 'Gold' },
    });
    expect(exampleMatches('salesforce-duplicate-charge.json', event)).toBe(true);
  });

  it('reads a member written as a number as its decimal string, as its check takes it (not refused later by the loader)', () => {
    const zendesk = fixture('eventbridge/zendesk-ticket-created.json');
    zendesk.detail.ticket_event.ticket.priority = 3;
    expect(trigger(routeEventBridgeEvent(zendesk, directory, 'z')).ThirdParty?.Zendesk?.TicketCreate).toMatchObject({ Id: '35436', Priority: '3' });
    const salesforce = fixture('eventbridge/salesforce-case-created.json');
    salesforce.detail.SuppliedPhone = 12065550142;
    expect(trigger(routeEventBridgeEvent(salesforce, directory, 's')).ThirdParty?.Salesforce?.CaseCreate).toMatchObject({ Phone: '12065550142' });
  });

  it('refuses a date written as a number where it is written, not at the trigger event member the loader checks', () => {
    const zendesk = fixture('eventbridge/zendesk-ticket-created.json');
    zendesk.detail.ticket_event.ticket.created_at = 1741867262;
    expect(() => routeEventBridgeEvent(zendesk, directory, 'z')).toThrow(expect.objectContaining({ pointer: '/detail/ticket_event/ticket/created_at' }));
    const salesforce = fixture('eventbridge/salesforce-case-created.json');
    salesforce.detail.CreatedDate = 1741867262000;
    expect(() => routeEventBridgeEvent(salesforce, directory, 's')).toThrow(expect.objectContaining({ pointer: '/detail/CreatedDate' }));
  });

  it('Salesforce Event Bus Relay puts the change under detail.payload; updates and other objects are ignored', () => {
    const appflow = fixture('eventbridge/salesforce-case-created.json');
    const relay = { ...appflow, source: 'aws.partner/salesforce.com/00D000000000001/0YL000000000001', detail: { payload: appflow.detail, schemaId: 'x' } };
    expect(trigger(routeEventBridgeEvent(relay, directory, 'r')).ThirdParty?.Salesforce?.CaseCreate?.CaseNumber).toBe('00001042');
    const update = structuredClone(appflow);
    update.detail.ChangeEventHeader.changeType = 'UPDATE';
    expect(routeEventBridgeEvent(update, directory, 'u')).toMatchObject({ kind: 'ignored', reason: 'Salesforce Case UPDATE' });
    const account = structuredClone(appflow);
    account.detail.ChangeEventHeader.entityName = 'Account';
    expect(routeEventBridgeEvent(account, directory, 'a')).toMatchObject({ kind: 'ignored', reason: 'Salesforce Account change' });
    delete update.detail.ChangeEventHeader;
    expect(() => routeEventBridgeEvent(update, directory, 'bad.json')).toThrow(/bad\.json: a Salesforce event without a ChangeEventHeader/);
  });
});

describe('contact events', () => {
  it('give the queue, agent and hierarchy of a contact, readable as a DescribeContact response', () => {
    const route = routeEventBridgeEvent(fixture('eventbridge/contact-event-voice-connected.json'), {}, 'ce');
    if (route.kind !== 'contact-event') throw new Error(route.kind);
    expect(route.instanceId).toBe(INSTANCE);
    const facts = normaliseContactRecord({ Contact: route.facts.contact });
    expect(facts).toMatchObject({
      ContactId: 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      InstanceId: INSTANCE,
      InitiationMethod: 'INBOUND',
      Queue: { Id: QUEUE_RETENTION },
      Agent: { Id: AGENT1 },
    });
    expect(facts.Agent?.HierarchyGroupArns.map((a) => a.split('/').pop())).toEqual(HIERARCHY);
  });

  it('merge newest first, PascalCase doc samples included', () => {
    const event = fixture('eventbridge/contact-event-voice-connected.json');
    const first = contactEventFacts(event, 'a');
    const disconnected = contactEventFacts(
      { ...event, time: '2025-03-11T14:04:31Z', detail: { EventType: 'DISCONNECTED', ContactId: first.contactId, DisconnectReason: 'CUSTOMER_DISCONNECT', QueueInfo: { QueueArn: 'arn:x/queue/q-late' } } },
      'b',
    );
    const merged = mergeContactFacts(mergeContactFacts(undefined, first), disconnected);
    expect(merged.contact).toMatchObject({ DisconnectReason: 'CUSTOMER_DISCONNECT', QueueInfo: { Id: 'q-late' }, AgentInfo: { Id: AGENT1 } });
    // the older event arriving last fills gaps only
    const reordered = mergeContactFacts(mergeContactFacts(undefined, disconnected), first);
    expect(reordered.contact).toMatchObject({ QueueInfo: { Id: 'q-late' }, InitiationMethod: 'INBOUND' });
    expect(() => contactEventFacts({ ...event, detail: {} }, 'e')).toThrow(BadInputError);
  });
});

/** An EventBridge event of the engine's own with `detail`. */
const envelope = (detail: unknown, source = 'connect-rules') => ({
  version: '0',
  id: 'eb-1',
  'detail-type': 'Trigger Event',
  source,
  account: '111122223333',
  time: '2025-03-12T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('canonical events and snapshots in detail; the rest', () => {
  it('reads a canonical event in detail (EventId defaults to the EventBridge id)', () => {
    const canonical = fixture('canonical/OnSlaBreach.json');
    delete canonical.EventId;
    expect(trigger(routeEventBridgeEvent(envelope(canonical), directory, 'c'))).toMatchObject({ EventSourceName: 'OnSlaBreach', EventId: 'eb-1' });
  });

  it('reads a metric snapshot in detail', () => {
    expect(trigger(routeEventBridgeEvent(envelope(fixture('metrics/snapshot-billing-backlog.json')), directory, 'm')).EventSourceName).toBe('OnMetricDataUpdate');
  });

  it('ignores unknown events and families a handler does not take; refuses a broken envelope', () => {
    expect(routeEventBridgeEvent(envelope({ a: 1 }, 'aws.ec2'), directory, 'x')).toEqual({ kind: 'ignored', reason: 'no rule source reads aws.ec2 Trigger Event events' });
    expect(routeEventBridgeEventBy({ 'third-party': thirdPartyRoute }, fixture('eventbridge/cases-case-created.json'), directory, 'x')).toMatchObject({ kind: 'ignored', family: 'cases' });
    const broken = fixture('eventbridge/cases-case-created.json');
    delete broken.id;
    expect(() => routeEventBridgeEvent(broken, directory, 'b.json')).toThrow(/b\.json: not an EventBridge event: id/);
  });

  it("routes by the caller's own routes only: another family's event is recognised and ignored", () => {
    const casesOnly = { cases: casesRoute };
    const created = fixture('eventbridge/cases-case-created.json');
    expect(routeEventBridgeEventBy(casesOnly, created, directory, 'c')).toEqual(routeEventBridgeEvent(created, directory, 'c'));
    const zendesk = fixture('eventbridge/zendesk-ticket-created.json');
    const ignored = { kind: 'ignored', family: 'third-party', reason: `${zendesk.source} ${zendesk['detail-type']} events are not for this handler` };
    expect(routeEventBridgeEventBy(casesOnly, zendesk, directory, 'z')).toEqual(ignored);
    // a broken event of another family is ignored, not refused: that family's adapter is not the caller's
    const broken = { ...zendesk, detail: { ticket_event: null } };
    expect(routeEventBridgeEventBy(casesOnly, broken, directory, 'z')).toMatchObject({ kind: 'ignored', family: 'third-party' });
    expect(() => routeEventBridgeEvent(broken, directory, 'z')).toThrow(/without detail\.ticket_event/);
  });

  it('refuses a detail that is not a JSON object (null, a string, an array, none) as bad input, with its location', () => {
    for (const [detail, got] of [[null, 'null'], ['{"a":1}', 'a string'], [[1], 'an array'], [undefined, 'none']] as const) {
      const event = envelope(detail, 'aws.ec2');
      if (detail === undefined) delete (event as { detail?: unknown }).detail;
      let thrown: unknown;
      try {
        routeEventBridgeEvent(event, directory, 'e.json');
      } catch (err) {
        thrown = err;
      }
      expect(thrown, got).toBeInstanceOf(BadInputError);
      expect((thrown as Error).message).toBe(`e.json: an EventBridge event's detail must be a JSON object, got ${got}`);
    }
  });
});

describe('the adapters hand the loader their own plain JSON (so it loads their events without a copy)', () => {
  const adapters: [string, (event: never) => unknown][] = [
    ['cases-case-created', (e) => casesEventToTriggerEvents(e, { casesDomains: { [DOMAIN]: INSTANCE } }, 'x')],
    ['cases-case-updated', (e) => casesEventToTriggerEvents(e, { casesDomains: { [DOMAIN]: INSTANCE } }, 'x')],
    ['cases-sla-overdue', (e) => casesEventToTriggerEvents(e, { casesDomains: { [DOMAIN]: INSTANCE } }, 'x')],
    ['zendesk-ticket-created', (e) => zendeskEventToTriggerEvents(e, directory, 'x')],
    ['zendesk-status-changed', (e) => zendeskEventToTriggerEvents(e, directory, 'x')],
    ['salesforce-case-created', (e) => salesforceEventToTriggerEvents(e, directory, 'x')],
    ['metric snapshot', (e) => [metricSnapshotToTriggerEvent((e as { detail: unknown }).detail, { file: 'x', instanceId: INSTANCE })]],
  ];
  const input = (name: string) => (name === 'metric snapshot' ? envelope(fixture('metrics/snapshot-billing-backlog.json')) : fixture(`eventbridge/${name}.json`));

  it.each(adapters)('%s: JSON values only (no undefined, NaN, Date), none of them shared with the EventBridge event', (name, adapt) => {
    const event = input(name);
    const out = adapt(event as never) as { events?: unknown[] } | unknown[];
    const events = Array.isArray(out) ? out : out.events!;
    expect(events.length).toBeGreaterThan(0);
    expect(events).toStrictEqual(JSON.parse(JSON.stringify(events)));
    const inEvent = new Set<unknown>();
    const collect = (v: unknown): void => {
      if (v && typeof v === 'object') {
        inEvent.add(v);
        Object.values(v).forEach(collect);
      }
    };
    collect(event);
    const shared: unknown[] = [];
    const scan = (v: unknown): void => {
      if (v && typeof v === 'object') {
        if (inEvent.has(v)) shared.push(v);
        Object.values(v).forEach(scan);
      }
    };
    scan(events);
    expect(shared).toEqual([]);
  });

  it.each(adapters.map(([name]) => name))('%s: routed from a frozen EventBridge event, the same as from a fresh one', (name) => {
    const dir = { ...directory, casesDomains: { [DOMAIN]: INSTANCE } };
    expect(routeEventBridgeEvent(deepFreeze(input(name)), dir, 'x')).toEqual(routeEventBridgeEvent(input(name), dir, 'x'));
  });
});
