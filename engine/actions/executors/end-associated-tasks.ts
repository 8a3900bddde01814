/**
 * END_ASSOCIATED_TASKS: ends the open task contacts associated with the case of the
 * trigger event: task contacts related to the case, and (locally) the tasks whose
 * PreviousContactId is a contact related to the case (a rule that created the case
 * and a task from the same call). Deployed: Cases SearchRelatedItems (contacts) then
 * Connect StopContact for each TASK contact. INTERPRETATION.
 */
import { ActionError } from '../backends.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { caseIdOf, contactIdOf, outcome, type ActionDeps } from './support.ts';

export function endAssociatedTasks(deps: Pick<ActionDeps, 'cases' | 'tasks'>): ActionExecutor {
  return {
    type: 'END_ASSOCIATED_TASKS',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const caseId = caseIdOf(inv.event);
      if (!caseId) throw new ActionError('InvalidRequestException', `the ${inv.event.EventSourceName} event names no case (Case.CaseId)`);
      const instanceId = inv.event.InstanceId;
      const related = await deps.cases.relatedContacts(caseId);
      const candidates = new Set<string>();
      for (const r of related) {
        const id = contactIdOf(r.contactArn);
        if (!r.channel || r.channel === 'TASK') candidates.add(id);
        if (deps.tasks.tasksOf) for (const t of await deps.tasks.tasksOf(instanceId, id)) if (t.Status === 'OPEN') candidates.add(t.ContactId);
      }
      const ended: string[] = [];
      for (const id of candidates) {
        const { stopped } = await deps.tasks.stopContact(instanceId, id, inv.now);
        if (stopped) ended.push(id);
      }
      return outcome(inv, 'SUCCEEDED', ended.length > 0 ? `ended ${ended.length} task(s) of case ${caseId}: ${ended.join(', ')}` : `case ${caseId} has no open task`, {
        output: { caseId, endedContactIds: ended },
      });
    },
  };
}
