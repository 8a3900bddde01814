/**
 * CREATE_CASE: a case of the template with the rule's field values, the triggering
 * contact related to it; emits OnCaseCreate. Deployed: Connect Cases CreateCase and
 * CreateRelatedItem (contact). Local: the cases table.
 */
import type { TriggerEvent } from '../../context/types.ts';
import { stableToken } from '../ids.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { contactArn, contactBody, outcome, type ActionDeps } from './support.ts';

export function createCase(deps: Pick<ActionDeps, 'cases'>): ActionExecutor {
  return {
    type: 'CREATE_CASE',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const def = inv.action.CreateCaseAction!;
      const token = stableToken('case', inv.eventKey, inv.rule.RuleId, inv.actionIndex);
      const { caseId, created } = await deps.cases.createCase({
        templateId: def.TemplateId,
        fields: def.Fields,
        clientToken: token,
        now: inv.now,
        instanceId: inv.event.InstanceId,
      });
      const body = contactBody(inv.event);
      if (body?.ContactId) {
        await deps.cases.relateContact(caseId, { contactArn: contactArn(inv.instanceArn, body.ContactId), ...(body.Channel ? { channel: body.Channel } : {}) }, inv.now, token);
      }
      const record = await deps.cases.getCase(caseId);
      const emitted: TriggerEvent[] = created && record
        ? [{ EventSourceName: 'OnCaseCreate', InstanceId: inv.event.InstanceId, EventTime: inv.now.toISOString(), Case: { CaseId: caseId, TemplateId: record.TemplateId, Fields: record.Fields } }]
        : [];
      return outcome(inv, 'SUCCEEDED', `${created ? 'case' : 'existing case'} ${caseId} (template ${def.TemplateId})${body?.ContactId ? ` related to contact ${body.ContactId}` : ''}`, {
        output: { caseId, templateId: def.TemplateId, ...(record ? { fields: record.Fields } : {}) },
        emitted,
      });
    },
  };
}
