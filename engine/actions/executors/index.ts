/** The executors, one per action type, as a table built from one set of dependencies. */
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

export const EXECUTOR_FACTORIES: Readonly<Record<ActionType, (deps: ActionDeps) => ActionExecutor>> = {
  ASSIGN_CONTACT_CATEGORY: assignContactCategory,
  GENERATE_EVENTBRIDGE_EVENT: generateEventBridgeEvent,
  CREATE_TASK: createTask,
  SEND_NOTIFICATION: sendNotification,
  CREATE_CASE: createCase,
  UPDATE_CASE: updateCase,
  END_ASSOCIATED_TASKS: endAssociatedTasks,
  ASSIGN_SLA: assignSla,
  SUBMIT_AUTO_EVALUATION: submitAutoEvaluation,
  EXTRACT_INFORMATION: () => extractInformation(),
};

export function createExecutors(deps: ActionDeps): ActionExecutor[] {
  return Object.values(EXECUTOR_FACTORIES).map((make) => make(deps));
}
