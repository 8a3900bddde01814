/**
 * Take-over on the local back ends (DynamoDB Local): an attempt claimed an action, had
 * its effect and died before recording the outcome; a redelivery an hour later (another
 * run clock) takes the claim over after its lease and runs the action again. Each
 * action has one effect per (event, rule, action): one task, one email per recipient,
 * one event, one category, one case related once, one SLA, one evaluation. (The AWS
 * back ends' take-over: engine/actions/aws/aws.test.ts.)
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalActionRuntime, type LocalActionRuntime } from '../../../engine/actions/local/backend.ts';
import { createExecutors } from '../../../engine/actions/executors/index.ts';
import { ledgerKey } from '../../../engine/actions/ledger.ts';
import { ExecutorRunner } from '../../../engine/actions/runner.ts';
import { FORM } from '../../support/evaluation-form.ts';
import { invocation, rule } from '../../support/action-fakes.ts';
import type { ActionOutcome } from '../../../engine/actions/types.ts';
import type { TriggerEvent } from '../../../engine/context/types.ts';
import type { RuleAction } from '../../../engine/rules/model.ts';
import { ACTION_TABLE_KEYS } from '../../../storage/action-tables.ts';
import { createTables, dynamoDbClient } from '../../support/dynamodb.ts';

const LEASE = 60_000;
const T = Date.parse('2026-01-01T00:00:00Z');
const FIRST_RUN = new Date('2025-03-12T16:00:00Z');
const LATER_RUN = new Date('2025-03-12T17:00:00Z');

let client: DynamoDBClient;
let rt: LocalActionRuntime;
let n = 0;
const instance = () => `take-over-${process.pid}-${++n}`;

beforeAll(async () => {
  client = dynamoDbClient();
  await createTables(client, ACTION_TABLE_KEYS);
  rt = createLocalActionRuntime({ dynamoDb: client, sleep: async () => undefined });
});
afterAll(() => client?.destroy());

const callEvent = (instanceId: string): TriggerEvent =>
  ({
    EventSourceName: 'OnPostCallAnalysisAvailable',
    InstanceId: instanceId,
    EventId: `${instanceId}-post`,
    ContactLens: { PostCall: { ContactId: 'c1', Channel: 'VOICE', Agent: { AgentId: 'agent-1' }, Queue: { QueueId: 'q-1' } } },
  }) as TriggerEvent;

/** The dead attempt at the first run clock, then the take-over at a later one; the take-over's outcome. */
async function deadThenTakeOver(event: TriggerEvent, action: RuleAction): Promise<ActionOutcome> {
  let clock = T;
  const runner = new ExecutorRunner({ executors: createExecutors(rt.deps), ledger: rt.runner.ledger, bus: rt.deps.bus, leaseMs: LEASE, clock: () => clock });
  const inv = invocation(event, rule(event.EventSourceName, [action], 'RULE', `rule-${event.InstanceId}`), 0, { now: FIRST_RUN });
  expect((await rt.runner.ledger.claim(ledgerKey(inv.eventKey, inv.rule.RuleId, 0), new Date(T), LEASE)).state).toBe('claimed');
  await createExecutors(rt.deps).find((e) => e.type === action.ActionType)!.execute(inv);
  clock = T + LEASE + 1;
  const [out] = await runner.run([{ ...inv, now: LATER_RUN }]);
  expect(out!.status).toBe('SUCCEEDED');
  return out!;
}

describe('take-over of a dead attempt on the local back ends: one effect per (event, rule, action)', () => {
  it('CREATE_TASK: one task', async () => {
    const i = instance();
    await deadThenTakeOver(callEvent(i), { ActionType: 'CREATE_TASK', TaskAction: { Name: 'Follow up', ContactFlowId: 'flow-1' } });
    expect(await rt.contacts.tasksOf(i, 'c1')).toHaveLength(1);
  });

  it('SEND_NOTIFICATION: one email per recipient, though the run clocks differ', async () => {
    const i = instance();
    await rt.users.load('examples/users.json', i);
    const out = await deadThenTakeOver(callEvent(i), {
      ActionType: 'SEND_NOTIFICATION',
      SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Subject: 's', Content: 'c', Recipient: { UserTags: { Team: 'Retention' } } },
    });
    const emails = await rt.outbox.emails(i);
    expect(emails.map((e) => e.To).sort()).toEqual(['jordan.lee@example.com', 'morgan.diaz@example.com']);
    expect(emails.map((e) => e.SentTime)).toEqual([FIRST_RUN.toISOString(), FIRST_RUN.toISOString()]);
    expect((out.output!.recipients as unknown[]).length).toBe(2);
  });

  it('GENERATE_EVENTBRIDGE_EVENT: one event', async () => {
    const i = instance();
    await deadThenTakeOver(callEvent(i), { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'X' } });
    expect(await rt.outbox.events(i)).toHaveLength(1);
  });

  it('ASSIGN_CONTACT_CATEGORY: one category', async () => {
    const i = instance();
    await deadThenTakeOver(callEvent(i), { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} });
    expect(await rt.contacts.categoriesOf(i, 'c1')).toEqual(['RULE']);
  });

  it('CREATE_CASE then ASSIGN_SLA: one case, the contact related once, one SLA', async () => {
    const i = instance();
    const created = await deadThenTakeOver(callEvent(i), { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: `t-${i}`, Fields: [] } });
    const caseId = created.output!.caseId as string;
    expect((await rt.cases.listCases()).filter((c) => c.TemplateId === `t-${i}`)).toHaveLength(1);
    expect(await rt.cases.relatedContacts(caseId)).toHaveLength(1);
    const caseEvent = { EventSourceName: 'OnCaseCreate', InstanceId: i, EventId: `${i}-case`, Case: { CaseId: caseId } } as TriggerEvent;
    await deadThenTakeOver(caseEvent, {
      ActionType: 'ASSIGN_SLA',
      AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', FieldId: 'status', TargetFieldValues: [{ StringValue: 'closed' }], TargetSlaMinutes: 60 } },
    });
    expect(await rt.cases.slas(caseId)).toHaveLength(1);
  });

  it('SUBMIT_AUTO_EVALUATION: one evaluation', async () => {
    const i = instance();
    const svc = rt.evaluations;
    const { EvaluationFormId } = await svc.createEvaluationForm(i, { Title: 'QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy }, 'arn:user');
    await svc.activateEvaluationForm(i, EvaluationFormId, { EvaluationFormVersion: 1 }, 'arn:user');
    await deadThenTakeOver(callEvent(i), { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId } });
    const listed = (await svc.listContactEvaluations(i, { contactId: 'c1' })) as { EvaluationSummaryList: unknown[] };
    expect(listed.EvaluationSummaryList).toHaveLength(1);
  });
});
