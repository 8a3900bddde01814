/**
 * ASSIGN_CONTACT_CATEGORY: the rule name becomes a category of the contact, stored
 * with the contact in DynamoDB (queryable by category), deployed and locally alike.
 * The contact's facts are remembered too (for evaluations submitted later by hand).
 */
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { contactBody, factsOf, outcome, type ActionDeps } from './support.ts';

export function assignContactCategory(deps: Pick<ActionDeps, 'categories'>): ActionExecutor {
  return {
    type: 'ASSIGN_CONTACT_CATEGORY',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const body = contactBody(inv.event);
      const contactId = body?.ContactId;
      if (!body || !contactId) {
        return outcome(inv, 'SKIPPED', `the ${inv.event.EventSourceName} event has no contact to categorise`);
      }
      const category = inv.rule.Name;
      await deps.categories.rememberContact(inv.event.InstanceId, factsOf(body), inv.now);
      const { created } = await deps.categories.assignCategory({
        instanceId: inv.event.InstanceId,
        contactId,
        category,
        ruleId: inv.rule.RuleId,
        now: inv.now,
      });
      return outcome(inv, 'SUCCEEDED', created ? `contact ${contactId} categorised ${category}` : `contact ${contactId} already had category ${category}`, {
        output: { contactId, category, created },
      });
    },
  };
}
