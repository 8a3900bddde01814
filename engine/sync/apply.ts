/**
 * Carrying out a plan against the instance, one call at a time, each reported as it
 * completes. The first failure stops the push (what was done stays done, and is
 * reported); running the push again computes a new plan from what the instance now
 * holds, so an interrupted push converges.
 */
import type { ConnectClient, CreateRuleCommandInput, UpdateRuleCommandInput } from '@aws-sdk/client-connect';
import { createRule, deleteRule, updateRule } from './connect.ts';
import { clientTokenFor, type Plan } from './plan.ts';

export interface AppliedCall {
  readonly operation: 'CreateRule' | 'UpdateRule' | 'DeleteRule';
  readonly name: string;
  readonly ruleId: string;
}

type Body = Readonly<Record<string, unknown>>;

function createInput(instanceId: string, body: Body): CreateRuleCommandInput {
  return { InstanceId: instanceId, ...(body as Omit<CreateRuleCommandInput, 'InstanceId'>), ClientToken: clientTokenFor(instanceId, body) };
}

function updateInput(instanceId: string, ruleId: string, body: Body): UpdateRuleCommandInput {
  return {
    InstanceId: instanceId,
    RuleId: ruleId,
    Name: body.Name as string,
    Function: body.Function as string,
    Actions: body.Actions as UpdateRuleCommandInput['Actions'],
    PublishStatus: body.PublishStatus as UpdateRuleCommandInput['PublishStatus'],
    ...(body.PreEvaluationFilters !== undefined ? { PreEvaluationFilters: body.PreEvaluationFilters as UpdateRuleCommandInput['PreEvaluationFilters'] } : {}),
  };
}

/** Creates, then updates, then deletes; `onCall` hears of each call as it completes. */
export async function applyPlan(client: ConnectClient, instanceId: string, plan: Plan, onCall: (call: AppliedCall) => void = () => {}): Promise<AppliedCall[]> {
  const done: AppliedCall[] = [];
  const record = (c: AppliedCall) => {
    done.push(c);
    onCall(c);
  };
  for (const c of plan.create) record({ operation: 'CreateRule', name: c.name, ruleId: await createRule(client, createInput(instanceId, c.local!)) });
  for (const c of plan.update) {
    if (c.replace) {
      await deleteRule(client, instanceId, c.ruleId!, c.name);
      record({ operation: 'DeleteRule', name: c.name, ruleId: c.ruleId! });
      record({ operation: 'CreateRule', name: c.name, ruleId: await createRule(client, createInput(instanceId, c.local!)) });
      continue;
    }
    await updateRule(client, updateInput(instanceId, c.ruleId!, c.local!));
    record({ operation: 'UpdateRule', name: c.name, ruleId: c.ruleId! });
  }
  for (const c of plan.delete) {
    await deleteRule(client, instanceId, c.ruleId!, c.name);
    record({ operation: 'DeleteRule', name: c.name, ruleId: c.ruleId! });
  }
  return done;
}
