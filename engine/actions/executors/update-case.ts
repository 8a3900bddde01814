/**
 * UPDATE_CASE: the rule's field values applied to the case of the trigger event
 * (`Case.CaseId`, or `RelatedItem.CaseId` on OnSlaBreach); emits OnCaseUpdate with the
 * case after the change. SLAs of the case whose field reached a target value become
 * Met (in time) or NotMet (late). Deployed: Cases UpdateCase (+ GetCase for the event).
 */
import { ActionError } from '../backends.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { caseIdOf, outcome, type ActionDeps } from './support.ts';

export function updateCase(deps: Pick<ActionDeps, 'cases'>): ActionExecutor {
  return {
    type: 'UPDATE_CASE',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const caseId = caseIdOf(inv.event);
      if (!caseId) throw new ActionError('InvalidRequestException', `the ${inv.event.EventSourceName} event names no case (Case.CaseId)`);
      const fields = inv.action.UpdateCaseAction!.Fields;
      const { case: after, slaChanges } = await deps.cases.updateCase(caseId, fields, inv.now);
      const slaNote = slaChanges.map((s) => `SLA ${s.SlaConfiguration.Name} ${s.SlaConfiguration.Status}`).join(', ');
      return outcome(inv, 'SUCCEEDED', `case ${caseId} updated (${fields.map((f) => f.Id).join(', ')})${slaNote ? `; ${slaNote}` : ''}`, {
        output: { caseId, fields: after.Fields, ...(slaChanges.length > 0 ? { slaChanges } : {}) },
        emitted: [{ EventSourceName: 'OnCaseUpdate', InstanceId: inv.event.InstanceId, EventTime: inv.now.toISOString(), Case: { CaseId: caseId, TemplateId: after.TemplateId, Fields: after.Fields } }],
      });
    },
  };
}
