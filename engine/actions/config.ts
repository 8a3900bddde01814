/**
 * Wiring of the executors from configuration, with both back ends: `local` (every
 * service on DynamoDB: contacts, cases, outbox, users, evaluations) or `aws` (Connect,
 * EventBridge, SES, Connect Cases; categories, the exactly-once ledger and the email
 * counter stay on DynamoDB). docs/actions.md lists the environment variables. For
 * `serve`, `replay` and tests; code that is bundled for a Lambda imports runtime.ts
 * and the one back end it runs instead (runtime.ts says why).
 */
import { awsActionsBackend } from './aws/backend.ts';
import { localActionsBackend } from './local/backend.ts';
import { createActionRuntimeOn, type ActionBackends, type ActionRuntime, type ActionRuntimeOptions } from './runtime.ts';

export { actionsConfigFromEnv, type ActionsBackend, type ActionsConfig } from './settings.ts';
export { slaBreachEvent, type ActionRuntime, type ActionRuntimeOptions } from './runtime.ts';

export const ALL_ACTIONS_BACKENDS: ActionBackends = { local: localActionsBackend, aws: awsActionsBackend };

export function createActionRuntime(options: ActionRuntimeOptions): ActionRuntime {
  return createActionRuntimeOn(ALL_ACTIONS_BACKENDS, options);
}
