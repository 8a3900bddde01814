/**
 * The third-party sources: Zendesk ticket create and
 * status update (the same 12 fields under two prefixes) and Salesforce case create.
 * Every row takes exactly one string and may be negated.
 */
import { RULE_LIMITS, TEMPLATE_KEY, contains, equals, equalsOrContains, oneString, row } from './rows.ts';
import type { ConditionSpec, EventSourceName, OperatorForm, SourceCatalogue, ValueSpec } from './types.ts';

/** One documented field: relative path, operators, and how the value is read. */
interface FieldRow {
  readonly field: string;
  readonly forms: readonly OperatorForm[];
  readonly value?: ValueSpec;
  /** For messages, when the field is not a plain name. */
  readonly name?: string;
}

const field = (name: string, forms: readonly OperatorForm[]): FieldRow => ({ field: name, forms });

/**
 * The documented status values (AWS API reference, OnZendeskTicketCreate and
 * OnZendeskTicketStatusUpdate: "open", "pending", "solved", "close", "hold"). `close` is
 * AWS's spelling (sic); Zendesk's own `closed` is refused in a rule (the message
 * suggests `close`), and the ingestion reads a Zendesk `closed` as `close`
 * (engine/ingest/third-party.ts) so that the documented rule value matches.
 */
const ZENDESK_STATUSES = ['open', 'pending', 'solved', 'close', 'hold'];

/** The fields' rows, made when a catalogue is (not at load: a function packaged without these sources bundles none of them). */
const zendeskFields = (): readonly FieldRow[] => [
  field('Type', equals(oneString(['question', 'incident', 'problem', 'task']))),
  field('Priority', equals(oneString(['low', 'normal', 'high', 'urgent']))),
  field('Status', equals(oneString(ZENDESK_STATUSES))),
  ...['RequesterId', 'SubmitterId', 'AssigneeId', 'OrganizationId', 'BrandId', 'FormId', 'ExternalId', 'Channel'].map(
    (name) => field(name, equals()),
  ),
  { field: 'Tags', forms: contains(), value: { kind: 'list' } },
];

const salesforceFields = (): readonly FieldRow[] => [
  field('AccountId', equals()),
  field('Name', equalsOrContains()),
  field('Email', equalsOrContains()),
  field('Phone', equalsOrContains()),
  field('Company', equalsOrContains()),
  field('Type', equals()),
  field('Reason', equals()),
  field('Origin', equals()),
  field('Subject', equalsOrContains()),
  field('Priority', equals()),
  field('Description', equalsOrContains()),
  { field: `CustomAttribute.${TEMPLATE_KEY}`, forms: equals(), name: 'custom attribute' },
];

const fieldRows = (label: string, prefix: string, fields: readonly FieldRow[]): ConditionSpec[] =>
  fields.map(({ field, forms, value, name }) =>
    row(`${label} ${name ?? field}`, `${prefix}.${field}`, forms, { negatable: true, ...(value ? { value } : {}) }),
  );

const thirdParty = (source: EventSourceName, label: string, prefix: string, fields: readonly FieldRow[]): SourceCatalogue => ({
  source,
  prefix,
  structure: 'flat',
  conditions: fieldRows(label, prefix, fields),
  limits: RULE_LIMITS,
  documented: true,
});

export const zendeskTicketCreate = (): SourceCatalogue =>
  thirdParty('OnZendeskTicketCreate', 'Zendesk ticket', '$.ThirdParty.Zendesk.TicketCreate', zendeskFields());

/** The condition paths say `StatusUpdate`; only the injection tokens say `TicketStatusUpdate`. */
export const zendeskTicketStatusUpdate = (): SourceCatalogue =>
  thirdParty('OnZendeskTicketStatusUpdate', 'Zendesk ticket', '$.ThirdParty.Zendesk.StatusUpdate', zendeskFields());

export const salesforceCaseCreate = (): SourceCatalogue =>
  thirdParty('OnSalesforceCaseCreate', 'Salesforce case', '$.ThirdParty.Salesforce.CaseCreate', salesforceFields());
