/**
 * The user's Amazon Connect instance through the real `@aws-sdk/client-connect`:
 * the client from the connection flags (the default credential chain, a named
 * profile, a region, an endpoint such as `connect-rules serve`), every rule of an
 * instance (ListRules, all pages, then DescribeRule each) and the three writes.
 * Errors from Connect keep the SDK's name and say the operation and rule.
 */
import {
  ConnectClient,
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  paginateListRules,
  UpdateRuleCommand,
  type CreateRuleCommandInput,
  type Rule,
  type UpdateRuleCommandInput,
} from '@aws-sdk/client-connect';
import { UserError } from '../../grammar/errors.ts';
import { clientSettings, type Connection } from '../../storage/endpoints.ts';

/**
 * A call to Connect that failed: `DescribeRule rule NAME: ResourceNotFoundException: message`.
 * The SDK's failure is its `cause`: the CLI reads from its answer an endpoint that is no Connect API.
 */
export class ConnectCallError extends UserError {
  constructor(
    readonly operation: string,
    readonly ruleName: string | undefined,
    readonly errorName: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${operation}${ruleName !== undefined ? ` rule ${ruleName}` : ''}: ${errorName}: ${message}`, { cause });
  }
}

/** Runs one call; an SDK error becomes a ConnectCallError with its name, the operation and the rule. */
export async function call<T>(operation: string, ruleName: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as Error & { $metadata?: unknown };
    // "Region is missing" and credential errors are the SDK's too: shown by their name, never a stack trace.
    throw new ConnectCallError(operation, ruleName, e.name ?? 'Error', e.message ?? String(err), err);
  }
}

/**
 * A client as the AWS CLI would make it: the default chain, or `--profile`, `--region`,
 * `--endpoint` when given. An endpoint that is not AWS's own (`connect-rules serve`,
 * `osls offline --stage local`, on this machine or another host) checks no signature:
 * it gets clientSettings' local defaults.
 */
export function connectClientFor(options: Connection, env: NodeJS.ProcessEnv = process.env): ConnectClient {
  return new ConnectClient({
    ...clientSettings(options, env),
    // The deployed stack's HTTP API (IAM auth) checks signatures made for API Gateway, not for Connect.
    ...(options.endpoint && isApiGatewayEndpoint(options.endpoint) ? { signingName: 'execute-api' } : {}),
  });
}

/** An API Gateway default endpoint (`https://<api-id>.execute-api.<region>.amazonaws.com[.cn]`): the stack's `HttpApiUrl`. */
export function isApiGatewayEndpoint(endpoint: string): boolean {
  try {
    return /^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** The fields of a rule that a CreateRule body holds, in the order files are written. */
export const BODY_FIELDS = ['Name', 'TriggerEventSource', 'Function', 'Actions', 'PublishStatus', 'Tags', 'PreEvaluationFilters'] as const;

export interface RemoteRule {
  readonly ruleId: string;
  readonly ruleArn?: string;
  /** The rule as a CreateRule body (no Tags when it has none). */
  readonly body: Record<string, unknown>;
}

/** A DescribeRule `Rule` as a CreateRule body. */
export function bodyOfRule(rule: Partial<Rule>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of BODY_FIELDS) {
    const value = (rule as unknown as Record<string, unknown>)[key];
    if (value === undefined || (key === 'Tags' && Object.keys(value as object).length === 0)) continue;
    out[key] = value;
  }
  return out;
}

/** Every rule of the instance, by name. */
export async function fetchRemoteRules(client: ConnectClient, instanceId: string): Promise<RemoteRule[]> {
  const summaries: { RuleId: string; Name: string }[] = [];
  await call('ListRules', undefined, async () => {
    for await (const page of paginateListRules({ client, pageSize: 100 }, { InstanceId: instanceId })) {
      for (const s of page.RuleSummaryList ?? []) summaries.push({ RuleId: s.RuleId!, Name: s.Name! });
    }
  });
  const out: RemoteRule[] = [];
  // One at a time: an instance holds at most a few hundred rules, and Connect throttles bursts.
  for (const s of summaries.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))) {
    const { Rule } = await call('DescribeRule', s.Name, () => client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: s.RuleId })));
    out.push({ ruleId: s.RuleId, ...(Rule?.RuleArn ? { ruleArn: Rule.RuleArn } : {}), body: bodyOfRule(Rule ?? {}) });
  }
  return out;
}

export async function createRule(client: ConnectClient, input: CreateRuleCommandInput): Promise<string> {
  const out = await call('CreateRule', input.Name, () => client.send(new CreateRuleCommand(input)));
  return out.RuleId!;
}

export async function updateRule(client: ConnectClient, input: UpdateRuleCommandInput): Promise<void> {
  await call('UpdateRule', input.Name, () => client.send(new UpdateRuleCommand(input)));
}

export async function deleteRule(client: ConnectClient, instanceId: string, ruleId: string, name: string): Promise<void> {
  await call('DeleteRule', name, () => client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId: ruleId })));
}
