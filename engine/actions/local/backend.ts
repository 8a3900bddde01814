/**
 * The `local` actions back end: every service on DynamoDB (task contacts, the outbox
 * as bus and mailbox, users, cases with SLAs, the evaluation service). `serve`,
 * `replay`, the `local` stage, a deployment with `actionsBackend: local` (a dry run
 * in the cloud), the SLA sweeper and the evaluation API run it.
 */
import { LocalAutoEvaluator } from '../evaluation/auto.ts';
import { LocalEvaluationService } from '../evaluation/service.ts';
import { createActionRuntimeOn, type ActionRuntime, type ActionRuntimeOptions, type ActionsBackendFactory, type BackendParts } from '../runtime.ts';
import { LocalCases } from './cases.ts';
import { LocalContacts } from './contacts.ts';
import { LocalOutbox } from './outbox.ts';
import { LocalUsers } from './users.ts';

/** The local back end's own services, which the runtime hands on: `serve`, `replay`, the SLA sweeper, the evaluation API and the tests read them. */
export interface LocalBackendParts extends BackendParts {
  readonly contacts: LocalContacts;
  readonly outbox: LocalOutbox;
  readonly users: LocalUsers;
  readonly cases: LocalCases;
  readonly evaluations: LocalEvaluationService;
}

/** A runtime on the local back end, with its own services. */
export type LocalActionRuntime = ActionRuntime & Omit<LocalBackendParts, 'services'>;

export const localActionsBackend: ActionsBackendFactory<LocalBackendParts> = ({ config, doc, options }) => {
  const contacts = new LocalContacts(doc, config.tables.contacts);
  const outbox = new LocalOutbox(doc, config.tables.outbox);
  const users = new LocalUsers(doc, config.tables.users);
  const cases = new LocalCases(doc, config.tables.cases, config.casesDomainId);
  const evaluations = new LocalEvaluationService(doc, config.tables.evaluations, {
    region: config.region,
    accountId: config.accountId,
    onSubmitted: options.onEvaluationSubmitted,
    contactFacts: (i, c) => contacts.contactFacts(i, c),
  });
  return { services: { tasks: contacts, bus: outbox, email: outbox, users, cases, evaluations: new LocalAutoEvaluator(evaluations) }, contacts, outbox, users, cases, evaluations };
};

/**
 * A runtime on this back end alone, whatever `backend` the configuration or the
 * environment names: `serve`, `replay`, the SLA sweeper and the evaluation API,
 * whose cases and evaluations live on the engine's tables.
 */
export function createLocalActionRuntime(options: ActionRuntimeOptions): LocalActionRuntime {
  return createActionRuntimeOn({ local: localActionsBackend }, { ...options, config: { ...options.config, backend: 'local' } });
}
