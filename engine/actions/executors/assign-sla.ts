/**
 * ASSIGN_SLA: an SLA related item on the case of the trigger event: `Active`, target
 * time = now + TargetSlaMinutes (`Met` at once when the field already holds a target
 * value). Deployed: Cases CreateRelatedItem (type Sla), Cases tracks it. Local: the
 * cases table; the SLA sweeper marks it `Overdue` when the target time passes, which
 * emits OnSlaBreach (carrying this rule in its cascade chain).
 */
import { ActionError } from '../backends.ts';
import { stableToken } from '../ids.ts';
import { cascadeOf } from '../runner.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { caseIdOf, outcome, type ActionDeps } from './support.ts';

export function assignSla(deps: Pick<ActionDeps, 'cases'>): ActionExecutor {
  return {
    type: 'ASSIGN_SLA',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const caseId = caseIdOf(inv.event);
      if (!caseId) throw new ActionError('InvalidRequestException', `the ${inv.event.EventSourceName} event names no case (Case.CaseId)`);
      const c = inv.action.AssignSlaAction!.CaseSlaConfiguration;
      const chain = cascadeOf(inv.event)?.Rules ?? [];
      const sla = await deps.cases.assignSla({
        caseId,
        name: c.Name,
        ...(c.FieldId !== undefined ? { fieldId: c.FieldId } : {}),
        ...(c.TargetFieldValues ? { targetFieldValues: c.TargetFieldValues } : {}),
        targetSlaMinutes: c.TargetSlaMinutes,
        now: inv.now,
        clientToken: stableToken('sla', inv.eventKey, inv.rule.RuleId, inv.actionIndex),
        cascade: { Depth: inv.depth + 1, Rules: [...chain, inv.rule.RuleId], ParentEventKey: inv.eventKey },
        instanceId: inv.event.InstanceId,
      });
      const s = sla.SlaConfiguration;
      return outcome(inv, 'SUCCEEDED', `SLA ${s.Name} on case ${caseId}: ${s.Status}, target ${s.TargetTime}`, {
        output: { caseId, relatedItemId: sla.RelatedItemId, slaConfiguration: s },
      });
    },
  };
}
