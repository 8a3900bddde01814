/**
 * Shared pieces of the rules API integration tests: a DynamoDB Local + API server
 * environment, SDK clients pointed at it, and valid request bodies per event source.
 */
import { ConnectClient, type CreateRuleCommandInput, type RuleAction } from '@aws-sdk/client-connect';
import { Logger } from '@aws-lambda-powertools/logger';
import type { RulesConfig } from '../../engine/rules/config.ts';
import { expect } from 'vitest';
import { startLocalRulesApi, type LocalRulesApi } from '../../functions/local-server.ts';
import { runCliAsync } from './cli.ts';
import { sharedDynamoDb } from './dynamodb.ts';
import { DOC_EXAMPLES } from './doc-examples.ts';

export const REGION = 'us-east-1';
export const ACCOUNT = '111122223333';

export const silentLogger = () => new Logger({ serviceName: 'connect-rules-api-test', logLevel: 'SILENT' });

/** A ConnectClient for the local API, as a user would configure it. */
export function connectClient(endpoint: string, accessKeyId = 'AKIDLOCAL', maxAttempts?: number): ConnectClient {
  return new ConnectClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId, secretAccessKey: 'x' },
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  });
}

/** The API server on the shared DynamoDB Local, this file's tables (port 0: a free port). */
export function startApi(config: Partial<RulesConfig> = {}): Promise<LocalRulesApi> {
  return startLocalRulesApi({ port: 0, dynamoDbEndpoint: sharedDynamoDb().endpoint, logger: silentLogger(), config });
}

/** The contacts API over what a replay stored: the server, a client of it, and the replay's `--json` report. */
export interface ServedReplay {
  readonly api: LocalRulesApi;
  readonly client: ConnectClient;
  readonly report: string;
}

/**
 * `connect-rules replay` (the real binary) of `dir` with `rules` into the shared DynamoDB
 * Local, then the API server over it and a client: the contacts API tests' set-up
 * (a beforeAll; `closeServed` in the afterAll).
 */
export async function serveReplayed(dir: string, rules: string): Promise<ServedReplay> {
  const replay = await runCliAsync(['replay', dir, '--rules', rules, '--endpoint', sharedDynamoDb().endpoint, '--json']);
  expect(replay.status, replay.stderr).toBe(0);
  const api = await startApi();
  return { api, client: connectClient(api.url), report: replay.stdout };
}

/** Ends what serveReplayed started (if it did). */
export async function closeServed(served: ServedReplay | undefined): Promise<void> {
  served?.client.destroy();
  await served?.api.close();
}

let counter = 0;
/** A fresh instance id per test, so tests never see each other's rules. */
export function newInstanceId(label = 'inst'): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export const FUNCTIONS = {
  OnRealTimeCallAnalysisAvailable: DOC_EXAMPLES.A,
  OnPostCallAnalysisAvailable: DOC_EXAMPLES.C,
  OnPostChatAnalysisAvailable: DOC_EXAMPLES.I,
  OnEmailAnalysisAvailable: DOC_EXAMPLES.J,
  OnContactEvaluationSubmit: DOC_EXAMPLES.K,
  OnZendeskTicketCreate: DOC_EXAMPLES.M,
  OnZendeskTicketStatusUpdate: DOC_EXAMPLES.N,
  OnSalesforceCaseCreate: DOC_EXAMPLES.O,
  OnCaseUpdate: DOC_EXAMPLES.P,
  OnCaseCreate: DOC_EXAMPLES.Q,
  OnSlaBreach: DOC_EXAMPLES.R,
  OnMetricDataUpdate: DOC_EXAMPLES.S,
} as const;

export const CATEGORY: RuleAction = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };
export const EVENTBRIDGE: RuleAction = { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'NOTIFY_RETENTION' } };
export const TASK: RuleAction = {
  ActionType: 'CREATE_TASK',
  TaskAction: {
    Name: 'Follow up on $.ContactLens.PostCall.ContactId',
    Description: 'Agent $.ContactLens.PostCall.Agent.AgentId needs a review',
    ContactFlowId: '12345678-1234-1234-1234-123456789012',
    References: { Contact: { Type: 'URL', Value: 'https://example.com/contact' } },
  },
};

/** A valid real-time call rule ("refund" said by the customer), category action. */
export function realTimeRule(instanceId: string, name: string, extra: Partial<CreateRuleCommandInput> = {}): CreateRuleCommandInput {
  return {
    InstanceId: instanceId,
    Name: name,
    TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
    Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable,
    Actions: [CATEGORY],
    PublishStatus: 'PUBLISHED',
    ...extra,
  };
}

/** A valid post-call rule with the category, a task and an EventBridge action. */
export function postCallRule(instanceId: string, name: string, extra: Partial<CreateRuleCommandInput> = {}): CreateRuleCommandInput {
  return {
    InstanceId: instanceId,
    Name: name,
    TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
    Function: FUNCTIONS.OnPostCallAnalysisAvailable,
    Actions: [CATEGORY, TASK, EVENTBRIDGE],
    PublishStatus: 'PUBLISHED',
    ...extra,
  };
}

/** A valid Zendesk ticket-create rule: integration association and a CREATE_TASK action. */
export function zendeskRule(instanceId: string, name: string, extra: Partial<CreateRuleCommandInput> = {}): CreateRuleCommandInput {
  return {
    InstanceId: instanceId,
    Name: name,
    TriggerEventSource: { EventSourceName: 'OnZendeskTicketCreate', IntegrationAssociationId: 'zendesk-association-1' },
    Function: FUNCTIONS.OnZendeskTicketCreate,
    Actions: [
      {
        ActionType: 'CREATE_TASK',
        TaskAction: { Name: 'Ticket $.ThirdParty.Zendesk.TicketCreate.Id', ContactFlowId: 'flow-1' },
      },
    ],
    PublishStatus: 'PUBLISHED',
    ...extra,
  };
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
