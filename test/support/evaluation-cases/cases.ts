/**
 * Amazon Connect Cases sources: OnCaseCreate and
 * OnCaseUpdate share the 11 conditions on `$.Case`; OnSlaBreach has the SLA name.
 * Date-time fields compare as instants (docs/canonical-events.md), to the microsecond
 * the operand is written with.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { AGENT, ARN_PREFIX, QUEUE } from './contact-record.ts';
import { and, caseMaker, eventOf, leaf, quartet, type EvalCase, type Json, type JsonObject } from './support.ts';

const TEMPLATE = { billing: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d', general: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b' };
const CUSTOM_FIELD = '3c1f9a2e-6b7d-4e8f-9a0b-1c2d3e4f5a6b';
const VIP_FIELD = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
const ITEMS_FIELD = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
const OPERAND_INSTANT = '2023-11-11T11:11:11.111111Z';

const FIELDS: Record<string, Json> = {
  assigned_queue: QUEUE.billing,
  assigned_user: `${ARN_PREFIX}/agent/${AGENT.alice}`,
  case_reason: 'Refund',
  status: 'open',
  summary: 'Customer reports a DOUBLE CHARGE on order 1234',
  last_closed_datetime: '2023-11-01T09:30:00Z',
  last_updated_datetime: '2023-11-11T11:11:11.111111Z',
  created_datetime: '2023-10-30T08:00:00.000Z',
  reference_number: 'CASE-000123',
  [CUSTOM_FIELD]: 'Gold tier',
  [VIP_FIELD]: true,
  [ITEMS_FIELD]: 3,
};

const without = (o: Record<string, Json>, key: string): Record<string, Json> =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

function caseCases(source: EventSourceName): EvalCase[] {
  const ev = (fields: Record<string, Json>, templateId = TEMPLATE.billing): JsonObject =>
    eventOf(source, { CaseId: 'c0ffee00-1234-4abc-8def-001122334455', TemplateId: templateId, Fields: fields });
  const base = ev(FIELDS);
  const set = (field: string, value: Json) => ev({ ...FIELDS, [field]: value });
  const unset = (field: string) => ev(without(FIELDS, field));
  const F = (field: string) => `$.Case.Fields.${field}`;
  const c = caseMaker(source);
  /** The cases of one string field: `operator operand` holds on the base case, not on `other`. */
  const text = (label: string, field: string, operator: string, operand: string, other: Json, negatable: boolean) =>
    quartet(source, `${label} ${operator} "${operand}"`, leaf(F(field), operator, [operand]), { match: base, noMatch: set(field, other), missing: unset(field) }, { negatable });
  /** A date-time field against OPERAND_INSTANT. */
  const instant = (label: string, field: string, negatable: boolean): EvalCase[] => {
    const le = leaf(F(field), 'NumberLessOrEqualTo', [OPERAND_INSTANT]);
    const ge = leaf(F(field), 'NumberGreaterOrEqualTo', [OPERAND_INSTANT]);
    const cases = [
      c(`${label} ≤ ${OPERAND_INSTANT}: a day earlier`, le, set(field, '2023-11-10T11:11:11Z'), true),
      c(`${label} ≤ ${OPERAND_INSTANT}: a day later`, le, set(field, '2023-11-12T11:11:11Z'), false),
      c(`${label} ≤ ${OPERAND_INSTANT}: missing`, le, unset(field), false),
      c(`${label} ≥ ${OPERAND_INSTANT}: the same instant, same text`, ge, set(field, OPERAND_INSTANT), true),
      c(`${label} ≥ ${OPERAND_INSTANT}: a day earlier`, ge, set(field, '2023-11-10T11:11:11Z'), false),
      c(`${label} ≥ ${OPERAND_INSTANT}: missing`, ge, unset(field), false),
    ];
    if (negatable) {
      cases.push(
        c(`${label} not ≤ ${OPERAND_INSTANT}: a day later`, { ...le, Negate: true }, set(field, '2023-11-12T11:11:11Z'), true),
        c(`${label} not ≤ ${OPERAND_INSTANT}: a day earlier`, { ...le, Negate: true }, set(field, '2023-11-10T11:11:11Z'), false),
        c(`${label} not ≤ ${OPERAND_INSTANT}: missing`, { ...le, Negate: true }, unset(field), true),
      );
    }
    return cases;
  };
  /** Spec example P: template T, status closed, reason not Refund. */
  const exampleP = and(
    leaf('$.Case.TemplateId', 'CONTAINS_ANY', [TEMPLATE.billing]),
    leaf(F('status'), 'EQUALS', ['closed']),
    leaf(F('case_reason'), 'EQUALS', ['Refund'], { negate: true }),
  );
  const created = (op: string) => leaf(F('created_datetime'), op, [OPERAND_INSTANT]);

  return [
    ...quartet(
      source,
      'Assigned queue',
      leaf(F('assigned_queue'), 'CONTAINS_ANY', [QUEUE.billing, QUEUE.sales]),
      { match: base, noMatch: set('assigned_queue', QUEUE.retention), missing: unset('assigned_queue') },
      { negatable: false },
    ),
    ...quartet(
      source,
      'Assigned user (user ids; the case holds the user ARN)',
      leaf(F('assigned_user'), 'CONTAINS_ANY', [AGENT.alice, AGENT.carol]),
      { match: base, noMatch: set('assigned_user', `${ARN_PREFIX}/agent/${AGENT.bob}`), missing: unset('assigned_user') },
      { negatable: false },
    ),
    c('Assigned user: a bare user id in the case', leaf(F('assigned_user'), 'CONTAINS_ANY', [AGENT.alice]), set('assigned_user', AGENT.alice), true),
    ...text('Case reason', 'case_reason', 'EQUALS', 'Refund', 'Billing', true),
    c('Case reason EQUALS is case-sensitive', leaf(F('case_reason'), 'EQUALS', ['refund']), base, false),
    ...text('Case status', 'status', 'EQUALS', 'open', 'closed', false),
    ...text('Case summary', 'summary', 'EQUALS', 'Customer reports a DOUBLE CHARGE on order 1234', 'Customer reports a double charge', false),
    ...text('Case summary', 'summary', 'CONTAINS', 'double charge', 'Customer asks about delivery', false),
    ...instant('Last closed', 'last_closed_datetime', false),
    ...instant('Last updated', 'last_updated_datetime', false),
    ...instant('Opened', 'created_datetime', true),
    // instants, not texts
    c('Opened ≤ operand: the same instant at +01:00', created('NumberLessOrEqualTo'), set('created_datetime', '2023-11-11T12:11:11.111111+01:00'), true),
    c('Opened ≥ operand: the same instant at +01:00', created('NumberGreaterOrEqualTo'), set('created_datetime', '2023-11-11T12:11:11.111111+01:00'), true),
    c('Opened ≤ operand: one microsecond later', created('NumberLessOrEqualTo'), set('created_datetime', '2023-11-11T11:11:11.111112Z'), false),
    c('Opened ≥ operand: 111 microseconds earlier, at millisecond precision', created('NumberGreaterOrEqualTo'), set('created_datetime', '2023-11-11T11:11:11.111Z'), false),
    c('Opened ≤ operand: 111 microseconds earlier, at millisecond precision', created('NumberLessOrEqualTo'), set('created_datetime', '2023-11-11T11:11:11.111Z'), true),
    c('Opened ≤ operand: an hour earlier, written at -05:00', created('NumberLessOrEqualTo'), set('created_datetime', '2023-11-11T05:11:11-05:00'), true),
    c('Opened ≥ operand: later on the clock but earlier as an instant (+03:00)', created('NumberGreaterOrEqualTo'), set('created_datetime', '2023-11-11T13:00:00+03:00'), false),
    ...text('Reference number', 'reference_number', 'EQUALS', 'CASE-000123', 'CASE-000124', true),
    ...text('Reference number', 'reference_number', 'CONTAINS', '000123', 'CASE-999999', true),
    ...text('Custom field', CUSTOM_FIELD, 'EQUALS', 'Gold tier', 'Silver tier', true),
    ...text('Custom field', CUSTOM_FIELD, 'CONTAINS', 'GOLD', 'Silver tier', true),
    c('Custom boolean field EQUALS "true"', leaf(F(VIP_FIELD), 'EQUALS', ['true']), base, true),
    c('Custom boolean field EQUALS "true": false', leaf(F(VIP_FIELD), 'EQUALS', ['true']), set(VIP_FIELD, false), false),
    c('Custom number field EQUALS "3"', leaf(F(ITEMS_FIELD), 'EQUALS', ['3']), base, true),
    ...quartet(
      source,
      'Case template',
      leaf('$.Case.TemplateId', 'CONTAINS_ANY', [TEMPLATE.billing]),
      {
        match: base,
        noMatch: ev(FIELDS, TEMPLATE.general),
        missing: eventOf(source, { CaseId: 'c0ffee00-1234-4abc-8def-001122334455', Fields: FIELDS }),
      },
      { negatable: true },
    ),
    // spec examples P and Q
    c(
      'Spec example P: template, status closed, reason not Refund; the reason is Refund',
      exampleP,
      ev({ ...FIELDS, status: 'closed' }),
      false,
    ),
    c(
      'Spec example P: template, status closed, reason not Refund; reason Billing',
      exampleP,
      ev({ ...FIELDS, status: 'closed', case_reason: 'Billing' }),
      true,
    ),
    c(
      'Spec example Q: assigned queue, created before the date',
      {
        Operator: 'AND',
        Operands: [leaf(F('assigned_queue'), 'CONTAINS_ANY', [QUEUE.billing]), created('NumberLessOrEqualTo')],
      },
      base,
      true,
    ),
  ];
}

const SLA = '$.RelatedItem.SlaConfiguration.Name';
const breach = (slaName?: string): JsonObject =>
  eventOf('OnSlaBreach', {
    RelatedItemId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    CaseId: 'c0ffee00-1234-4abc-8def-001122334455',
    SlaConfiguration: {
      ...(slaName === undefined ? {} : { Name: slaName }),
      Type: 'CaseField',
      Status: 'Overdue',
      FieldId: 'status',
      TargetTime: '2024-05-01T12:00:00Z',
    },
  });

export const CASES_CASES: EvalCase[] = [
  ...caseCases('OnCaseCreate'),
  ...caseCases('OnCaseUpdate'),
  ...quartet(
    'OnSlaBreach',
    'Cases SLA name',
    leaf(SLA, 'CONTAINS_ANY', ['highPrioritySla', 'vipSla']),
    { match: breach('highPrioritySla'), noMatch: breach('lowPrioritySla'), missing: breach() },
    { negatable: false, notCanonical: 'an SLA related item always has a Name' },
  ),
  {
    source: 'OnSlaBreach',
    name: 'Cases SLA name compares case-sensitively',
    condition: leaf(SLA, 'CONTAINS_ANY', ['highPrioritySla']),
    event: breach('HighPrioritySla'),
    expected: false,
  },
];
