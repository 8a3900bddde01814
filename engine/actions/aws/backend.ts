/**
 * The `aws` back end: Connect (tasks, users, automated evaluations),
 * EventBridge, SES and Connect Cases, each client made here on the configured region
 * unless the caller gives one (tests pass mocked clients). Categories, the email
 * counter and send log and the exactly-once ledger stay on DynamoDB (runtime.ts).
 *
 * A packaged function holds only the services its actions call (packaged.ts): each
 * test below reads `process.env.…` itself, because esbuild folds a replaced
 * expression, not a variable holding it, and a dead branch takes its client along.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectCasesClient } from '@aws-sdk/client-connectcases';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { CasesService, EmailService, EventBus, TaskService, UserDirectory } from '../backends.ts';
import type { AutoEvaluator } from '../evaluation/auto.ts';
import type { ActionRuntimeOptions, ActionsBackendFactory, AwsClients, BackendContext } from '../runtime.ts';
import type { ActionsConfig } from '../settings.ts';
import { ConnectCases } from './cases.ts';
import { ConnectAutoEvaluator } from './connect-evaluations.ts';
import { ConnectTasks, ConnectUsers } from './connect.ts';
import { EventBridgeBus } from './eventbridge.ts';
import { notPackaged } from './packaged.ts';
import { SesEmail } from './ses.ts';

// One function per client, called only from the branch of a packaged service: a
// function no branch calls is dropped with the client it makes.
const connectClient = (ctx: BackendContext, c: AwsClients) => c.connect ?? new ConnectClient({ region: ctx.config.region });
/** Connect Cases on the configured domain; without one, say at start that case actions will fail. */
const connectCases = (config: ActionsConfig, options: ActionRuntimeOptions, c: AwsClients): ConnectCases => {
  if (!process.env.CONNECT_RULES_CASES_DOMAIN_ID && !options.config?.casesDomainId) {
    options.onError?.('CONNECT_RULES_CASES_DOMAIN_ID is not set: case actions will fail', undefined);
  }
  return new ConnectCases(c.cases ?? new ConnectCasesClient({ region: config.region }), config.casesDomainId);
};
const sesClient = (ctx: BackendContext, c: AwsClients) => c.ses ?? new SESv2Client({ region: ctx.config.region });
const eventBridgeClient = (ctx: BackendContext, c: AwsClients) => c.eventBridge ?? new EventBridgeClient({ region: ctx.config.region });

export const awsActionsBackend: ActionsBackendFactory = (ctx) => {
  const { config, emailLedger, options } = ctx;
  const c = options.clients ?? {};
  let connect: ConnectClient | undefined;
  return {
    services: {
      tasks:
        process.env.CONNECT_RULES_PACKAGED_AWS_TASKS !== 'no'
          ? new ConnectTasks((connect ??= connectClient(ctx, c)))
          : notPackaged<TaskService>('tasks'),
      bus:
        process.env.CONNECT_RULES_PACKAGED_AWS_BUS !== 'no'
          ? new EventBridgeBus(eventBridgeClient(ctx, c), config.eventBusName)
          : notPackaged<EventBus>('bus'),
      email:
        process.env.CONNECT_RULES_PACKAGED_AWS_EMAIL !== 'no'
          ? new SesEmail(sesClient(ctx, c), config.emailFrom, emailLedger)
          : notPackaged<EmailService>('email'),
      users:
        process.env.CONNECT_RULES_PACKAGED_AWS_USERS !== 'no'
          ? new ConnectUsers((connect ??= connectClient(ctx, c)))
          : notPackaged<UserDirectory>('users'),
      cases:
        process.env.CONNECT_RULES_PACKAGED_AWS_CASES !== 'no'
          ? connectCases(config, options, c)
          : notPackaged<CasesService>('cases'),
      evaluations:
        process.env.CONNECT_RULES_PACKAGED_AWS_EVALUATIONS !== 'no'
          ? new ConnectAutoEvaluator((connect ??= connectClient(ctx, c)))
          : notPackaged<AutoEvaluator>('evaluations'),
    },
  };
};
