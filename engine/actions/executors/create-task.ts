/**
 * CREATE_TASK: a task contact linked to the triggering contact (PreviousContactId),
 * with the injected Name, Description and references; the contact's attributes are
 * inherited. Deployed: StartTaskContact (Connect copies the attributes through
 * PreviousContactId and enforces the 12 tasks per previous contact). Local: a task
 * contact in DynamoDB, the limit kept by a conditional counter.
 *
 * Limits after injection: Name longer than 512 and Description longer than 4096 code
 * points are truncated (the result says so); references over 4,096 UTF-8 bytes in all
 * refuse the task (InvalidParameterException), as StartTaskContact does.
 */
import { ActionError } from '../backends.ts';
import { stableToken } from '../ids.ts';
import { TokenResolver } from '../render.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome } from '../types.ts';
import { contactBody, inject, missingNote, outcome, truncate, utf8Bytes, type ActionDeps } from './support.ts';

export const TASK_NAME_MAX = 512;
export const TASK_DESCRIPTION_MAX = 4096;
export const TASK_REFERENCES_MAX_BYTES = 4096;

export function createTask(deps: Pick<ActionDeps, 'tasks'>): ActionExecutor {
  return {
    type: 'CREATE_TASK',
    idempotent: true,
    async execute(inv: ActionInvocation): Promise<ActionOutcome> {
      const def = inv.action.TaskAction!;
      const resolver = new TokenResolver(inv.event);
      const truncated: string[] = [];
      const name = truncate(inject(inv, 'Name', def.Name, resolver), TASK_NAME_MAX);
      if (name.truncated) truncated.push(`Name (to ${TASK_NAME_MAX})`);
      let description: string | undefined;
      if (def.Description !== undefined) {
        const d = truncate(inject(inv, 'Description', def.Description, resolver), TASK_DESCRIPTION_MAX);
        if (d.truncated) truncated.push(`Description (to ${TASK_DESCRIPTION_MAX})`);
        description = d.text;
      }
      const references: Record<string, { Type: string; Value: string }> = {};
      let bytes = 0;
      for (const [key, ref] of Object.entries(def.References ?? {})) {
        const value = inject(inv, `References.${key}`, ref.Value ?? '', resolver);
        references[key] = { Type: ref.Type, Value: value };
        bytes += utf8Bytes(key) + utf8Bytes(value);
      }
      if (bytes > TASK_REFERENCES_MAX_BYTES) {
        throw new ActionError(
          'InvalidParameterException',
          `the task references hold ${bytes} UTF-8 bytes after variable injection; at most ${TASK_REFERENCES_MAX_BYTES} are allowed (task refused)`,
        );
      }
      const body = contactBody(inv.event);
      const previousContactId = body?.ContactId;
      const { contactId, created } = await deps.tasks.startTask({
        instanceId: inv.event.InstanceId,
        contactFlowId: def.ContactFlowId,
        name: name.text,
        ...(description !== undefined ? { description } : {}),
        ...(Object.keys(references).length > 0 ? { references } : {}),
        ...(previousContactId ? { previousContactId } : {}),
        ...(body?.ContactAttribute ? { attributes: { ...body.ContactAttribute } } : {}),
        clientToken: stableToken('task', inv.eventKey, inv.rule.RuleId, inv.actionIndex),
        now: inv.now,
        ruleName: inv.rule.Name,
      });
      const notes = `${truncated.length > 0 ? `; truncated: ${truncated.join(', ')}` : ''}${missingNote(resolver)}`;
      return outcome(
        inv,
        'SUCCEEDED',
        `${created ? 'task' : 'existing task'} ${contactId} '${name.text}'${previousContactId ? ` linked to contact ${previousContactId}` : ''}${notes}`,
        {
          output: {
            contactId,
            name: name.text,
            ...(description !== undefined ? { description } : {}),
            ...(Object.keys(references).length > 0 ? { references } : {}),
            ...(previousContactId ? { previousContactId } : {}),
            ...(truncated.length > 0 ? { truncated } : {}),
            ...(resolver.missing.size > 0 ? { missingVariables: [...resolver.missing] } : {}),
          },
        },
      );
    },
  };
}
