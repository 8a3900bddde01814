/**
 * The Serverless local toolchain on the `local` stage (deploy/local-stage.ts), as the
 * README's "Serverless local toolchain" runs it, against the shared DynamoDB Local
 * (this file's tables: the stage takes the tables' variables of the shell, as
 * `connect-rules serve` does):
 *
 * - `osls invoke local -f <fn> -p events/<fn>/<case>.json`: the rules API creates the
 *   sample rule, which the real SDK then lists; the real-time ingestion function runs
 *   the sample segments through it, and `connect-rules outbox` shows the rule's
 *   EventBridge action;
 * - `osls invoke local -f evaluationApi -p events/evaluationApi/submit-contact-evaluation.json`
 *   answers 200 and its OnContactEvaluationSubmit event lands in the outbox (no
 *   EventBridge locally); `connect-rules outbox --lambda-event <id>` piped into
 *   `osls invoke local -f ingestCanonical` runs it through the rules: the rule's
 *   EventBridge action is in the outbox;
 * - `osls invoke local -f ingestAnalysis`, then `-f ingestContactRecords`: the S3 sample's analysis
 *   file is read from events/s3 (the folder reader only this stage's bundles hold), and a
 *   post-call rule on it fires once its CTR is in;
 * - `osls offline`: the real @aws-sdk/client-connect creates and lists a rule.
 *
 * Each osls run bundles with esbuild first (one function for invoke local, all of
 * them for offline), hence the long but bounded waits.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CreateRuleCommand, ListRulesCommand, type EventSourceName, type RuleAction } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.ts';
import { unusedPort } from '../support/ports.ts';
import { createTables, dynamoDbClient, freshTables, sharedDynamoDb } from '../support/dynamodb.ts';
import { createLocalActionRuntime } from '../../engine/actions/local/backend.ts';
import { TABLES } from '../../storage/tables.ts';
import { connectClient, newInstanceId, realTimeRule, startApi } from '../support/rules-api.ts';
import { STARTUP_LIMITS, watchProgress } from '../support/watched-run.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OSLS = join(ROOT, 'node_modules/osls/bin/serverless.js');
/** The instance of the samples in events/. */
const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const run = promisify(execFile);

/** The shell of a user who started `connect-rules serve`: its DynamoDB Local, this file's tables, no AWS account. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (/^AWS_/.test(k)) delete env[k];
  env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  env.AWS_ENDPOINT_URL_DYNAMODB = sharedDynamoDb().endpoint;
  return env;
}

/** The handler's result: the JSON osls prints last. */
function resultOf(stdout: string): Record<string, unknown> {
  const start = stdout.lastIndexOf('\n{\n');
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  return JSON.parse(stdout.slice(start + 1)) as Record<string, unknown>;
}

/** `osls invoke local --stage local -f fn -p <file>` (a path under events/<fn>/, or absolute). */
async function invokeLocal(fn: string, file: string, env = userEnv()): Promise<Record<string, unknown>> {
  const path = isAbsolute(file) ? file : `events/${fn}/${file}`;
  const { stdout, stderr } = await run(process.execPath, [OSLS, 'invoke', 'local', '--stage', 'local', '-f', fn, '-p', path], { cwd: ROOT, env, timeout: 150_000, maxBuffer: 16 << 20 });
  // The local stage silences the AWS SDK's notice that its 2027 releases need Node 22 (deploy/local-stage.ts), printed on Node 20.
  expect(stderr).not.toContain('NodeVersionSupportWarning');
  return resultOf(stdout);
}

/** `... | osls invoke local --stage local -f fn`: the event on standard input, as a shell pipe gives it. */
function invokeLocalPiped(fn: string, input: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [OSLS, 'invoke', 'local', '--stage', 'local', '-f', fn], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 150_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(resultOf(stdout));
      else reject(new Error(`osls invoke local -f ${fn} exited ${code}:\n${stdout}\n${stderr}`));
    });
    child.stdin.end(input);
  });
}

const dynamoDb = dynamoDbClient();
beforeAll(async () => {
  await createTables(dynamoDb);
});
afterAll(() => dynamoDb.destroy());

/** Tables of one test only (the outbox of the sample instance then holds nothing else), and the shell that names them. */
async function freshEnv(): Promise<{ names: Record<string, string>; tables: Record<string, string>; env: NodeJS.ProcessEnv }> {
  const names = await freshTables(dynamoDb, Object.keys(TABLES));
  const tables = Object.fromEntries(Object.entries(names).map(([key, name]) => [TABLES[key]!.envVar, name]));
  return { names, tables, env: { ...userEnv(), ...tables } };
}

/** A published rule of the sample instance, created through the rules API by the real SDK. */
async function createRule(rulesTable: string, name: string, source: EventSourceName, ruleFunction: unknown, actions: RuleAction[]): Promise<void> {
  const api = await startApi({ rulesTable });
  const client = connectClient(api.url);
  try {
    await client.send(
      new CreateRuleCommand({
        InstanceId: INSTANCE,
        Name: name,
        TriggerEventSource: { EventSourceName: source },
        Function: JSON.stringify({ Version: '2022-11-25', RuleFunction: ruleFunction }),
        Actions: actions,
        PublishStatus: 'PUBLISHED',
      }),
    );
  } finally {
    client.destroy();
    await api.close();
  }
}

describe('osls invoke local --stage local', () => {
  it("the rules API creates the sample rule, the SDK lists it, the real-time function runs the segments through it: its action is in the outbox", async () => {
    const created = await invokeLocal('rulesApi', 'create-rule.json');
    expect(created).toMatchObject({ statusCode: 200 });
    const ruleId = (JSON.parse(created.body as string) as { RuleId: string }).RuleId;

    // The rule is there for the real SDK, through the same tables.
    const api = await startApi();
    const client = connectClient(api.url);
    try {
      const listed = await client.send(new ListRulesCommand({ InstanceId: INSTANCE, PublishStatus: 'PUBLISHED', EventSourceName: 'OnRealTimeCallAnalysisAvailable' }));
      expect(listed.RuleSummaryList!.map((r) => [r.Name, r.RuleId])).toEqual([['refund-mentioned', ruleId]]);
    } finally {
      client.destroy();
      await api.close();
    }

    expect(await invokeLocal('ingestRealtime', 'kinesis-segments.json')).toEqual({ batchItemFailures: [] });
    const outbox = await runCliAsync(['outbox', '--endpoint', sharedDynamoDb().endpoint, '--instance', INSTANCE, '--events', '--json']);
    expect(outbox.status, outbox.stderr).toBe(0);
    const { events } = JSON.parse(outbox.stdout) as { events: { DetailType: string; Detail: { ruleName: string; actionName: string; contactArn: string } }[] };
    expect(events.map((e) => [e.DetailType, e.Detail.ruleName, e.Detail.actionName, e.Detail.contactArn])).toEqual([
      ['Contact Lens Realtime Rules Matched', 'refund-mentioned', 'REFUND_MENTIONED', `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact/b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a`],
    ]);
  }, 400_000);
});

describe('osls invoke local --stage local: S3 objects from events/s3 (only this stage packages the folder reader)', () => {
  it("the analysis file the S3 sample names is read from the folder at the notification and again at the CTR's arrival: the post-call rule fires", async () => {
    const { names, tables, env } = await freshEnv();
    const exactMatch = {
      Operator: 'CONTAINS_ANY',
      Operands: ['cancel my account'],
      ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }] },
      Negate: false,
    };
    await createRule(names.rules!, 'cancellation', 'OnPostCallAnalysisAvailable', { Operator: 'AND', Operands: [exactMatch] }, [
      { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} },
      { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'RETENTION' } },
    ]);
    const matched = async () => {
      const shown = await runCliAsync(['outbox', '--endpoint', sharedDynamoDb().endpoint, '--events', '--json'], { env: tables });
      expect(shown.status, shown.stderr).toBe(0);
      return (JSON.parse(shown.stdout) as { events: { Detail: { ruleName: string; actionName: string } }[] }).events.map((e) => [e.Detail.ruleName, e.Detail.actionName]);
    };

    // The folder is where they read: in one without the file, the notification fails naming it (and is not taken as done).
    const label = `s3://amazon-connect-local/connect/anycompany/Analysis/Voice/2025/03/11/b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a_analysis_2025-03-11T14-05-16Z.json`;
    const empty = mkdtempSync(join(tmpdir(), 'connect-rules-s3-dir-'));
    try {
      await expect(invokeLocal('ingestAnalysis', 's3-put.json', { ...env, CONNECT_RULES_S3_DIR: empty })).rejects.toMatchObject({
        stdout: expect.stringContaining(`${label}: no file ${join(empty, 'amazon-connect-local')}`),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    // The analysis before its contact record: read from events/s3 (its contact found in it), kept waiting.
    expect(await invokeLocal('ingestAnalysis', 's3-put.json', env)).toEqual({ results: [{ label, status: 'pending' }] });
    // The CTR: the waiting analysis is read again, from the folder, and evaluated.
    expect(await invokeLocal('ingestContactRecords', 'kinesis-ctr.json', env)).toEqual({ batchItemFailures: [] });
    expect(await matched()).toEqual([['cancellation', 'RETENTION']]);
  }, 600_000);
});

describe('osls invoke local --stage local: a manual SubmitContactEvaluation, without EventBridge', () => {
  it('answers 200, its event lands in the outbox, and `outbox --lambda-event` piped to ingestCanonical runs its rule', async () => {
    const { names, tables, env } = await freshEnv();

    // The DRAFT evaluation the README's samples make (a form, made ACTIVE, an evaluation of the sample call started
    // with it: their requests, given to the evaluation service as osls would give them), and a rule on its submission.
    const runtime = createLocalActionRuntime({ dynamoDb, config: { tables: { contacts: names.contacts!, cases: names.cases!, outbox: names.outbox!, users: names.users!, evaluations: names.evaluations!, ledger: names.ledger! } } });
    const evaluations = runtime.evaluations!;
    const caller = 'arn:aws:iam::111122223333:user/qa-lead';
    const sampleBody = (name: string) => JSON.parse((JSON.parse(readFileSync(join(ROOT, 'events/evaluationApi', `${name}.json`), 'utf8')) as { body: string }).body) as Record<string, unknown>;
    const { EvaluationFormId: formId } = await evaluations.createEvaluationForm(INSTANCE, sampleBody('create-evaluation-form'), caller);
    await evaluations.activateEvaluationForm(INSTANCE, formId, sampleBody('activate-evaluation-form'), caller);
    const { EvaluationId: evaluationId } = await evaluations.startContactEvaluation(INSTANCE, sampleBody('start-contact-evaluation'), caller);
    await createRule(
      names.rules!,
      'greeting-missed',
      'OnContactEvaluationSubmit',
      { Operator: 'AND', Operands: [{ Operator: 'EQUALS', Operands: [formId], ComparisonValue: '$.ContactLens.ContactEvaluation.Form.FormId', Negate: false }] },
      [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'COACH_GREETING' } }],
    );

    // The README's submit sample as it is: it names this evaluation (the start sample's ClientToken fixes its id).
    const submitted = await invokeLocal('evaluationApi', 'submit-contact-evaluation.json', env);
    expect([submitted.statusCode, JSON.parse(submitted.body as string)]).toEqual([200, { EvaluationId: evaluationId, EvaluationArn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact-evaluation/${evaluationId}` }]);

    const outboxEvents = async () => {
      const shown = await runCliAsync(['outbox', '--endpoint', sharedDynamoDb().endpoint, '--events', '--json'], { env: tables });
      expect(shown.status, shown.stderr).toBe(0);
      return (JSON.parse(shown.stdout) as { events: { Id: string; DetailType: string; Detail: Record<string, any> }[] }).events;
    };
    const eventId = `evaluation-submitted-${evaluationId}`;
    const [trigger, ...others] = await outboxEvents();
    expect(others).toEqual([]);
    expect(trigger).toMatchObject({ Id: eventId, DetailType: 'Connect Rules Contact Evaluation Submitted', Detail: { EventSourceName: 'OnContactEvaluationSubmit', InstanceId: INSTANCE, EventId: eventId } });
    expect(trigger!.Detail.ContactLens.ContactEvaluation).toMatchObject({ EvaluationId: evaluationId, ContactId: 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a', Form: { FormId: formId } });

    // The README's pipe: the outbox event as EventBridge delivers it, into ingestCanonical.
    const lambdaEvent = await runCliAsync(['outbox', '--endpoint', sharedDynamoDb().endpoint, '--lambda-event', eventId], { env: tables });
    expect(lambdaEvent.status, lambdaEvent.stderr).toBe(0);
    expect(JSON.parse(lambdaEvent.stdout)).toMatchObject({ version: '0', id: eventId, 'detail-type': 'Connect Rules Contact Evaluation Submitted', source: 'connect-rules', detail: trigger!.Detail });
    await invokeLocalPiped('ingestCanonical', lambdaEvent.stdout, env);
    const after = await outboxEvents();
    expect(after.map((e) => [e.DetailType, e.Detail.ruleName, e.Detail.actionName])).toEqual([
      ['Connect Rules Contact Evaluation Submitted', undefined, undefined],
      ['Contact Lens Evaluation Rules Matched', 'greeting-missed', 'COACH_GREETING'],
    ]);
  }, 400_000);
});

describe('osls offline --stage local', () => {
  let proc: ChildProcess | undefined;
  afterAll(() => {
    // Its whole process group: osls and the esbuild service it started.
    if (proc?.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGKILL');
  });

  it('serves the rules API to the real SDK without SigV4 checks: CreateRule, then ListRules', async () => {
    // Not ones the system hands out for port 0: osls bundles for a while before it listens, meanwhile another file's server could take them.
    const [httpPort, lambdaPort] = [await unusedPort(), await unusedPort()];
    proc = spawn(process.execPath, [OSLS, 'offline', '--stage', 'local', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)], {
      cwd: ROOT,
      env: userEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await new Promise<void>((resolvePromise, reject) => {
      const stopWatching = watchProgress(proc!.pid!, STARTUP_LIMITS, (why) => reject(new Error(`osls offline was not ready, given up on: ${why}:\n${output}`)), () => output.length);
      proc!.stdout!.on('data', () => {
        if (output.includes('Server ready:')) {
          stopWatching();
          resolvePromise();
        }
      });
      proc!.once('exit', (code) => {
        stopWatching();
        reject(new Error(`osls offline exited (${code}):\n${output}`));
      });
    });

    const instanceId = newInstanceId('offline');
    const client = connectClient(`http://127.0.0.1:${httpPort}`);
    try {
      const created = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'through-offline')));
      expect(created.RuleArn).toBe(`arn:aws:connect:us-east-1:111122223333:instance/${instanceId}/rule/${created.RuleId}`);
      const listed = await client.send(new ListRulesCommand({ InstanceId: instanceId }));
      expect(listed.RuleSummaryList!.map((r) => [r.Name, r.RuleId])).toEqual([['through-offline', created.RuleId]]);
      expect(output, 'the local stage silences the SDK notice on Node 20').not.toContain('NodeVersionSupportWarning');
    } finally {
      client.destroy();
    }
  }, STARTUP_LIMITS.wallMs + 60_000);
});
