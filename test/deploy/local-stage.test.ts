/**
 * The `local` stage (deploy/local-stage.ts): every function's environment is literal
 * (nothing for CloudFormation to resolve), its tables are the ones `connect-rules
 * serve` creates, its DynamoDB the shell's endpoint or 127.0.0.1:8000; every function
 * has a sample event under events/ in the format of its trigger (a function added
 * without one fails here).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDeployment, checkParams, type DeployContext } from '../../deploy/serverless.ts';
import { bundleExtension, bundleFolder, offlineSettings } from '../../deploy/local-stage.ts';

const PARAMS = checkParams({
  connectInstanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  analysisBucket: 'amazon-connect-local',
  analysisPrefix: 'connect/anycompany/Analysis/',
  evaluationsPrefix: 'connect/anycompany/Evaluations/',
  ctrStreamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr',
  realtimeStreamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-rtca-segments',
  partnerEventBusArns: 'arn:aws:events:us-east-1:111122223333:event-bus/aws.partner/zendesk.com/local',
  eventSource: 'connect-rules',
  actionsBackend: 'local',
  logLevel: 'INFO',
});

const environments = (ctx: DeployContext) =>
  Object.fromEntries(Object.entries(buildDeployment(ctx).functions).map(([key, fn]) => [key, (fn as { environment: Record<string, unknown> }).environment]));

describe('every stage', () => {
  it('every environment value is a literal string: no Ref, no account variable', () => {
    for (const stage of ['prod', 'local']) {
      const envs = environments({ service: 'connect-rules', stage, params: PARAMS, env: {} });
      expect(Object.keys(envs).length).toBeGreaterThan(10);
      for (const [fn, env] of Object.entries(envs)) {
        for (const [name, value] of Object.entries(env)) expect(typeof value, `${stage} ${fn} ${name}`).toBe('string');
        expect(env, fn).not.toHaveProperty('CONNECT_RULES_ACCOUNT_ID');
      }
    }
  });

  it('a deployed stage names tables <service>-<stage>-<key> and the bus <service>-<stage>, and gets nothing of the local stage', () => {
    const { rulesApi, ingestRealtime } = environments({ service: 'connect-rules', stage: 'prod', params: PARAMS, env: { RULES_TABLE: 'mine', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' } });
    expect(rulesApi).toEqual({ RULES_TABLE: 'connect-rules-prod-rules' });
    // a live session's attributes are asked of Connect when no stored record tells them
    expect(ingestRealtime).toMatchObject({ PIPELINE_STATE_TABLE: 'connect-rules-prod-pipelineState', CONNECT_RULES_EVENT_BUS: 'connect-rules-prod', CONNECT_RULES_CONTACT_ATTRIBUTES: 'connect' });
    expect(ingestRealtime).not.toHaveProperty('AWS_ENDPOINT_URL_DYNAMODB');
    expect(ingestRealtime).not.toHaveProperty('AWS_ACCESS_KEY_ID');
  });

  it('a deployed stage puts the engine events of the evaluation API and the SLA sweeper on the bus: no outbox variable', () => {
    const envs = environments({ service: 'connect-rules', stage: 'prod', params: PARAMS, env: { CONNECT_RULES_ENGINE_EVENTS: 'outbox' } });
    for (const [fn, env] of Object.entries(envs)) expect(env, fn).not.toHaveProperty('CONNECT_RULES_ENGINE_EVENTS');
    expect(envs.evaluationApi).toEqual({
      EVALUATIONS_TABLE: 'connect-rules-prod-evaluations',
      CONTACTS_TABLE: 'connect-rules-prod-contacts',
      CONNECT_RULES_EVENT_BUS: 'connect-rules-prod',
      CONNECT_RULES_EVENT_SOURCE: 'connect-rules',
    });
  });
});

describe('the local stage', () => {
  it("uses the tables `connect-rules serve` creates, DynamoDB Local on 127.0.0.1:8000 with dummy credentials, S3 objects from events/s3", () => {
    const { rulesApi, ingestRealtime } = environments({ service: 'connect-rules', stage: 'local', params: PARAMS, env: {}, serviceDir: '/srv/connect-rules' });
    expect(rulesApi).toEqual({
      RULES_TABLE: 'connect-rules-local-rules',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_DEFAULTS_MODE: 'standard',
      AWS_RETRY_MODE: 'standard',
      CONNECT_RULES_S3_DIR: '/srv/connect-rules/events/s3',
      CONNECT_RULES_LOCAL_DYNAMODB: '1',
      // the samples are past contacts: the rules the walk-through creates must apply to them
      CONNECT_RULES_NEW_CONTACTS_ONLY: 'false',
    });
    expect(ingestRealtime).toMatchObject({
      RULES_TABLE: 'connect-rules-local-rules',
      PIPELINE_STATE_TABLE: 'connect-rules-local-pipeline-state',
      IDEMPOTENCY_TABLE: 'connect-rules-local-idempotency',
      ACTION_LEDGER_TABLE: 'connect-rules-local-action-ledger',
      OUTBOX_TABLE: 'connect-rules-local-outbox',
      CONNECT_RULES_ACTIONS_BACKEND: 'local',
      // no Connect to ask a live session's attributes of
      CONNECT_RULES_CONTACT_ATTRIBUTES: 'none',
    });
  });

  it("the functions that put engine events themselves (evaluation API, SLA sweeper) put them in serve's outbox: there is no EventBridge", () => {
    const envs = environments({ service: 'connect-rules', stage: 'local', params: PARAMS, env: { OUTBOX_TABLE: 'my-outbox' } });
    const outboxed = Object.entries(envs).filter(([, env]) => env.CONNECT_RULES_ENGINE_EVENTS !== undefined);
    expect(outboxed.map(([fn, env]) => [fn, env.CONNECT_RULES_ENGINE_EVENTS, env.OUTBOX_TABLE]).sort()).toEqual([
      ['evaluationApi', 'outbox', 'my-outbox'],
      ['slaSweeper', 'outbox', 'my-outbox'],
    ]);
  });

  it("follows the shell osls runs in, as serve does: the tables' variables, the SDK's endpoint variable, the objects folder", () => {
    const env = { RULES_TABLE: 'my-rules', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8123', CONNECT_RULES_S3_DIR: '/tmp/objects', CONNECT_RULES_NEW_CONTACTS_ONLY: 'true' };
    const { rulesApi, ingestAnalysis } = environments({ service: 'connect-rules', stage: 'local', params: PARAMS, env });
    expect(rulesApi).toMatchObject({ RULES_TABLE: 'my-rules', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8123', CONNECT_RULES_S3_DIR: '/tmp/objects' });
    // the deployed functions' rule for contacts begun before a rule, when the shell asks for it
    expect(ingestAnalysis?.CONNECT_RULES_NEW_CONTACTS_ONLY).toBe('true');
    // the tables the template would create carry the same names
    const rules = buildDeployment({ service: 'connect-rules', stage: 'local', params: PARAMS, env }).resources.RulesTable as { Properties: { TableName: string } };
    expect(rules.Properties.TableName).toBe('my-rules');
  });

  it('serverless-offline skips the IAM authorizer on the local stage only; local bundles are .js, in their own folder', () => {
    expect(offlineSettings('local')).toMatchObject({ noAuth: true });
    expect(offlineSettings('prod')).toMatchObject({ noAuth: false });
    expect(bundleExtension('local')).toBe('.js');
    expect(bundleExtension('prod')).toBe('.mjs');
    expect(bundleFolder('local')).toBe('.esbuild-local');
    expect(bundleFolder('ci')).toBe('.esbuild');
  });
});

describe('events/: a sample event per function, in the format of its trigger', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  const deployment = buildDeployment({ service: 'connect-rules', stage: 'local', params: PARAMS, env: {} });
  const samples = (fn: string) => {
    const dir = join(ROOT, 'events', fn);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };
  type Event = { httpApi?: { method: string; path: string }; stream?: unknown; s3?: unknown; eventBridge?: unknown; schedule?: unknown };
  type Sample = Record<string, unknown> & { Records?: Record<string, unknown>[] };
  /** What a sample of each trigger kind looks like (a batch through SQS is accepted for the EventBridge ones). */
  const FORMAT: Record<string, (sample: Sample, events: Event[]) => void> = {
    httpApi: (sample, events) => {
      expect(sample.version).toBe('2.0');
      expect(events.map((e) => `${e.httpApi!.method} ${e.httpApi!.path}`)).toContain(sample.routeKey);
    },
    stream: (sample) => expect(sample.Records!.map((r) => r.eventSource)).toEqual(sample.Records!.map(() => 'aws:kinesis')),
    s3: (sample) => {
      for (const r of sample.Records!) {
        expect(r.eventSource).toBe('aws:s3');
        const { bucket, object } = r.s3 as { bucket: { name: string }; object: { key: string } };
        expect(existsSync(join(ROOT, 'events/s3', bucket.name, decodeURIComponent(object.key.replace(/\+/g, ' '))))).toBe(true);
      }
    },
    eventBridge: (sample) => {
      if (sample.Records) expect(sample.Records.map((r) => r.eventSource)).toEqual(sample.Records.map(() => 'aws:sqs'));
      else expect(sample).toMatchObject({ version: '0', 'detail-type': expect.any(String), source: expect.any(String), detail: expect.any(Object) });
    },
    schedule: (sample) => expect(sample).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events' }),
  };

  it.each(Object.keys(deployment.functions))('%s has one at least, each in the format of what invokes it', (fn) => {
    const files = samples(fn);
    expect(files.length, `events/${fn}/`).toBeGreaterThan(0);
    const events = (deployment.functions[fn] as { events: Event[] }).events;
    const kind = Object.keys(events[0]!)[0]!;
    for (const file of files) FORMAT[kind]!(JSON.parse(readFileSync(join(ROOT, 'events', fn, file), 'utf8')) as Sample, events);
  });
});
