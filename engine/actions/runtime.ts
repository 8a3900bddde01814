/**
 * The action runtime: executors, runner and the DynamoDB services every back end
 * shares (categories and contact facts, the email counter and send log, the
 * exactly-once ledger),
 * on the back end the configuration names, taken from the `backends` the caller
 * passes. A back end is a factory in its own module (local/backend.ts: every service
 * on DynamoDB; aws/backend.ts: Connect, EventBridge, SES, Connect Cases), so a
 * bundle holds only the back ends its entry module imports: a deployed ingestion
 * function the one it was packaged for (functions/action-backends.ts), the SLA
 * sweeper, the evaluation API, `serve` and `replay` the local one
 * (local/backend.ts `createLocalActionRuntime`).
 */
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { ConnectCasesClient } from '@aws-sdk/client-connectcases';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseBody, TriggerEvent } from '../context/types.ts';
import { documentClient } from '../dynamo/document.ts';
import type { SlaItem } from './backends.ts';
import type { LocalEvaluationService } from './evaluation/service.ts';
import { createExecutors, type ActionDeps } from './executors/index.ts';
import { DynamoDbActionLedger } from './ledger.ts';
import type { LocalCases } from './local/cases.ts';
import { ContactCategories } from './contact-categories.ts';
import { EmailLedger } from './email-ledger.ts';
import { ExecutorRunner, type RetryPolicy } from './runner.ts';
import { ActionsBackendUnavailableError } from './backend-unavailable.ts';
import { actionsConfigFromEnv, type ActionsBackend, type ActionsConfig } from './settings.ts';

/**
 * What every back end gets: the configuration and the DynamoDB services all of them
 * share. The local back end's own (task contacts, outbox, users) it makes itself, so
 * that a deployed function's bundle holds none of them.
 */
export interface BackendContext {
  readonly config: ActionsConfig;
  readonly doc: DynamoDBDocumentClient;
  /** The SES back end's send log (the daily counter is the runtime's `emailQuota`). */
  readonly emailLedger: EmailLedger;
  readonly options: ActionRuntimeOptions;
}

/** The services a back end provides to the executors, and a back end's own services, which the runtime hands on (local/backend.ts). */
export interface BackendParts {
  readonly services: Pick<ActionDeps, 'tasks' | 'bus' | 'email' | 'users' | 'cases' | 'evaluations'>;
  /** Local back end: the cases whose SLAs `sweepSlas` sweeps and whose events it mirrors. */
  readonly cases?: LocalCases;
  readonly evaluations?: LocalEvaluationService;
}

export type ActionsBackendFactory<P extends BackendParts = BackendParts> = (ctx: BackendContext) => P;

/** The back ends a caller can run, by name. */
export type ActionBackends<P extends BackendParts = BackendParts> = Readonly<Partial<Record<ActionsBackend, ActionsBackendFactory<P>>>>;

/** Clients the `aws` back end uses instead of making its own (aws/backend.ts). */
export interface AwsClients {
  readonly connect?: ConnectClient;
  readonly cases?: ConnectCasesClient;
  readonly eventBridge?: EventBridgeClient;
  readonly ses?: SESv2Client;
}

export interface ActionRuntimeOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly config?: Partial<ActionsConfig>;
  /** Clients for the `aws` back end (tests pass mocked ones). */
  readonly clients?: AwsClients;
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

/** The runtime on the configured back end, which must be one of `backends`, with that back end's own services. */
export function createActionRuntimeOn<P extends BackendParts>(backends: ActionBackends<P>, options: ActionRuntimeOptions): ActionRuntime & Omit<P, 'services'> {
  const config = actionsConfigFromEnv(process.env, options.config);
  const backend = backends[config.backend];
  if (!backend) throw new ActionsBackendUnavailableError(config.backend, Object.keys(backends) as ActionsBackend[]);
  const doc = documentClient(options.dynamoDb);
  const emailLedger = new EmailLedger(doc, config.tables.outbox);
  const ledger = new DynamoDbActionLedger(doc, config.tables.ledger);
  const parts = backend({ config, doc, emailLedger, options });
  const { services, ...own } = parts;
  const { cases } = parts;
  const deps: ActionDeps = {
    region: config.region,
    accountId: config.accountId,
    eventSource: config.eventSource,
    emailsPerDay: config.emailsPerDay,
    categories: new ContactCategories(doc, config.tables.contacts),
    emailQuota: emailLedger,
    ...services,
  };
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
    ...(cases ? { observe: (event: TriggerEvent) => mirrorCaseOf(cases, event) } : {}),
  });
  return {
    ...own,
    config,
    runner,
    deps,
    sweepSlas: async (now: Date) => (cases ? (await cases.sweep(now)).map((sla) => slaBreachEvent(sla, now)) : []),
  };
}
