/** The deployed back ends: the exact requests each executor sends, with aws-sdk-client-mock. */
import {
  ConnectClient,
  DescribeEvaluationFormCommand,
  DescribeUserCommand,
  ListEvaluationFormVersionsCommand,
  SearchUsersCommand,
  StartContactEvaluationCommand,
  StartTaskContactCommand,
  StopContactCommand,
  SubmitContactEvaluationCommand,
  ServiceQuotaExceededException,
  DescribeContactEvaluationCommand,
} from '@aws-sdk/client-connect';
import {
  ConnectCasesClient,
  CreateCaseCommand,
  CreateRelatedItemCommand,
  GetCaseCommand,
  SearchRelatedItemsCommand,
  UpdateCaseCommand,
} from '@aws-sdk/client-connectcases';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../../context/types.ts';
import type { RuleAction } from '../../rules/model.ts';
import { FORM } from '../../../test/support/evaluation-form.ts';
import { createExecutors } from '../executors/index.ts';
import { ExecutorRunner } from '../runner.ts';
import { FakeServices, INSTANCE, INSTANCE_ARN, invocation, MemorySendLog, postCallEvent, rule } from '../../../test/support/action-fakes.ts';
import { ledgerKey, MemoryActionLedger } from '../ledger.ts';
import { ConnectCases, SYSTEM_FIELDS } from './cases.ts';
import { ConnectAutoEvaluator } from './connect-evaluations.ts';
import { ConnectTasks, ConnectUsers } from './connect.ts';
import { EventBridgeBus } from './eventbridge.ts';
import { SesEmail } from './ses.ts';

const creds = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const connect = mockClient(ConnectClient);
const cases = mockClient(ConnectCasesClient);
const events = mockClient(EventBridgeClient);
const ses = mockClient(SESv2Client);

function awsDeps(fakes = new FakeServices(), sendLog = new MemorySendLog()) {
  const c = new ConnectClient(creds);
  return fakes.deps({
    tasks: new ConnectTasks(c),
    users: new ConnectUsers(c),
    bus: new EventBridgeBus(new EventBridgeClient(creds), 'rules-bus'),
    email: new SesEmail(new SESv2Client(creds), 'alerts@example.com', sendLog),
    cases: new ConnectCases(new ConnectCasesClient(creds), 'domain-1'),
    evaluations: new ConnectAutoEvaluator(c),
  });
}

function awsRunner(fakes = new FakeServices()) {
  const deps = awsDeps(fakes);
  return new ExecutorRunner({ executors: createExecutors(deps), bus: deps.bus, sleep: async () => undefined });
}

async function runOne(action: RuleAction, event: TriggerEvent = postCallEvent(), name = 'TEST_RULE') {
  const [out] = await awsRunner().run([invocation(event, rule(event.EventSourceName, [action], name))]);
  return out!;
}

// The unit project shares workers between files (isolate: false): a client class left
// mocked would answer the next file's real calls.
afterAll(() => {
  for (const mock of [connect, cases, events, ses]) mock.restore();
});

beforeEach(() => {
  connect.reset();
  cases.reset();
  events.reset();
  ses.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
});

describe('Connect', () => {
  it('CREATE_TASK → StartTaskContact with the injected text, the previous contact and a stable ClientToken', async () => {
    connect.on(StartTaskContactCommand).resolves({ ContactId: 'task-1' });
    const out = await runOne({
      ActionType: 'CREATE_TASK',
      TaskAction: { Name: 'Call $.ContactLens.PostCall.ContactId', Description: 'd', ContactFlowId: 'flow-1', References: { r: { Type: 'URL', Value: 'https://x.invalid/$.ContactLens.PostCall.ContactId' } } },
    });
    expect(out.status).toBe('SUCCEEDED');
    const calls = connect.commandCalls(StartTaskContactCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      InstanceId: INSTANCE,
      ContactFlowId: 'flow-1',
      Name: 'Call contact-1',
      Description: 'd',
      References: { r: { Type: 'URL', Value: 'https://x.invalid/contact-1' } },
      PreviousContactId: 'contact-1',
      ClientToken: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('a StartTaskContact quota error fails the action and PutEvents the failure event', async () => {
    connect.on(StartTaskContactCommand).rejects(new ServiceQuotaExceededException({ message: 'The quota has been exceeded.', $metadata: { httpStatusCode: 429 } }));
    const out = await runOne({ ActionType: 'CREATE_TASK', TaskAction: { Name: 'n', ContactFlowId: 'flow-1' } });
    expect(out.status).toBe('FAILED');
    const [put] = events.commandCalls(PutEventsCommand);
    const entry = put!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'connect-rules', DetailType: 'Amazon Connect Rules Action Execution Failed', Resources: [INSTANCE_ARN], EventBusName: 'rules-bus' });
    expect(JSON.parse(entry.Detail!)).toMatchObject({ ruleId: 'rule-1', actionType: 'CREATE_TASK', triggerEvent: 'POST_CALL', instanceArn: INSTANCE_ARN, reasonCode: 'ServiceQuotaExceededException', error: 'The quota has been exceeded.' });
  });

  it('SEND_NOTIFICATION → SearchUsers by tags, then one SES SendEmail per recipient', async () => {
    connect.on(SearchUsersCommand).resolves({ Users: [{ Id: 'u1', Username: 'a' }] });
    connect.on(DescribeUserCommand).resolves({ User: { Id: 'u1', Username: 'a', IdentityInfo: { Email: 'a@example.com' } } });
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const out = await runOne({
      ActionType: 'SEND_NOTIFICATION',
      SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Subject: 'About $.ContactLens.PostCall.ContactId', Content: 'Queue $.ContactLens.PostCall.Queue.QueueId', Recipient: { UserTags: { Team: 'Retention' } } },
    });
    expect(out.status).toBe('SUCCEEDED');
    expect(connect.commandCalls(SearchUsersCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      SearchFilter: { TagFilter: { AndConditions: [{ TagKey: 'Team', TagValue: 'Retention' }] } },
      MaxResults: 100,
    });
    expect(connect.commandCalls(DescribeUserCommand)[0]!.args[0].input).toEqual({ InstanceId: INSTANCE, UserId: 'u1' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: 'alerts@example.com',
      Destination: { ToAddresses: ['a@example.com'] },
      Content: { Simple: { Subject: { Data: 'About contact-1', Charset: 'UTF-8' }, Body: { Text: { Data: 'Queue queue-1', Charset: 'UTF-8' } } } },
    });
  });
});

describe('EventBridge', () => {
  it('GENERATE_EVENTBRIDGE_EVENT → PutEvents with the rules-matched shape', async () => {
    await runOne({ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'NOTIFY_CUSTOMER_RETENTION' } }, postCallEvent(), 'ACCOUNT_CANCELLATION');
    const input = events.commandCalls(PutEventsCommand)[0]!.args[0].input;
    expect(input.Entries).toHaveLength(1);
    const e = input.Entries![0]!;
    expect(e).toMatchObject({ Source: 'connect-rules', DetailType: 'Contact Lens Post Call Rules Matched', Resources: [INSTANCE_ARN], EventBusName: 'rules-bus', Time: new Date('2025-03-12T16:00:00Z') });
    expect(JSON.parse(e.Detail!)).toEqual({
      version: '1.0',
      ruleName: 'ACCOUNT_CANCELLATION',
      actionName: 'NOTIFY_CUSTOMER_RETENTION',
      instanceArn: INSTANCE_ARN,
      contactArn: `${INSTANCE_ARN}/contact/contact-1`,
      agentArn: `${INSTANCE_ARN}/agent/agent-1`,
      queueArn: `${INSTANCE_ARN}/queue/queue-1`,
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('a failed entry is an error with its ErrorCode', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' }] });
    const out = await runOne({ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'X' } });
    expect(out).toMatchObject({ status: 'FAILED', output: { reasonCode: 'AccessDeniedException' } });
  });
});

describe('Connect Cases', () => {
  const caseEvent = (source: string, caseId: string) => ({ EventSourceName: source, InstanceId: INSTANCE, EventId: 'c-ev', Case: { CaseId: caseId } }) as TriggerEvent;

  it('CREATE_CASE → CreateCase (cases value casing), CreateRelatedItem of the contact, GetCase', async () => {
    cases.on(CreateCaseCommand).resolves({ caseId: 'case-1', caseArn: 'arn' });
    cases.on(CreateRelatedItemCommand).resolves({ relatedItemId: 'ri-1', relatedItemArn: 'arn' });
    cases.on(GetCaseCommand).resolves({ templateId: 't-1', fields: [{ id: 'title', value: { stringValue: 'Refund' } }] });
    const out = await runOne({ ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 't-1', Fields: [{ Id: 'title', Value: { StringValue: 'Refund' } }, { Id: 'urgent', Value: { BooleanValue: true } }] } });
    expect(cases.commandCalls(CreateCaseCommand)[0]!.args[0].input).toEqual({
      domainId: 'domain-1',
      templateId: 't-1',
      fields: [{ id: 'title', value: { stringValue: 'Refund' } }, { id: 'urgent', value: { booleanValue: true } }],
      clientToken: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(cases.commandCalls(CreateRelatedItemCommand)[0]!.args[0].input).toEqual({
      domainId: 'domain-1',
      caseId: 'case-1',
      type: 'Contact',
      content: { contact: { contactArn: `${INSTANCE_ARN}/contact/contact-1` } },
    });
    expect(out.emitted![0]).toMatchObject({ EventSourceName: 'OnCaseCreate', Case: { CaseId: 'case-1', TemplateId: 't-1', Fields: { title: 'Refund' } } });
  });

  it('UPDATE_CASE → UpdateCase (EmptyValue → emptyValue) then GetCase of the system and updated fields', async () => {
    cases.on(UpdateCaseCommand).resolves({});
    cases.on(GetCaseCommand).resolves({ templateId: 't', fields: [{ id: 'status', value: { stringValue: 'closed' } }] });
    await runOne({ ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'status', Value: { StringValue: 'closed' } }, { Id: 'summary', Value: { EmptyValue: {} } }] } }, caseEvent('OnCaseUpdate', 'case-9'));
    expect(cases.commandCalls(UpdateCaseCommand)[0]!.args[0].input).toEqual({
      domainId: 'domain-1',
      caseId: 'case-9',
      fields: [{ id: 'status', value: { stringValue: 'closed' } }, { id: 'summary', value: { emptyValue: {} } }],
    });
    expect(cases.commandCalls(GetCaseCommand)[0]!.args[0].input.fields!.map((f) => f.id)).toEqual(SYSTEM_FIELDS);
  });

  it('ASSIGN_SLA → CreateRelatedItem of type Sla', async () => {
    cases.on(CreateRelatedItemCommand).resolves({ relatedItemId: 'sla-1', relatedItemArn: 'arn' });
    await runOne(
      { ActionType: 'ASSIGN_SLA', AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', FieldId: 'status', TargetFieldValues: [{ StringValue: 'closed' }], TargetSlaMinutes: 1440 } } },
      caseEvent('OnCaseCreate', 'case-9'),
    );
    expect(cases.commandCalls(CreateRelatedItemCommand)[0]!.args[0].input).toEqual({
      domainId: 'domain-1',
      caseId: 'case-9',
      type: 'Sla',
      content: { sla: { slaInputConfiguration: { name: 'sla', type: 'CaseField', fieldId: 'status', targetFieldValues: [{ stringValue: 'closed' }], targetSlaMinutes: 1440 } } },
    });
  });

  it('END_ASSOCIATED_TASKS → SearchRelatedItems (TASK contacts) then StopContact each', async () => {
    cases.on(SearchRelatedItemsCommand).resolves({
      relatedItems: [{ relatedItemId: 'r', type: 'Contact', associationTime: new Date(), content: { contact: { contactArn: `${INSTANCE_ARN}/contact/t-1`, channel: 'TASK', connectedToSystemTime: new Date() } } }],
    });
    connect.on(StopContactCommand).resolves({});
    const out = await runOne({ ActionType: 'END_ASSOCIATED_TASKS', EndAssociatedTasksAction: {} }, caseEvent('OnCaseUpdate', 'case-9'));
    expect(cases.commandCalls(SearchRelatedItemsCommand)[0]!.args[0].input).toEqual({ domainId: 'domain-1', caseId: 'case-9', filters: [{ contact: { channel: ['TASK'] } }], maxResults: 25 });
    expect(connect.commandCalls(StopContactCommand)[0]!.args[0].input).toEqual({ InstanceId: INSTANCE, ContactId: 't-1' });
    expect(out.output!.endedContactIds).toEqual(['t-1']);
  });
});

describe('Connect evaluations', () => {
  it('SUBMIT_AUTO_EVALUATION → the ACTIVE version, StartContactEvaluation, SubmitContactEvaluation with the automated answers', async () => {
    connect.on(ListEvaluationFormVersionsCommand).resolves({ EvaluationFormVersionSummaryList: [{ EvaluationFormVersion: 2, Status: 'ACTIVE' } as never] });
    connect.on(DescribeEvaluationFormCommand).resolves({ EvaluationForm: { ...FORM, EvaluationFormId: 'form-1', EvaluationFormVersion: 2 } as never });
    connect.on(StartContactEvaluationCommand).resolves({ EvaluationId: 'ev-1', EvaluationArn: 'arn' });
    connect.on(SubmitContactEvaluationCommand).resolves({ EvaluationId: 'ev-1', EvaluationArn: 'arn' });
    const fakes = new FakeServices();
    fakes.categories.set('contact-1', new Set(['NO_GREETING']));
    const event = postCallEvent({ Sentiment: { OverallScore: { CUSTOMER: 3 } } });
    const [out] = await awsRunner(fakes).run([invocation(event, rule('OnPostCallAnalysisAvailable', [{ ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'form-1' } }]))]);
    expect(out!.status).toBe('SUCCEEDED');
    expect(connect.commandCalls(DescribeEvaluationFormCommand)[0]!.args[0].input).toEqual({ InstanceId: INSTANCE, EvaluationFormId: 'form-1', EvaluationFormVersion: 2 });
    expect(connect.commandCalls(StartContactEvaluationCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      ContactId: 'contact-1',
      EvaluationFormId: 'form-1',
      ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(connect.commandCalls(SubmitContactEvaluationCommand)[0]!.args[0].input).toEqual({
      InstanceId: INSTANCE,
      EvaluationId: 'ev-1',
      Answers: { q1: { Value: { StringValue: 'q1-no' } }, q2: { Value: { NumericValue: 3 } }, q3: { Value: { StringValue: 'q3-no' } } },
    });
    expect(out!.emitted![0]).toMatchObject({ EventSourceName: 'OnContactEvaluationSubmit', ContactLens: { ContactEvaluation: { EvaluationId: 'ev-1', Form: { FormId: 'form-1', Score: 0 } } } });
  });
});

describe('take-over of a dead attempt on AWS: one effect per (event, rule, action)', () => {
  const T = Date.parse('2026-01-01T00:00:00Z');
  const LEASE = 60_000;
  const caseEvent = (source: string) => ({ EventSourceName: source, InstanceId: INSTANCE, EventId: 'c-ev', Case: { CaseId: 'case-9' } }) as TriggerEvent;

  /**
   * The dead attempt claimed the action and ran it (or `dead` part of it), then died
   * before recording its outcome; after the lease a redelivery takes the claim over and
   * runs the action again, with a later run clock. Returns the take-over's outcome.
   */
  async function deadThenTakeOver(action: RuleAction, event: TriggerEvent, dead?: (inv: ReturnType<typeof invocation>, deps: ReturnType<typeof awsDeps>, sendLog: MemorySendLog) => Promise<void>, fakes = new FakeServices()) {
    const ledger = new MemoryActionLedger();
    const sendLog = new MemorySendLog();
    const deps = awsDeps(fakes, sendLog);
    let clock = T;
    const runner = new ExecutorRunner({ executors: createExecutors(deps), ledger, bus: deps.bus, leaseMs: LEASE, clock: () => clock, sleep: async () => undefined });
    const inv = invocation(event, rule(event.EventSourceName, [action]));
    await ledger.claim(ledgerKey(inv.eventKey, inv.rule.RuleId, 0), new Date(T), LEASE);
    if (dead) await dead(inv, deps, sendLog);
    else await createExecutors(deps).find((e) => e.type === action.ActionType)!.execute(inv);
    clock = T + LEASE + 1;
    const [out] = await runner.run([{ ...inv, now: new Date(inv.now.getTime() + 3_600_000) }]);
    return { out: out!, sendLog, deps };
  }

  it('CREATE_TASK: StartTaskContact again with the same ClientToken (Connect returns the contact already started)', async () => {
    connect.on(StartTaskContactCommand).resolves({ ContactId: 'task-1' });
    const { out } = await deadThenTakeOver({ ActionType: 'CREATE_TASK', TaskAction: { Name: 'n', ContactFlowId: 'flow-1' } }, postCallEvent());
    expect(out.status).toBe('SUCCEEDED');
    const tokens = connect.commandCalls(StartTaskContactCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('CREATE_CASE: CreateCase again with the same clientToken; the contact found related, not related twice', async () => {
    cases.on(CreateCaseCommand).resolves({ caseId: 'case-1', caseArn: 'arn' });
    cases.on(CreateRelatedItemCommand).resolves({ relatedItemId: 'ri-1', relatedItemArn: 'arn' });
    cases.on(GetCaseCommand).resolves({ templateId: 't-1', fields: [] });
    const related = { relatedItemId: 'ri-1', type: 'Contact' as const, associationTime: new Date(), content: { contact: { contactArn: `${INSTANCE_ARN}/contact/contact-1`, channel: 'VOICE', connectedToSystemTime: new Date() } } };
    cases.on(SearchRelatedItemsCommand).resolvesOnce({ relatedItems: [] }).resolves({ relatedItems: [related] });
    const { out } = await deadThenTakeOver({ ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 't-1', Fields: [] } }, postCallEvent());
    expect(out.status).toBe('SUCCEEDED');
    const tokens = cases.commandCalls(CreateCaseCommand).map((c) => c.args[0].input.clientToken);
    expect(tokens).toEqual([tokens[0], tokens[0]]);
    expect(cases.commandCalls(CreateRelatedItemCommand)).toHaveLength(1);
    expect(cases.commandCalls(SearchRelatedItemsCommand)[1]!.args[0].input).toEqual({
      domainId: 'domain-1',
      caseId: 'case-1',
      filters: [{ contact: { contactArn: `${INSTANCE_ARN}/contact/contact-1` } }],
      maxResults: 1,
    });
  });

  it('ASSIGN_SLA: the SLA of that name found on the case, not created twice', async () => {
    cases.on(CreateRelatedItemCommand).resolves({ relatedItemId: 'sla-1', relatedItemArn: 'arn' });
    const sla = { relatedItemId: 'sla-1', type: 'Sla' as const, associationTime: new Date(), content: { sla: { slaConfiguration: { name: 'sla', type: 'CaseField' as const, status: 'Active' as const, targetTime: new Date('2026-01-02T00:00:00Z') } } } };
    cases.on(SearchRelatedItemsCommand).resolvesOnce({ relatedItems: [] }).resolves({ relatedItems: [sla] });
    const action: RuleAction = { ActionType: 'ASSIGN_SLA', AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', TargetSlaMinutes: 1440 } } };
    const { out } = await deadThenTakeOver(action, caseEvent('OnCaseCreate'));
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: { relatedItemId: 'sla-1' } });
    expect(cases.commandCalls(CreateRelatedItemCommand)).toHaveLength(1);
    expect(cases.commandCalls(SearchRelatedItemsCommand)[1]!.args[0].input.filters).toEqual([{ sla: { name: 'sla' } }]);
  });

  const notify: RuleAction = {
    ActionType: 'SEND_NOTIFICATION',
    SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Subject: 's', Content: 'c', Recipient: { UserIds: ['u1'] } },
  };

  it('SEND_NOTIFICATION: an email the dead attempt sent is not sent again (the send log says SENT)', async () => {
    connect.on(DescribeUserCommand).resolves({ User: { Id: 'u1', Username: 'a', IdentityInfo: { Email: 'a@example.com' } } });
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const { out } = await deadThenTakeOver(notify, postCallEvent());
    expect(out.status).toBe('SUCCEEDED');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(out.output!.recipients).toEqual([{ userId: 'u1', to: 'a@example.com', messageId: 'm-1' }]);
  });

  it('SEND_NOTIFICATION: an attempt that died inside SendEmail is not repeated; the action fails with EmailDeliveryUnknown', async () => {
    connect.on(DescribeUserCommand).resolves({ User: { Id: 'u1', Username: 'a', IdentityInfo: { Email: 'a@example.com' } } });
    const { out, sendLog } = await deadThenTakeOver(notify, postCallEvent(), async (inv, deps, log) => {
      // The dead attempt marked the message SENDING and died before SES answered.
      ses.on(SendEmailCommand).callsFake(() => new Promise(() => undefined));
      void createExecutors(deps).find((e) => e.type === 'SEND_NOTIFICATION')!.execute(inv);
      for (let i = 0; i < 1000 && log.items.size === 0; i++) await new Promise((r) => setImmediate(r));
      ses.reset();
    });
    expect([...sendLog.items.values()].map((i) => i.status)).toEqual(['SENDING']);
    expect(out).toMatchObject({ status: 'FAILED', output: { reasonCode: 'EmailDeliveryUnknown' } });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('GENERATE_EVENTBRIDGE_EVENT: PutEvents again carries the same detail.idempotencyKey (consumers drop the second)', async () => {
    const { out } = await deadThenTakeOver({ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'X' } }, postCallEvent());
    expect(out.status).toBe('SUCCEEDED');
    const keys = events.commandCalls(PutEventsCommand).map((c) => JSON.parse(c.args[0].input.Entries![0]!.Detail!).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('SUBMIT_AUTO_EVALUATION: StartContactEvaluation with the same ClientToken; an evaluation already SUBMITTED is not submitted again', async () => {
    connect.on(ListEvaluationFormVersionsCommand).resolves({ EvaluationFormVersionSummaryList: [{ EvaluationFormVersion: 2, Status: 'ACTIVE' } as never] });
    connect.on(DescribeEvaluationFormCommand).resolves({ EvaluationForm: { ...FORM, EvaluationFormId: 'form-1', EvaluationFormVersion: 2 } as never });
    connect.on(StartContactEvaluationCommand).resolves({ EvaluationId: 'ev-1', EvaluationArn: 'arn' });
    connect.on(SubmitContactEvaluationCommand).resolves({ EvaluationId: 'ev-1', EvaluationArn: 'arn' });
    connect.on(DescribeContactEvaluationCommand).resolvesOnce({ Evaluation: { Status: 'DRAFT' } as never }).resolves({ Evaluation: { Status: 'SUBMITTED' } as never });
    const { out } = await deadThenTakeOver({ ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'form-1' } }, postCallEvent());
    expect(out.status).toBe('SUCCEEDED');
    const tokens = connect.commandCalls(StartContactEvaluationCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens).toEqual([tokens[0], tokens[0]]);
    expect(connect.commandCalls(SubmitContactEvaluationCommand)).toHaveLength(1);
  });
});
