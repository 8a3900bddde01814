/**
 * What a malformed Zendesk, Salesforce or contact event is told: the member the
 * adapter needs, its JSON pointer, and nothing lost; members it does not read stay
 * unchecked (the happy paths are in eventbridge.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fixture, INSTANCE } from '../../test/support/fixtures.ts';
import { contactEventFacts } from './contact-events.ts';
import { BadInputError } from './errors.ts';
import { salesforceEventToTriggerEvents, zendeskEventToTriggerEvents } from './third-party.ts';

const directory = { defaultInstanceId: INSTANCE };

function event(file: string, change: (detail: any) => void): Record<string, unknown> {
  const e = structuredClone(fixture(`eventbridge/${file}`));
  change(e.detail);
  return e;
}
const contact = (change: (detail: any) => void) => event('contact-event-voice-connected.json', change);
const zendesk = (change: (te: any) => void) => event('zendesk-status-changed.json', (d) => change(d.ticket_event));
const created = (change: (te: any) => void) => event('zendesk-ticket-created.json', (d) => change(d.ticket_event));
const salesforce = (change: (detail: any) => void) => event('salesforce-case-created.json', change);
const TICKET = '/detail/ticket_event/ticket';
const HEADER = '/detail/ChangeEventHeader';

const adapters = {
  contact: (e: Record<string, unknown>) => contactEventFacts(e, 'x.json'),
  zendesk: (e: Record<string, unknown>) => zendeskEventToTriggerEvents(e, directory, 'x.json'),
  salesforce: (e: Record<string, unknown>) => salesforceEventToTriggerEvents(e, directory, 'x.json'),
};

const refusals: [string, keyof typeof adapters, Record<string, unknown>, string, string][] = [
  ['no contactId', 'contact', contact((d) => delete d.contactId), 'a contact event without detail.contactId', '/detail/contactId'],
  ['an empty contactId', 'contact', contact((d) => (d.contactId = '')), 'a contact event without detail.contactId', '/detail/contactId'],
  ['a numeric contactId', 'contact', contact((d) => (d.contactId = 5)), 'expected a string, got the number 5 (at /detail/contactId)', '/detail/contactId'],
  ['a numeric channel', 'contact', contact((d) => (d.channel = 1)), 'expected a string, got the number 1 (at /detail/channel)', '/detail/channel'],
  ['a PascalCase Channel that is a list', 'contact', contact((d) => (delete d.channel, (d.Channel = []))), 'expected a string, got an array (at /detail/Channel)', '/detail/Channel'],
  ['a queueInfo that is a string', 'contact', contact((d) => (d.queueInfo = 'q')), 'expected an object, got the string "q" (at /detail/queueInfo)', '/detail/queueInfo'],
  ['a numeric queueArn', 'contact', contact((d) => (d.queueInfo.queueArn = 7)), 'expected a string, got the number 7 (at /detail/queueInfo/queueArn)', '/detail/queueInfo/queueArn'],
  ['a boolean agentArn', 'contact', contact((d) => (d.agentInfo.agentArn = true)), 'expected a string, got boolean true (at /detail/agentInfo/agentArn)', '/detail/agentInfo/agentArn'],
  ['a hierarchy level that is a list', 'contact', contact((d) => (d.agentInfo.hierarchyGroups.level2 = [])), 'expected an object, got an array (at /detail/agentInfo/hierarchyGroups/level2)', '/detail/agentInfo/hierarchyGroups/level2'],
  ['a textual afterContactWorkDuration', 'contact', contact((d) => (d.agentInfo.afterContactWorkDuration = '30')), 'expected a number, got the string "30" (at /detail/agentInfo/afterContactWorkDuration)', '/detail/agentInfo/afterContactWorkDuration'],
  ['tags that are a list', 'contact', contact((d) => (d.tags = ['a'])), 'expected an object, got an array (at /detail/tags)', '/detail/tags'],
  ['no ticket_event', 'zendesk', event('zendesk-status-changed.json', (d) => delete d.ticket_event), 'a Zendesk event without detail.ticket_event', '/detail/ticket_event'],
  ['no ticket', 'zendesk', zendesk((te) => delete te.ticket), `missing ticket (at ${TICKET})`, TICKET],
  ['a ticket that is a string', 'zendesk', created((te) => (te.ticket = '35436')), `expected an object, got the string "35436" (at ${TICKET})`, TICKET],
  ['a numeric type', 'zendesk', zendesk((te) => (te.type = 3)), 'expected a string, got the number 3 (at /detail/ticket_event/type)', '/detail/ticket_event/type'],
  ['a numeric current status', 'zendesk', zendesk((te) => (te.current = 2)), 'expected a string, got the number 2 (at /detail/ticket_event/current)', '/detail/ticket_event/current'],
  ['a numeric occurred_at', 'zendesk', zendesk((te) => (te.meta.occurred_at = 1)), 'expected an ISO-8601 date-time string, got the number 1 (at /detail/ticket_event/meta/occurred_at)', '/detail/ticket_event/meta/occurred_at'],
  ['an occurred_at that is no date-time', 'zendesk', zendesk((te) => (te.meta.occurred_at = 'today')), 'expected an ISO-8601 date-time string, got the string "today" (at /detail/ticket_event/meta/occurred_at)', '/detail/ticket_event/meta/occurred_at'],
  // Dates become canonical date-times: refused where they are written, not at the canonical member.
  ['a numeric created_at', 'zendesk', created((te) => (te.ticket.created_at = 1741867262)), `expected an ISO-8601 date-time string, got the number 1741867262 (at ${TICKET}/created_at)`, `${TICKET}/created_at`],
  ['a created_at that is no date-time', 'zendesk', zendesk((te) => (te.ticket.created_at = '13/03/2025')), `expected an ISO-8601 date-time string, got the string "13/03/2025" (at ${TICKET}/created_at)`, `${TICKET}/created_at`],
  ['an object ticket id', 'zendesk', created((te) => (te.ticket.id = {})), `expected a string id, got an object (at ${TICKET}/id)`, `${TICKET}/id`],
  ['a boolean priority', 'zendesk', zendesk((te) => (te.ticket.priority = false)), `expected a string id, got boolean false (at ${TICKET}/priority)`, `${TICKET}/priority`],
  ['a via that is a string', 'zendesk', zendesk((te) => (te.ticket.via = 'web')), `expected an object, got the string "web" (at ${TICKET}/via)`, `${TICKET}/via`],
  ['a numeric tag', 'zendesk', zendesk((te) => (te.ticket.tags = ['vip', 4])), `expected a string, got the number 4 (at ${TICKET}/tags/1)`, `${TICKET}/tags/1`],
  ['no ChangeEventHeader', 'salesforce', salesforce((d) => delete d.ChangeEventHeader), 'a Salesforce event without a ChangeEventHeader', HEADER],
  ['a numeric changeType', 'salesforce', salesforce((d) => (d.ChangeEventHeader.changeType = 1)), `expected a string, got the number 1 (at ${HEADER}/changeType)`, `${HEADER}/changeType`],
  ['a textual commitTimestamp', 'salesforce', salesforce((d) => (d.ChangeEventHeader.commitTimestamp = 'now')), `expected a date-time (ISO-8601 text or epoch number), got the string "now" (at ${HEADER}/commitTimestamp)`, `${HEADER}/commitTimestamp`],
  ['a commitTimestamp no date holds', 'salesforce', salesforce((d) => (d.ChangeEventHeader.commitTimestamp = 1e20)), `expected a date-time (ISO-8601 text or epoch number), got the number 100000000000000000000 (at ${HEADER}/commitTimestamp)`, `${HEADER}/commitTimestamp`],
  ['recordIds that are a string', 'salesforce', salesforce((d) => (d.ChangeEventHeader.recordIds = 'r')), `expected an array, got the string "r" (at ${HEADER}/recordIds)`, `${HEADER}/recordIds`],
  ['a numeric CreatedDate', 'salesforce', salesforce((d) => (d.CreatedDate = 1741867262000)), 'expected an ISO-8601 date-time string, got the number 1741867262000 (at /detail/CreatedDate)', '/detail/CreatedDate'],
  ['a CreatedDate that is no date-time', 'salesforce', salesforce((d) => (d.CreatedDate = 'March 13')), 'expected an ISO-8601 date-time string, got the string "March 13" (at /detail/CreatedDate)', '/detail/CreatedDate'],
  ['an object Subject', 'salesforce', salesforce((d) => (d.Subject = {})), 'expected a string id, got an object (at /detail/Subject)', '/detail/Subject'],
  [
    'a boolean SuppliedEmail under a relay payload',
    'salesforce',
    salesforce((d) => {
      d.payload = { ...d, SuppliedEmail: true };
      for (const k of Object.keys(d)) if (k !== 'payload') delete d[k];
    }),
    'expected a string id, got boolean true (at /detail/payload/SuppliedEmail)',
    '/detail/payload/SuppliedEmail',
  ],
];

describe('malformed contact, Zendesk and Salesforce events', () => {
  it.each(refusals)('refuses %s, naming where', (_, adapter, input, problem, pointer) => {
    let caught: unknown;
    try {
      adapters[adapter](input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadInputError);
    expect(caught).toMatchObject({ reason: 'invalid-payload', pointer, message: `x.json: ${problem}` });
  });

  it('ignores an event it does not read before checking the members it would need', () => {
    const comment = zendesk((te) => ((te.type = 'Comment Added'), (te.ticket.id = {}), (te.ticket.created_at = 1), (te.current = 1)));
    expect(adapters.zendesk(comment)).toEqual({ ignored: 'Zendesk Comment Added' });
    expect(adapters.zendesk(zendesk((te) => ((te.type = 'Comment Added'), delete te.ticket)))).toEqual({ ignored: 'Zendesk Comment Added' });
    const update = salesforce((d) => ((d.ChangeEventHeader.changeType = 'UPDATE'), (d.Subject = {})));
    expect(adapters.salesforce(update)).toEqual({ ignored: 'Salesforce Case UPDATE' });
  });

  it('leaves members it does not read unchecked', () => {
    expect(() => adapters.contact(contact((d) => ((d.queueInfo.queueType = 1), (d.segmentAttributes = { a: 1 }))))).not.toThrow();
    expect(() => adapters.zendesk(zendesk((te) => ((te.ticket.group_id = {}), (te.meta.sequence = 'x'), (te.previous = 1))))).not.toThrow();
    expect(() => adapters.salesforce(salesforce((d) => ((d.Status = {}), (d.Location__c = { Latitude__s: 1 }), (d.ChangeEventHeader.sequenceNumber = 'x'))))).not.toThrow();
  });
});
