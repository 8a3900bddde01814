/**
 * deploy/serverless.ts without osls: parameter checks, per-function roles, table
 * classes, and the mistakes it refuses.
 */
import { describe, expect, it, vi } from 'vitest';
import { createIngestMetrics } from '../../functions/counter-metrics.ts';
import { Telemetry, type MetricName } from '../../engine/pipeline/telemetry.ts';
import { TABLES } from '../../storage/tables.ts';
import { CONTACTS_API_ROUTES, EVALUATION_API_ROUTES } from '../support/api-routes.ts';
import {
  DEPLOY_PARAMETERS,
  FUNCTIONS,
  TABLE_ACTIONS,
  buildDeployment,
  checkParams,
  isDataTable,
  roleStatements,
  type DeployContext,
  type FunctionSpec,
} from '../../deploy/serverless.ts';
import { packagedActionsDefine } from '../../deploy/actions.ts';

const PARAMS = {
  connectInstanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555',
  analysisBucket: 'amazon-connect-1234abcd',
  analysisPrefix: 'Analysis/',
  evaluationsPrefix: 'Evaluations/',
  bucketKmsKeyArn: '',
  ctrStreamArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/ctr',
  realtimeStreamArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/segments',
  streamKmsKeyArn: '',
  partnerEventBusArns: '',
  eventSource: 'connect-rules',
  actionsBackend: 'aws',
  casesDomainId: 'd-1234',
  emailFrom: 'rules@example.com',
  logLevel: 'INFO',
  alarmEmail: '',
  reservedConcurrency: '',
  apiThrottlingRateLimit: '50',
  apiThrottlingBurstLimit: '100',
};
const ctx: DeployContext = { service: 'connect-rules', stage: 'prod', params: checkParams(PARAMS) };

describe('deployment parameters', () => {
  it('accepts real values and leaves optional ones empty', () => {
    expect(checkParams(PARAMS)).toEqual(PARAMS);
    expect(DEPLOY_PARAMETERS.filter((p) => 'optional' in p).map((p) => p.name)).toEqual([
      'streamKmsKeyArn',
      'bucketKmsKeyArn',
      'partnerEventBusArns',
      'casesDomainId',
      'emailFrom',
      'alarmEmail',
      'reservedConcurrency',
      'apiThrottlingRateLimit',
      'apiThrottlingBurstLimit',
    ]);
  });

  it('names every wrong or missing parameter at once', () => {
    let message = '';
    try {
      checkParams({ ...PARAMS, connectInstanceArn: 'my-instance', ctrStreamArn: 'arn:aws:firehose:x', analysisBucket: '', logLevel: 'LOUD' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n').slice(1).map((l) => l.trim())).toEqual([
      'analysisBucket: missing (Name of the existing S3 bucket Contact Lens writes its analysis files to)',
      "connectInstanceArn: 'my-instance' is not an Amazon Connect instance ARN",
      "ctrStreamArn: 'arn:aws:firehose:x' is not a Kinesis data stream ARN",
      "logLevel: 'LOUD' is not a Powertools log level",
    ]);
    expect(() => checkParams({ ...PARAMS, analysisPrefix: 'Analysis/*' })).toThrow(/without wildcards/);
  });
});

describe('buildDeployment', () => {
  it('gives the rules API read-write access to the rules table and its indexes, nothing else', () => {
    const statements = roleStatements(ctx, FUNCTIONS.find((f) => f.key === 'rulesApi')!);
    expect(statements.map((s) => s.Sid)).toEqual(['WriteOwnLogs', 'ReadWriteTables']);
    expect(statements[1]!.Resource).toEqual([{ 'Fn::GetAtt': ['RulesTable', 'Arn'] }, { 'Fn::Sub': '${RulesTable.Arn}/index/*' }]);
    expect(statements[0]!.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/connect-rules-prod-rulesApi:*' },
    ]);
  });

  it('lets the evaluation API read contacts, read and write evaluations and put events on the engine bus only', () => {
    const spec = FUNCTIONS.find((f) => f.key === 'evaluationApi')!;
    expect(roleStatements(ctx, spec)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/connect-rules-prod-evaluationApi:*' }],
      },
      {
        Sid: 'ReadTables',
        Effect: 'Allow',
        Action: [...TABLE_ACTIONS.read],
        Resource: [{ 'Fn::GetAtt': ['ContactsTable', 'Arn'] }, { 'Fn::Sub': '${ContactsTable.Arn}/index/*' }],
      },
      {
        Sid: 'ReadWriteTables',
        Effect: 'Allow',
        Action: [...TABLE_ACTIONS.readwrite],
        Resource: [{ 'Fn::GetAtt': ['EvaluationsTable', 'Arn'] }, { 'Fn::Sub': '${EvaluationsTable.Arn}/index/*' }],
      },
      { Sid: 'PutEngineEvents', Effect: 'Allow', Action: ['events:PutEvents'], Resource: [{ 'Fn::GetAtt': ['EngineEventBus', 'Arn'] }] },
    ]);
    const fn = buildDeployment(ctx).functions.evaluationApi as { environment: Record<string, unknown>; events: { httpApi: { method: string; path: string; authorizer: unknown } }[] };
    expect(fn.environment).toEqual({
      EVALUATIONS_TABLE: 'connect-rules-prod-evaluations',
      CONTACTS_TABLE: 'connect-rules-prod-contacts',
      CONNECT_RULES_EVENT_BUS: 'connect-rules-prod',
      CONNECT_RULES_EVENT_SOURCE: 'connect-rules',
    });
    expect(fn.events.map(({ httpApi: { method, path } }) => `${method} ${path}`).sort()).toEqual([...EVALUATION_API_ROUTES].sort());
    for (const { httpApi } of fn.events) expect(httpApi.authorizer).toEqual({ type: 'aws_iam' });
  });

  it('lets the contacts API read the contact records, the contacts table and the analysis files, behind the HTTP API and IAM auth', () => {
    const spec = FUNCTIONS.find((f) => f.key === 'contactsApi')!;
    expect(roleStatements(ctx, spec)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/connect-rules-prod-contactsApi:*' }],
      },
      {
        Sid: 'ReadTables',
        Effect: 'Allow',
        Action: [...TABLE_ACTIONS.read],
        Resource: [
          { 'Fn::GetAtt': ['PipelineStateTable', 'Arn'] },
          { 'Fn::Sub': '${PipelineStateTable.Arn}/index/*' },
          { 'Fn::GetAtt': ['ContactsTable', 'Arn'] },
          { 'Fn::Sub': '${ContactsTable.Arn}/index/*' },
        ],
      },
      {
        Sid: 'ReadAnalysisFiles',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::amazon-connect-1234abcd/Analysis/*' }],
      },
      // a file gone since answers NoSuchKey (skipped), not AccessDenied (the search fails)
      { Sid: 'ListAnalysisFiles', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::amazon-connect-1234abcd' }] },
    ]);
    const fn = buildDeployment(ctx).functions.contactsApi as { environment: Record<string, unknown>; events: { httpApi: { method: string; path: string; authorizer: unknown } }[] };
    expect(fn.environment).toEqual({
      PIPELINE_STATE_TABLE: 'connect-rules-prod-pipelineState',
      CONTACTS_TABLE: 'connect-rules-prod-contacts',
      CONNECT_INSTANCE_ARN: PARAMS.connectInstanceArn,
    });
    expect(fn.events.map(({ httpApi: { method, path } }) => `${method} ${path}`).sort()).toEqual([...CONTACTS_API_ROUTES].sort());
    const rules = buildDeployment(ctx).functions.rulesApi as { events: { httpApi: { authorizer: unknown } }[] };
    for (const { httpApi } of fn.events) expect(httpApi.authorizer).toEqual(rules.events[0]!.httpApi.authorizer);
  });

  it('scopes grants to the parameters', () => {
    const spec: FunctionSpec = {
      key: 'x',
      handler: 'functions/x.handler',
      description: 'x',
      trigger: { kind: 'schedule', rate: 'rate(5 minutes)' },
      tables: {},
      grants: ['connect:describeContact', 'ses:sendEmail', 'analysisFiles:read', 'engineBus:putEvents'],
    };
    const bySid = Object.fromEntries(roleStatements(ctx, spec).map((s) => [s.Sid, s.Resource]));
    expect(bySid.DescribeContacts).toEqual([`${PARAMS.connectInstanceArn}/contact/*`]);
    expect(bySid.SendEmail).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/rules@example.com' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com' },
    ]);
    expect(bySid.ReadAnalysisFiles).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::amazon-connect-1234abcd/Analysis/*' }]);
    expect(bySid.PutEngineEvents).toEqual([{ 'Fn::GetAtt': ['EngineEventBus', 'Arn'] }]);
    expect(bySid.SendToDeadLetterQueue).toEqual([{ 'Fn::GetAtt': ['XDeadLetterQueue', 'Arn'] }]);
  });

  it("lets the real-time function ask Connect for the attributes of the instance's contacts, and no other function", () => {
    const statement = roleStatements(ctx, FUNCTIONS.find((f) => f.key === 'ingestRealtime')!).find((s) => s.Sid === 'GetContactAttributes');
    expect(statement).toEqual({ Sid: 'GetContactAttributes', Effect: 'Allow', Action: ['connect:GetContactAttributes'], Resource: [`${PARAMS.connectInstanceArn}/contact/*`] });
    const others = FUNCTIONS.filter((f) => f.key !== 'ingestRealtime').filter((f) => roleStatements(ctx, f).some((s) => s.Action.includes('connect:GetContactAttributes')));
    expect(others.map((f) => f.key)).toEqual([]);
  });

  // engine/pipeline/state/realtime.ts: one consistent Query reads a state's head and chunks; one TransactWriteItems writes a
  // filled chunk with the head. A transaction has no IAM action of its own (AWS, "Using IAM with DynamoDB transactions":
  // "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the underlying PutItem,
  // UpdateItem, DeleteItem, and GetItem operations."): PutItem and Query on the state table are what it needs.
  it("lets the real-time function read its contacts' state in one Query and write its chunks with the head (PutItem in a transaction)", () => {
    const statements = roleStatements(ctx, FUNCTIONS.find((f) => f.key === 'ingestRealtime')!);
    const writes = statements.find((s) => s.Sid === 'ReadWriteTables')!;
    expect(writes.Action).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(JSON.stringify(writes.Resource)).toContain('PipelineStateTable');
  });

  it('lets functions decrypt with the keys of the streams and the bucket they read, when there are such keys', () => {
    const byKey = (key: string) => FUNCTIONS.find((f) => f.key === key)!;
    const sids = (params: DeployContext['params'], fn: string) => roleStatements({ ...ctx, params }, byKey(fn)).map((s) => s.Sid);
    expect(sids(ctx.params, 'ingestContactRecords')).not.toContain('DecryptStream');
    expect(sids(ctx.params, 'ingestContactRecords')).not.toContain('DecryptFiles');
    const key = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const keyed = checkParams({ ...PARAMS, streamKmsKeyArn: key, bucketKmsKeyArn: key });
    expect(sids(keyed, 'ingestContactRecords')).toEqual(expect.arrayContaining(['DecryptStream', 'DecryptFiles']));
    expect(sids(keyed, 'ingestRealtime')).toContain('DecryptStream');
    expect(sids(keyed, 'ingestRealtime')).not.toContain('DecryptFiles');
    expect(sids(keyed, 'ingestAnalysis')).toEqual(expect.arrayContaining(['ReadAnalysisFiles', 'DecryptFiles']));
    expect(sids(keyed, 'rulesApi')).toEqual(['WriteOwnLogs', 'ReadWriteTables']);
    const statement = roleStatements({ ...ctx, params: keyed }, byKey('ingestAnalysis')).find((s) => s.Sid === 'DecryptFiles');
    expect(statement).toEqual({ Sid: 'DecryptFiles', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [key] });
  });

  it('subscribes the third-party function to each partner bus given', () => {
    const third = (params: DeployContext['params']) =>
      (buildDeployment({ ...ctx, params }).functions.ingestThirdParty as { events: { eventBridge: { eventBus: string } }[] }).events;
    const buses = [
      'arn:aws:events:eu-west-2:123456789012:event-bus/aws.partner/zendesk.com/1/default',
      'arn:aws:events:eu-west-2:123456789012:event-bus/aws.partner/appflow/salesforce.com/2/x',
    ];
    expect(third(checkParams({ ...PARAMS, partnerEventBusArns: buses.join(', ') })).map((e) => e.eventBridge.eventBus)).toEqual(buses);
    expect(() => checkParams({ ...PARAMS, partnerEventBusArns: 'default' })).toThrow(/'default' is not the ARN of a partner event bus/);
    expect(() => checkParams({ ...PARAMS, evaluationsPrefix: 'Analysis/Voice/' })).toThrow(/prefixes overlap/);
  });

  it('deploys no function that nothing invokes: no third-party function, role, queue or alarm without partner buses', () => {
    const without = buildDeployment(ctx);
    expect(ctx.params.partnerEventBusArns).toBe('');
    expect(Object.keys(without.functions)).not.toContain('ingestThirdParty');
    expect(Object.keys(without.resources).filter((id) => id.startsWith('IngestThirdParty'))).toEqual([]);
    expect(Object.keys(without.outputs).filter((id) => id.startsWith('IngestThirdParty'))).toEqual([]);
    // Every function deployed has at least one trigger.
    for (const [key, fn] of Object.entries(without.functions)) expect((fn as { events: unknown[] }).events.length, key).toBeGreaterThan(0);

    const bus = 'arn:aws:events:eu-west-2:123456789012:event-bus/aws.partner/zendesk.com/1/default';
    const withBus = buildDeployment({ ...ctx, params: checkParams({ ...PARAMS, partnerEventBusArns: bus }) });
    expect(Object.keys(withBus.functions)).toContain('ingestThirdParty');
    expect(Object.keys(withBus.resources).filter((id) => id.startsWith('IngestThirdParty')).sort()).toEqual([
      'IngestThirdPartyDeadLetterQueue',
      'IngestThirdPartyDeadLetterQueueAlarm',
      'IngestThirdPartyErrorsAlarm',
      'IngestThirdPartyRole',
      'IngestThirdPartyThrottlesAlarm',
    ]);
  });

  it("pages on the real-time counters that mean rules not applying, watching them as ingestRealtime publishes them", () => {
    // what the function publishes (Powertools EMF), a chat session's too-large state and a call's failed ask
    const published = publishedMetrics([
      ['RealtimeStateTooLarge', 'OnRealTimeChatAnalysisAvailable'],
      ['SessionAttributesUnavailable', 'OnRealTimeCallAnalysisAvailable'],
    ]);
    expect(published.map((m) => m.MetricName).sort()).toEqual(['RealtimeStateTooLarge', 'SessionAttributesUnavailable']);
    for (const m of published) expect(m.Dimensions).toContainEqual({ Name: 'Stage', Value: 'prod' });

    const resources = buildDeployment(ctx).resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const alarms = Object.entries(resources).filter(([id]) => /^IngestRealtime.*Alarm$/.test(id));
    expect(alarms.map(([id]) => id).sort()).toEqual([
      'IngestRealtimeDeadLetterQueueAlarm',
      'IngestRealtimeErrorsAlarm',
      'IngestRealtimeIteratorAgeAlarm',
      'IngestRealtimeRealtimeStateTooLargeAlarm',
      'IngestRealtimeSessionAttributesNotAskedAlarm',
      'IngestRealtimeSessionAttributesUnavailableAlarm',
      'IngestRealtimeThrottlesAlarm',
    ]);
    const watched = (id: string) => (resources[id]!.Properties.Metrics as { MetricStat?: { Metric: unknown } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    // each watches both real-time sources, exactly as published: a wrong dimension set would never fire
    for (const m of published) expect(watched(`IngestRealtime${m.MetricName}Alarm`)).toContainEqual(m);
    const tooLarge = resources.IngestRealtimeRealtimeStateTooLargeAlarm!.Properties;
    expect(tooLarge).toMatchObject({
      AlarmName: 'connect-rules-prod-ingestRealtime-realtime-state-too-large',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(tooLarge.AlarmDescription).toMatch(/^connect-rules-prod-ingestRealtime: a contact's real-time state does not fit/);
    expect(tooLarge.Metrics[0]).toEqual({ Id: 'total', Label: 'RealtimeStateTooLarge, every source', Expression: 'FILL(m0, 0) + FILL(m1, 0)', ReturnData: true });
    expect(resources.IngestRealtimeSessionAttributesUnavailableAlarm!.Properties.Threshold).toBe(5);
    // the metric snapshots' unqueued agents page no one
    expect(Object.keys(resources).filter((id) => id.includes('AgentRowsWithoutQueue'))).toEqual([]);
  });

  it('pages once for the stack on a broken rule, a dropped cascade and a waiting file gone, whichever source and function counted it', () => {
    // as the ingestion functions publish them (Powertools EMF), under sources no metric-math alarm could list all of
    const published = publishedMetrics([
      ['RuleErrors', 'OnZendeskTicketStatusUpdate'],
      ['RuleErrors', 'OnScheduleTimeOffRequestActivity'],
      ['CascadeLimitReached', 'OnCaseUpdate'],
      ['PendingFileGone', 'OnContactEvaluationSubmit'],
    ]);
    const resources = buildDeployment(ctx).resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const expected = { RuleErrors: 'rule-errors', CascadeLimitReached: 'cascade-limit-reached', PendingFileGone: 'pending-file-gone' } as const;
    for (const [metric, name] of Object.entries(expected)) {
      const alarm = resources[`${metric}Alarm`]!;
      expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
      expect(alarm.Properties).toMatchObject({
        AlarmName: `connect-rules-prod-${name}`,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: 'AlarmTopic' }],
        OKActions: [{ Ref: 'AlarmTopic' }],
      });
      expect(alarm.Properties.AlarmDescription).toMatch(/^connect-rules-prod: /);
      const [query, ...others] = alarm.Properties.Metrics as { Expression: string; Period: number; ReturnData: boolean }[];
      expect(others).toEqual([]);
      expect(query).toMatchObject({ Period: 300, ReturnData: true });
      // the query sums the counter over every series with exactly the published dimensions and their fixed values
      const parsed = /^SELECT SUM\("(\w+)"\) FROM SCHEMA\("(\w+)", ((?:"\w+", )*"\w+")\) WHERE (.+)$/.exec(query!.Expression);
      expect(parsed, query!.Expression).not.toBeNull();
      const [, queried, namespace, schema, where] = parsed!;
      const dims = schema!.split(', ').map((d) => d.slice(1, -1));
      const filters = Object.fromEntries(where!.split(' AND ').map((f) => /^"(\w+)" = '([^']*)'$/.exec(f)!.slice(1)));
      const series = published.filter((m) => m.MetricName === metric);
      expect(series.length).toBeGreaterThan(0);
      for (const m of series) {
        expect([queried, namespace]).toEqual([m.MetricName, m.Namespace]);
        expect(dims.sort()).toEqual(m.Dimensions.map((d) => d.Name).sort());
        for (const [dim, value] of Object.entries(filters)) expect(m.Dimensions).toContainEqual({ Name: dim, Value: value });
      }
      // this stage's series only, every source summed: a source not listed here still pages, another stage's count does not
      expect(filters).toEqual({ service: 'connect-rules-ingest', Stage: 'prod' });
    }
  });

  it("subscribes each function on the engine's bus to its own detail-types only", () => {
    type Events = { eventBridge?: { eventBus?: unknown; pattern: Record<string, unknown> } }[];
    const onEngineBus = (key: string) =>
      (buildDeployment(ctx).functions[key] as { events: Events }).events
        .filter((e) => JSON.stringify(e.eventBridge?.eventBus) === JSON.stringify({ Ref: 'EngineEventBus' }))
        .map((e) => e.eventBridge!.pattern);
    expect(onEngineBus('ingestCanonical')).toEqual([
      { 'detail-type': ['Connect Rules Contact Evaluation Submitted', 'Connect Rules SLA Breached', 'Connect Rules Trigger Event'] },
    ]);
    expect(onEngineBus('ingestMetrics')).toEqual([{ 'detail-type': ['Connect Rules Metric Snapshot'] }]);
  });

  it('gives the functions that run actions what their back end needs, and nothing for none', () => {
    const ingest = FUNCTIONS.find((f) => f.key === 'ingestCases')!;
    const with_ = (backend: string) => {
      const params = checkParams({ ...PARAMS, actionsBackend: backend });
      const d = buildDeployment({ ...ctx, params });
      const fn = d.functions.ingestCases as { environment: Record<string, unknown> };
      const statements = roleStatements({ ...ctx, params }, ingest);
      return { env: fn.environment, sids: statements.map((st) => st.Sid), statements };
    };
    const aws = with_('aws');
    expect(aws.env).toMatchObject({
      CONNECT_RULES_ACTIONS_BACKEND: 'aws',
      CONNECT_RULES_EVENT_BUS: 'connect-rules-prod',
      CONNECT_RULES_EVENT_SOURCE: 'connect-rules',
      CONNECT_RULES_CASES_DOMAIN_ID: 'd-1234',
      CONNECT_RULES_EMAIL_FROM: 'rules@example.com',
      CONNECT_RULES_CASES_DOMAINS: 'd-1234=11111111-2222-3333-4444-555555555555',
      CONTACTS_TABLE: 'connect-rules-prod-contacts',
      OUTBOX_TABLE: 'connect-rules-prod-outbox',
      ACTION_LEDGER_TABLE: 'connect-rules-prod-ledger',
    });
    expect(aws.env).not.toHaveProperty('USERS_TABLE');
    expect(aws.sids).toEqual(expect.arrayContaining(['ConnectActions', 'CasesActions', 'PutEngineEvents']));
    // No Cases source allows SEND_NOTIFICATION (test/deploy/action-grants.test.ts).
    expect(aws.sids).not.toContain('SendEmail');
    expect(aws.statements.find((st) => st.Sid === 'ConnectActions')!.Resource).toEqual([
      PARAMS.connectInstanceArn,
      `${PARAMS.connectInstanceArn}/*`,
    ]);
    expect(aws.statements.find((st) => st.Sid === 'CasesActions')!.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:cases:${AWS::Region}:${AWS::AccountId}:domain/d-1234' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:cases:${AWS::Region}:${AWS::AccountId}:domain/d-1234/*' },
    ]);

    const local = with_('local');
    expect(local.env).toMatchObject({ CONNECT_RULES_ACTIONS_BACKEND: 'local', USERS_TABLE: 'connect-rules-prod-users', EVALUATIONS_TABLE: 'connect-rules-prod-evaluations' });
    expect(local.sids).not.toContain('ConnectActions');
    expect(local.sids).not.toContain('SendEmail');

    const none = with_('none');
    expect(none.env).not.toHaveProperty('CONNECT_RULES_ACTIONS_BACKEND');
    expect(none.env).not.toHaveProperty('CONTACTS_TABLE');
    expect(none.sids).not.toContain('PutEngineEvents');

    // The rules API runs no action whatever the back end.
    expect(roleStatements(ctx, FUNCTIONS.find((f) => f.key === 'rulesApi')!).map((st) => st.Sid)).toEqual(['WriteOwnLogs', 'ReadWriteTables']);
    expect(() => checkParams({ ...PARAMS, actionsBackend: 'aws', emailFrom: '' })).toThrow(/emailFrom: required by the aws actions back end/);
    expect(() => checkParams({ ...PARAMS, actionsBackend: 'cloud' })).toThrow(/'cloud' is not one of aws, local, none/);
    // Packaging reads the raw parameter, before checkParams.
    expect(() => packagedActionsDefine('cloud')).toThrow(/'cloud' is not one of aws, local, none/);
    expect(checkParams({ ...PARAMS, actionsBackend: 'none', emailFrom: '', casesDomainId: '' }).actionsBackend).toBe('none');
  });

  it('protects data tables and lets state tables go with the stack', () => {
    const { resources } = buildDeployment(ctx);
    for (const def of Object.values(TABLES)) {
      const table = resources[def.logicalId] as { DeletionPolicy: string; Properties: Record<string, unknown> };
      expect(table.Properties.DeletionProtectionEnabled).toBe(isDataTable(def));
      expect(table.DeletionPolicy).toBe(isDataTable(def) ? 'Retain' : 'Delete');
    }
    expect(isDataTable(TABLES.rules!)).toBe(true);
    if (TABLES.ledger) expect(isDataTable(TABLES.ledger)).toBe(false);
  });

  it('reserves the concurrency the parameter names for each function, and only for those', () => {
    const params = checkParams({ ...PARAMS, reservedConcurrency: 'ingestAnalysis=20, rulesApi = 5' });
    const { functions } = buildDeployment({ ...ctx, params });
    const reserved = Object.fromEntries(
      Object.entries(functions).flatMap(([key, fn]) => ('reservedConcurrency' in (fn as object) ? [[key, (fn as { reservedConcurrency: number }).reservedConcurrency]] : [])),
    );
    expect(reserved).toEqual({ ingestAnalysis: 20, rulesApi: 5 });
    expect(() => buildDeployment({ ...ctx, params: checkParams({ ...PARAMS, reservedConcurrency: 'ingestAnalysys=20' }) })).toThrow(
      /reservedConcurrency: no function 'ingestAnalysys' \(functions: rulesApi, .*ingestAnalysis/,
    );
    expect(() => checkParams({ ...PARAMS, reservedConcurrency: 'rulesApi=0' })).toThrow(/'rulesApi=0' is not function=N/);
    expect(() => checkParams({ ...PARAMS, reservedConcurrency: 'rulesApi' })).toThrow(/'rulesApi' is not function=N/);
  });

  it('throttles the HTTP API stage at the rate and burst given, keeping its detailed metrics', () => {
    const stage = (params: DeployContext['params']) => buildDeployment({ ...ctx, params }).extensions.HttpApiStage;
    expect(stage(ctx.params)).toEqual({
      Properties: { DefaultRouteSettings: { DetailedMetricsEnabled: true, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } },
    });
    expect(stage(checkParams({ ...PARAMS, apiThrottlingRateLimit: '', apiThrottlingBurstLimit: '' }))).toBeUndefined();
    expect(() => checkParams({ ...PARAMS, apiThrottlingRateLimit: 'fast', apiThrottlingBurstLimit: '1.5' })).toThrow(
      /apiThrottlingRateLimit: 'fast' is not a number[\s\S]*apiThrottlingBurstLimit: '1.5' is not a whole number/,
    );
  });

  it('subscribes the alarm email only when one is given', () => {
    expect(buildDeployment(ctx).resources.AlarmEmailSubscription).toBeUndefined();
    const withEmail = buildDeployment({ ...ctx, params: { ...ctx.params, alarmEmail: 'ops@example.com' } });
    expect(withEmail.resources.AlarmEmailSubscription).toMatchObject({ Properties: { Protocol: 'email', Endpoint: 'ops@example.com' } });
  });

  it('refuses unknown tables and duplicate function keys', () => {
    const spec: FunctionSpec = { key: 'y', handler: 'functions/y.handler', description: 'y', trigger: { kind: 'http', routes: [] }, tables: { nope: 'read' } };
    expect(() => buildDeployment(ctx, [spec])).toThrow(/function y: unknown table 'nope'/);
    expect(() => buildDeployment(ctx, [FUNCTIONS[0]!, FUNCTIONS[0]!])).toThrow(/used twice/);
  });
});

/**
 * The series an ingestion function deployed by `buildDeployment(ctx)` publishes (Powertools EMF on stdout) for
 * these counts: the pipeline's Telemetry through the functions' own Metrics, in the environment the stack gives them.
 */
function publishedMetrics(counts: [MetricName, string][]): { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }[] {
  const env = (buildDeployment(ctx).functions.ingestRealtime as { environment: Record<string, string> }).environment;
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const telemetry = new Telemetry(undefined, createIngestMetrics(env));
    for (const [metric, source] of counts) telemetry.count(metric, source);
    telemetry.flush();
  } finally {
    spy.mockRestore();
    vi.unstubAllEnvs();
  }
  return lines.map((l) => JSON.parse(l)).flatMap((doc) =>
    doc._aws.CloudWatchMetrics.flatMap((m: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }) =>
      m.Metrics.map(({ Name }) => ({ Namespace: m.Namespace, MetricName: Name, Dimensions: m.Dimensions[0]!.map((d) => ({ Name: d, Value: doc[d] })) })),
    ),
  );
}
