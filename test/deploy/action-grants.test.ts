/**
 * The roles of the functions that run actions (`actionsBackend: aws`): each may call
 * the AWS operations of only the actions its trigger sources allow, as the rules
 * catalogue (`actionsAllowedFor`, the CreateRule checks) says, and every operation
 * the aws back end calls is granted to the actions that need it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsAllowedFor } from '../../engine/rules/validate-request.ts';
import { ACTION_OPERATIONS, FUNCTIONS, awsServicesOf, cascadedSources, checkParams, roleStatements, type DeployContext } from '../../deploy/serverless.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ctx: DeployContext = {
  service: 'connect-rules',
  stage: 'prod',
  params: checkParams({
    connectInstanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555',
    analysisBucket: 'amazon-connect-1234abcd',
    analysisPrefix: 'Analysis/',
    evaluationsPrefix: 'Evaluations/',
    ctrStreamArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/ctr',
    realtimeStreamArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/segments',
    eventSource: 'connect-rules',
    actionsBackend: 'aws',
    casesDomainId: 'd-1234',
    emailFrom: 'rules@example.com',
    logLevel: 'INFO',
  }),
};

/** The Connect, Cases, SES and EventBridge operations a function's role allows, sorted. */
function operations(key: string): string[] {
  const spec = FUNCTIONS.find((f) => f.key === key)!;
  return roleStatements(ctx, spec)
    .flatMap((s) => s.Action)
    .filter((a) => /^(connect|cases|ses|events):/.test(a))
    .sort();
}

describe('action grants per ingestion function', () => {
  it('lets the partner-event function start tasks and nothing else in Connect (Zendesk and Salesforce rules allow CREATE_TASK only)', () => {
    expect(operations('ingestThirdParty')).toEqual(['connect:StartTaskContact', 'events:PutEvents']);
  });

  it('lets the metrics function look up users and send email, with no task, case or evaluation', () => {
    expect(operations('ingestMetrics')).toEqual(['connect:DescribeUser', 'connect:SearchUsers', 'events:PutEvents', 'ses:SendEmail']);
  });

  it('lets the Cases function update cases, assign SLAs and end tasks, but not create cases or send email', () => {
    expect(operations('ingestCases')).toEqual([
      'cases:CreateRelatedItem',
      'cases:GetCase',
      'cases:SearchRelatedItems',
      'cases:UpdateCase',
      'connect:StopContact',
      'events:PutEvents',
    ]);
  });

  it('lets the real-time function start tasks and send email, with no case or evaluation (and read a live session\'s attributes)', () => {
    expect(operations('ingestRealtime')).toEqual([
      'connect:DescribeUser',
      'connect:GetContactAttributes',
      'connect:SearchUsers',
      'connect:StartTaskContact',
      'events:PutEvents',
      'ses:SendEmail',
    ]);
  });

  it('lets the analysis function run the case rules its created cases cascade to', () => {
    // A post-call rule may CREATE_CASE; the OnCaseCreate event it emits is evaluated in the
    // same invocation, where UPDATE_CASE and ASSIGN_SLA run, whose OnCaseUpdate may END_ASSOCIATED_TASKS.
    const ops = operations('ingestAnalysis');
    expect(ops).toEqual(expect.arrayContaining(['cases:CreateCase', 'cases:UpdateCase', 'connect:StopContact', 'connect:SubmitContactEvaluation']));
  });

  it('grants no service whose actions none of a function’s sources allow (the catalogue decides)', () => {
    const SERVICE_OF_ACTION = { SEND_NOTIFICATION: 'ses:', CREATE_CASE: 'cases:CreateCase', SUBMIT_AUTO_EVALUATION: 'connect:SubmitContactEvaluation' } as const;
    for (const spec of FUNCTIONS.filter((f) => f.runsActionsOf)) {
      const allowed = new Set(cascadedSources(spec.runsActionsOf!).flatMap(actionsAllowedFor));
      const ops = operations(spec.key);
      for (const [action, op] of Object.entries(SERVICE_OF_ACTION)) {
        expect(ops.some((o) => o.startsWith(op)), `${spec.key}: ${op} iff its sources allow ${action}`).toBe(allowed.has(action as never));
      }
    }
  });

  it('grants every operation the aws back end calls to the actions that call it', () => {
    const granted = new Set(Object.values(ACTION_OPERATIONS).flat());
    const SERVICE_OF_FILE: Record<string, string> = {
      'connect.ts': 'connect',
      'connect-evaluations.ts': 'connect',
      'cases.ts': 'cases',
      'ses.ts': 'ses',
      'eventbridge.ts': 'events',
    };
    const called = Object.entries(SERVICE_OF_FILE).flatMap(([file, service]) =>
      [...readFileSync(resolve(ROOT, 'engine/actions/aws', file), 'utf8').matchAll(/new (\w+)Command\(/g)].map((m) => `${service}:${m[1]}`),
    );
    expect(called.length).toBeGreaterThan(10);
    expect(called.filter((op) => !granted.has(op))).toEqual([]);
  });

  it('packages each function with the clients of exactly the services its role may call', () => {
    // engine/actions/aws/backend.ts: which client each service of the aws back end calls.
    const CLIENT_OF_SERVICE = { tasks: 'connect', users: 'connect', evaluations: 'connect', cases: 'cases', email: 'ses', bus: 'events' } as const;
    for (const spec of FUNCTIONS.filter((f) => f.runsActionsOf)) {
      const packaged = new Set(awsServicesOf(spec.runsActionsOf!).map((s) => CLIENT_OF_SERVICE[s]));
      const granted = new Set(operations(spec.key).map((op) => op.slice(0, op.indexOf(':'))));
      expect([...packaged].sort(), spec.key).toEqual([...granted].sort());
    }
    expect(awsServicesOf(['OnZendeskTicketCreate'])).toEqual(['tasks', 'bus']);
  });
});
