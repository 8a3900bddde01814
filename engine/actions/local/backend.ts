/**
 * The `local` actions back end: every service on DynamoDB (task contacts, the outbox
 * as bus and mailbox, users, cases with SLAs, the evaluation service). `serve`,
 * `replay`, the `local` stage, a deployment with `actionsBackend: local` (a dry run
 * in the cloud), the SLA sweeper and the evaluation API run it.
 */
import { LocalAutoEvaluator } from '../evaluation/auto.ts';
import { LocalEvaluationService } from '../evaluation/service.ts';
import { createActionRuntimeOn, type ActionRuntime, type ActionRuntimeOptions, type ActionsBackendFactory } from '../runtime.ts';
import { LocalCases } from './cases.ts';

export const localActionsBackend: ActionsBackendFactory = ({ config, doc, contacts, outbox, users, options }) => {
  const cases = new LocalCases(doc, config.tables.cases, config.casesDomainId);
  const evaluations = new LocalEvaluationService(doc, config.tables.evaluations, {
    region: config.region,
    accountId: config.accountId,
    onSubmitted: options.onEvaluationSubmitted,
    contactFacts: (i, c) => contacts.contactFacts(i, c),
  });
  return { services: { tasks: contacts, bus: outbox, email: outbox, users, cases, evaluations: new LocalAutoEvaluator(evaluations) }, cases, evaluations };
};

/**
 * A runtime on this back end alone, whatever `backend` the configuration or the
 * environment names: `serve`, `replay`, the SLA sweeper and the evaluation API,
 * whose cases and evaluations live on the engine's tables.
 */
export function createLocalActionRuntime(options: ActionRuntimeOptions): ActionRuntime {
  return createActionRuntimeOn({ local: localActionsBackend }, { ...options, config: { ...options.config, backend: 'local' } });
}
