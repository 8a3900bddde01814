/**
 * The third-party sources: Zendesk ticket create and
 * status update (the same 12 fields under `TicketCreate` / `StatusUpdate`) and
 * Salesforce case create. Every row takes one string and may be negated.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { eventOf, leaf, quartet, type EvalCase, type Json, type JsonObject } from './support.ts';

/** A Zendesk ticket as the integration sends it: ids are numbers. */
const TICKET: JsonObject = {
  Id: 35436,
  Type: 'incident',
  Priority: 'urgent',
  Status: 'open',
  RequesterId: 20978392,
  SubmitterId: 20978393,
  AssigneeId: 19238476,
  OrganizationId: 509974,
  BrandId: 360000123,
  FormId: 360000456,
  ExternalId: 'CRM-00042',
  Channel: 'email',
  Tags: ['vip', 'billing'],
  CreatedAt: '2024-05-01T10:00:00Z',
};

/** field, operand, a different value of the field. */
const ZENDESK_EQUALS: [string, string, Json][] = [
  ['Type', 'incident', 'question'],
  ['Priority', 'urgent', 'high'],
  ['Status', 'open', 'pending'],
  ['RequesterId', '20978392', 20978393],
  ['SubmitterId', '20978393', 20978392],
  ['AssigneeId', '19238476', 19238477],
  ['OrganizationId', '509974', 509975],
  ['BrandId', '360000123', 360000124],
  ['FormId', '360000456', 360000457],
  ['ExternalId', 'CRM-00042', 'CRM-00043'],
  ['Channel', 'email', 'web'],
];

const without = (o: JsonObject, key: string): JsonObject => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

function zendeskCases(source: EventSourceName, segment: 'TicketCreate' | 'StatusUpdate'): EvalCase[] {
  const P = `$.ThirdParty.Zendesk.${segment}`;
  const ev = (ticket: JsonObject) => eventOf(source, ticket);
  const tags = (t: string[]) => ev({ ...TICKET, Tags: t });
  return [
    ...ZENDESK_EQUALS.flatMap(([field, operand, other]) =>
      quartet(
        source,
        `Zendesk ${field} EQUALS ${operand}`,
        leaf(`${P}.${field}`, 'EQUALS', [operand]),
        { match: ev(TICKET), noMatch: ev({ ...TICKET, [field]: other }), missing: ev(without(TICKET, field)) },
        { negatable: true },
      ),
    ),
    {
      source,
      name: 'Zendesk Channel EQUALS is case-sensitive',
      condition: leaf(`${P}.Channel`, 'EQUALS', ['email']),
      event: ev({ ...TICKET, Channel: 'Email' }),
      expected: false,
    },
    ...quartet(
      source,
      'Zendesk Tags CONTAINS vip (list membership)',
      leaf(`${P}.Tags`, 'CONTAINS', ['vip']),
      { match: ev(TICKET), noMatch: tags(['billing', 'refund']), missing: ev(without(TICKET, 'Tags')) },
      { negatable: true },
    ),
    {
      source,
      name: 'Zendesk Tags CONTAINS vip: a tag holding "vip" is not the tag vip',
      condition: leaf(`${P}.Tags`, 'CONTAINS', ['vip']),
      event: tags(['vipaccess', 'billing']),
      expected: false,
    },
    {
      source,
      name: 'Zendesk Tags CONTAINS vip: the tag in capitals',
      condition: leaf(`${P}.Tags`, 'CONTAINS', ['vip']),
      event: tags(['VIP']),
      expected: true,
    },
    {
      source,
      name: 'Zendesk Tags CONTAINS vip: no tags at all',
      condition: leaf(`${P}.Tags`, 'CONTAINS', ['vip']),
      event: tags([]),
      expected: false,
    },
    {
      source,
      name: 'Zendesk Tags does not contain vip: no tags at all',
      condition: leaf(`${P}.Tags`, 'CONTAINS', ['vip'], { negate: true }),
      event: tags([]),
      expected: true,
    },
  ];
}

const SF = '$.ThirdParty.Salesforce.CaseCreate';
const SF_SOURCE = 'OnSalesforceCaseCreate';
const SF_CASE: JsonObject = {
  AccountId: '0015g00000XyZabAAB',
  CaseNumber: '00001026',
  Name: 'Jane Doe',
  Email: 'jane.doe@example.com',
  Phone: '+1 206 555 0100',
  Company: 'Example Corp',
  Type: 'Problem',
  Reason: 'Performance',
  Origin: 'Web',
  Subject: 'Network OUTAGE in Berlin office',
  Priority: 'High',
  Description: 'Since this morning no one in the Berlin office can reach the VPN.',
  CreatedDate: '2024-05-01T10:00:00Z',
  CustomAttribute: { Region: 'EMEA', Segment: 'Enterprise' },
};
const sf = (c: JsonObject) => eventOf(SF_SOURCE, c);

/** field, EQUALS operand, a different value. */
const SF_EQUALS: [string, string, string][] = [
  ['AccountId', '0015g00000XyZabAAB', '0015g00000XyZabAAC'],
  ['Name', 'Jane Doe', 'John Doe'],
  ['Email', 'jane.doe@example.com', 'john.doe@example.com'],
  ['Phone', '+1 206 555 0100', '+1 206 555 0199'],
  ['Company', 'Example Corp', 'Other Corp'],
  ['Type', 'Problem', 'Question'],
  ['Reason', 'Performance', 'Installation'],
  ['Origin', 'Web', 'Phone'],
  ['Subject', 'Network OUTAGE in Berlin office', 'Printer jam'],
  ['Priority', 'High', 'Low'],
  ['Description', 'Since this morning no one in the Berlin office can reach the VPN.', 'Paper stuck in tray 2.'],
];

/** field, CONTAINS operand (case-insensitive substring), a value without it. */
const SF_CONTAINS: [string, string, string][] = [
  ['Name', 'doe', 'Jane Smith'],
  ['Email', '@EXAMPLE.COM', 'jane@example.org'],
  ['Phone', '555', '+44 20 7946 0958'],
  ['Company', 'example', 'Acme Inc'],
  ['Subject', 'outage', 'Printer jam'],
  ['Description', 'vpn', 'Paper stuck in tray 2.'],
];

const SALESFORCE_CASES: EvalCase[] = [
  ...SF_EQUALS.flatMap(([field, operand, other]) =>
    quartet(
      SF_SOURCE,
      `Salesforce ${field} EQUALS "${operand}"`,
      leaf(`${SF}.${field}`, 'EQUALS', [operand]),
      { match: sf(SF_CASE), noMatch: sf({ ...SF_CASE, [field]: other }), missing: sf(without(SF_CASE, field)) },
      { negatable: true },
    ),
  ),
  ...SF_CONTAINS.flatMap(([field, operand, other]) =>
    quartet(
      SF_SOURCE,
      `Salesforce ${field} CONTAINS "${operand}"`,
      leaf(`${SF}.${field}`, 'CONTAINS', [operand]),
      { match: sf(SF_CASE), noMatch: sf({ ...SF_CASE, [field]: other }), missing: sf(without(SF_CASE, field)) },
      { negatable: true },
    ),
  ),
  ...quartet(
    SF_SOURCE,
    'Salesforce custom attribute Region EQUALS EMEA',
    leaf(`${SF}.CustomAttribute.Region`, 'EQUALS', ['EMEA']),
    {
      match: sf(SF_CASE),
      noMatch: sf({ ...SF_CASE, CustomAttribute: { Region: 'APAC', Segment: 'Enterprise' } }),
      missing: sf({ ...SF_CASE, CustomAttribute: { Segment: 'EMEA' } }),
    },
    { negatable: true },
  ),
  {
    source: SF_SOURCE,
    name: 'Salesforce Subject EQUALS is case-sensitive and whole',
    condition: leaf(`${SF}.Subject`, 'EQUALS', ['Network outage in Berlin office']),
    event: sf(SF_CASE),
    expected: false,
  },
  {
    source: SF_SOURCE,
    name: 'Salesforce Subject CONTAINS "outage": "Outages" holds it',
    condition: leaf(`${SF}.Subject`, 'CONTAINS', ['outage']),
    event: sf({ ...SF_CASE, Subject: 'Repeated Outages since Monday' }),
    expected: true,
  },
  {
    source: SF_SOURCE,
    name: 'Salesforce Subject CONTAINS a phrase across words',
    condition: leaf(`${SF}.Subject`, 'CONTAINS', ['outage in berlin']),
    event: sf(SF_CASE),
    expected: true,
  },
  {
    source: SF_SOURCE,
    name: 'Spec example O: subject contains "outage" or Region = EMEA; only the region',
    condition: {
      Operator: 'OR',
      Operands: [leaf(`${SF}.Subject`, 'CONTAINS', ['outage']), leaf(`${SF}.CustomAttribute.Region`, 'EQUALS', ['EMEA'])],
    },
    event: sf({ ...SF_CASE, Subject: 'Printer jam' }),
    expected: true,
  },
];

export const THIRD_PARTY_CASES: EvalCase[] = [
  ...zendeskCases('OnZendeskTicketCreate', 'TicketCreate'),
  ...zendeskCases('OnZendeskTicketStatusUpdate', 'StatusUpdate'),
  {
    source: 'OnZendeskTicketCreate',
    name: 'Spec example M: urgent incident tagged vip',
    condition: {
      Operator: 'AND',
      Operands: [
        leaf('$.ThirdParty.Zendesk.TicketCreate.Type', 'EQUALS', ['incident']),
        leaf('$.ThirdParty.Zendesk.TicketCreate.Priority', 'EQUALS', ['urgent']),
        leaf('$.ThirdParty.Zendesk.TicketCreate.Tags', 'CONTAINS', ['vip']),
      ],
    },
    event: eventOf('OnZendeskTicketCreate', TICKET),
    expected: true,
  },
  {
    source: 'OnZendeskTicketStatusUpdate',
    name: 'Spec example N: status anything but solved; it was solved',
    condition: leaf('$.ThirdParty.Zendesk.StatusUpdate.Status', 'EQUALS', ['solved'], { negate: true }),
    event: eventOf('OnZendeskTicketStatusUpdate', { ...TICKET, Status: 'solved' }),
    expected: false,
  },
  ...SALESFORCE_CASES,
];
