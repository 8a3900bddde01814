/**
 * The rules API end to end: the real `@aws-sdk/client-connect` client against the
 * real HTTP server and Lambda handler, on DynamoDB Local (started here, not mocked).
 */
import {
  ConnectClient,
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  InvalidRequestException,
  ListRulesCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UpdateRuleCommand,
  paginateListRules,
  type RuleAction,
  type RuleSummary,
} from '@aws-sdk/client-connect';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesConfigFromEnv } from '../../engine/rules/config.ts';
import { RulesService } from '../../engine/rules/service.ts';
import { RulesStore } from '../../engine/rules/store.ts';
import { checkRuleFunction } from '../../engine/rules/function-check.ts';
import { PublishedRuleSet } from '../../engine/rules/published-rules.ts';
import { createHttpApiServer, listen, type RunningServer } from '../../functions/http-adapter.ts';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { createRulesApiHandler } from '../../functions/rules-api.ts';
import {
  ACCOUNT,
  CATEGORY,
  EVENTBRIDGE,
  FUNCTIONS,
  REGION,
  TASK,
  connectClient,
  inBatches,
  newInstanceId,
  postCallRule,
  realTimeRule,
  silentLogger,
  startApi,
  zendeskRule,
} from '../support/rules-api.ts';

let api: LocalRulesApi;
let client: ConnectClient;

beforeAll(async () => {
  api = await startApi();
  client = connectClient(api.url);
});

afterAll(async () => {
  client?.destroy();
  await api?.close();
});

/** The error a call rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('CreateRule / DescribeRule', () => {
  it('creates a rule and describes it back exactly, with ARN, timestamps, LastUpdatedBy and Tags', async () => {
    const instanceId = newInstanceId();
    const before = Date.now();
    const input = postCallRule(instanceId, 'greeting-missing', { Tags: { team: 'quality', 'cost:center': '42' } });
    const created = await client.send(new CreateRuleCommand(input));
    expect(created.RuleId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.RuleArn).toBe(`arn:aws:connect:${REGION}:${ACCOUNT}:instance/${instanceId}/rule/${created.RuleId}`);

    const { Rule } = await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: created.RuleId }));
    expect(Rule).toMatchObject({
      Name: 'greeting-missing',
      RuleId: created.RuleId,
      RuleArn: created.RuleArn,
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: input.Function,
      Actions: input.Actions,
      PublishStatus: 'PUBLISHED',
      LastUpdatedBy: `arn:aws:iam::${ACCOUNT}:user/AKIDLOCAL`,
      Tags: { team: 'quality', 'cost:center': '42' },
    });
    expect(Rule!.CreatedTime).toBeInstanceOf(Date);
    expect(Rule!.CreatedTime!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(Rule!.LastUpdatedTime!.getTime()).toBe(Rule!.CreatedTime!.getTime());
  });

  it('stores every action type its source allows, member for member', async () => {
    const instanceId = newInstanceId();
    const caseFields = [
      { Id: 'title', Value: { StringValue: 'Refund requested' } },
      { Id: 'urgent', Value: { BooleanValue: true } },
      { Id: 'amount', Value: { DoubleValue: 12.5 } },
      { Id: 'notes', Value: { EmptyValue: {} } },
    ];
    const postCall: RuleAction[] = [
      CATEGORY,
      TASK,
      EVENTBRIDGE,
      {
        ActionType: 'SEND_NOTIFICATION',
        SendNotificationAction: {
          DeliveryMethod: 'EMAIL',
          Subject: 'Rule matched',
          Content: 'Contact $.ContactLens.PostCall.ContactId matched',
          ContentType: 'PLAIN_TEXT',
          Recipient: { UserIds: ['arn:aws:connect:us-east-1:111122223333:instance/x/agent/y'], UserTags: { team: 'sup' } },
        },
      },
      { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 'template-1', Fields: caseFields } },
      { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'form-1' } },
    ];
    const a = await client.send(new CreateRuleCommand(postCallRule(instanceId, 'all-post-call', { Actions: postCall })));
    const caseUpdate: RuleAction[] = [
      { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: caseFields } },
      { ActionType: 'END_ASSOCIATED_TASKS', EndAssociatedTasksAction: {} },
      {
        ActionType: 'ASSIGN_SLA',
        AssignSlaAction: {
          SlaAssignmentType: 'CASES',
          CaseSlaConfiguration: {
            Name: 'resolve-in-a-day',
            Type: 'CaseField',
            FieldId: 'status',
            TargetFieldValues: [{ StringValue: 'closed' }],
            TargetSlaMinutes: 1440,
          },
        },
      },
    ];
    const b = await client.send(
      new CreateRuleCommand({
        InstanceId: instanceId,
        Name: 'case-update',
        TriggerEventSource: { EventSourceName: 'OnCaseUpdate' },
        Function: FUNCTIONS.OnCaseUpdate,
        Actions: caseUpdate,
        PublishStatus: 'DRAFT',
      }),
    );
    expect((await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: a.RuleId }))).Rule!.Actions).toEqual(postCall);
    expect((await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: b.RuleId }))).Rule!.Actions).toEqual(caseUpdate);
  });

  it('creates rules for the other documented sources (evaluation, metrics, Salesforce, email, SLA)', async () => {
    const instanceId = newInstanceId();
    const cases = [
      { source: 'OnContactEvaluationSubmit', actions: [EVENTBRIDGE], integration: undefined },
      { source: 'OnMetricDataUpdate', actions: [EVENTBRIDGE], integration: 'metrics-association' },
      { source: 'OnSalesforceCaseCreate', actions: [{ ActionType: 'CREATE_TASK', TaskAction: { Name: 'SF', ContactFlowId: 'f' } }], integration: 'sf' },
      { source: 'OnZendeskTicketStatusUpdate', actions: [{ ActionType: 'CREATE_TASK', TaskAction: { Name: 'ZD', ContactFlowId: 'f' } }, CATEGORY], integration: 'zd' },
      { source: 'OnEmailAnalysisAvailable', actions: [CATEGORY, EVENTBRIDGE], integration: undefined },
      { source: 'OnCaseCreate', actions: [{ ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'x', Value: { StringValue: 'y' } }] } }], integration: undefined },
      { source: 'OnSlaBreach', actions: [{ ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'x', Value: { StringValue: 'y' } }] } }], integration: undefined },
      { source: 'OnPostChatAnalysisAvailable', actions: [CATEGORY], integration: undefined },
    ] as const;
    for (const c of cases) {
      const out = await client.send(
        new CreateRuleCommand({
          InstanceId: instanceId,
          Name: `rule-${c.source}`,
          TriggerEventSource: { EventSourceName: c.source, ...(c.integration ? { IntegrationAssociationId: c.integration } : {}) },
          Function: FUNCTIONS[c.source],
          Actions: [...c.actions] as RuleAction[],
          PublishStatus: 'PUBLISHED',
        }),
      );
      expect(out.RuleId, c.source).toBeTruthy();
    }
  });

  it('DescribeRule of an unknown rule or instance is ResourceNotFoundException (404)', async () => {
    const err = await failure(client.send(new DescribeRuleCommand({ InstanceId: newInstanceId(), RuleId: 'no-such-rule' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toContain('no-such-rule');
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });
});

describe('validation: InvalidRequestException names the field, nothing is stored', () => {
  async function expectInvalid(input: Parameters<typeof postCallRule>[2] & { InstanceId?: string }, ...fragments: string[]) {
    const instanceId = newInstanceId('invalid');
    const err = await failure(client.send(new CreateRuleCommand(postCallRule(instanceId, 'candidate', input))));
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect(err.name).toBe('InvalidRequestException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    for (const f of fragments) expect(err.message).toContain(f);
    const list = await client.send(new ListRulesCommand({ InstanceId: instanceId }));
    expect(list.RuleSummaryList).toEqual([]);
    return err;
  }

  it('an invalid Function gives the located messages of the language validator', async () => {
    const err = await expectInvalid(
      { Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable },
      'Function:2:',
      'Unsupported ComparisonValue: $.ContactLens.RealTimeCall.ExactMatch.Transcript',
    );
    expect(err.message.split('\n').every((line) => /^Function:\d+:\d+: /.test(line))).toBe(true);
    await expectInvalid({ Function: '{"Version":"2022-11-25","RuleFunction":' }, 'Function:1:');
    await expectInvalid({ Function: '' }, 'Function: must not be empty');
  });

  it('CREATE_TASK on a real-time chat rule is refused, quoting AWS ("Create Task: this option is not available for real-time chat"); real-time call keeps it', async () => {
    const realTimeChat = {
      TriggerEventSource: { EventSourceName: 'OnRealTimeChatAnalysisAvailable' as const },
      Function: JSON.stringify({
        Version: '2022-11-25',
        RuleFunction: {
          Operator: 'AND',
          Operands: [{ Operator: 'CONTAINS_ANY', Operands: ['refund'], ComparisonValue: '$.ContactLens.RealTimeChat.ExactMatch.Transcript', Negate: false }],
        },
      }),
    };
    const task = { ActionType: 'CREATE_TASK' as const, TaskAction: { Name: 'Follow up', ContactFlowId: 'f' } };
    await expectInvalid(
      { ...realTimeChat, Actions: [CATEGORY, task] },
      'Actions[1].ActionType: CREATE_TASK is not supported for event source OnRealTimeChatAnalysisAvailable',
      '"Create Task: this option is not available for real-time chat"',
    );
    const instanceId = newInstanceId('rt-task');
    const call = { TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' as const }, Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable, Actions: [CATEGORY, task] };
    expect((await client.send(new CreateRuleCommand(postCallRule(instanceId, 'rt-call-task', call)))).RuleId).toBeTruthy();
  });

  it('name pattern and length', async () => {
    await expectInvalid({ Name: 'has spaces' }, "Name: 'has spaces' does not match ^[0-9a-zA-Z._-]+$");
    await expectInvalid({ Name: 'x'.repeat(201) }, 'Name: length 201 exceeds 200');
  });

  it('oversized action fields name the field and the limit', async () => {
    await expectInvalid(
      { Actions: [CATEGORY, { ActionType: 'CREATE_TASK', TaskAction: { Name: 'n'.repeat(600), ContactFlowId: 'f' } }] },
      'Actions[1].TaskAction.Name: length 600 exceeds 512',
    );
    await expectInvalid(
      { Actions: [CATEGORY, { ActionType: 'CREATE_TASK', TaskAction: { Name: 'n', Description: 'd'.repeat(4097), ContactFlowId: 'f' } }] },
      'Actions[1].TaskAction.Description: length 4097 exceeds 4096',
    );
    await expectInvalid(
      { Actions: [CATEGORY, { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'e'.repeat(101) } }] },
      'Actions[1].EventBridgeAction.Name: length 101 exceeds 100',
    );
    await expectInvalid(
      {
        Actions: [
          CATEGORY,
          {
            ActionType: 'SEND_NOTIFICATION',
            SendNotificationAction: {
              DeliveryMethod: 'EMAIL',
              Content: 'c'.repeat(1025),
              ContentType: 'PLAIN_TEXT',
              Recipient: { UserIds: ['u'] },
            },
          },
        ],
      },
      'Actions[1].SendNotificationAction.Content: length 1025 exceeds 1024',
    );
  });

  it('actions per event source: not allowed, required, duplicated, member mismatch', async () => {
    await expectInvalid(
      { Actions: [CATEGORY, { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'a', Value: { StringValue: 'b' } }] } }] },
      'Actions[1].ActionType: UPDATE_CASE is not supported for event source OnPostCallAnalysisAvailable',
    );
    await expectInvalid({ Actions: [EVENTBRIDGE] }, 'Actions: rules of event source OnPostCallAnalysisAvailable require an ASSIGN_CONTACT_CATEGORY action');
    await expectInvalid({ Actions: [CATEGORY, EVENTBRIDGE, EVENTBRIDGE] }, 'Actions[2].ActionType: GENERATE_EVENTBRIDGE_EVENT is already used by Actions[1]');
    await expectInvalid(
      { Actions: [CATEGORY, { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', TaskAction: TASK.TaskAction }] },
      'Actions[1].TaskAction: not allowed when ActionType is GENERATE_EVENTBRIDGE_EVENT',
      'Actions[1].EventBridgeAction: is required',
    );
    await expectInvalid({ Actions: [] }, 'Actions: at least one action is required');
    const zendesk = zendeskRule('x', 'z');
    await expectInvalid(
      { TriggerEventSource: zendesk.TriggerEventSource, Function: zendesk.Function, Actions: [CATEGORY] },
      'Actions: rules of event source OnZendeskTicketCreate require a CREATE_TASK action',
    );
  });

  it('IntegrationAssociationId: required for third-party sources, refused where it means nothing', async () => {
    const zendesk = zendeskRule('x', 'z');
    await expectInvalid(
      { TriggerEventSource: { EventSourceName: 'OnZendeskTicketCreate' }, Function: zendesk.Function, Actions: zendesk.Actions },
      'TriggerEventSource.IntegrationAssociationId: is required for event source OnZendeskTicketCreate',
    );
    await expectInvalid(
      { TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable', IntegrationAssociationId: 'abc' } },
      'TriggerEventSource.IntegrationAssociationId: is not supported for event source OnPostCallAnalysisAvailable',
    );
  });

  it('enums and the ClientToken/Tags limits', async () => {
    await expectInvalid({ PublishStatus: 'LIVE' as never }, "PublishStatus: 'LIVE' is not one of DRAFT, PUBLISHED");
    await expectInvalid({ TriggerEventSource: { EventSourceName: 'OnContactEvent' as never } }, "TriggerEventSource.EventSourceName: 'OnContactEvent' is not one of");
    await expectInvalid({ ClientToken: 't'.repeat(501) }, 'ClientToken: length 501 exceeds 500');
    await expectInvalid({ Tags: { 'aws:reserved': 'x' } }, 'Tags["aws:reserved"] (key)');
  });

  it('a body over 256 KiB is refused as InvalidRequestException', async () => {
    const err = await expectInvalid({ Function: `{"pad":"${'x'.repeat(300 * 1024)}"}` }, 'exceeds the limit of 262144 bytes');
    expect(err.message).toMatch(/Request body of \d+ bytes/);
  });

  it('bad JSON bodies and non-object bodies (raw HTTP) are InvalidRequestException', async () => {
    const instanceId = newInstanceId();
    for (const body of ['{"Name": "x",', 'not json', '[1,2]', '']) {
      const res = await fetch(`${api.url}/rules/${instanceId}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
      const json = (await res.json()) as { Message: string };
      expect(json.Message).toMatch(/JSON|required/);
    }
    // Located and the token named, as the CLI words a JSON file (not V8's own sentence).
    const res = await fetch(`${api.url}/rules/${instanceId}`, { method: 'POST', body: '{"Name": "x",\n "Tags": }', headers: { 'content-type': 'application/json' } });
    expect(((await res.json()) as { Message: string }).Message).toBe("Request body:2:10: not valid JSON: unexpected '}'");
  });

  it('unknown routes are 404 UnknownOperationException', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/rules'], ['PATCH', '/rules/i/r'], ['POST', '/rules/i/r'], ['GET', '/rules/i/r/extra']]) {
      const res = await fetch(`${api.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(((await res.json()) as { Message: string }).Message).toContain('No operation matches');
    }
  });
});

describe('unique names and ClientToken idempotency', () => {
  it('a second rule with the same name in the instance is ResourceConflictException (409); other instances are separate', async () => {
    const instanceId = newInstanceId();
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'dup')));
    const err = await failure(client.send(new CreateRuleCommand(postCallRule(instanceId, 'dup'))));
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect(err.name).toBe('ResourceConflictException');
    expect(err.message).toContain('A resource already has that name');
    expect(err.$metadata?.httpStatusCode).toBe(409);
    await client.send(new CreateRuleCommand(realTimeRule(newInstanceId(), 'dup')));
  });

  it('10 concurrent creates with the same name: exactly one wins, the others get ResourceConflictException', async () => {
    const instanceId = newInstanceId();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => client.send(new CreateRuleCommand(realTimeRule(instanceId, 'race', { ClientToken: `token-${i}` })))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) expect((l.reason as Error).name).toBe('ResourceConflictException');
    const list = await client.send(new ListRulesCommand({ InstanceId: instanceId }));
    expect(list.RuleSummaryList).toHaveLength(1);
    expect(await api.store.ruleCount(instanceId, 'OnRealTimeCallAnalysisAvailable')).toBe(1);
  });

  it('a retried create with the same ClientToken returns the first result, even 10 at once', async () => {
    const instanceId = newInstanceId();
    const input = realTimeRule(instanceId, 'idempotent', { ClientToken: 'retry-me' });
    const first = await client.send(new CreateRuleCommand(input));
    const again = await client.send(new CreateRuleCommand(input));
    expect(again).toMatchObject({ RuleId: first.RuleId, RuleArn: first.RuleArn });

    const concurrentInput = realTimeRule(instanceId, 'idempotent-concurrent', { ClientToken: 'concurrent-token' });
    const all = await Promise.all(Array.from({ length: 10 }, () => client.send(new CreateRuleCommand(concurrentInput))));
    expect(new Set(all.map((r) => r.RuleId)).size).toBe(1);
    const list = await client.send(new ListRulesCommand({ InstanceId: instanceId }));
    expect(list.RuleSummaryList!.map((r) => r.Name).sort()).toEqual(['idempotent', 'idempotent-concurrent']);
    expect(await api.store.ruleCount(instanceId, 'OnRealTimeCallAnalysisAvailable')).toBe(2);
  });

  it('the same ClientToken with a different body is refused (ResourceConflictException)', async () => {
    const instanceId = newInstanceId();
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'token-a', { ClientToken: 'shared-token' })));
    const err = await failure(client.send(new CreateRuleCommand(realTimeRule(instanceId, 'token-b', { ClientToken: 'shared-token' }))));
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect(err.message).toContain("ClientToken 'shared-token' was already used");
    // Concurrently: one body wins, every other body is refused.
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => client.send(new CreateRuleCommand(realTimeRule(instanceId, `body-${i}`, { ClientToken: 'contested' })))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).name).toBe('ResourceConflictException');
  });
});

describe('UpdateRule', () => {
  it('replaces the rule, bumps Version, keeps CreatedTime, sets LastUpdatedBy from the caller key', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'to-update')));
    const before = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!;
    await new Promise((r) => setTimeout(r, 20));
    const other = connectClient(api.url, 'AKIDOTHERUSER');
    try {
      await other.send(
        new UpdateRuleCommand({
          InstanceId: instanceId,
          RuleId,
          Name: 'to-update',
          Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable,
          Actions: [CATEGORY, EVENTBRIDGE],
          PublishStatus: 'DRAFT',
        }),
      );
    } finally {
      other.destroy();
    }
    const after = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!;
    expect(after.Actions).toEqual([CATEGORY, EVENTBRIDGE]);
    expect(after.PublishStatus).toBe('DRAFT');
    expect(after.CreatedTime).toEqual(before.CreatedTime);
    expect(after.LastUpdatedTime!.getTime()).toBeGreaterThan(before.LastUpdatedTime!.getTime());
    expect(after.LastUpdatedBy).toBe(`arn:aws:iam::${ACCOUNT}:user/AKIDOTHERUSER`);
    expect((await api.store.getRule(instanceId, RuleId!))!.Version).toBe(2);
  });

  it('concurrent updates of one rule all land: each one that lost to another reads the rule again', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'contended')));
    const variants = [[CATEGORY], [CATEGORY, EVENTBRIDGE], [EVENTBRIDGE, CATEGORY]];
    // No SDK retries: the server must settle the contention itself.
    const once = connectClient(api.url, 'AKIDLOCAL', 1);
    try {
      await Promise.all(
        variants.map((Actions) =>
          once.send(
            new UpdateRuleCommand({ InstanceId: instanceId, RuleId, Name: 'contended', Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable, Actions, PublishStatus: 'PUBLISHED' }),
          ),
        ),
      );
    } finally {
      once.destroy();
    }
    expect((await api.store.getRule(instanceId, RuleId!))!.Version).toBe(4);
    const after = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!;
    expect(variants).toContainEqual(after.Actions);
  });

  it('update of an unknown rule is ResourceNotFoundException', async () => {
    const err = await failure(
      client.send(
        new UpdateRuleCommand({
          InstanceId: newInstanceId(),
          RuleId: '00000000-0000-0000-0000-000000000000',
          Name: 'x',
          Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable,
          Actions: [CATEGORY],
          PublishStatus: 'PUBLISHED',
        }),
      ),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('validates against the stored event source; an invalid update changes nothing', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'stays')));
    const err = await failure(
      client.send(
        new UpdateRuleCommand({
          InstanceId: instanceId,
          RuleId,
          Name: 'stays',
          Function: FUNCTIONS.OnPostCallAnalysisAvailable,
          Actions: [{ ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 't', Fields: [{ Id: 'a', Value: { StringValue: 'b' } }] } }],
          PublishStatus: 'PUBLISHED',
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect(err.message).toContain('CREATE_CASE is not supported for event source OnRealTimeCallAnalysisAvailable');
    expect(err.message).toContain('require an ASSIGN_CONTACT_CATEGORY action');
    expect(err.message).toMatch(/^Function:\d+:\d+: Unsupported ComparisonValue/m);
    const stored = await api.store.getRule(instanceId, RuleId!);
    expect(stored!.Version).toBe(1);
    expect(stored!.Function).toBe(FUNCTIONS.OnRealTimeCallAnalysisAvailable);
  });

  it('renames only third-party rules; the old name is free again and the new one is locked', async () => {
    const instanceId = newInstanceId();
    const cl = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'category-name')));
    const err = await failure(
      client.send(
        new UpdateRuleCommand({
          InstanceId: instanceId,
          RuleId: cl.RuleId,
          Name: 'renamed',
          Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable,
          Actions: [CATEGORY],
          PublishStatus: 'PUBLISHED',
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect(err.message).toContain("Name: rules of event source OnRealTimeCallAnalysisAvailable can't be renamed");

    const zd = zendeskRule(instanceId, 'zendesk-old');
    const { RuleId } = await client.send(new CreateRuleCommand(zd));
    const update = { InstanceId: instanceId, RuleId, Function: zd.Function, Actions: zd.Actions, PublishStatus: 'PUBLISHED' as const };
    // Renaming onto a taken name conflicts.
    const conflict = await failure(client.send(new UpdateRuleCommand({ ...update, Name: 'category-name' })));
    expect(conflict).toBeInstanceOf(ResourceConflictException);
    await client.send(new UpdateRuleCommand({ ...update, Name: 'zendesk-new' }));
    expect((await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!.Name).toBe('zendesk-new');
    // Old name reusable, new name taken.
    await client.send(new CreateRuleCommand(zendeskRule(instanceId, 'zendesk-old')));
    const taken = await failure(client.send(new CreateRuleCommand(zendeskRule(instanceId, 'zendesk-new'))));
    expect(taken).toBeInstanceOf(ResourceConflictException);
  });
});

describe('when a rule came into force (the deployed pipeline evaluates it for contacts that begin after)', () => {
  const source = 'OnRealTimeCallAnalysisAvailable';
  const update = (instanceId: string, RuleId: string | undefined, PublishStatus: 'DRAFT' | 'PUBLISHED', Actions: RuleAction[] = [CATEGORY]) =>
    client.send(new UpdateRuleCommand({ InstanceId: instanceId, RuleId, Name: 'in-force', Function: FUNCTIONS[source], Actions, PublishStatus }));
  const since = async (instanceId: string, RuleId: string | undefined) => (await api.store.getRule(instanceId, RuleId!))!.PublishedSince?.getTime();
  const pause = () => new Promise((r) => setTimeout(r, 20));

  it('a draft has none; publishing sets it; an edit keeps it; back to DRAFT clears it; publishing again starts anew', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'in-force', { PublishStatus: 'DRAFT' })));
    expect(await since(instanceId, RuleId)).toBeUndefined();
    // Only PUBLISHED rules are what the pipeline reads, and it gets the time with them.
    expect(await api.store.listPublishedRules(instanceId, source)).toEqual([]);

    await pause();
    const beforePublish = Date.now();
    await update(instanceId, RuleId, 'PUBLISHED');
    const published = await since(instanceId, RuleId);
    const rule = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!;
    expect(published).toBeGreaterThanOrEqual(beforePublish);
    expect(published).toBe(rule.LastUpdatedTime!.getTime());
    expect(published).toBeGreaterThan(rule.CreatedTime!.getTime());
    expect((await api.store.listPublishedRules(instanceId, source)).map((r) => r.PublishedSince?.getTime())).toEqual([published]);

    await pause();
    await update(instanceId, RuleId, 'PUBLISHED', [CATEGORY, EVENTBRIDGE]);
    expect(await since(instanceId, RuleId)).toBe(published);

    await update(instanceId, RuleId, 'DRAFT');
    expect(await since(instanceId, RuleId)).toBeUndefined();
    await pause();
    await update(instanceId, RuleId, 'PUBLISHED');
    expect(await since(instanceId, RuleId)).toBeGreaterThan(published!);
  });

  it('a rule created PUBLISHED is in force from its creation', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'in-force')));
    const rule = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!;
    expect(await since(instanceId, RuleId)).toBe(rule.CreatedTime!.getTime());
  });

  it('a rule stored before the time was kept is in force from its CreatedTime (its contacts since then still evaluated)', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'in-force')));
    await api.store.doc.send(
      new UpdateCommand({ TableName: api.store.tableName, Key: { PK: `INSTANCE#${instanceId}`, SK: `RULE#${RuleId}` }, UpdateExpression: 'REMOVE PublishedSince' }),
    );
    const created = (await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId }))).Rule!.CreatedTime!.getTime();
    await pause();
    await update(instanceId, RuleId, 'PUBLISHED', [CATEGORY, EVENTBRIDGE]);
    expect(await since(instanceId, RuleId)).toBe(created);
  });

  it('is internal: DescribeRule and ListRules answer only the members AWS documents (API reference Rule, RuleSummary)', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'in-force', { Tags: { team: 'qa' } })));
    // Raw HTTP: the SDK would drop a member its model lacks without a word.
    const described = (await (await fetch(`${api.url}/rules/${instanceId}/${RuleId}`)).json()) as { Rule: Record<string, unknown> };
    expect(Object.keys(described.Rule).sort()).toEqual(
      ['Actions', 'CreatedTime', 'Function', 'LastUpdatedBy', 'LastUpdatedTime', 'Name', 'PublishStatus', 'RuleArn', 'RuleId', 'Tags', 'TriggerEventSource'],
    );
    const listed = (await (await fetch(`${api.url}/rules/${instanceId}`)).json()) as { RuleSummaryList: Record<string, unknown>[] };
    expect(Object.keys(listed.RuleSummaryList[0]!).sort()).toEqual(
      ['ActionSummaries', 'CreatedTime', 'EventSourceName', 'LastUpdatedTime', 'Name', 'PublishStatus', 'RuleArn', 'RuleId'],
    );
  });
});

describe('DeleteRule', () => {
  it('deletes the rule, frees its name and its quota slot; deleting again is ResourceNotFoundException', async () => {
    const instanceId = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'short-lived')));
    expect(await api.store.ruleCount(instanceId, 'OnRealTimeCallAnalysisAvailable')).toBe(1);
    await client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId }));
    expect(await api.store.ruleCount(instanceId, 'OnRealTimeCallAnalysisAvailable')).toBe(0);
    const gone = await failure(client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    const again = await failure(client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId })));
    expect(again).toBeInstanceOf(ResourceNotFoundException);
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'short-lived')));
  });
});

describe('ListRules and the engine hot path', () => {
  const instanceId = newInstanceId('paged');
  const TOTAL = 260;
  const expected = { all: new Set<string>(), published: new Set<string>(), postCall: new Set<string>(), publishedPostCall: new Set<string>() };

  beforeAll(async () => {
    // Rule i: PUBLISHED when i is even; post-call when i % 4 < 2, else real-time call.
    await inBatches(TOTAL, 6, async (i) => {
      const published = i % 2 === 0;
      const postCall = i % 4 < 2;
      const extra = { PublishStatus: published ? ('PUBLISHED' as const) : ('DRAFT' as const) };
      const input = postCall ? postCallRule(instanceId, `rule-${i}`, extra) : realTimeRule(instanceId, `rule-${i}`, extra);
      const { RuleId } = await client.send(new CreateRuleCommand(input));
      expected.all.add(RuleId!);
      if (published) expected.published.add(RuleId!);
      if (postCall) expected.postCall.add(RuleId!);
      if (published && postCall) expected.publishedPostCall.add(RuleId!);
    });
  }, 180_000);

  async function listAll(filter: { PublishStatus?: 'DRAFT' | 'PUBLISHED'; EventSourceName?: 'OnPostCallAnalysisAvailable' }, pageSize: number) {
    const pages: RuleSummary[][] = [];
    for await (const page of paginateListRules({ client, pageSize }, { InstanceId: instanceId, ...filter })) {
      pages.push(page.RuleSummaryList ?? []);
    }
    return pages;
  }

  it('the SDK paginator walks all 260 rules, each once, in pages of at most maxResults', async () => {
    const pages = await listAll({}, 50);
    expect(pages.length).toBe(6);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(50);
    const ids = pages.flat().map((r) => r.RuleId!);
    expect(ids.length).toBe(TOTAL);
    expect(new Set(ids)).toEqual(expected.all);
    const sample = pages[0]![0]!;
    expect(sample).toMatchObject({ RuleArn: expect.stringContaining(`instance/${instanceId}/rule/`), ActionSummaries: expect.any(Array) });
    expect(sample.CreatedTime).toBeInstanceOf(Date);
  });

  it('filters by publishStatus, eventSourceName and both, with pagination', async () => {
    const ids = async (filter: Parameters<typeof listAll>[0], pageSize: number) =>
      new Set((await listAll(filter, pageSize)).flat().map((r) => r.RuleId!));
    expect(await ids({ PublishStatus: 'PUBLISHED' }, 40)).toEqual(expected.published);
    expect(await ids({ EventSourceName: 'OnPostCallAnalysisAvailable' }, 200)).toEqual(expected.postCall);
    expect(await ids({ PublishStatus: 'PUBLISHED', EventSourceName: 'OnPostCallAnalysisAvailable' }, 7)).toEqual(expected.publishedPostCall);
    const summaries = (await listAll({ EventSourceName: 'OnPostCallAnalysisAvailable' }, 100)).flat();
    expect(summaries.every((s) => s.EventSourceName === 'OnPostCallAnalysisAvailable')).toBe(true);
    expect(summaries[0]!.ActionSummaries).toEqual([
      { ActionType: 'ASSIGN_CONTACT_CATEGORY' },
      { ActionType: 'CREATE_TASK' },
      { ActionType: 'GENERATE_EVENTBRIDGE_EVENT' },
    ]);
  });

  it('listPublishedRules returns only PUBLISHED rules of the source (DRAFTs are never evaluated)', async () => {
    const published = await api.store.listPublishedRules(instanceId, 'OnPostCallAnalysisAvailable');
    expect(new Set(published.map((r) => r.RuleId))).toEqual(expected.publishedPostCall);
    expect(published.every((r) => r.PublishStatus === 'PUBLISHED' && r.Version >= 1)).toBe(true);

    const other = newInstanceId();
    const draft = await client.send(new CreateRuleCommand(realTimeRule(other, 'draft-only', { PublishStatus: 'DRAFT' })));
    expect(await api.store.listPublishedRules(other, 'OnRealTimeCallAnalysisAvailable')).toEqual([]);
    await client.send(
      new UpdateRuleCommand({
        InstanceId: other,
        RuleId: draft.RuleId,
        Name: 'draft-only',
        Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable,
        Actions: [CATEGORY],
        PublishStatus: 'PUBLISHED',
      }),
    );
    const now = await api.store.listPublishedRules(other, 'OnRealTimeCallAnalysisAvailable');
    expect(now.map((r) => [r.RuleId, r.Version])).toEqual([[draft.RuleId, 2]]);
  });

  it('the engine compiles published rules once per Version, across events', async () => {
    const set = new PublishedRuleSet(api.store);
    const first = await set.rulesFor(instanceId, 'OnPostCallAnalysisAvailable');
    expect(new Set(first.map((r) => r.rule.RuleId))).toEqual(expected.publishedPostCall);
    expect(first.every((r) => typeof r.compiled.matches === 'function')).toBe(true);
    expect(set.cache.misses).toBe(expected.publishedPostCall.size);
    await set.rulesFor(instanceId, 'OnPostCallAnalysisAvailable');
    expect(set.cache.misses).toBe(expected.publishedPostCall.size);
    expect(set.cache.hits).toBe(expected.publishedPostCall.size);

    const other = newInstanceId();
    const { RuleId } = await client.send(new CreateRuleCommand(realTimeRule(other, 'compiled-once')));
    const before = await set.rulesFor(other, 'OnRealTimeCallAnalysisAvailable');
    const update = { InstanceId: other, RuleId, Name: 'compiled-once', Function: FUNCTIONS.OnRealTimeCallAnalysisAvailable, Actions: [CATEGORY, EVENTBRIDGE] };
    await client.send(new UpdateRuleCommand({ ...update, PublishStatus: 'PUBLISHED' }));
    const after = await set.rulesFor(other, 'OnRealTimeCallAnalysisAvailable');
    expect(after[0]!.compiled).not.toBe(before[0]!.compiled);
    expect(after[0]!.rule.Version).toBe(2);
    await client.send(new UpdateRuleCommand({ ...update, PublishStatus: 'DRAFT' }));
    expect(await set.rulesFor(other, 'OnRealTimeCallAnalysisAvailable')).toEqual([]);
  });

  it('maxResults outside 1-200, bad enums and foreign nextTokens are InvalidRequestException', async () => {
    for (const MaxResults of [0, 201]) {
      const err = await failure(client.send(new ListRulesCommand({ InstanceId: instanceId, MaxResults })));
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect(err.message).toContain('maxResults');
    }
    const bad = await failure(client.send(new ListRulesCommand({ InstanceId: instanceId, PublishStatus: 'LIVE' as never })));
    expect(bad.message).toContain('publishStatus');
    const garbage = await failure(client.send(new ListRulesCommand({ InstanceId: instanceId, NextToken: 'not-a-token' })));
    expect(garbage).toBeInstanceOf(InvalidRequestException);
    const page = await client.send(new ListRulesCommand({ InstanceId: instanceId, MaxResults: 5 }));
    expect(page.NextToken).toBeTruthy();
    const otherFilter = await failure(
      client.send(new ListRulesCommand({ InstanceId: instanceId, MaxResults: 5, PublishStatus: 'DRAFT', NextToken: page.NextToken })),
    );
    expect(otherFilter.message).toContain('other filters');
    const otherInstance = await failure(client.send(new ListRulesCommand({ InstanceId: newInstanceId(), NextToken: page.NextToken })));
    expect(otherInstance).toBeInstanceOf(InvalidRequestException);
  });

  it('an instance without rules lists nothing', async () => {
    const out = await client.send(new ListRulesCommand({ InstanceId: newInstanceId() }));
    expect(out.RuleSummaryList).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });
});

describe('quota of published rules per instance and event source', () => {
  it('is 500 by default: the 501st rule is ServiceQuotaExceededException (402)', async () => {
    expect(api.config.rulesPerSourceQuota).toBe(500);
    const instanceId = newInstanceId();
    await api.store.setRuleCount(instanceId, 'OnRealTimeCallAnalysisAvailable', 499);
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'the-500th')));
    const err = await failure(client.send(new CreateRuleCommand(realTimeRule(instanceId, 'the-501st'))));
    expect(err).toBeInstanceOf(ServiceQuotaExceededException);
    expect(err.name).toBe('ServiceQuotaExceededException');
    expect(err.$metadata?.httpStatusCode).toBe(402);
    // Other sources have their own quota.
    await client.send(new CreateRuleCommand(postCallRule(instanceId, 'post-call-still-fine')));
  });

  it('is 100 for OnMetricDataUpdate, as AWS documents: the 101st metric rule is refused', async () => {
    const instanceId = newInstanceId();
    const metricRule = (Name: string) =>
      new CreateRuleCommand({
        InstanceId: instanceId,
        Name,
        TriggerEventSource: { EventSourceName: 'OnMetricDataUpdate', IntegrationAssociationId: 'metrics-association' },
        Function: FUNCTIONS.OnMetricDataUpdate,
        Actions: [EVENTBRIDGE] as RuleAction[],
        PublishStatus: 'PUBLISHED',
      });
    await api.store.setRuleCount(instanceId, 'OnMetricDataUpdate', 99);
    await client.send(metricRule('the-100th'));
    const err = await failure(client.send(metricRule('the-101st')));
    expect(err.name).toBe('ServiceQuotaExceededException');
    expect(err.message).toContain('100');
  });

  it('counts PUBLISHED rules only: drafts are free, publishing over the quota is refused, unpublishing and deleting free a slot', async () => {
    const instanceId = newInstanceId();
    const source = 'OnRealTimeCallAnalysisAvailable';
    await api.store.setRuleCount(instanceId, source, 499);
    const last = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'the-500th')));
    // A draft is created past the quota and holds no slot.
    const draft = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'a-draft', { PublishStatus: 'DRAFT' })));
    expect(await api.store.ruleCount(instanceId, source)).toBe(500);
    const publish = (RuleId: string | undefined, PublishStatus: 'DRAFT' | 'PUBLISHED', Name: string) =>
      client.send(
        new UpdateRuleCommand({ InstanceId: instanceId, RuleId, Name, Function: FUNCTIONS[source], Actions: [CATEGORY], PublishStatus }),
      );
    // Publishing the draft would be the 501st published rule.
    const refused = await failure(publish(draft.RuleId, 'PUBLISHED', 'a-draft'));
    expect(refused.name).toBe('ServiceQuotaExceededException');
    expect(refused.message).toContain('500 published rules');
    expect((await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: draft.RuleId }))).Rule!.PublishStatus).toBe('DRAFT');
    // Unpublishing another rule frees the slot the draft then takes.
    await publish(last.RuleId, 'DRAFT', 'the-500th');
    expect(await api.store.ruleCount(instanceId, source)).toBe(499);
    await publish(draft.RuleId, 'PUBLISHED', 'a-draft');
    expect(await api.store.ruleCount(instanceId, source)).toBe(500);
    // Deleting a draft gives back nothing; deleting a published rule frees its slot.
    await client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId: last.RuleId }));
    expect(await api.store.ruleCount(instanceId, source)).toBe(500);
    await client.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId: draft.RuleId }));
    expect(await api.store.ruleCount(instanceId, source)).toBe(499);
    await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'after-delete')));
  });

  it('holds under concurrent creates (quota lowered to 5): exactly 5 of 12 win', async () => {
    const small = await startApi({ rulesPerSourceQuota: 5 });
    const smallClient = connectClient(small.url);
    try {
      const instanceId = newInstanceId();
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => smallClient.send(new CreateRuleCommand(realTimeRule(instanceId, `q-${i}`)))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).name).toBe('ServiceQuotaExceededException');
      expect(await small.store.ruleCount(instanceId, 'OnRealTimeCallAnalysisAvailable')).toBe(5);
      // Deleting one frees a slot.
      const list = await smallClient.send(new ListRulesCommand({ InstanceId: instanceId }));
      await smallClient.send(new DeleteRuleCommand({ InstanceId: instanceId, RuleId: list.RuleSummaryList![0]!.RuleId }));
      await smallClient.send(new CreateRuleCommand(realTimeRule(instanceId, 'after-delete')));
    } finally {
      smallClient.destroy();
      await small.close();
    }
  });
});

describe('ThrottlingException', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // The same handler, on a DynamoDB that throttles everything.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    const mock = mockClient(doc);
    mock.onAnyCommand().rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
    const config = rulesConfigFromEnv();
    const store = new RulesStore(doc, { tableName: config.rulesTable });
    const service = new RulesService({ store, config, checkFunction: checkRuleFunction });
    const handler = createRulesApiHandler({ service, logger: silentLogger() });
    server = await listen(createHttpApiServer(handler, { maxRequestBytes: config.maxRequestBytes, accountId: ACCOUNT, region: REGION }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a throttled DynamoDB surfaces as ThrottlingException (429) by name', async () => {
    const throttled = connectClient(server.url, 'AKIDLOCAL', 1);
    try {
      const err = await failure(throttled.send(new DescribeRuleCommand({ InstanceId: 'i', RuleId: 'r' })));
      expect(err).toBeInstanceOf(ThrottlingException);
      expect(err.name).toBe('ThrottlingException');
      expect(err.$metadata?.httpStatusCode).toBe(429);
      const create = await failure(throttled.send(new CreateRuleCommand(realTimeRule('i', 'n'))));
      expect(create.name).toBe('ThrottlingException');
    } finally {
      throttled.destroy();
    }
  });
});
