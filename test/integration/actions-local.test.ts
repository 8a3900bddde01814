/**
 * The action executors on their local back ends, on DynamoDB Local: categories queried
 * by category, task contacts with the PreviousContactId limit, the outbox and its daily
 * limit, users from the seed file, cases with SLAs (Met, Overdue through the sweeper,
 * NotMet), END_ASSOCIATED_TASKS, auto evaluations, and the exactly-once ledger under
 * redelivery and concurrent runners.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalActionRuntime, type LocalActionRuntime } from '../../engine/actions/local/backend.ts';
import { ExecutorRunner } from '../../engine/actions/runner.ts';
import { createExecutors } from '../../engine/actions/executors/index.ts';
import { FORM } from '../support/evaluation-form.ts';
import { INSTANCE_ARN, invocation, rule } from '../support/action-fakes.ts';
import type { TriggerEvent } from '../../engine/context/types.ts';
import type { RuleAction } from '../../engine/rules/model.ts';
import { ACTION_TABLE_KEYS } from '../../storage/action-tables.ts';
import { createTables, dynamoDbClient } from '../support/dynamodb.ts';

let client: DynamoDBClient;
let rt: LocalActionRuntime;
let n = 0;
const instance = () => `actions-${process.pid}-${++n}`;
const NOW = new Date('2025-03-12T16:00:00Z');

beforeAll(async () => {
  client = dynamoDbClient();
  await createTables(client, ACTION_TABLE_KEYS);
  rt = createLocalActionRuntime({ dynamoDb: client, sleep: async () => undefined });
});

afterAll(async () => {
  client?.destroy();
});

function callEvent(instanceId: string, contactId: string, extra: Record<string, unknown> = {}, eventId = `${instanceId}-post-${contactId}`): TriggerEvent {
  return {
    EventSourceName: 'OnPostCallAnalysisAvailable',
    InstanceId: instanceId,
    EventId: eventId.startsWith(instanceId) ? eventId : `${instanceId}-${eventId}`,
    ContactLens: { PostCall: { ContactId: contactId, Channel: 'VOICE', Agent: { AgentId: 'agent-1' }, Queue: { QueueId: 'q-1' }, ContactAttribute: { Tier: 'Gold' }, ...extra } },
  } as TriggerEvent;
}

const run = (event: TriggerEvent, actions: RuleAction[], name = 'RULE', id = 'rule-1', now = NOW) =>
  rt.runner.run(actions.map((_, i) => invocation(event, rule(event.EventSourceName, actions, name, id), i, { now })));

const CATEGORY: RuleAction = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };
const TASK: RuleAction = { ActionType: 'CREATE_TASK', TaskAction: { Name: 'Follow up $.ContactLens.PostCall.ContactId', ContactFlowId: 'flow-1' } };

describe('contacts', () => {
  it('categories are stored with the contact and queryable by category', async () => {
    const i = instance();
    await run(callEvent(i, 'c1'), [CATEGORY], 'CANCELLATION');
    await run(callEvent(i, 'c2'), [CATEGORY], 'CANCELLATION');
    await run(callEvent(i, 'c2'), [CATEGORY], 'SUPERVISOR', 'rule-2');
    expect((await rt.contacts.contactsWithCategory(i, 'CANCELLATION')).sort()).toEqual(['c1', 'c2']);
    expect((await rt.contacts.categoriesOf(i, 'c2')).sort()).toEqual(['CANCELLATION', 'SUPERVISOR']);
    expect(await rt.contacts.contactFacts(i, 'c1')).toMatchObject({ ContactId: 'c1', Agent: { AgentId: 'agent-1' } });
  });

  it('a task contact linked to its previous contact, once per event; the 13th task of a contact is refused', async () => {
    const i = instance();
    const [first] = await run(callEvent(i, 'c1'), [TASK]);
    const [again] = await run(callEvent(i, 'c1'), [TASK]);
    expect(first!.status).toBe('SUCCEEDED');
    expect(again!.status).toBe('DUPLICATE');
    const tasks = await rt.contacts.tasksOf(i, 'c1');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ Channel: 'TASK', Name: 'Follow up c1', PreviousContactId: 'c1', Attributes: { Tier: 'Gold' }, Status: 'OPEN', RuleName: 'RULE' });
    for (let k = 2; k <= 12; k++) expect((await run(callEvent(i, 'c1', {}, `ev-${k}`), [TASK]))[0]!.status).toBe('SUCCEEDED');
    const [thirteenth] = await run(callEvent(i, 'c1', {}, 'ev-13'), [TASK]);
    expect(thirteenth).toMatchObject({ status: 'FAILED' });
    expect(thirteenth!.detail).toMatch(/^ServiceQuotaExceededException: contact c1 already has 12 task contacts/);
    expect(await rt.contacts.tasksOf(i, 'c1')).toHaveLength(12);
    const failure = (await rt.outbox.events(i)).find((e) => e.DetailType === 'Amazon Connect Rules Action Execution Failed');
    expect(failure!.Detail).toMatchObject({ actionType: 'CREATE_TASK', reasonCode: 'ServiceQuotaExceededException', instanceArn: INSTANCE_ARN });
  });
});

describe('outbox and users', () => {
  it('notifications go to the outbox, to users of the seed file by tags and ids', async () => {
    const i = instance();
    await rt.users.load('examples/users.json', i);
    const [out] = await run(callEvent(i, 'c1'), [
      {
        ActionType: 'SEND_NOTIFICATION',
        SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Subject: 'Risk', Content: 'Contact $.ContactLens.PostCall.ContactId', Recipient: { UserTags: { Team: 'Retention' } }, Exclusion: { UserTags: { Role: 'Supervisor' } } },
      },
    ]);
    expect(out!.status).toBe('SUCCEEDED');
    const emails = await rt.outbox.emails(i);
    expect(emails.map((e) => e.To)).toEqual(['jordan.lee@example.com']);
    expect(emails[0]).toMatchObject({ Subject: 'Risk', Body: 'Contact c1', RuleName: 'RULE', SentTime: NOW.toISOString() });
    expect(out!.output!.usersWithoutEmail).toEqual(['f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c']);
  });

  it('the daily email counter refuses past the limit', async () => {
    const i = instance();
    expect(await rt.outbox.reserve(i, '2025-03-12', 499, 500)).toBe(true);
    expect(await rt.outbox.reserve(i, '2025-03-12', 2, 500)).toBe(false);
    expect(await rt.outbox.reserve(i, '2025-03-12', 1, 500)).toBe(true);
    expect(await rt.outbox.reserve(i, '2025-03-12', 1, 500)).toBe(false);
    expect(await rt.outbox.reserve(i, '2025-03-13', 1, 500)).toBe(true);
  });

  it('EventBridge events go to the outbox', async () => {
    const i = instance();
    await run(callEvent(i, 'c1'), [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'NOTIFY' } }]);
    const [e] = await rt.outbox.events(i);
    expect(e).toMatchObject({ Source: 'connect-rules', DetailType: 'Contact Lens Post Call Rules Matched', Detail: { actionName: 'NOTIFY', contactArn: expect.stringContaining('/contact/c1') } });
  });
});

describe('cases and SLAs', () => {
  const CASE: RuleAction = { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 't-1', Fields: [{ Id: 'title', Value: { StringValue: 'Refund' } }, { Id: 'case_reason', Value: { StringValue: 'Billing' } }] } };
  const SLA = (minutes: number): RuleAction => ({
    ActionType: 'ASSIGN_SLA',
    AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'closeSla', Type: 'CaseField', FieldId: 'status', TargetFieldValues: [{ StringValue: 'closed' }], TargetSlaMinutes: minutes } },
  });
  const CLOSE: RuleAction = { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'status', Value: { StringValue: 'closed' } }] } };

  async function newCase(i: string, contact = 'c1') {
    const [out] = await run(callEvent(i, contact), [CASE]);
    const created = out!.emitted![0]!;
    return { caseId: out!.output!.caseId as string, created };
  }

  it('CREATE_CASE stores the case with the contact related and emits OnCaseCreate', async () => {
    const i = instance();
    const { caseId, created } = await newCase(i);
    expect(created).toMatchObject({ EventSourceName: 'OnCaseCreate', Case: { CaseId: caseId, TemplateId: 't-1', Fields: { title: 'Refund', status: 'open' } }, Cascade: { Depth: 1, Rules: ['rule-1'] } });
    expect(await rt.cases.relatedContacts(caseId)).toEqual([{ contactArn: `${INSTANCE_ARN}/contact/c1`, channel: 'VOICE' }]);
  });

  it('an SLA met in time; another one overdue (sweeper → OnSlaBreach once), then NotMet', async () => {
    const i = instance();
    const { created } = await newCase(i);
    const caseId = created.Case!.CaseId!;
    await rt.runner.run([invocation(created, rule('OnCaseCreate', [SLA(60)], 'SLA_RULE', 'rule-sla'), 0, { now: NOW, depth: 1 })]);
    const [sla] = await rt.cases.slas(caseId);
    expect(sla!.SlaConfiguration).toMatchObject({ Status: 'Active', TargetTime: '2025-03-12T17:00:00.000Z' });
    expect(sla!.Cascade!.Rules).toEqual(['rule-1', 'rule-sla']);

    expect(await rt.sweepSlas(new Date('2025-03-12T16:59:59Z'))).toEqual([]);
    const breaches = await rt.sweepSlas(new Date('2025-03-12T17:00:00Z'));
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({
      EventSourceName: 'OnSlaBreach',
      InstanceId: i,
      EventId: `sla-breach-${sla!.RelatedItemId}`,
      RelatedItem: { CaseId: caseId, SlaConfiguration: { Name: 'closeSla', Status: 'Overdue' } },
      Cascade: { Rules: ['rule-1', 'rule-sla'] },
    });
    expect(await rt.sweepSlas(new Date('2025-03-12T18:00:00Z'))).toEqual([]);

    const update = { EventSourceName: 'OnCaseUpdate', InstanceId: i, EventId: `${i}-upd-1`, Case: { CaseId: caseId } } as TriggerEvent;
    const [closed] = await run(update, [CLOSE], 'CLOSER', 'rule-close', new Date('2025-03-12T18:00:00Z'));
    expect(closed!.output!.slaChanges).toEqual([expect.objectContaining({ SlaConfiguration: expect.objectContaining({ Status: 'NotMet', CompletionTime: '2025-03-12T18:00:00.000Z' }) })]);
    expect(closed!.emitted![0]).toMatchObject({ EventSourceName: 'OnCaseUpdate', Case: { Fields: { status: 'closed' } } });

    const other = await newCase(i, 'c2');
    await run(other.created, [SLA(60)], 'SLA_RULE', 'rule-sla');
    const [met] = await run({ ...update, EventId: `${i}-upd-2`, Case: { CaseId: other.caseId } } as TriggerEvent, [CLOSE], 'CLOSER', 'rule-close', new Date('2025-03-12T16:30:00Z'));
    expect(met!.output!.slaChanges).toEqual([expect.objectContaining({ SlaConfiguration: expect.objectContaining({ Status: 'Met' }) })]);
    expect(await rt.sweepSlas(new Date('2025-03-13T00:00:00Z'))).toEqual([]);
  });

  it('an upstream Cases event mirrors its case: actions on it work, and a later update meets its SLA', async () => {
    const i = instance();
    const caseId = `upstream-${i}`;
    const fields = { status: 'open', case_reason: 'Billing', created_datetime: '2025-03-12T16:00:00Z' };
    const created = { EventSourceName: 'OnCaseCreate', InstanceId: i, EventId: `${i}-c`, EventTime: '2025-03-12T16:00:00Z', Case: { CaseId: caseId, TemplateId: 't-9', Fields: fields } } as TriggerEvent;
    expect(await rt.cases.getCase(caseId)).toBeUndefined();

    await rt.runner.observe!(created);
    expect(await rt.cases.getCase(caseId)).toEqual({ CaseId: caseId, TemplateId: 't-9', Fields: fields });
    const [assigned] = await run(created, [SLA(60)], 'SLA_RULE', 'rule-sla');
    expect(assigned!.status).toBe('SUCCEEDED');

    const updated = { ...created, EventSourceName: 'OnCaseUpdate', EventId: `${i}-u`, EventTime: '2025-03-12T16:20:00Z', Case: { CaseId: caseId, TemplateId: 't-9', Fields: { ...fields, status: 'closed' } } } as TriggerEvent;
    await rt.runner.observe!(updated);
    expect((await rt.cases.getCase(caseId))!.Fields.status).toBe('closed');
    const [sla] = await rt.cases.slas(caseId);
    expect(sla!.SlaConfiguration).toMatchObject({ Status: 'Met' });

    // Only case events describe a case.
    await rt.runner.observe!(callEvent(i, 'c9'));
    expect((await rt.cases.listCases()).filter((c) => c.CaseId === 'c9')).toEqual([]);
  });

  it('END_ASSOCIATED_TASKS ends the open tasks of the case (tasks of its related contacts)', async () => {
    const i = instance();
    const [, taskOut] = await run(callEvent(i, 'c9'), [CASE, TASK]);
    const [caseOut] = await run(callEvent(i, 'c9'), [CASE, TASK]);
    expect(caseOut!.status).toBe('DUPLICATE');
    const caseId = caseOut!.output!.caseId as string;
    const update = { EventSourceName: 'OnCaseUpdate', InstanceId: i, EventId: `${i}-end-1`, Case: { CaseId: caseId } } as TriggerEvent;
    const [ended] = await run(update, [{ ActionType: 'END_ASSOCIATED_TASKS', EndAssociatedTasksAction: {} }]);
    expect(ended!.output!.endedContactIds).toEqual([taskOut!.output!.contactId]);
    expect((await rt.contacts.tasksOf(i, 'c9'))[0]).toMatchObject({ Status: 'ENDED', DisconnectTimestamp: NOW.toISOString() });
  });
});

describe('auto evaluations', () => {
  it('answers from the categories assigned in the same batch and the analysis, scores, submits and emits OnContactEvaluationSubmit', async () => {
    const i = instance();
    const svc = rt.evaluations;
    const { EvaluationFormId } = await svc.createEvaluationForm(i, { Title: 'QA', Items: FORM.Items, ScoringStrategy: FORM.ScoringStrategy }, 'arn:user');
    await svc.activateEvaluationForm(i, EvaluationFormId, { EvaluationFormVersion: 1 }, 'arn:user');
    const event = callEvent(i, 'c1', { Sentiment: { OverallScore: { CUSTOMER: 2 } } });
    const actions: RuleAction[] = [{ ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId } }, CATEGORY];
    const [evalOut, catOut] = await run(event, actions, 'DISCLOSURE');
    expect(catOut!.status).toBe('SUCCEEDED');
    expect(evalOut!.status).toBe('SUCCEEDED');
    const evaluationId = evalOut!.output!.evaluationId as string;
    const submitted = evalOut!.emitted![0]!;
    expect(submitted.ContactLens!.ContactEvaluation).toMatchObject({
      ContactId: 'c1',
      EvaluationId: evaluationId,
      Agent: { AgentId: 'agent-1' },
      Form: { FormId: EvaluationFormId, Score: 100 },
      Sections: { s1: { Score: 100 }, s2: {} },
      Questions: { q1: { Answer: { ValueRefId: 'q1-yes' } }, q2: { Answer: { Value: 2 } } },
    });
    const described = await svc.describeContactEvaluation(i, evaluationId);
    expect(described.Evaluation).toMatchObject({ Status: 'SUBMITTED', Metadata: { ContactId: 'c1', Score: { Percentage: 100 }, AutoEvaluation: { AutoEvaluationStatus: 'SUCCEEDED' } } });
    const [dup] = await run(event, actions.slice(0, 1), 'DISCLOSURE');
    expect(dup!.status).toBe('DUPLICATE');
    expect(dup!.emitted).toEqual(evalOut!.emitted);
  });

  it('a form without an ACTIVE version fails the action', async () => {
    const i = instance();
    const { EvaluationFormId } = await rt.evaluations.createEvaluationForm(i, { Title: 'QA', Items: FORM.Items }, 'arn:user');
    const [out] = await run(callEvent(i, 'c1'), [{ ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId } }]);
    expect(out!.status).toBe('FAILED');
    expect(out!.detail).toContain('has no ACTIVE version');
  });
});

describe('exactly once on DynamoDB', () => {
  it('two runners racing on the same invocations run each action once; the loser of a race still running is retried, never acknowledged', async () => {
    const i = instance();
    let executions = 0;
    const deps = rt.deps;
    const counted = createExecutors(deps).map((e) => ({ ...e, execute: async (inv: Parameters<typeof e.execute>[0]) => (executions++, e.execute(inv)) }));
    const a = new ExecutorRunner({ executors: counted, ledger: rt.runner.ledger });
    const b = new ExecutorRunner({ executors: counted, ledger: rt.runner.ledger });
    const event = callEvent(i, 'race');
    const invs = [CATEGORY, TASK].map((_, k) => invocation(event, rule(event.EventSourceName, [CATEGORY, TASK]), k, { now: NOW }));
    // A runner that finds an action claimed by the other while it runs throws (its delivery
    // is retried); the retry, once the other finished, gets DUPLICATE.
    const runOrRetry = async (r: ExecutorRunner) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await r.run(invs);
        } catch (err) {
          expect((err as Error).name).toBe('ActionsUnsettledError');
          if (attempt === 20) throw err;
        }
      }
    };
    const [ra, rb] = await Promise.all([runOrRetry(a), runOrRetry(b)]);
    expect(executions).toBe(2);
    // A runner's retry reports its own earlier run of an action as DUPLICATE too.
    for (const k of [0, 1]) expect([ra[k]!.status, rb[k]!.status]).toContain('DUPLICATE');
    for (const o of [...ra, ...rb]) expect(['SUCCEEDED', 'DUPLICATE']).toContain(o.status);
    expect(await rt.contacts.tasksOf(i, 'race')).toHaveLength(1);
  });
});
