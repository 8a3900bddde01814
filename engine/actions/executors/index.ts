/**
 * The executors, one per action type, as a table built from one set of dependencies.
 *
 * A packaged function holds only the executors of the actions its sources allow:
 * packaging sets `CONNECT_RULES_PACKAGED_ACTION_<type>` (packaged.ts) to 'no' for the others
 * (build/packaged-action-services.ts), and each entry below reads its variable
 * itself, because esbuild folds a replaced expression, not a variable holding it.
 * The runner skips an action without an executor, naming it (runner.ts). Unbundled
 * (tests, `serve`) none is set and every executor is there.
 */
import type { ActionType } from '../../rules/model.ts';
import type { ActionExecutor } from '../types.ts';
import { assignContactCategory } from './assign-contact-category.ts';
import { assignSla } from './assign-sla.ts';
import { createCase } from './create-case.ts';
import { createTask } from './create-task.ts';
import { endAssociatedTasks } from './end-associated-tasks.ts';
import { extractInformation } from './extract-information.ts';
import { generateEventBridgeEvent } from './generate-eventbridge-event.ts';
import { sendNotification } from './send-notification.ts';
import { submitAutoEvaluation } from './submit-auto-evaluation.ts';
import { updateCase } from './update-case.ts';
import type { ActionDeps } from './support.ts';

export type { ActionDeps } from './support.ts';

type Factory = (deps: ActionDeps) => ActionExecutor;

export const EXECUTOR_FACTORIES: Readonly<Record<ActionType, Factory | undefined>> = {
  ASSIGN_CONTACT_CATEGORY: process.env.CONNECT_RULES_PACKAGED_ACTION_ASSIGN_CONTACT_CATEGORY !== 'no' ? assignContactCategory : undefined,
  GENERATE_EVENTBRIDGE_EVENT: process.env.CONNECT_RULES_PACKAGED_ACTION_GENERATE_EVENTBRIDGE_EVENT !== 'no' ? generateEventBridgeEvent : undefined,
  CREATE_TASK: process.env.CONNECT_RULES_PACKAGED_ACTION_CREATE_TASK !== 'no' ? createTask : undefined,
  SEND_NOTIFICATION: process.env.CONNECT_RULES_PACKAGED_ACTION_SEND_NOTIFICATION !== 'no' ? sendNotification : undefined,
  CREATE_CASE: process.env.CONNECT_RULES_PACKAGED_ACTION_CREATE_CASE !== 'no' ? createCase : undefined,
  UPDATE_CASE: process.env.CONNECT_RULES_PACKAGED_ACTION_UPDATE_CASE !== 'no' ? updateCase : undefined,
  END_ASSOCIATED_TASKS: process.env.CONNECT_RULES_PACKAGED_ACTION_END_ASSOCIATED_TASKS !== 'no' ? endAssociatedTasks : undefined,
  ASSIGN_SLA: process.env.CONNECT_RULES_PACKAGED_ACTION_ASSIGN_SLA !== 'no' ? assignSla : undefined,
  SUBMIT_AUTO_EVALUATION: process.env.CONNECT_RULES_PACKAGED_ACTION_SUBMIT_AUTO_EVALUATION !== 'no' ? submitAutoEvaluation : undefined,
  EXTRACT_INFORMATION: process.env.CONNECT_RULES_PACKAGED_ACTION_EXTRACT_INFORMATION !== 'no' ? () => extractInformation() : undefined,
};

export function createExecutors(deps: ActionDeps): ActionExecutor[] {
  return Object.values(EXECUTOR_FACTORIES).flatMap((make) => (make ? [make(deps)] : []));
}
