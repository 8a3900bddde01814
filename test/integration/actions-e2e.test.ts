/**
 * End to end on DynamoDB Local: rules created through the rules service (the bundled
 * examples plus a few here), a Contact Lens analysis file with its contact record
 * turned into the trigger event, the matched rules' actions run by the ExecutorRunner on
 * the local back ends, and the events they emit fed back:
 *
 * - ACCOUNT_CANCELLATION creates a task (and categorises, notifies, sends an event);
 * - CANCELLATION_CASE creates a case in the billing queue → OnCaseCreate →
 *   BILLING_CASE_SLA assigns a 24 h SLA → the sweeper, run at a later clock, breaches
 *   it → OnSlaBreach → HIGH_PRIORITY_SLA_BREACHED updates the case;
 * - QA_AUTO_EVALUATION evaluates the call with an automated form → its submission →
 *   OnContactEvaluationSubmit → LOW_GREETING_SCORE notifies the evaluated agent.
 *
 * The driver below is the pipeline's loop in a few lines (rules of the event's source,
 * matched, actions run, emitted events processed one level deeper).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalActionRuntime, type LocalActionRuntime } from '../../engine/actions/local/backend.ts';
import type { ActionInvocation, ActionOutcome } from '../../engine/actions/types.ts';
import { buildTriggerEvent } from '../../engine/context/index.ts';
import type { TriggerEvent } from '../../engine/context/types.ts';
import { createRulesService, type RulesServiceBundle } from '../../engine/rules/factory.ts';
import { PublishedRuleSet } from '../../engine/rules/published-rules.ts';
import { FORM } from '../support/evaluation-form.ts';
import { ACTION_TABLE_KEYS } from '../../storage/action-tables.ts';
import { createTables, dynamoDbClient } from '../support/dynamodb.ts';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { actionRules, BILLING_QUEUE, EXAMPLE_RULES, RETENTION_QUEUE } from '../support/action-rules.ts';

const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;
const AGENT = 'a1c3e5f7-9b2d-4f6a-8c0e-2b4d6f8a0c2e';
const T0 = new Date('2025-03-11T15:00:00Z');

let client: DynamoDBClient;
let rt: LocalActionRuntime;
let rules: RulesServiceBundle;
let ruleSet: PublishedRuleSet;


interface Processed {
  readonly event: TriggerEvent;
  readonly outcomes: { rule: string; type: string; status: string; detail: string }[];
}

/** One event through the published rules and their actions, then what they emitted. */
async function processEvent(event: TriggerEvent, now: Date, depth = 0, log: Processed[] = []): Promise<Processed[]> {
  const active = await ruleSet.rulesFor(event.InstanceId, event.EventSourceName);
  const matched = active.filter((a) => a.compiled.matches(event));
  const invocations: ActionInvocation[] = matched.flatMap(({ rule }) =>
    rule.Actions.map((action, actionIndex) => ({ event, eventKey: event.EventId!, rule, action, actionIndex, instanceArn: INSTANCE_ARN, now, depth })),
  );
  const outcomes: readonly ActionOutcome[] = await rt.runner.run(invocations);
  log.push({ event, outcomes: outcomes.map((o) => ({ rule: o.ruleName, type: o.type, status: o.status, detail: o.detail })) });
  for (const o of outcomes) for (const e of o.emitted ?? []) await processEvent(e, now, depth + 1, log);
  return log;
}

async function createRule(body: object) {
  await rules.service.createRule(INSTANCE, body, 'arn:aws:iam::111122223333:user/test');
}

beforeAll(async () => {
  client = dynamoDbClient();
  await createTables(client, ['rules', ...ACTION_TABLE_KEYS]);
  rt = createLocalActionRuntime({ dynamoDb: client });
  await rt.users.load('examples/users.json');
  rules = await createRulesService({ dynamoDb: client });
  ruleSet = new PublishedRuleSet(rules.store);
  for (const file of EXAMPLE_RULES) {
    await createRule(JSON.parse(await readFile(`examples/rules/${file}.json`, 'utf8')));
  }
  const form = await rt.evaluations.createEvaluationForm(INSTANCE, { Title: 'Retention QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy }, 'arn:user');
  await rt.evaluations.activateEvaluationForm(INSTANCE, form.EvaluationFormId, { EvaluationFormVersion: 1 }, 'arn:user');
  for (const body of Object.values(actionRules(form.EvaluationFormId))) await createRule(body);
});

afterAll(async () => {
  client?.destroy();
});

async function callEvent(): Promise<TriggerEvent> {
  const event = buildTriggerEvent({
    event: JSON.parse(await readFile('test/fixtures/analysis/voice-cancellation.json', 'utf8')),
    contact: JSON.parse(await readFile('test/fixtures/contact/ctr-voice-cancellation.json', 'utf8')),
  });
  return { ...event, EventId: 's3://bucket/voice-cancellation.json#v1' };
}

describe('an analysis file through the rules and their actions', () => {
  let log: Processed[];
  let contactId: string;

  beforeAll(async () => {
    const event = await callEvent();
    contactId = event.ContactLens!.PostCall!.ContactId!;
    log = await processEvent(event, T0);
  });

  const outcome = (rule: string, type: string) => log.flatMap((p) => p.outcomes).find((o) => o.rule === rule && o.type === type);

  it('ACCOUNT_CANCELLATION: a task linked to the call, the category, a notification and an event', async () => {
    expect(outcome('ACCOUNT_CANCELLATION', 'CREATE_TASK')!.status).toBe('SUCCEEDED');
    const [task] = await rt.contacts.tasksOf(INSTANCE, contactId);
    expect(task).toMatchObject({ Name: `Retention follow-up ${contactId}`, PreviousContactId: contactId, Description: `Cancellation intent from agent ${AGENT} in queue ${RETENTION_QUEUE}` });
    expect(task!.Attributes).toMatchObject({ CustomerTier: expect.any(String) });
    expect((await rt.contacts.categoriesOf(INSTANCE, contactId)).sort()).toEqual(['ACCOUNT_CANCELLATION', 'CANCELLATION_CASE', 'QA_AUTO_EVALUATION']);
    const emails = await rt.outbox.emails(INSTANCE);
    expect(emails.filter((e) => e.RuleName === 'ACCOUNT_CANCELLATION').map((e) => e.To).sort()).toEqual(['jordan.lee@example.com', 'morgan.diaz@example.com']);
    const events = await rt.outbox.events(INSTANCE);
    expect(events.find((e) => e.DetailType === 'Contact Lens Post Call Rules Matched')!.Detail).toMatchObject({ ruleName: 'ACCOUNT_CANCELLATION', actionName: 'NOTIFY_CUSTOMER_RETENTION' });
  });

  it('CANCELLATION_CASE → OnCaseCreate → BILLING_CASE_SLA; the SLA breaches at a later clock → HIGH_PRIORITY_SLA_BREACHED updates the case', async () => {
    expect(log.map((p) => p.event.EventSourceName)).toContain('OnCaseCreate');
    const sla = outcome('BILLING_CASE_SLA', 'ASSIGN_SLA')!;
    expect(sla.status).toBe('SUCCEEDED');
    expect(sla.detail).toContain('SLA highPrioritySla on case');
    const [created] = await rt.cases.listCases();
    expect(created!.Fields).toMatchObject({ assigned_queue: BILLING_QUEUE, case_reason: 'Billing', status: 'open' });

    expect(await rt.sweepSlas(new Date(T0.getTime() + 1439 * 60_000))).toEqual([]);
    const later = new Date(T0.getTime() + 1441 * 60_000);
    const breaches = await rt.sweepSlas(later);
    expect(breaches).toHaveLength(1);
    const breachLog = await processEvent(breaches[0]!, later);
    expect(breachLog[0]!.outcomes).toEqual([expect.objectContaining({ rule: 'HIGH_PRIORITY_SLA_BREACHED', type: 'UPDATE_CASE', status: 'SUCCEEDED' })]);
    expect((await rt.cases.getCase(created!.CaseId))!.Fields.case_reason).toBe('Escalated');
    // OnCaseUpdate followed; CASE_CLOSED_BILLING does not match (not closed, reason changed).
    expect(breachLog[1]!.event.EventSourceName).toBe('OnCaseUpdate');
    expect(breachLog[1]!.outcomes).toEqual([]);
  });

  it('QA_AUTO_EVALUATION → OnContactEvaluationSubmit → LOW_GREETING_SCORE notifies the evaluated agent', async () => {
    const evaluation = outcome('QA_AUTO_EVALUATION', 'SUBMIT_AUTO_EVALUATION')!;
    expect(evaluation.status).toBe('SUCCEEDED');
    const submitted = log.find((p) => p.event.EventSourceName === 'OnContactEvaluationSubmit')!;
    expect(submitted.event.ContactLens!.ContactEvaluation).toMatchObject({ ContactId: contactId, Agent: { AgentId: AGENT }, Sections: { s1: { Score: 50 } } });
    expect(submitted.outcomes).toEqual([expect.objectContaining({ rule: 'LOW_GREETING_SCORE', type: 'SEND_NOTIFICATION', status: 'SUCCEEDED' })]);
    const coaching = (await rt.outbox.emails(INSTANCE)).filter((e) => e.RuleName === 'LOW_GREETING_SCORE');
    expect(coaching.map((e) => [e.To, e.Subject])).toEqual([['jordan.lee@example.com', 'Coaching: greeting']]);
  });

  it('the same file delivered again runs nothing twice', async () => {
    const again = await processEvent(await callEvent(), T0);
    const statuses = new Set(again.flatMap((p) => p.outcomes.map((o) => o.status)));
    expect([...statuses]).toEqual(['DUPLICATE']);
    expect(await rt.contacts.tasksOf(INSTANCE, contactId)).toHaveLength(1);
    expect(await rt.cases.listCases()).toHaveLength(1);
    expect((await rt.outbox.emails(INSTANCE)).length).toBe(3);
  });
});
