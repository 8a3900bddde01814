/**
 * GENERATE_EVENTBRIDGE_EVENT: one event of the Connect rules-matched shape:
 * detail-type by event source, detail `version`,
 * `ruleName`, `actionName`, `instanceArn`, and `contactArn`/`agentArn`/`queueArn` when
 * the event has them. PutEvents deployed; the local outbox otherwise. `aws.` sources
 * are reserved for AWS, so the source is configurable (default `connect-rules`).
 */
import type { EventSourceName } from '../../rules/model.ts';
import { stableUuid } from '../ids.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { agentArn, contactArn, contactBody, outcome, queueArn, type ActionDeps } from './support.ts';

/** detail-type per source (the documented names; see docs/actions.md for the UNCONFIRMED ones). */
export const RULES_MATCHED_DETAIL_TYPES: Readonly<Partial<Record<EventSourceName, string>>> = {
  OnPostCallAnalysisAvailable: 'Contact Lens Post Call Rules Matched',
  OnRealTimeCallAnalysisAvailable: 'Contact Lens Realtime Rules Matched',
  OnPostChatAnalysisAvailable: 'Contact Lens Post Chat Rules Matched',
  OnRealTimeChatAnalysisAvailable: 'Contact Lens Realtime Chat Rules Matched',
  OnEmailAnalysisAvailable: 'Contact Lens Email Rules Matched',
  OnContactEvaluationSubmit: 'Contact Lens Evaluation Rules Matched',
  OnAfterCallWorkAvailable: 'Contact Lens After Call Work Rules Matched',
  OnAfterChatWorkAvailable: 'Contact Lens After Chat Work Rules Matched',
  OnMetricDataUpdate: 'Metrics Rules Matched',
};

/** The detail-type and detail of the rules-matched event of an invocation (also what previews show). */
export function rulesMatchedEvent(inv: Pick<ActionInvocation, 'event' | 'rule' | 'action' | 'instanceArn'>): { detailType: string; detail: Record<string, unknown> } {
  const source = inv.event.EventSourceName;
  const body = contactBody(inv.event);
  return {
    detailType: RULES_MATCHED_DETAIL_TYPES[source] ?? `Connect Rules ${source} Rules Matched`,
    detail: {
      version: '1.0',
      ruleName: inv.rule.Name,
      actionName: inv.action.EventBridgeAction!.Name,
      instanceArn: inv.instanceArn,
      ...(body?.ContactId ? { contactArn: contactArn(inv.instanceArn, body.ContactId) } : {}),
      ...(body?.Agent?.AgentId ? { agentArn: agentArn(inv.instanceArn, body.Agent.AgentId) } : {}),
      ...(body?.Queue?.QueueId ? { queueArn: queueArn(inv.instanceArn, body.Queue.QueueId) } : {}),
    },
  };
}

export function generateEventBridgeEvent(deps: Pick<ActionDeps, 'bus' | 'eventSource'>): ActionExecutor {
  return {
    type: 'GENERATE_EVENTBRIDGE_EVENT',
    idempotent: deps.bus.idempotent ?? false,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const { detailType, detail } = rulesMatchedEvent(inv);
      const { eventId } = await deps.bus.putEvent({
        source: deps.eventSource,
        detailType,
        detail,
        resources: [inv.instanceArn],
        time: inv.now,
        instanceId: inv.event.InstanceId,
        id: stableUuid('eventbridge', inv.eventKey, inv.rule.RuleId, inv.actionIndex),
      });
      return outcome(inv, 'SUCCEEDED', `event '${detailType}' (${detail.actionName as string}) sent to ${deps.eventSource}`, {
        output: { eventId, source: deps.eventSource, detailType, detail },
      });
    },
  };
}
