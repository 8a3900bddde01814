/**
 * What running the actions of matched rules adds to a function, per `actionsBackend`:
 * tables, grants (the Connect and Cases operations of the `aws` back end) and the
 * environment engine/actions/config.ts reads.
 */
import { ACTIONS_BACKENDS, type DeployParams } from './parameters.ts';
import type { FunctionSpec, TableAccess } from './spec.ts';
import { ENGINE_BUS_ID } from './event-buses.ts';

/** The Amazon Connect operations of the `aws` action back end (engine/actions/aws/connect*.ts). */
export const CONNECT_ACTIONS = [
  'connect:StartTaskContact',
  'connect:StopContact',
  'connect:DescribeUser',
  'connect:SearchUsers',
  'connect:DescribeEvaluationForm',
  'connect:ListEvaluationFormVersions',
  'connect:StartContactEvaluation',
  'connect:SubmitContactEvaluation',
] as const;

/** The Connect Cases operations of the `aws` action back end (engine/actions/aws/cases.ts). */
export const CASES_ACTIONS = ['cases:CreateCase', 'cases:UpdateCase', 'cases:GetCase', 'cases:CreateRelatedItem', 'cases:SearchRelatedItems'] as const;

/**
 * What running actions adds to a function, per back end: tables (`local` keeps
 * every service on DynamoDB; `aws` keeps categories, the email counter and the
 * exactly-once ledger there), grants and the environment of engine/actions/config.ts.
 */
export function actionsAddition(params: DeployParams): Pick<FunctionSpec, 'tables' | 'grants' | 'environment'> {
  const backend = params.actionsBackend as (typeof ACTIONS_BACKENDS)[number];
  if (backend === 'none') return { tables: {} };
  const environment = {
    CONNECT_RULES_ACTIONS_BACKEND: backend,
    CONNECT_RULES_EVENT_SOURCE: 'param:eventSource',
    CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`,
    CONNECT_RULES_CASES_DOMAIN_ID: 'param:casesDomainId',
    CONNECT_RULES_EMAIL_FROM: 'param:emailFrom',
  };
  if (backend === 'local') {
    const tables = { contacts: 'readwrite', cases: 'readwrite', outbox: 'readwrite', users: 'readwrite', evaluations: 'readwrite', ledger: 'readwrite' } as const;
    return { tables, environment };
  }
  return {
    tables: { contacts: 'readwrite', outbox: 'readwrite', ledger: 'readwrite' },
    grants: ['connect:actions', 'cases:actions', 'ses:sendEmail', 'engineBus:putEvents'],
    environment,
  };
}

/** The spec as deployed: with what running actions adds when it runs them. */
export function effectiveSpec(params: DeployParams, spec: FunctionSpec): FunctionSpec {
  if (!spec.runsActions) return spec;
  const add = actionsAddition(params);
  const tables: Record<string, TableAccess> = { ...spec.tables };
  for (const [key, access] of Object.entries(add.tables)) if (tables[key] !== 'readwrite') tables[key] = access;
  return {
    ...spec,
    tables,
    grants: [...new Set([...(spec.grants ?? []), ...(add.grants ?? [])])],
    environment: { ...spec.environment, ...add.environment },
  };
}
