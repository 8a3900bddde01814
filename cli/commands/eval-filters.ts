/**
 * A rule's PreEvaluationFilters in `eval` and `repl`: the same check the pipeline,
 * backtest and rule tests make (engine/rules/pre-evaluation.ts), on the contact
 * record given, so `eval` does not say MATCHED for a contact the rule is never
 * evaluated on. Without the contact's tags the rule is not evaluated, as in the
 * pipeline. Loaded only for a rule that has filters.
 */
import {
  contactRecordTags,
  describeContactTags,
  describePreEvaluationFilters,
  hasPreEvaluationFilters,
  passesPreEvaluationFilters,
} from '../../engine/rules/pre-evaluation.ts';
import { checkPreEvaluationFilters } from '../../engine/rules/validate-request.ts';
import type { PreEvaluationFilters } from '../../engine/rules/model.ts';
import { UsageError } from '../io.ts';

/** AWS, API reference *PreEvaluationFilters*: the sentence the first line of `--explain` quotes. */
export const AWS_PRE_EVALUATION = '"All conditions must be met for the event to be evaluated by the rule."';

export interface PreEvaluation {
  readonly evaluated: boolean;
  /** What decided it: the filters and the contact's tags (or why they are unknown). */
  readonly reason: string;
}

/** The filters of a rule body, checked as CreateRule checks them; undefined when it has none. A bad one is refused, located at the rule. */
export function filtersOf(body: Readonly<Record<string, unknown>> | undefined, label: string): PreEvaluationFilters | undefined {
  if (body?.PreEvaluationFilters === undefined) return undefined;
  const { filters, problems } = checkPreEvaluationFilters(body.PreEvaluationFilters);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `${label}: ${p}`).join('\n'));
  return filters && hasPreEvaluationFilters({ PreEvaluationFilters: filters }) ? filters : undefined;
}

/**
 * Whether the rule is evaluated on this contact. `contact`: the record as given
 * (undefined: none); `readsContact`: whether the event's source reads one at all;
 * `give`: how to give one (`--contact`, `.contact <file>`).
 */
export function preEvaluation(filters: PreEvaluationFilters, at: { contact: unknown; readsContact: boolean; source: string; give: string }): PreEvaluation {
  const tags = at.readsContact ? contactRecordTags(at.contact) : undefined;
  const evaluated = passesPreEvaluationFilters({ PreEvaluationFilters: filters }, tags);
  const known = tags
    ? `contact tags ${describeContactTags(tags)}`
    : !at.readsContact
      ? `contact tags unknown (${at.source} events carry no contact record)`
      : at.contact === undefined
        ? `contact tags unknown (no contact record: give it with ${at.give})`
        : 'contact tags unknown (the contact record has no Tags)';
  return { evaluated, reason: `PreEvaluationFilters ${describePreEvaluationFilters(filters)}; ${known}` };
}

/** The first line of an explain trace: why the rule was (not) evaluated; when not, what its conditions alone give (the trace below). */
export function preEvaluationLine(p: PreEvaluation, conditionsMatched: boolean): string {
  if (p.evaluated) return `evaluated: ${p.reason}`;
  const alone = conditionsMatched ? 'MATCHED' : 'NOT MATCHED';
  return `not evaluated: the filters are applied before the conditions (AWS: ${AWS_PRE_EVALUATION}): ${p.reason}; the conditions alone: ${alone}`;
}
