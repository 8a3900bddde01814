/**
 * A rule's PreEvaluationFilters: one check for every place a rule meets an event (the
 * pipeline, backtest, rule tests, `eval`, `repl`). AWS, API reference
 * *PreEvaluationFilters*: "The pre-evaluation filters are applied even before rule
 * conditions are evaluated" and "All conditions must be met for the event to be
 * evaluated by the rule." The contact's tags decide; when they are not known the rule
 * is not evaluated (the pipeline cannot tell a contact without the tag from one whose
 * record has not arrived, and evaluating it would fire what Connect would not).
 */
import { isObject } from '../context/json.ts';
import type { PreEvaluationFilters, StoredRule } from './model.ts';

/** Whether the contact's tags pass a rule's PreEvaluationFilters (no filters: yes; unknown tags: no). */
export function passesPreEvaluationFilters(rule: Pick<StoredRule, 'PreEvaluationFilters'>, tags: Readonly<Record<string, string>> | undefined): boolean {
  const conditions = rule.PreEvaluationFilters?.AndConditions ?? [];
  if (conditions.length === 0) return true;
  if (!tags) return false;
  return conditions.every((c) => c.ResourceType === 'CONTACT' && c.FilterType === 'TAG' && tags[c.FilterKey] === c.FilterValue);
}

/** Whether a rule has PreEvaluationFilters that decide anything. */
export function hasPreEvaluationFilters(rule: Pick<StoredRule, 'PreEvaluationFilters'>): boolean {
  return (rule.PreEvaluationFilters?.AndConditions?.length ?? 0) > 0;
}

/** The tags of a contact record as given (a CTR's `Tags`, a DescribeContact response's `Contact.Tags`); undefined when it has none. */
export function contactRecordTags(record: unknown): Record<string, string> | undefined {
  const tags = isObject(record) ? (record.Tags ?? (isObject(record.Contact) ? record.Contact.Tags : undefined)) : undefined;
  return isObject(tags) ? (Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : undefined;
}

/** The filters as a reader would say them: `tag Dept = "Sales" and tag Region = "EU"`. */
export function describePreEvaluationFilters(filters: PreEvaluationFilters | undefined): string {
  return (filters?.AndConditions ?? [])
    .map((c) => (c.ResourceType === 'CONTACT' && c.FilterType === 'TAG' ? `tag ${c.FilterKey} = ${JSON.stringify(c.FilterValue)}` : `${c.ResourceType} ${c.FilterType} ${c.FilterKey} ${c.Operator} ${JSON.stringify(c.FilterValue)}`))
    .join(' and ');
}

/** The contact's tags as a reader would say them: `{Dept: "Support"}`, `none`. */
export function describeContactTags(tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? 'none' : `{${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`;
}
