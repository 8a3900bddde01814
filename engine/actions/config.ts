/**
 * Wiring of the executors from configuration: `local` (every service on DynamoDB:
 * contacts, cases, outbox, users, evaluations) or `aws` (Connect, EventBridge, SES,
 * Connect Cases; categories, the exactly-once ledger and the email counter stay on
 * DynamoDB). docs/actions.md lists the environment variables.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectCasesClient } from '@aws-sdk/client-connectcases';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CASES_TABLE, CONTACTS_TABLE, EVALUATIONS_TABLE, LEDGER_TABLE, OUTBOX_TABLE, USERS_TABLE } from '../../storage/action-tables.ts';
import { tableName } from '../../storage/tables.ts';
import type { CaseBody, TriggerEvent } from '../context/types.ts';
import { ConnectCases } from './aws/cases.ts';
import { ConnectAutoEvaluator } from './aws/connect-evaluations.ts';
import { ConnectTasks, ConnectUsers } from './aws/connect.ts';
import { EventBridgeBus } from './aws/eventbridge.ts';
import { SesEmail } from './aws/ses.ts';
import { EMAILS_PER_DAY, type SlaItem } from './backends.ts';
import { LocalAutoEvaluator } from './evaluation/auto.ts';
import { LocalEvaluationService } from './evaluation/service.ts';
import { createExecutors, type ActionDeps } from './executors/index.ts';
import { DynamoDbActionLedger } from './ledger.ts';
import { LocalCases } from './local/cases.ts';
import { LocalContacts } from './local/contacts.ts';
import { LocalOutbox } from './local/outbox.ts';
import { LocalUsers } from './local/users.ts';
import { DEFAULT_MAX_CASCADE_DEPTH, ExecutorRunner, type RetryPolicy } from './runner.ts';
import { accountFromEnv, regionFromEnv } from '../../storage/aws-env.ts';

export type ActionsBackend = 'local' | 'aws';

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

function int(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got '${v}'`);
  return n;
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
    emailsPerDay: int(env.CONNECT_RULES_EMAILS_PER_DAY, EMAILS_PER_DAY, 'CONNECT_RULES_EMAILS_PER_DAY'),
    casesDomainId: env.CONNECT_RULES_CASES_DOMAIN_ID || 'local',
    maxCascadeDepth: int(env.CONNECT_RULES_MAX_CASCADE_DEPTH, DEFAULT_MAX_CASCADE_DEPTH, 'CONNECT_RULES_MAX_CASCADE_DEPTH'),
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

export interface ActionRuntimeOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly config?: Partial<ActionsConfig>;
  /** Clients for the `aws` back end (tests pass mocked ones). */
  readonly clients?: { connect?: ConnectClient; cases?: ConnectCasesClient; eventBridge?: EventBridgeClient; ses?: SESv2Client };
  /** Where manually submitted evaluations go (the pipeline: OnContactEvaluationSubmit rules). */
  readonly onEvaluationSubmitted?: (event: TriggerEvent) => Promise<void> | void;
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onError?: (message: string, error: unknown) => void;
}

export interface ActionRuntime {
  readonly config: ActionsConfig;
  readonly runner: ExecutorRunner;
  readonly deps: ActionDeps;
  readonly contacts: LocalContacts;
  readonly outbox: LocalOutbox;
  readonly users: LocalUsers;
  /** Local back end only. */
  readonly cases?: LocalCases;
  readonly evaluations?: LocalEvaluationService;
  /** Local back end: marks overdue SLAs and returns their OnSlaBreach events. */
  sweepSlas(now: Date): Promise<TriggerEvent[]>;
}

/** The case of an OnCaseCreate / OnCaseUpdate event, mirrored into the local Cases back end as of the event's time. */
async function mirrorCaseOf(cases: LocalCases, event: TriggerEvent): Promise<void> {
  const now = event.EventTime ? new Date(event.EventTime) : new Date();
  if (event.EventSourceName !== 'OnCaseCreate' && event.EventSourceName !== 'OnCaseUpdate') return;
  const body = (event as { Case?: CaseBody }).Case;
  if (body && typeof body.CaseId === 'string') await cases.mirrorCase(body as Parameters<LocalCases['mirrorCase']>[0], event.InstanceId, now);
}

/** The OnSlaBreach trigger event of an SLA that went Overdue (it keeps the cascade chain of the rule that assigned it). */
export function slaBreachEvent(sla: SlaItem, now: Date): TriggerEvent {
  const { RelatedItemId, CaseId, SlaConfiguration } = sla;
  return {
    EventSourceName: 'OnSlaBreach',
    InstanceId: sla.InstanceId ?? 'unknown',
    EventId: `sla-breach-${RelatedItemId}`,
    EventTime: now.toISOString(),
    RelatedItem: { RelatedItemId, CaseId, SlaConfiguration: { ...SlaConfiguration, Status: 'Overdue' } },
    ...(sla.Cascade ? { Cascade: sla.Cascade } : {}),
  };
}

export function createActionRuntime(options: ActionRuntimeOptions): ActionRuntime {
  const config = actionsConfigFromEnv(process.env, options.config);
  const doc = DynamoDBDocumentClient.from(options.dynamoDb, { marshallOptions: { removeUndefinedValues: true } });
  const contacts = new LocalContacts(doc, config.tables.contacts);
  const outbox = new LocalOutbox(doc, config.tables.outbox);
  const users = new LocalUsers(doc, config.tables.users);
  const ledger = new DynamoDbActionLedger(doc, config.tables.ledger);
  let deps: ActionDeps;
  let cases: LocalCases | undefined;
  let evaluations: LocalEvaluationService | undefined;
  const common = { region: config.region, accountId: config.accountId, eventSource: config.eventSource, emailsPerDay: config.emailsPerDay, categories: contacts, emailQuota: outbox };
  if (config.backend === 'local') {
    cases = new LocalCases(doc, config.tables.cases, config.casesDomainId);
    evaluations = new LocalEvaluationService(doc, config.tables.evaluations, {
      region: config.region,
      accountId: config.accountId,
      onSubmitted: options.onEvaluationSubmitted,
      contactFacts: (i, c) => contacts.contactFacts(i, c),
    });
    deps = { ...common, tasks: contacts, bus: outbox, email: outbox, users, cases, evaluations: new LocalAutoEvaluator(evaluations) };
  } else {
    const c = options.clients ?? {};
    const connect = c.connect ?? new ConnectClient({ region: config.region });
    if (!process.env.CONNECT_RULES_CASES_DOMAIN_ID && !options.config?.casesDomainId) {
      options.onError?.('CONNECT_RULES_CASES_DOMAIN_ID is not set: case actions will fail', undefined);
    }
    deps = {
      ...common,
      tasks: new ConnectTasks(connect),
      bus: new EventBridgeBus(c.eventBridge ?? new EventBridgeClient({ region: config.region }), config.eventBusName),
      email: new SesEmail(c.ses ?? new SESv2Client({ region: config.region }), config.emailFrom, outbox),
      users: new ConnectUsers(connect),
      cases: new ConnectCases(c.cases ?? new ConnectCasesClient({ region: config.region }), config.casesDomainId),
      evaluations: new ConnectAutoEvaluator(connect),
    };
  }
  const runner = new ExecutorRunner({
    executors: createExecutors(deps),
    ledger,
    bus: deps.bus,
    eventSource: config.eventSource,
    maxCascadeDepth: config.maxCascadeDepth,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    // Locally, the cases that aws.cases events describe are mirrored (deployed, they live in Connect Cases).
    ...(cases ? { observe: (event: TriggerEvent) => mirrorCaseOf(cases!, event) } : {}),
  });
  return {
    config,
    runner,
    deps,
    contacts,
    outbox,
    users,
    ...(cases ? { cases } : {}),
    ...(evaluations ? { evaluations } : {}),
    sweepSlas: async (now: Date) => (cases ? (await cases.sweep(now)).map((sla) => slaBreachEvent(sla, now)) : []),
  };
}
