/**
 * What running the actions of matched rules adds to a function, per `actionsBackend`:
 * tables, grants (on the `aws` back end, the operations of only the actions the
 * function's sources allow, as the rules catalogue says) and the environment
 * engine/actions/settings.ts reads.
 */
import { ACTION_TYPES, EVENT_SOURCE_NAMES, type ActionType, type EventSourceName } from '../engine/rules/model.ts';
import { actionsAllowedFor } from '../engine/rules/validate-request.ts';
import { isActionsBackend, notAnActionsBackend, type ACTIONS_BACKENDS, type DeployParams } from './parameters.ts';
import type { FunctionSpec, GrantName, TableAccess } from './spec.ts';
import { ENGINE_BUS_ID } from './event-buses.ts';
import { AWS_ACTION_SERVICES, packagedServiceVar, type AwsActionService } from '../engine/actions/aws/packaged.ts';
import { packagedActionVar } from '../engine/actions/executors/packaged.ts';
import { PACKAGED_TRANSCRIPT_VAR } from '../engine/compile/transcript-packaged.ts';
import { needsTranscript } from './packaged-transcript.ts';
import { packagedSourceVar } from '../grammar/catalogue/index.ts';

/**
 * The AWS operations each action calls on the `aws` back end (engine/actions/aws/*.ts;
 * the runner's failure events need `events:PutEvents` whatever the action).
 */
export const ACTION_OPERATIONS: Readonly<Record<ActionType, readonly string[]>> = {
  ASSIGN_CONTACT_CATEGORY: [], // the contacts table
  GENERATE_EVENTBRIDGE_EVENT: ['events:PutEvents'],
  CREATE_TASK: ['connect:StartTaskContact'],
  SEND_NOTIFICATION: ['connect:DescribeUser', 'connect:SearchUsers', 'ses:SendEmail'],
  // SearchRelatedItems: a take-over looks for the contact it related before relating it again.
  CREATE_CASE: ['cases:CreateCase', 'cases:GetCase', 'cases:SearchRelatedItems', 'cases:CreateRelatedItem'],
  UPDATE_CASE: ['cases:UpdateCase', 'cases:GetCase'],
  END_ASSOCIATED_TASKS: ['cases:SearchRelatedItems', 'connect:StopContact'],
  ASSIGN_SLA: ['cases:SearchRelatedItems', 'cases:CreateRelatedItem'],
  SUBMIT_AUTO_EVALUATION: [
    'connect:ListEvaluationFormVersions',
    'connect:DescribeEvaluationForm',
    'connect:StartContactEvaluation',
    'connect:DescribeContactEvaluation',
    'connect:SubmitContactEvaluation',
  ],
  EXTRACT_INFORMATION: [], // a documented no-op
};

/**
 * The `aws` back end's services each action calls (engine/actions/executors/*.ts, the
 * `deps.…` each reads; engine/actions/aws/packaged.ts): a function is packaged with
 * the clients of these only (build/packaged-action-services.ts).
 */
export const ACTION_SERVICES: Readonly<Record<ActionType, readonly AwsActionService[]>> = {
  ASSIGN_CONTACT_CATEGORY: [],
  GENERATE_EVENTBRIDGE_EVENT: ['bus'],
  CREATE_TASK: ['tasks'],
  SEND_NOTIFICATION: ['users', 'email'],
  CREATE_CASE: ['cases'],
  UPDATE_CASE: ['cases'],
  END_ASSOCIATED_TASKS: ['cases', 'tasks'],
  ASSIGN_SLA: ['cases'],
  SUBMIT_AUTO_EVALUATION: ['evaluations'],
  EXTRACT_INFORMATION: [],
};

/** The `aws` back end's services a function's actions call, and the bus of the runner's failure events whatever they are. */
export function awsServicesOf(sources: readonly EventSourceName[]): AwsActionService[] {
  const used = new Set<AwsActionService>(['bus', ...actionsRunBy(sources).flatMap((a) => ACTION_SERVICES[a])]);
  return AWS_ACTION_SERVICES.filter((s) => used.has(s));
}

/**
 * esbuild `define` for a function evaluating `sources`: 'no' for each action type it
 * does not run (engine/actions/executors/index.ts), each service of the aws back
 * end those it runs do not call (engine/actions/aws/packaged.ts), and transcript
 * matching when none of the sources it evaluates has a transcript condition
 * (deploy/packaged-transcript.ts), and the catalogue of each source it does not
 * evaluate (grammar/catalogue/index.ts `packagedSourceVar`).
 */
export function packagedFunctionDefine(sources: readonly EventSourceName[]): Record<string, string> {
  const services = new Set(awsServicesOf(sources));
  const actions = new Set(actionsRunBy(sources));
  const evaluated = cascadedSources(sources);
  const yesNo = (packaged: boolean) => JSON.stringify(packaged ? 'yes' : 'no');
  return Object.fromEntries([
    ...ACTION_TYPES.map((a) => [`process.env.${packagedActionVar(a)}`, yesNo(actions.has(a))]),
    ...AWS_ACTION_SERVICES.map((s) => [`process.env.${packagedServiceVar(s)}`, yesNo(services.has(s))]),
    [`process.env.${PACKAGED_TRANSCRIPT_VAR}`, yesNo(needsTranscript(evaluated))],
    ...EVENT_SOURCE_NAMES.map((s) => [`process.env.${packagedSourceVar(s)}`, yesNo(evaluated.includes(s))]),
  ]);
}

/**
 * Trigger events an action emits, evaluated in the same invocation (the cascade of
 * engine/pipeline/process.ts): engine/actions/executors/create-case.ts, update-case.ts.
 */
export const ACTION_EMITS: Readonly<Partial<Record<ActionType, readonly EventSourceName[]>>> = {
  CREATE_CASE: ['OnCaseCreate'],
  UPDATE_CASE: ['OnCaseUpdate'],
};

/** The sources a function evaluates: its own, and those its actions' events cascade to. */
export function cascadedSources(sources: readonly EventSourceName[]): EventSourceName[] {
  const out = new Set(sources);
  for (const source of out) for (const action of actionsAllowedFor(source)) for (const next of ACTION_EMITS[action] ?? []) out.add(next);
  return EVENT_SOURCE_NAMES.filter((s) => out.has(s));
}

/** The actions a function may run: those the catalogue allows on the sources it evaluates. */
export function actionsRunBy(sources: readonly EventSourceName[]): ActionType[] {
  const allowed = new Set(cascadedSources(sources).flatMap(actionsAllowedFor));
  return ACTION_TYPES.filter((a) => allowed.has(a));
}

/**
 * What running actions adds to a function, per back end: tables (`local` keeps
 * every service on DynamoDB; `aws` keeps categories, the email counter and the
 * exactly-once ledger there), grants and the environment of engine/actions/settings.ts.
 */
export function actionsAddition(
  params: DeployParams,
  sources: readonly EventSourceName[],
): Pick<FunctionSpec, 'tables' | 'grants' | 'environment' | 'actionOperations'> {
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
  const operations = [...new Set(actionsRunBy(sources).flatMap((a) => ACTION_OPERATIONS[a]))];
  const uses = (service: string) => operations.some((op) => op.startsWith(`${service}:`));
  const grants: GrantName[] = [];
  if (uses('connect')) grants.push('connect:actions');
  if (uses('cases')) grants.push('cases:actions');
  if (uses('ses')) grants.push('ses:sendEmail');
  grants.push('engineBus:putEvents'); // the runner's failure events, whatever the actions
  return {
    tables: { contacts: 'readwrite', outbox: 'readwrite', ledger: 'readwrite' },
    grants,
    environment,
    actionOperations: operations.filter((op) => op.startsWith('connect:') || op.startsWith('cases:')).sort(),
  };
}

/** The spec as deployed: with what running actions adds when it runs them. */
export function effectiveSpec(params: DeployParams, spec: FunctionSpec): FunctionSpec {
  if (!spec.runsActionsOf) return spec;
  const add = actionsAddition(params, spec.runsActionsOf);
  const tables: Record<string, TableAccess> = { ...spec.tables };
  for (const [key, access] of Object.entries(add.tables)) if (tables[key] !== 'readwrite') tables[key] = access;
  return {
    ...spec,
    tables,
    grants: [...new Set([...(spec.grants ?? []), ...(add.grants ?? [])])],
    environment: { ...spec.environment, ...add.environment },
    ...(add.actionOperations ? { actionOperations: add.actionOperations } : {}),
  };
}

/** The variable functions/action-backends.ts tests: packaging replaces it with the stage's back end. */
const PACKAGED_ACTIONS_VAR = 'CONNECT_RULES_PACKAGED_ACTIONS_BACKEND';

/**
 * serverless.yml `custom.esbuild.define` for a stage's `actionsBackend`: the bundles
 * then hold that back end only (functions/action-backends.ts). Checked here as well
 * as in checkParams: packaging (deploy/serverless.cjs) hands over the raw parameter.
 */
export function packagedActionsDefine(actionsBackend: string): Record<string, string> {
  if (!isActionsBackend(actionsBackend)) throw new Error(notAnActionsBackend(actionsBackend));
  return { [`process.env.${PACKAGED_ACTIONS_VAR}`]: JSON.stringify(actionsBackend) };
}
