/**
 * Every documented condition of the third-party sources: the 12 Zendesk fields under both prefixes, the 12 Salesforce fields.
 * Every row takes exactly one string and may be negated.
 */
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../index.ts';
import { describeRows, leaf, type RowCase } from '../../test/support/validator.ts';

/** One string field: `forms` are its documented operators, the first one is the row's valid form. */
function field(
  prefix: string,
  name: string,
  rel: string,
  forms: readonly string[],
  values: { valid: string; bad?: { value: string; message: string } },
): RowCase {
  const path = `${prefix}.${rel}`;
  const [op, ...others] = forms;
  return {
    path,
    valid: leaf(op, path, [values.valid]),
    alsoValid: others.map((o) => leaf(o, path, [values.valid])),
    negatable: true,
    wrongOperator: { op: 'CONTAINS_ANY', use: forms.join(' or ') },
    badOperands: [
      { change: { operands: ['a', 'b'] }, expect: { at: 'operands', message: `${op} on ${name} takes exactly 1 operand, got 2` } },
      { change: { operands: [12345] }, expect: { at: { needle: '12345' }, message: `${op} on ${name} takes string operands, not a number 12345` } },
      ...(values.bad ? [{ change: { operands: [values.bad.value] }, expect: { at: { needle: `"${values.bad.value}"` }, message: values.bad.message } }] : []),
    ],
  };
}

const zendesk = (prefix: string): RowCase[] => {
  const z = (rel: string, values: Parameters<typeof field>[4], forms = ['EQUALS']) =>
    field(prefix, `Zendesk ticket ${rel}`, rel, forms, values);
  return [
    z('Type', { valid: 'incident', bad: { value: 'Incident', message: '"Incident" is not a valid Zendesk ticket Type value (did you mean "incident"?)' } }),
    z('Priority', {
      valid: 'urgent',
      bad: { value: 'critical', message: '"critical" is not a valid Zendesk ticket Priority value; expected one of "low", "normal", "high", "urgent"' },
    }),
    z('Status', {
      valid: 'close',
      bad: { value: 'done', message: '"done" is not a valid Zendesk ticket Status value; expected one of "open", "pending", "solved", "close", "hold"' },
    }),
    ...['RequesterId', 'SubmitterId', 'AssigneeId', 'OrganizationId', 'BrandId', 'FormId', 'ExternalId'].map((rel) => z(rel, { valid: '12345' })),
    z('Channel', { valid: 'web' }),
    z('Tags', { valid: 'vip' }, ['CONTAINS']),
  ];
};

describeRows('OnZendeskTicketCreate', zendesk('$.ThirdParty.Zendesk.TicketCreate'));

describe('Zendesk status values: only the documented ones', () => {
  it("refuses Zendesk's own 'closed', pointing at the documented 'close' (sic)", () => {
    const fn = JSON.stringify({
      Version: '2022-11-25',
      RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'EQUALS', Operands: ['closed'], ComparisonValue: '$.ThirdParty.Zendesk.StatusUpdate.Status', Negate: false }] },
    });
    const { errors } = checkFunction(fn, 'OnZendeskTicketStatusUpdate');
    expect(errors.map((e) => e.message)).toEqual(['"closed" is not a valid Zendesk ticket Status value (did you mean "close"?)']);
    expect(errors[0]!.span.start.line).toBe(1);
  });
});
describeRows('OnZendeskTicketStatusUpdate', zendesk('$.ThirdParty.Zendesk.StatusUpdate'));

const SF = '$.ThirdParty.Salesforce.CaseCreate';
const sf = (rel: string, forms: string[], name = `Salesforce case ${rel}`) => field(SF, name, rel, forms, { valid: 'outage' });
describeRows('OnSalesforceCaseCreate', [
  sf('AccountId', ['EQUALS']),
  sf('Name', ['EQUALS', 'CONTAINS']),
  sf('Email', ['EQUALS', 'CONTAINS']),
  sf('Phone', ['EQUALS', 'CONTAINS']),
  sf('Company', ['EQUALS', 'CONTAINS']),
  sf('Type', ['EQUALS']),
  sf('Reason', ['EQUALS']),
  sf('Origin', ['EQUALS']),
  sf('Subject', ['EQUALS', 'CONTAINS']),
  sf('Priority', ['EQUALS']),
  sf('Description', ['EQUALS', 'CONTAINS']),
  sf('CustomAttribute.Region', ['EQUALS'], 'Salesforce case custom attribute'),
]);
