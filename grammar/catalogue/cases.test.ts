/** Every documented condition of OnCaseCreate, OnCaseUpdate and OnSlaBreach. */
import { describeRows, leaf, type RowCase } from '../../test/support/validator.ts';

const F = '$.Case.Fields';
const COMPARE = 'NumberGreaterOrEqualTo or NumberLessOrEqualTo';

const ids = (path: string, name: string, negatable: boolean): RowCase => ({
  path,
  valid: leaf('CONTAINS_ANY', path, ['id-1', 'id-2']),
  negatable,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    {
      change: { operands: Array.from({ length: 101 }, (_, i) => `id-${i}`) },
      expect: { at: { needle: '"id-100"' }, message: `${name} takes at most 100 entries, got 101` },
    },
    { change: { operands: [] }, expect: { at: 'operands', message: `CONTAINS_ANY on ${name} needs at least one operand` } },
  ],
});

const text = (path: string, name: string, forms: string[], negatable: boolean): RowCase => ({
  path,
  valid: leaf(forms[0], path, ['refund']),
  alsoValid: forms.slice(1).map((op) => leaf(op, path, ['refund'])),
  negatable,
  wrongOperator: { op: 'CONTAINS_ANY', use: forms.join(' or ') },
  badOperands: [{ change: { operands: ['a', 'b'] }, expect: { at: 'operands', message: `${forms[0]} on ${name} takes exactly 1 operand, got 2` } }],
});

const dateTime = (path: string, name: string, negatable: boolean): RowCase => ({
  path,
  valid: leaf('NumberLessOrEqualTo', path, ['2023-11-11T11:11:11.111111Z']),
  alsoValid: [leaf('NumberGreaterOrEqualTo', path, ['2024-01-01T00:00:00+02:00'])],
  negatable,
  wrongOperator: { op: 'EQUALS', use: COMPARE },
  badOperands: [
    {
      change: { operands: ['yesterday'] },
      expect: {
        at: { needle: '"yesterday"' },
        message: `NumberLessOrEqualTo on ${name} takes an ISO-8601 date-time string such as "2023-11-11T11:11:11.111111Z", not "yesterday"`,
      },
    },
    {
      change: { operands: [1700000000000] },
      expect: {
        at: { needle: '1700000000000' },
        message: `NumberLessOrEqualTo on ${name} takes an ISO-8601 date-time string such as "2023-11-11T11:11:11.111111Z", not 1700000000000`,
      },
    },
  ],
});

const CASE_ROWS: RowCase[] = [
  ids(`${F}.assigned_queue`, 'Assigned queue', false),
  ids(`${F}.assigned_user`, 'Assigned user', false),
  text(`${F}.case_reason`, 'Case reason', ['EQUALS'], true),
  text(`${F}.status`, 'Case status', ['EQUALS'], false),
  text(`${F}.summary`, 'Case summary', ['EQUALS', 'CONTAINS'], false),
  dateTime(`${F}.last_closed_datetime`, 'Last closed date/time', false),
  dateTime(`${F}.last_updated_datetime`, 'Last updated date/time', false),
  dateTime(`${F}.created_datetime`, 'Opened date/time', true),
  text(`${F}.reference_number`, 'Reference number', ['EQUALS', 'CONTAINS'], true),
  text(`${F}.my_custom_field`, 'Custom case field', ['EQUALS', 'CONTAINS'], true),
  ids('$.Case.TemplateId', 'Case template', true),
];

describeRows('OnCaseCreate', CASE_ROWS);
describeRows('OnCaseUpdate', CASE_ROWS);
describeRows('OnSlaBreach', [ids('$.RelatedItem.SlaConfiguration.Name', 'Cases SLA name', false)]);
