/**
 * SEND_NOTIFICATION: an email to each recipient: the `UserIds` (the evaluation agent
 * token resolved on OnContactEvaluationSubmit) plus the users carrying all the
 * `UserTags`, minus the `Exclusion` users (by id or by tags). SES deployed, the local
 * outbox otherwise. At most 500 emails per instance and day (UTC): past it the
 * notification is SKIPPED and says so.
 *
 * Limits after injection: Subject over 200 and Content over 1024 code points are
 * truncated (the result says so).
 */
import { stableUuid } from '../ids.ts';
import { RECIPIENT_TOKEN, RECIPIENT_TOKEN_SOURCES } from '../injection.ts';
import { TokenResolver } from '../render.ts';
import type { NotificationRecipientType } from '../../rules/model.ts';
import type { User, UserDirectory } from '../backends.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { inject, missingNote, outcome, truncate, type ActionDeps } from './support.ts';

export const SUBJECT_MAX = 200;
export const CONTENT_MAX = 1024;

/** The user ids a Recipient (or Exclusion) names: the evaluation agent token resolved, ARNs cut to ids. */
export function recipientUserIds(inv: Pick<ActionInvocation, 'rule'>, r: NotificationRecipientType, resolver: TokenResolver): string[] {
  const source = inv.rule.TriggerEventSource.EventSourceName;
  const ids: string[] = [];
  for (const id of r.UserIds ?? []) {
    if (id === RECIPIENT_TOKEN && RECIPIENT_TOKEN_SOURCES.includes(source)) {
      const value = resolver.value(id);
      if (value) ids.push(value);
    } else if (!id.startsWith('$.')) {
      ids.push(id.slice(id.lastIndexOf('/') + 1));
    }
  }
  return ids;
}

/** The users a Recipient (or Exclusion) names. Unknown ids are reported in `unknown`. */
async function usersOf(
  inv: ActionInvocation,
  r: NotificationRecipientType | undefined,
  users: UserDirectory,
  resolver: TokenResolver,
): Promise<{ users: User[]; unknown: string[] }> {
  if (!r) return { users: [], unknown: [] };
  const ids = recipientUserIds(inv, r, resolver);
  const byId = ids.length > 0 ? await users.usersByIds(inv.event.InstanceId, ids) : [];
  const found = new Set(byId.map((u) => u.Id));
  const tagged = r.UserTags && Object.keys(r.UserTags).length > 0 ? await users.usersWithTags(inv.event.InstanceId, r.UserTags) : [];
  return { users: [...byId, ...tagged], unknown: ids.filter((id) => !found.has(id)) };
}

export function sendNotification(deps: Pick<ActionDeps, 'email' | 'emailQuota' | 'emailsPerDay' | 'users'>): ActionExecutor {
  return {
    type: 'SEND_NOTIFICATION',
    idempotent: deps.email.idempotent ?? false,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const def = inv.action.SendNotificationAction!;
      const resolver = new TokenResolver(inv.event);
      const truncated: string[] = [];
      const subject = truncate(inject(inv, 'Subject', def.Subject ?? inv.rule.Name, resolver), SUBJECT_MAX);
      if (subject.truncated) truncated.push(`Subject (to ${SUBJECT_MAX})`);
      const content = truncate(inject(inv, 'Content', def.Content, resolver), CONTENT_MAX);
      if (content.truncated) truncated.push(`Content (to ${CONTENT_MAX})`);

      const wanted = await usersOf(inv, def.Recipient, deps.users, resolver);
      const excluded = await usersOf(inv, def.Exclusion, deps.users, resolver);
      const excludedIds = new Set(excluded.users.map((u) => u.Id));
      const recipients = new Map<string, User>();
      for (const u of wanted.users) if (!excludedIds.has(u.Id)) recipients.set(u.Id, u);
      const withEmail = [...recipients.values()].filter((u) => u.Email);
      const noEmail = [...recipients.values()].filter((u) => !u.Email).map((u) => u.Id);
      const notes = [
        truncated.length > 0 ? `truncated: ${truncated.join(', ')}` : '',
        wanted.unknown.length > 0 ? `unknown users: ${wanted.unknown.join(', ')}` : '',
        noEmail.length > 0 ? `users without an email address: ${noEmail.join(', ')}` : '',
        excludedIds.size > 0 ? `${excludedIds.size} user(s) excluded` : '',
      ].filter(Boolean);
      const base = {
        subject: subject.text,
        content: content.text,
        ...(truncated.length > 0 ? { truncated } : {}),
        ...(wanted.unknown.length > 0 ? { unknownUsers: wanted.unknown } : {}),
        ...(noEmail.length > 0 ? { usersWithoutEmail: noEmail } : {}),
      };
      if (withEmail.length === 0) {
        return outcome(inv, 'SKIPPED', `no recipient with an email address${notes.length ? ` (${notes.join('; ')})` : ''}`, { output: { ...base, recipients: [] } });
      }
      const day = inv.now.toISOString().slice(0, 10);
      if (!(await deps.emailQuota.reserve(inv.event.InstanceId, day, withEmail.length, deps.emailsPerDay))) {
        return outcome(inv, 'SKIPPED', `daily email limit of ${deps.emailsPerDay} per instance reached for ${day}: ${withEmail.length} email(s) not sent`, {
          output: { ...base, limitReached: true, recipients: withEmail.map((u) => u.Id) },
        });
      }
      const sent: { userId: string; to: string; messageId: string }[] = [];
      for (const user of withEmail) {
        const { messageId } = await deps.email.send({
          instanceId: inv.event.InstanceId,
          id: stableUuid('email', inv.eventKey, inv.rule.RuleId, inv.actionIndex, user.Id),
          to: user.Email!,
          userId: user.Id,
          subject: subject.text,
          body: content.text,
          now: inv.now,
          ruleName: inv.rule.Name,
        });
        sent.push({ userId: user.Id, to: user.Email!, messageId });
      }
      return outcome(inv, 'SUCCEEDED', `email '${subject.text}' sent to ${sent.map((s) => s.to).join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}${missingNote(resolver)}`, {
        output: { ...base, recipients: sent },
      });
    },
  };
}
