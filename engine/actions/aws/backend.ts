/**
 * The `aws` actions back end: Connect (tasks, users, automated evaluations),
 * EventBridge, SES and Connect Cases, each client made here on the configured region
 * unless the caller gives one (tests pass mocked clients). Categories, the email
 * counter and the exactly-once ledger stay on DynamoDB (runtime.ts).
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectCasesClient } from '@aws-sdk/client-connectcases';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ActionsBackendFactory } from '../runtime.ts';
import { ConnectCases } from './cases.ts';
import { ConnectAutoEvaluator } from './connect-evaluations.ts';
import { ConnectTasks, ConnectUsers } from './connect.ts';
import { EventBridgeBus } from './eventbridge.ts';
import { SesEmail } from './ses.ts';

export const awsActionsBackend: ActionsBackendFactory = ({ config, outbox, options }) => {
  const c = options.clients ?? {};
  const connect = c.connect ?? new ConnectClient({ region: config.region });
  if (!process.env.CONNECT_RULES_CASES_DOMAIN_ID && !options.config?.casesDomainId) {
    options.onError?.('CONNECT_RULES_CASES_DOMAIN_ID is not set: case actions will fail', undefined);
  }
  return {
    services: {
      tasks: new ConnectTasks(connect),
      bus: new EventBridgeBus(c.eventBridge ?? new EventBridgeClient({ region: config.region }), config.eventBusName),
      email: new SesEmail(c.ses ?? new SESv2Client({ region: config.region }), config.emailFrom, outbox),
      users: new ConnectUsers(connect),
      cases: new ConnectCases(c.cases ?? new ConnectCasesClient({ region: config.region }), config.casesDomainId),
      evaluations: new ConnectAutoEvaluator(connect),
    },
  };
};
