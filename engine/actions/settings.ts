/**
 * The actions' configuration from the environment (docs/actions.md lists the
 * variables): which back end runs them, tables, bus, email limits. Apart from the
 * runtime (runtime.ts) so that a reader of the settings loads no back end.
 */
import { CASES_TABLE, CONTACTS_TABLE, EVALUATIONS_TABLE, LEDGER_TABLE, OUTBOX_TABLE, USERS_TABLE } from '../../storage/action-tables.ts';
import { tableName } from '../../storage/tables.ts';
import { accountFromEnv, integerFromEnv, regionFromEnv } from '../../storage/aws-env.ts';
import { EMAILS_PER_DAY } from './backends.ts';

export type ActionsBackend = 'local' | 'aws';

/**
 * The cascade depth beyond which emitted events are dropped, by default, for the
 * runner and the pipeline (engine/pipeline/process.ts). Here, not in runner.ts, so
 * that reading the settings at start does not load the runner (functions/lazy-actions.ts).
 */
export const DEFAULT_MAX_CASCADE_DEPTH = 5;

export interface ActionsConfig {
  /** `CONNECT_RULES_ACTIONS_BACKEND`: `local` (default) or `aws`. */
  readonly backend: ActionsBackend;
  readonly region: string;
  readonly accountId: string;
  /** `CONNECT_RULES_EVENT_SOURCE` (default `connect-rules`): source of rules-matched and failure events. */
  readonly eventSource: string;
  /** `CONNECT_RULES_EVENT_BUS` (default `default`). */
  readonly eventBusName: string;
  /** `CONNECT_RULES_EMAIL_FROM`: the SES identity (required for `aws`). */
  readonly emailFrom: string;
  /** `CONNECT_RULES_EMAILS_PER_DAY` (default 500). */
  readonly emailsPerDay: number;
  /** `CONNECT_RULES_CASES_DOMAIN_ID` (required for `aws`; `local` by default locally). */
  readonly casesDomainId: string;
  /** `CONNECT_RULES_MAX_CASCADE_DEPTH` (default 5). */
  readonly maxCascadeDepth: number;
  readonly tables: { contacts: string; cases: string; outbox: string; users: string; evaluations: string; ledger: string };
}

export function actionsConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ActionsConfig> = {}): ActionsConfig {
  const backend = (env.CONNECT_RULES_ACTIONS_BACKEND ?? 'local') as ActionsBackend;
  if (backend !== 'local' && backend !== 'aws') throw new Error(`CONNECT_RULES_ACTIONS_BACKEND must be local or aws, got '${String(backend)}'`);
  return {
    backend,
    region: regionFromEnv(env),
    accountId: accountFromEnv(env),
    eventSource: env.CONNECT_RULES_EVENT_SOURCE || 'connect-rules',
    eventBusName: env.CONNECT_RULES_EVENT_BUS || 'default',
    emailFrom: env.CONNECT_RULES_EMAIL_FROM || 'no-reply@connect-rules.invalid',
    emailsPerDay: integerFromEnv(env.CONNECT_RULES_EMAILS_PER_DAY, EMAILS_PER_DAY, 'CONNECT_RULES_EMAILS_PER_DAY', 0),
    casesDomainId: env.CONNECT_RULES_CASES_DOMAIN_ID || 'local',
    maxCascadeDepth: integerFromEnv(env.CONNECT_RULES_MAX_CASCADE_DEPTH, DEFAULT_MAX_CASCADE_DEPTH, 'CONNECT_RULES_MAX_CASCADE_DEPTH', 0),
    tables: {
      contacts: tableName(CONTACTS_TABLE, env),
      cases: tableName(CASES_TABLE, env),
      outbox: tableName(OUTBOX_TABLE, env),
      users: tableName(USERS_TABLE, env),
      evaluations: tableName(EVALUATIONS_TABLE, env),
      ledger: tableName(LEDGER_TABLE, env),
    },
    ...overrides,
  };
}
