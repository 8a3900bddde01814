/** Each executor on in-memory services: injection, limits, what it asks of its services, what it emits. */
import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../../context/types.ts';
import type { RuleAction } from '../../rules/model.ts';
import type { User } from '../backends.ts';
import { FakeServices, INSTANCE, INSTANCE_ARN, invocation, postCallEvent, rule } from '../../../test/support/action-fakes.ts';
import { createExecutors } from './index.ts';
import { template } from './support.ts';

let ruleCount = 0;
/** Runs the action's executor; each call is a rule of its own (templates are cached per rule version). */
function run(s: FakeServices, event: TriggerEvent, action: RuleAction, name = 'TEST_RULE') {
  const executors = createExecutors(s.deps());
  const ex = executors.find((e) => e.type === action.ActionType)!;
  return ex.execute(invocation(event, rule(event.EventSourceName, [action], name, `rule-${++ruleCount}`)));
}

const task = (over: Partial<NonNullable<RuleAction['TaskAction']>> = {}): RuleAction => ({
  ActionType: 'CREATE_TASK',
  TaskAction: { Name: 'Call back $.ContactLens.PostCall.ContactId', Description: 'Agent $.ContactLens.PostCall.Agent.AgentId', ContactFlowId: 'flow-1', ...over },
});

describe('ASSIGN_CONTACT_CATEGORY', () => {
  it('stores the rule name as a category of the contact, once', async () => {
    const s = new FakeServices();
    const a: RuleAction = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };
    expect(await run(s, postCallEvent(), a, 'ACCOUNT_CANCELLATION')).toMatchObject({ status: 'SUCCEEDED', output: { contactId: 'contact-1', category: 'ACCOUNT_CANCELLATION', created: true } });
    expect((await run(s, postCallEvent(), a, 'ACCOUNT_CANCELLATION')).output).toMatchObject({ created: false });
    expect(s.facts.get('contact-1')).toMatchObject({ Agent: { AgentId: 'agent-1' } });
  });
  it('skips events without a contact', async () => {
    const zd = { EventSourceName: 'OnZendeskTicketCreate', InstanceId: INSTANCE, ThirdParty: { Zendesk: { TicketCreate: { Id: '1' } } } } as TriggerEvent;
    expect((await run(new FakeServices(), zd, { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} })).status).toBe('SKIPPED');
  });
});

describe('GENERATE_EVENTBRIDGE_EVENT', () => {
  it('sends the rules-matched shape for the source', async () => {
    const s = new FakeServices();
    await run(s, postCallEvent(), { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'NOTIFY' } }, 'ACCOUNT_CANCELLATION');
    expect(s.events).toHaveLength(1);
    expect(s.events[0]).toMatchObject({
      source: 'connect-rules',
      detailType: 'Contact Lens Post Call Rules Matched',
      resources: [INSTANCE_ARN],
      detail: {
        version: '1.0',
        ruleName: 'ACCOUNT_CANCELLATION',
        actionName: 'NOTIFY',
        instanceArn: INSTANCE_ARN,
        contactArn: `${INSTANCE_ARN}/contact/contact-1`,
        agentArn: `${INSTANCE_ARN}/agent/agent-1`,
        queueArn: `${INSTANCE_ARN}/queue/queue-1`,
      },
    });
  });
  it('metrics events carry no contact', async () => {
    const s = new FakeServices();
    const m = { EventSourceName: 'OnMetricDataUpdate', InstanceId: INSTANCE, MetricData: { Rows: [] } } as TriggerEvent;
    await run(s, m, { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'Q' } });
    expect(s.events[0]!.detailType).toBe('Metrics Rules Matched');
    expect(Object.keys(s.events[0]!.detail)).toEqual(['version', 'ruleName', 'actionName', 'instanceArn']);
  });
});

describe('CREATE_TASK', () => {
  it('injects the variables, links the previous contact and inherits its attributes', async () => {
    const s = new FakeServices();
    const out = await run(s, postCallEvent(), task({ References: { link: { Type: 'URL', Value: 'https://x.invalid/$.ContactLens.PostCall.ContactId' } } }));
    expect(out.status).toBe('SUCCEEDED');
    expect(s.tasks[0]).toMatchObject({
      name: 'Call back contact-1',
      description: 'Agent agent-1',
      contactFlowId: 'flow-1',
      previousContactId: 'contact-1',
      attributes: { Tier: 'Gold' },
      references: { link: { Type: 'URL', Value: 'https://x.invalid/contact-1' } },
    });
  });
  it('truncates an over-long name and description and says so', async () => {
    const s = new FakeServices();
    const out = await run(s, postCallEvent({ ContactId: 'c'.repeat(200) }), task({ Name: `${'n'.repeat(400)} $.ContactLens.PostCall.ContactId`, Description: `${'d'.repeat(4000)} $.ContactLens.PostCall.ContactId` }));
    expect([...s.tasks[0]!.name].length).toBe(512);
    expect(s.tasks[0]!.description!.length).toBe(4096);
    expect(out.output!.truncated).toEqual(['Name (to 512)', 'Description (to 4096)']);
    expect(out.detail).toContain('truncated: Name (to 512), Description (to 4096)');
  });
  it('refuses references over 4,096 UTF-8 bytes after injection', async () => {
    const s = new FakeServices();
    const value = `${'é'.repeat(2000)}$.ContactLens.PostCall.ContactId`;
    await expect(run(s, postCallEvent({ ContactId: 'x'.repeat(100) }), task({ References: { r: { Type: 'STRING', Value: value } } }))).rejects.toMatchObject({
      reasonCode: 'InvalidParameterException',
    });
    expect(s.tasks).toHaveLength(0);
  });
  it('the 13th task of a previous contact fails with ServiceQuotaExceededException', async () => {
    const s = new FakeServices();
    const ex = createExecutors(s.deps()).find((e) => e.type === 'CREATE_TASK')!;
    const r = rule('OnPostCallAnalysisAvailable', [task()]);
    for (let i = 0; i < 12; i++) await ex.execute(invocation({ ...postCallEvent(), EventId: `e${i}` } as TriggerEvent, r));
    await expect(ex.execute(invocation({ ...postCallEvent(), EventId: 'e13' } as TriggerEvent, r))).rejects.toMatchObject({ reasonCode: 'ServiceQuotaExceededException' });
  });
});

describe('SEND_NOTIFICATION', () => {
  const users: User[] = [
    { Id: 'u1', Username: 'a', Email: 'a@x.invalid', Tags: { Team: 'Retention', Role: 'Agent' } },
    { Id: 'u2', Username: 'b', Email: 'b@x.invalid', Tags: { Team: 'Retention', Role: 'Supervisor' } },
    { Id: 'u3', Username: 'c', Tags: { Team: 'Retention' } },
    { Id: 'u4', Username: 'd', Email: 'd@x.invalid', Tags: { Team: 'Billing' } },
  ];
  const note = (over: object = {}): RuleAction => ({
    ActionType: 'SEND_NOTIFICATION',
    SendNotificationAction: {
      DeliveryMethod: 'EMAIL',
      ContentType: 'PLAIN_TEXT',
      Subject: 'Contact $.ContactLens.PostCall.ContactId',
      Content: 'Agent $.ContactLens.PostCall.Agent.AgentId',
      Recipient: { UserTags: { Team: 'Retention' }, UserIds: ['u4'] },
      ...over,
    },
  });
  it('mails UserIds plus users with all the tags, minus the exclusion; notes users without email', async () => {
    const s = new FakeServices();
    s.users = users;
    const out = await run(s, postCallEvent(), note({ Exclusion: { UserTags: { Role: 'Supervisor' } } }));
    expect(out.status).toBe('SUCCEEDED');
    expect(s.emails.map((e) => e.to).sort()).toEqual(['a@x.invalid', 'd@x.invalid']);
    expect(s.emails[0]).toMatchObject({ subject: 'Contact contact-1', body: 'Agent agent-1' });
    expect(out.output!.usersWithoutEmail).toEqual(['u3']);
  });
  it('resolves the evaluation agent token in UserIds on OnContactEvaluationSubmit', async () => {
    const s = new FakeServices();
    s.users = users;
    const ev = { EventSourceName: 'OnContactEvaluationSubmit', InstanceId: INSTANCE, ContactLens: { ContactEvaluation: { ContactId: 'c', Agent: { AgentId: 'u2' } } } } as TriggerEvent;
    await run(s, ev, note({ Subject: 'Coaching', Content: 'Low score', Recipient: { UserIds: ['$.ContactLens.ContactEvaluation.Agent.AgentId'] } }));
    expect(s.emails.map((e) => e.to)).toEqual(['b@x.invalid']);
  });
  it('truncates subject and content', async () => {
    const s = new FakeServices();
    s.users = users;
    const out = await run(s, postCallEvent({ ContactId: 'x'.repeat(300) }), note({ Content: `${'c'.repeat(1020)} $.ContactLens.PostCall.ContactId` }));
    expect(s.emails[0]!.subject.length).toBe(200);
    expect(s.emails[0]!.body.length).toBe(1024);
    expect(out.output!.truncated).toEqual(['Subject (to 200)', 'Content (to 1024)']);
  });
  it('keeps the daily limit: past it the notification is skipped', async () => {
    const s = new FakeServices();
    s.users = users;
    s.sentToday = 499;
    const out = await run(s, postCallEvent(), note());
    expect(out.status).toBe('SKIPPED');
    expect(out.detail).toContain('daily email limit of 500');
    expect(s.emails).toHaveLength(0);
  });
});

describe('cases', () => {
  const caseEvent = (source: 'OnCaseCreate' | 'OnCaseUpdate', caseId: string) => ({ EventSourceName: source, InstanceId: INSTANCE, EventId: `${source}-1`, Case: { CaseId: caseId } }) as TriggerEvent;

  it('CREATE_CASE creates the case, relates the contact and emits OnCaseCreate', async () => {
    const s = new FakeServices();
    const out = await run(s, postCallEvent(), { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 't-1', Fields: [{ Id: 'title', Value: { StringValue: 'Refund' } }] } });
    const caseId = out.output!.caseId as string;
    expect(s.related.get(caseId)).toEqual([{ contactArn: `${INSTANCE_ARN}/contact/contact-1`, channel: 'VOICE' }]);
    expect(out.emitted).toEqual([{ EventSourceName: 'OnCaseCreate', InstanceId: INSTANCE, EventTime: '2025-03-12T16:00:00.000Z', Case: { CaseId: caseId, TemplateId: 't-1', Fields: { title: 'Refund' } } }]);
  });
  it('UPDATE_CASE applies the field unions and emits OnCaseUpdate; unknown case fails', async () => {
    const s = new FakeServices();
    s.cases.set('c1', { CaseId: 'c1', TemplateId: 't', Fields: { status: 'open', summary: 'x' } });
    const out = await run(s, caseEvent('OnCaseUpdate', 'c1'), {
      ActionType: 'UPDATE_CASE',
      UpdateCaseAction: { Fields: [{ Id: 'status', Value: { StringValue: 'closed' } }, { Id: 'summary', Value: { EmptyValue: {} } }, { Id: 'n', Value: { DoubleValue: 2 } }, { Id: 'b', Value: { BooleanValue: true } }] },
    });
    expect(s.cases.get('c1')!.Fields).toEqual({ status: 'closed', n: 2, b: true });
    expect(out.emitted![0]).toMatchObject({ EventSourceName: 'OnCaseUpdate', Case: { CaseId: 'c1', Fields: { status: 'closed' } } });
    await expect(run(s, caseEvent('OnCaseUpdate', 'nope'), { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'status', Value: { StringValue: 'x' } }] } })).rejects.toMatchObject({
      reasonCode: 'ResourceNotFoundException',
    });
  });
  it('ASSIGN_SLA creates an Active SLA with its target time and the cascade chain', async () => {
    const s = new FakeServices();
    s.cases.set('c1', { CaseId: 'c1', TemplateId: 't', Fields: {} });
    const out = await run(s, caseEvent('OnCaseCreate', 'c1'), {
      ActionType: 'ASSIGN_SLA',
      AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', FieldId: 'status', TargetFieldValues: [{ StringValue: 'closed' }], TargetSlaMinutes: 60 } },
    });
    expect(out.output!.slaConfiguration).toMatchObject({ Status: 'Active', TargetTime: '2025-03-12T17:00:00.000Z' });
    expect(s.slas[0]!.Cascade).toEqual({ Depth: 1, Rules: [expect.stringMatching(/^rule-\d+$/)], ParentEventKey: 'OnCaseCreate-1' });
  });
  it('END_ASSOCIATED_TASKS stops the task contacts related to the case', async () => {
    const s = new FakeServices();
    s.related.set('c1', [{ contactArn: `${INSTANCE_ARN}/contact/t1`, channel: 'TASK' }, { contactArn: `${INSTANCE_ARN}/contact/v1`, channel: 'VOICE' }]);
    const out = await run(s, caseEvent('OnCaseUpdate', 'c1'), { ActionType: 'END_ASSOCIATED_TASKS', EndAssociatedTasksAction: {} });
    expect(s.stopped).toEqual(['t1']);
    expect(out.output!.endedContactIds).toEqual(['t1']);
  });
});

describe('SUBMIT_AUTO_EVALUATION and EXTRACT_INFORMATION', () => {
  it('evaluates with the stored and matched categories and emits the submit event', async () => {
    const s = new FakeServices();
    s.categories.set('contact-1', new Set(['ACCOUNT_CANCELLATION']));
    const out = await run(s, postCallEvent({ MatchedCategories: ['CancellationRisk'] }), { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'form-1' } });
    expect([...s.evaluations[0]!.categories]).toEqual(['ACCOUNT_CANCELLATION', 'CancellationRisk']);
    expect(s.evaluations[0]!.formId).toBe('form-1');
    expect(out.emitted![0]!.EventSourceName).toBe('OnContactEvaluationSubmit');
  });
  it('EXTRACT_INFORMATION is a no-op that says so', async () => {
    const out = await run(new FakeServices(), postCallEvent(), { ActionType: 'EXTRACT_INFORMATION', ExtractInformationAction: { RulesExtractionDefinitions: [{ Identifier: 'x' }] } });
    expect(out.status).toBe('SKIPPED');
    expect(out.detail).toContain('no-op');
  });
});

describe('templates', () => {
  it('are compiled once per rule version, whatever the rule object', () => {
    const a = rule('OnPostCallAnalysisAvailable', [task()], 'R', 'rule-template');
    const fresh = structuredClone(a);
    const t1 = template({ rule: a, actionIndex: 0 }, 'Name', 'x $.ContactLens.PostCall.ContactId');
    expect(template({ rule: fresh, actionIndex: 0 }, 'Name', 'x $.ContactLens.PostCall.ContactId')).toBe(t1);
    expect(template({ rule: { ...fresh, Version: 2 }, actionIndex: 0 }, 'Name', 'y $.ContactLens.PostCall.ContactId')).not.toBe(t1);
  });
});
