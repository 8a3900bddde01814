/**
 * What an action of a matched rule would send, with the variables of the event
 * injected, without running it: `backtest`, `connect-rules test` and `replay --json`
 * show the same resolved request. The texts go through the executors' own compiled
 * templates and post-injection limits (executors/support.ts), so a preview is what
 * the executor would send.
 */
import { TokenResolver } from './render.ts';
import type { ActionInvocation } from './types.ts';
import type { NotificationRecipientType, RuleAction } from '../rules/model.ts';
import { rulesMatchedEvent } from './executors/generate-eventbridge-event.ts';
import { CONTENT_MAX, recipientUserIds, SUBJECT_MAX } from './executors/send-notification.ts';
import { TASK_DESCRIPTION_MAX, TASK_NAME_MAX } from './executors/create-task.ts';
import { contactBody, inject, truncate } from './executors/support.ts';

export interface ActionRequest {
  readonly type: RuleAction['ActionType'];
  readonly rule: string;
  /** The request the action would make, variables injected. */
  readonly request: Readonly<Record<string, unknown>>;
  /** Tokens that had no value in the event (injected as empty text). */
  readonly missingVariables?: readonly string[];
}

type Invocation = Pick<ActionInvocation, 'event' | 'rule' | 'action' | 'actionIndex' | 'instanceArn'>;
type Preview = (inv: Invocation, resolver: TokenResolver) => Record<string, unknown>;

const text = (inv: Invocation, field: string, value: string, resolver: TokenResolver, max: number) =>
  truncate(inject(inv as ActionInvocation, field, value, resolver), max).text;

function recipient(inv: Invocation, r: NotificationRecipientType | undefined, resolver: TokenResolver): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const ids = recipientUserIds(inv, r, resolver);
  return { ...(ids.length > 0 ? { UserIds: ids } : {}), ...(r.UserTags ? { UserTags: r.UserTags } : {}) };
}

/** One preview per action type; types without injected values show their definition. */
const PREVIEWS: Partial<Record<RuleAction['ActionType'], Preview>> = {
  CREATE_TASK: (inv, resolver) => {
    const def = inv.action.TaskAction!;
    const references: Record<string, { Type: string; Value: string }> = {};
    for (const [key, ref] of Object.entries(def.References ?? {})) {
      references[key] = { Type: ref.Type, Value: inject(inv as ActionInvocation, `References.${key}`, ref.Value ?? '', resolver) };
    }
    const previous = contactBody(inv.event)?.ContactId;
    return {
      Name: text(inv, 'Name', def.Name, resolver, TASK_NAME_MAX),
      ...(def.Description !== undefined ? { Description: text(inv, 'Description', def.Description, resolver, TASK_DESCRIPTION_MAX) } : {}),
      ContactFlowId: def.ContactFlowId,
      ...(Object.keys(references).length > 0 ? { References: references } : {}),
      ...(previous ? { PreviousContactId: previous } : {}),
    };
  },
  SEND_NOTIFICATION: (inv, resolver) => {
    const def = inv.action.SendNotificationAction!;
    const exclusion = recipient(inv, def.Exclusion, resolver);
    return {
      DeliveryMethod: def.DeliveryMethod,
      Subject: text(inv, 'Subject', def.Subject ?? inv.rule.Name, resolver, SUBJECT_MAX),
      Content: text(inv, 'Content', def.Content, resolver, CONTENT_MAX),
      ContentType: def.ContentType,
      Recipient: recipient(inv, def.Recipient, resolver),
      ...(exclusion ? { Exclusion: exclusion } : {}),
    };
  },
  GENERATE_EVENTBRIDGE_EVENT: (inv) => {
    const { detailType, detail } = rulesMatchedEvent(inv);
    return { DetailType: detailType, Detail: detail };
  },
};

/** The member of the action that holds its definition (`TaskAction`, `CreateCaseAction`...). */
function definitionOf(action: RuleAction): Record<string, unknown> {
  const { ActionType: _type, ...rest } = action;
  return (Object.values(rest)[0] ?? {}) as Record<string, unknown>;
}

/** The resolved request of one action of a matched rule. */
export function previewAction(inv: Invocation): ActionRequest {
  const resolver = new TokenResolver(inv.event);
  const preview = PREVIEWS[inv.action.ActionType];
  const request = preview ? preview(inv, resolver) : definitionOf(inv.action);
  return {
    type: inv.action.ActionType,
    rule: inv.rule.Name,
    request,
    ...(resolver.missing.size > 0 ? { missingVariables: [...resolver.missing] } : {}),
  };
}
