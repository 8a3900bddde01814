/**
 * SUBMIT_AUTO_EVALUATION: evaluates the contact with the ACTIVE version of the form:
 * single-select questions answered from the contact's categories (PRESENT /
 * NOT_PRESENT, else the default option), numeric ones from the analysis, scored and
 * submitted; emits OnContactEvaluationSubmit. Categories are those stored for the
 * contact (the runner assigns categories before it runs evaluations) plus the analysis
 * file's matched categories.
 */
import { ActionError } from '../backends.ts';
import { stableUuid } from '../ids.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { contactBody, factsOf, outcome, type ActionDeps } from './support.ts';

export function submitAutoEvaluation(deps: Pick<ActionDeps, 'evaluations' | 'categories'>): ActionExecutor {
  return {
    type: 'SUBMIT_AUTO_EVALUATION',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const body = contactBody(inv.event);
      if (!body?.ContactId) throw new ActionError('InvalidRequestException', `the ${inv.event.EventSourceName} event has no contact to evaluate`);
      const formId = inv.action.SubmitAutoEvaluationAction!.EvaluationFormId;
      const stored = await deps.categories.categoriesOf(inv.event.InstanceId, body.ContactId);
      const categories = new Set([...stored, ...(body.MatchedCategories ?? [])]);
      const facts = factsOf(body);
      await deps.categories.rememberContact(inv.event.InstanceId, facts, inv.now);
      const result = await deps.evaluations.autoEvaluate({
        instanceId: inv.event.InstanceId,
        formId: formId.slice(formId.lastIndexOf('/') + 1),
        contactId: body.ContactId,
        facts,
        categories,
        analysis: body,
        now: inv.now,
        evaluationId: stableUuid('auto-evaluation', inv.eventKey, inv.rule.RuleId, inv.actionIndex),
        evaluatorArn: inv.rule.RuleArn,
      });
      const unanswered = result.unanswered.length > 0 ? `; unanswered: ${result.unanswered.map((u) => `${u.refId} (${u.reason})`).join(', ')}` : '';
      return outcome(
        inv,
        'SUCCEEDED',
        `evaluation ${result.evaluationId} of contact ${body.ContactId} submitted with form ${formId} v${result.formVersion}${result.score !== undefined ? `, score ${result.score}%` : ''}${unanswered}`,
        {
          output: { evaluationId: result.evaluationId, formId, formVersion: result.formVersion, ...(result.score !== undefined ? { score: result.score } : {}), categories: [...categories], unanswered: result.unanswered },
          emitted: result.event ? [result.event] : [],
        },
      );
    },
  };
}
