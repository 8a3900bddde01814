/**
 * Amazon Connect Cases sources: OnCaseCreate and
 * OnCaseUpdate share the same 11 conditions; OnSlaBreach has one.
 */
import {
  DATETIME,
  ENTRY_LIMIT,
  RULE_LIMITS,
  TEMPLATE_KEY,
  compare,
  containsAny,
  equals,
  equalsOrContains,
  ids,
  row,
  strings,
} from './rows.ts';
import type { ConditionSpec, EventSourceName, SourceCatalogue } from './types.ts';

const FIELDS = '$.Case.Fields';

/**
 * In the order of the documented table. Specific field ids (`status`, ...) win over the custom-field
 * template `$.Case.Fields.<KEY>` when a path is resolved. Date/time operands are
 * ISO-8601 strings compared as instants (docs/canonical-events.md).
 */
const CASE_CONDITIONS: readonly ConditionSpec[] = [
  row('Assigned queue', `${FIELDS}.assigned_queue`, containsAny(ids('queue'))),
  // The doc text says "a list of queue ids"; the operands are user IDs. Not `ids('agent')`:
  // the field holds the user's ARN, so an ARN operand matches it (engine/compile/operators.ts).
  row('Assigned user', `${FIELDS}.assigned_user`, containsAny(strings(ENTRY_LIMIT))),
  row('Case reason', `${FIELDS}.case_reason`, equals(), { negatable: true }),
  row('Case status', `${FIELDS}.status`, equals()),
  row('Case summary', `${FIELDS}.summary`, equalsOrContains()),
  row('Last closed date/time', `${FIELDS}.last_closed_datetime`, compare(DATETIME)),
  row('Last updated date/time', `${FIELDS}.last_updated_datetime`, compare(DATETIME)),
  row('Opened date/time', `${FIELDS}.created_datetime`, compare(DATETIME), { negatable: true }),
  // "true" in the text, `false` in the example: both accepted.
  row('Reference number', `${FIELDS}.reference_number`, equalsOrContains(), { negatable: true }),
  row('Custom case field', `${FIELDS}.${TEMPLATE_KEY}`, equalsOrContains(), { negatable: true }),
  row('Case template', '$.Case.TemplateId', containsAny(strings()), { negatable: true }),
];

const caseCatalogue = (source: EventSourceName): SourceCatalogue => ({
  source,
  prefix: '$.Case',
  structure: 'flat',
  conditions: CASE_CONDITIONS,
  limits: RULE_LIMITS,
  documented: true,
});

export const caseCreate = (): SourceCatalogue => caseCatalogue('OnCaseCreate');
export const caseUpdate = (): SourceCatalogue => caseCatalogue('OnCaseUpdate');

export const slaBreach = (): SourceCatalogue => ({
  source: 'OnSlaBreach',
  prefix: '$.RelatedItem.SlaConfiguration',
  structure: 'flat',
  conditions: [row('Cases SLA name', '$.RelatedItem.SlaConfiguration.Name', containsAny(strings()))],
  limits: RULE_LIMITS,
  documented: true,
});
