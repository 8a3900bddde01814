/**
 * Reading a generated CloudFormation template: resources by type, IAM statements
 * with where they come from, intrinsic functions rendered as text, and the checks
 * every deployment of deploy/serverless.ts must pass (shared by the real service
 * and the fixture service of test/deploy/package.test.ts).
 */
import { expect } from 'vitest';
import { TABLES } from '../../storage/tables.ts';
import {
  ASYNC_TRIGGERS,
  WILDCARD_RESOURCE_EXCEPTIONS,
  deployedSpecs,
  dlqLogicalId,
  effectiveSpec,
  isDataTable,
  lambdaLogicalId,
  logicalName,
  roleLogicalId,
  roleStatements,
  type DeployContext,
  type FunctionSpec,
} from '../../deploy/serverless.ts';

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, unknown>;
}

export const ofType = (t: Template, type: string): [string, Resource][] =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** `{Ref: X}` → `${X}`, `{Fn::GetAtt: [X, Arn]}` → `${X.Arn}`, Fn::Sub / Fn::Join → their text. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) return `\${${v.Ref}}`;
    if ('Fn::GetAtt' in v) return `\${${[].concat(v['Fn::GetAtt']).join('.')}}`;
    if ('Fn::Sub' in v) return typeof v['Fn::Sub'] === 'string' ? v['Fn::Sub'] : render(v['Fn::Sub'][0]);
    if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}

export interface Located {
  readonly where: string;
  readonly statement: Record<string, any>;
}

/** Every statement of every identity policy (inline role policies, AWS::IAM::Policy, managed policies). */
export function iamStatements(t: Template): Located[] {
  const out: Located[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    const docs: unknown[] = [];
    if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties?.Policies ?? []) docs.push(p.PolicyDocument);
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') docs.push(r.Properties?.PolicyDocument);
    for (const doc of docs) {
      for (const s of [].concat((doc as any)?.Statement ?? [])) out.push({ where: id, statement: s });
    }
  }
  return out;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A resource that stands for every resource of a service or account (`*`, `arn:...:*`, `function:*`). */
export function isWildcardResource(rendered: string): boolean {
  return (
    rendered === '*' ||
    /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(rendered) ||
    /:function:\*$/.test(rendered) ||
    /:(table|stream|queue|instance|identity|event-bus)\/\*$/.test(rendered)
  );
}

/** Problems with the identity policies: wildcard actions, NotAction/NotResource, wildcard resources outside the exceptions. */
export function iamProblems(t: Template): string[] {
  const problems: string[] = [];
  for (const { where, statement: s } of iamStatements(t)) {
    if (s.Effect !== 'Allow') continue;
    if (s.NotAction || s.NotResource) problems.push(`${where}: NotAction/NotResource`);
    const actions = list(s.Action).map(String);
    for (const a of actions) if (a.includes('*')) problems.push(`${where}: wildcard action ${a}`);
    for (const r of list(s.Resource).map(render)) {
      if (!isWildcardResource(r)) continue;
      const unexcused = actions.filter((a) => !(a in WILDCARD_RESOURCE_EXCEPTIONS));
      if (r !== '*' || unexcused.length > 0) problems.push(`${where}: ${actions.join(',')} on ${r}`);
    }
  }
  return problems;
}

/** The checks every deployment must pass, whatever its functions. */
export function checkDeployment(t: Template, ctx: DeployContext, specs: readonly FunctionSpec[]): void {
  const R = t.Resources;

  // No shared role: each function has its own, exactly as deploy/serverless.ts wrote it.
  expect(R.IamRoleLambdaExecution).toBeUndefined();
  const deployed = deployedSpecs(ctx, specs);
  for (const declared of specs.filter((s) => !deployed.some((d) => d.key === s.key))) {
    expect(R[lambdaLogicalId(declared.key)], `${declared.key}: nothing invokes it, so it is not deployed`).toBeUndefined();
    expect(R[roleLogicalId(declared.key)]).toBeUndefined();
  }
  for (const declared of deployed) {
    const spec = effectiveSpec(ctx.params, declared);
    expect(R[roleLogicalId(spec.key)]?.Properties?.Policies[0].PolicyDocument.Statement, `role of ${spec.key}`).toEqual(
      roleStatements(ctx, declared),
    );
    const fn = R[lambdaLogicalId(spec.key)];
    expect(fn, `function ${spec.key}`).toBeDefined();
    expect(fn!.Properties).toMatchObject({
      FunctionName: `${ctx.service}-${ctx.stage}-${spec.key}`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: spec.handler,
      Role: { 'Fn::GetAtt': [roleLogicalId(spec.key), 'Arn'] },
    });
    expect(R[roleLogicalId(spec.key)]?.Type).toBe('AWS::IAM::Role');
    // Each table the function names is in its environment, by the literal name the stack gives the table.
    for (const key of Object.keys(spec.tables)) {
      const def = TABLES[key]!;
      expect(fn!.Properties!.Environment.Variables[def.envVar]).toBe(`${ctx.service}-${ctx.stage}-${def.key}`);
      expect(R[def.logicalId]?.Properties?.TableName).toBe(`${ctx.service}-${ctx.stage}-${def.key}`);
    }
    expect(R[`${logicalName(spec.key)}ErrorsAlarm`]?.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: lambdaLogicalId(spec.key) } }],
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    // The pipeline counters its spec pages on are in the template osls wrote, on the alarm topic.
    for (const watched of spec.metricAlarms ?? []) {
      const alarm = R[`${logicalName(spec.key)}${watched.metric}Alarm`]?.Properties;
      expect(alarm, `${spec.key}: alarm on ${watched.metric}`).toMatchObject({ Threshold: watched.threshold, AlarmActions: [{ Ref: 'AlarmTopic' }] });
      expect(alarm!.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map((m: { MetricStat: { Metric: { MetricName: string } } }) => m.MetricStat.Metric.MetricName)).toEqual(
        watched.sources.map(() => watched.metric),
      );
    }

    const dlq = dlqLogicalId(spec.key);
    const needsDlq = ASYNC_TRIGGERS.has(spec.trigger.kind) || spec.trigger.kind === 'kinesis';
    expect(R[dlq]?.Type, `dead-letter queue of ${spec.key}`).toBe(needsDlq ? 'AWS::SQS::Queue' : undefined);
    if (needsDlq) {
      expect(R[`${logicalName(spec.key)}DeadLetterQueueAlarm`]?.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 1,
      });
    }
    if (ASYNC_TRIGGERS.has(spec.trigger.kind)) {
      const configs = ofType(t, 'AWS::Lambda::EventInvokeConfig').filter(
        ([, r]) => r.Properties!.FunctionName.Ref === lambdaLogicalId(spec.key),
      );
      expect(configs, `EventInvokeConfig of ${spec.key}`).toHaveLength(1);
      expect(configs[0]![1].Properties).toMatchObject({
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
        MaximumRetryAttempts: expect.any(Number),
      });
    }
    if (spec.trigger.kind === 'kinesis') {
      const mappings = ofType(t, 'AWS::Lambda::EventSourceMapping').filter(
        ([, r]) => r.Properties!.FunctionName['Fn::GetAtt']?.[0] === lambdaLogicalId(spec.key),
      );
      expect(mappings, `event source mapping of ${spec.key}`).toHaveLength(1);
      const p = mappings[0]![1].Properties!;
      expect(p).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      });
      expect(p.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
      expect(p.MaximumRetryAttempts).toBeLessThanOrEqual(10);
      expect(p.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      expect(R[`${logicalName(spec.key)}IteratorAgeAlarm`]?.Properties?.MetricName).toBe('IteratorAge');
    }
    if (spec.trigger.kind === 'http') {
      for (const route of spec.trigger.routes) {
        const found = ofType(t, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties!.RouteKey === `${route.method} ${route.path}`);
        expect(found, `route ${route.method} ${route.path}`).toBeDefined();
        expect(found![1].Properties!.AuthorizationType).toBe('AWS_IAM');
      }
    }
  }
  if (deployed.some((s) => s.trigger.kind === 'http')) {
    expect(R.HttpApi5xxAlarm?.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' });
  }

  // Tables: every one of TABLES, as defined there.
  for (const def of Object.values(TABLES)) {
    const table = R[def.logicalId];
    expect(table?.Type, `table ${def.key}`).toBe('AWS::DynamoDB::Table');
    const p = table!.Properties!;
    expect(p.TableName).toBe(`${ctx.service}-${ctx.stage}-${def.key}`);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.KeySchema).toEqual(def.keySchema);
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual(def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : undefined);
    expect(p.DeletionProtectionEnabled, `deletion protection of ${def.key}`).toBe(isDataTable(def));
    expect(table!.DeletionPolicy).toBe(isDataTable(def) ? 'Retain' : 'Delete');
  }

  expect(iamProblems(t)).toEqual([]);
}
