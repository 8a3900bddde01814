/**
 * `npm run package` (osls package, offline, no AWS credentials) and what it makes:
 * the CloudFormation template (every function, table, stream mapping, dead-letter
 * queue and alarm; least-privilege IAM) and one zip per function, each under the
 * size budget and loadable by Node on its own (its init time is printed, not
 * judged: timing belongs to benchmarks).
 *
 * A fixture service (test/deploy/fixture) packages one function per trigger kind
 * through the same generator and settings, so the wiring of every kind (Kinesis,
 * S3, EventBridge on both buses, schedule, HTTP) is compiled by osls and checked
 * here even while some real handlers are still to come.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../storage/tables.ts';
import { ACTION_TYPES, type ActionType } from '../../engine/rules/model.ts';
import {
  actionsRunBy,
  awsServicesOf,
  DEPLOY_PARAMETERS,
  FUNCTIONS,
  checkParams,
  S3_NOTIFICATION_HELPER,
  dlqLogicalId,
  handlerModule,
  lambdaLogicalId,
} from '../../deploy/serverless.ts';
import { needsTranscript } from '../../deploy/packaged-transcript.ts';
import { chunksFolder } from '../../build/lambda-chunks.ts';
import { LEFT_OUT_MODULES } from '../../build/s3-get-object.ts';
import { UNREACHED_MODULES } from '../../build/sdk-unreached.ts';
import { FIXTURE_FUNCTIONS, PARTNER_BUS_ARN } from './fixture/fixture-functions.ts';
import { checkDeployment, iamProblems, iamStatements, ofType, render, type Template } from '../support/cfn-template.ts';
import { extractZip } from '../support/zip.ts';
import { watchedRun } from '../support/watched-run.ts';
import { CONTACTS_API_ROUTES, EVALUATION_API_ROUTES, RULES_API_ROUTES } from '../support/api-routes.ts';

const run = promisify(execFile);

/** `module` and the modules it imports statically, transitively (relative paths in `dir`; minified ES code). */
function staticImports(dir: string, module: string, seen = new Set<string>()): string[] {
  if (seen.has(module)) return [...seen];
  seen.add(module);
  const code = readFileSync(join(dir, module), 'utf8');
  for (const [, spec] of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) staticImports(dir, join(dirname(module), spec!), seen);
  return [...seen];
}
const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/deploy/fixture');
const OSLS = join(ROOT, 'node_modules/.bin/osls');
const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;
/** Issue 13's target for a function's code, every chunk counted, source maps apart (as `npm run bench` counts it). */
const MAX_CODE_BYTES = 600 * 1024;
const STAGE = 'ci';
/** cfn-lint (AWS's CloudFormation linter, a Python tool) where the machine has it. */
const HAS_CFN_LINT = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status === 0;

/** No AWS credentials of any kind reach the packaging. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  for (const k of Object.keys(env)) if (/^AWS_/.test(k)) delete env[k];
  env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

const readTemplate = (dir: string): Template =>
  JSON.parse(readFileSync(join(dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8')) as Template;

/** Parameters given on the command line of `npm run package`, beyond serverless.yml's defaults. */
const CLI_PARAMS = { partnerEventBusArns: PARTNER_BUS_ARN, reservedConcurrency: 'ingestAnalysis=20' };

let main: Template;
let fixture: Template;
const tempDirs: string[] = [];

/**
 * When a packaging is given up on: by its progress, not a wall deadline (a loaded CI took 109 s at
 * load 12 and more than the old 180 s at load 22; 20 s idle). Its process tree (npm, osls, esbuild)
 * works all along, so a minute with neither CPU nor output is a hang; half an hour whatever else.
 */
const PACKAGING_LIMITS = { cpuMs: Infinity, stallMs: 60_000, progressCpuMs: 200, wallMs: 1_800_000 };

/** Runs `command` in `cwd` offline; its wall time in ms. */
async function timed(command: string, args: readonly string[], cwd: string): Promise<number> {
  return (await watchedRun(command, args, { cwd, env: offlineEnv() }, PACKAGING_LIMITS)).ms;
}

beforeAll(async () => {
  for (const dir of [ROOT, FIXTURE]) rmSync(join(dir, '.serverless'), { recursive: true, force: true });
  // With a partner bus, so that every function (ingestThirdParty too) is packaged and loaded here.
  const cli = Object.entries(CLI_PARAMS).map(([k, v]) => `--param=${k}=${v}`);
  // Both services at once (each its own .serverless/ and .esbuild/): each is mostly one osls process, and a 2-core CI's other core was idle meanwhile.
  const [packagingMs, fixtureMs] = await Promise.all([timed('npm', ['run', 'package', '--silent', '--', ...cli], ROOT), timed(OSLS, ['package', '--stage', STAGE], FIXTURE)]);
  main = readTemplate(ROOT);
  fixture = readTemplate(FIXTURE);
  console.log(`npm run package: ${(packagingMs / 1000).toFixed(1)} s; fixture service: ${(fixtureMs / 1000).toFixed(1)} s (at once)`);
}, PACKAGING_LIMITS.wallMs + 60_000); // the watch gives up first, saying why

afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  rmSync(join(FIXTURE, '.serverless'), { recursive: true, force: true });
  rmSync(join(FIXTURE, '.esbuild'), { recursive: true, force: true });
});

/**
 * The adapter of each EventBridge family, and the maker of the specs it checks with (called at load, marked
 * pure, so that a bundle routing other families drops it), by name (the source map keeps the code's names
 * before minifying).
 */
const FAMILY_ADAPTERS = {
  cases: ['casesEventToTriggerEvents', 'casesSpecs'],
  thirdParty: ['zendeskEventToTriggerEvents', 'salesforceEventToTriggerEvents', 'thirdPartySpecs'],
  metrics: ['metricSnapshotToTriggerEvent'],
  contactEvents: ['contactEventFacts', 'contactEventDetailSpec'],
  s3: ['objectsFromNotification'],
};
/** Each action's executor factory (engine/actions/executors/index.ts), by name. */
const EXECUTOR_FACTORY: Readonly<Record<ActionType, string>> = {
  ASSIGN_CONTACT_CATEGORY: 'assignContactCategory',
  GENERATE_EVENTBRIDGE_EVENT: 'generateEventBridgeEvent',
  CREATE_TASK: 'createTask',
  SEND_NOTIFICATION: 'sendNotification',
  CREATE_CASE: 'createCase',
  UPDATE_CASE: 'updateCase',
  END_ASSOCIATED_TASKS: 'endAssociatedTasks',
  ASSIGN_SLA: 'assignSla',
  SUBMIT_AUTO_EVALUATION: 'submitAutoEvaluation',
  EXTRACT_INFORMATION: 'extractInformation',
};
/** Joining an event with its contact's stored record. */
const CONTACT_RECORD_JOIN = ['joinContactRecord', 'normaliseContactRecord'];
/** The reader of every input form (engine/context/index.ts), and those of the forms no EventBridge function reads. */
const OTHER_FORMS = ['buildTriggerEvent', 'applySegments', 'realtimeTriggerEvent', 'analysisFileToTriggerEvent'];
/** The pipeline state's repositories (engine/pipeline/state/repositories.ts), each only where a handler uses it. */
const STATE = {
  records: 'engine/pipeline/state/contact-records.ts',
  subjects: 'engine/pipeline/state/subjects.ts',
  realtime: 'engine/pipeline/state/realtime.ts',
  firings: 'engine/pipeline/state/firings.ts',
};
/** The functions that read S3 objects (functions/ingest-files.ts): the four file readers, and contactsApi for transcript search. */
const S3_READERS = ['ingestAnalysis', 'ingestEvaluations', 'ingestContactRecords', 'ingestSweep', 'contactsApi'];
/** The roles of the contact join (engine/pipeline/join/) a file reader does not run, and the whole join (replay's, serve's). */
const OTHER_ROLES = (...roles: readonly ('record' | 'arrival' | 'sweep')[]) => [
  ...roles.map((role) => `engine/pipeline/join/${role}.ts`),
  'engine/pipeline/contact-join.ts',
  ...(roles.includes('record') ? ['engine/contacts/model.ts'] : []),
];
/** The four functions that read analysis files and evaluation exports: those two forms' readers, no other's. */
const FILE_READER = {
  modules: ['engine/pipeline/events.ts', 'engine/ingest/eventbridge.ts', 'engine/pipeline/segments.ts', STATE.realtime, STATE.firings],
  functions: ['buildTriggerEvent', 'applySegments', 'realtimeTriggerEvent'],
  runs: ['analysisFileToTriggerEvent', 'evaluationExportToTriggerEvent'],
};

/**
 * What an ingestion function never runs, so its bundle must not hold it
 * (functions/ingestors.ts builds each function only its own payloads' handlers):
 * project modules (by the source map) and functions (by name, in the source map).
 */
const NEVER_RUN: Readonly<Record<string, { modules: readonly string[]; functions: readonly string[]; runs?: readonly string[] }>> = {
  // Contact events are stored without the contact join: no analysis file, no evaluation export.
  ingestCanonical: {
    modules: ['engine/pipeline/join/subjects.ts', STATE.subjects, STATE.realtime],
    functions: [...FAMILY_ADAPTERS.cases, ...FAMILY_ADAPTERS.thirdParty, ...FAMILY_ADAPTERS.metrics, ...FAMILY_ADAPTERS.s3, ...OTHER_FORMS],
    runs: [...FAMILY_ADAPTERS.contactEvents, ...CONTACT_RECORD_JOIN],
  },
  ingestCases: {
    modules: ['engine/pipeline/join/subjects.ts', 'engine/pipeline/contact-events.ts', ...Object.values(STATE)],
    functions: [...FAMILY_ADAPTERS.thirdParty, ...FAMILY_ADAPTERS.metrics, ...FAMILY_ADAPTERS.contactEvents, ...FAMILY_ADAPTERS.s3, ...CONTACT_RECORD_JOIN, ...OTHER_FORMS],
    runs: FAMILY_ADAPTERS.cases,
  },
  ingestMetrics: {
    modules: ['engine/pipeline/join/subjects.ts', 'engine/pipeline/contact-events.ts', ...Object.values(STATE)],
    functions: [...FAMILY_ADAPTERS.cases, ...FAMILY_ADAPTERS.thirdParty, ...FAMILY_ADAPTERS.contactEvents, ...FAMILY_ADAPTERS.s3, ...CONTACT_RECORD_JOIN, ...OTHER_FORMS],
    runs: FAMILY_ADAPTERS.metrics,
  },
  ingestThirdParty: {
    modules: ['engine/pipeline/join/subjects.ts', 'engine/pipeline/contact-events.ts', ...Object.values(STATE)],
    functions: [...FAMILY_ADAPTERS.cases, ...FAMILY_ADAPTERS.metrics, ...FAMILY_ADAPTERS.contactEvents, ...FAMILY_ADAPTERS.s3, ...CONTACT_RECORD_JOIN, ...OTHER_FORMS],
    runs: FAMILY_ADAPTERS.thirdParty,
  },
  ingestRealtime: {
    // Nor the EventBridge families' adapters, which the router's importers once kept for their specs.
    modules: ['engine/pipeline/join/subjects.ts', 'engine/pipeline/events.ts', 'engine/ingest/eventbridge.ts', 'engine/context/canonical.ts', STATE.subjects, 'engine/ingest/cases.ts', 'engine/ingest/third-party.ts', 'engine/ingest/contact-events.ts'],
    functions: ['buildTriggerEvent', 'analysisFileToTriggerEvent'],
    runs: ['applySegments'],
  },
  // The contact join with only its own kind's reader (its handler, functions/ingest-*.ts).
  // Nor the canonical event's shapes, which only the evaluation export reader loads (engine/context/canonical.ts).
  ingestAnalysis: {
    modules: [...FILE_READER.modules, 'engine/context/canonical.ts', ...OTHER_ROLES('record', 'sweep')],
    functions: [...FILE_READER.functions, 'evaluationExportToTriggerEvent'],
    runs: ['analysisFileToTriggerEvent'],
  },
  // Nor, packaged without transcript matching, the semantic matcher (engine/transcript/semantic.ts), nor the EventBridge families' schemas.
  ingestEvaluations: {
    modules: [...FILE_READER.modules, 'engine/context/analysis-input.ts', 'engine/transcript/semantic.ts', 'engine/ingest/third-party.ts', 'engine/ingest/cases.ts', ...OTHER_ROLES('record', 'sweep')],
    functions: [...FILE_READER.functions, 'analysisFileToTriggerEvent', 'fromAnalysisFile'],
    runs: ['evaluationExportToTriggerEvent'],
  },
  ingestContactRecords: { ...FILE_READER, modules: [...FILE_READER.modules, ...OTHER_ROLES('arrival', 'sweep')] },
  ingestSweep: { ...FILE_READER, modules: [...FILE_READER.modules, ...OTHER_ROLES('record', 'arrival')] },
};

/** The `params.default` block of serverless.yml (the values `npm run package` uses), `${aws:region}` resolved. */
function yamlDefaults(file: string): Record<string, string> {
  const yml = readFileSync(file, 'utf8');
  const block = /^params:\n {2}default:\n((?: {4}.*\n)+)/m.exec(yml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/^ {4}([A-Za-z]+): (.*)$/gm)) {
    out[m[1]!] = m[2]!.trim().replace(/^'(.*)'$/, '$1').replaceAll('${aws:region}', 'us-east-1');
  }
  return out;
}

const PARAMS = checkParams({ ...yamlDefaults(join(ROOT, 'serverless.yml')), ...CLI_PARAMS });
const ctx = { service: 'connect-rules', stage: STAGE, params: PARAMS };

describe('npm run package', () => {
  it('wires every Lambda handler under functions/ and only existing ones', () => {
    const exporting = readdirSync(join(ROOT, 'functions'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => /^export\s+(const|let|async\s+function|function)\s+handler\b/m.test(readFileSync(join(ROOT, 'functions', f), 'utf8')))
      .map((f) => `functions/${f.replace(/\.ts$/, '')}`);
    const wired = FUNCTIONS.map(handlerModule);
    for (const file of exporting) {
      expect(wired, `${file}.ts exports a handler: add it to FUNCTIONS in deploy/functions.ts`).toContain(file);
    }
    for (const file of wired) expect(existsSync(join(ROOT, `${file}.ts`)), `${file}.ts`).toBe(true);
  });

  it('produces the template: functions, tables, mappings, dead-letter queues, alarms, least privilege', () => {
    checkDeployment(main, ctx, FUNCTIONS);
    // The README's functions, plus osls's helper that sets the notification of the existing bucket.
    const functions = ofType(main, 'AWS::Lambda::Function').map(([id]) => id);
    expect(functions.sort()).toEqual(
      [
        'RulesApiLambdaFunction',
        'EvaluationApiLambdaFunction',
        'ContactsApiLambdaFunction',
        'SlaSweeperLambdaFunction',
        'IngestAnalysisLambdaFunction',
        'IngestEvaluationsLambdaFunction',
        'IngestContactRecordsLambdaFunction',
        'IngestRealtimeLambdaFunction',
        'IngestCasesLambdaFunction',
        'IngestCanonicalLambdaFunction',
        'IngestMetricsLambdaFunction',
        'IngestThirdPartyLambdaFunction',
        'IngestSweepLambdaFunction',
        'CustomDashresourceDashexistingDashs3LambdaFunction',
      ].sort(),
    );
  });

  it('serves the rules, evaluation and contact API routes, and no other, on one HTTP API behind IAM authorization', () => {
    const routes = ofType(main, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
    expect(routes.map((p) => p.RouteKey).sort()).toEqual([...RULES_API_ROUTES, ...EVALUATION_API_ROUTES, ...CONTACTS_API_ROUTES].sort());
    for (const p of routes) expect(p.AuthorizationType, p.RouteKey).toBe('AWS_IAM');
    expect(new Set(routes.map((p) => JSON.stringify(p.ApiId)))).toEqual(new Set([JSON.stringify({ Ref: 'HttpApi' })]));
    // the contact routes invoke the contacts function
    const integration = (key: string) => JSON.stringify(routes.find((p) => p.RouteKey === key)!.Target);
    expect(integration(CONTACTS_API_ROUTES[0])).toContain('ContactsApi');
    expect(integration(CONTACTS_API_ROUTES[1])).toContain('ContactsApi');
  });

  it('outputs the names a user needs', () => {
    expect(main.Outputs).toHaveProperty('HttpApiUrl');
    expect(main.Outputs).toHaveProperty('EngineEventBusName');
    expect(main.Outputs).toHaveProperty('AlarmTopicArn');
    for (const def of Object.values(TABLES)) expect(main.Outputs).toHaveProperty(`${def.logicalId}Name`);
  });

  it('puts the parameters of DEPLOY_PARAMETERS in serverless.yml with offline placeholders', () => {
    expect(Object.keys(yamlDefaults(join(ROOT, 'serverless.yml'))).sort()).toEqual(DEPLOY_PARAMETERS.map((p) => p.name).sort());
    expect(PARAMS.actionsBackend).toBe('aws'); // so the template checked here has every action grant
  });

  it('reserves concurrency and throttles the HTTP API as the parameters say', () => {
    const reserved = ofType(main, 'AWS::Lambda::Function')
      .filter(([, r]) => r.Properties!.ReservedConcurrentExecutions !== undefined)
      .map(([id, r]) => [id, r.Properties!.ReservedConcurrentExecutions]);
    expect(reserved).toEqual([[lambdaLogicalId('ingestAnalysis'), 20]]);
    expect(PARAMS.apiThrottlingRateLimit).not.toBe('');
    expect(main.Resources.HttpApiStage!.Properties!.DefaultRouteSettings).toEqual({
      DetailedMetricsEnabled: true,
      ThrottlingRateLimit: Number(PARAMS.apiThrottlingRateLimit),
      ThrottlingBurstLimit: Number(PARAMS.apiThrottlingBurstLimit),
    });
  });

  it('logs every HTTP API request to a log group that expires, naming the signed caller, route, status and any API Gateway error', () => {
    const stage = main.Resources.HttpApiStage!;
    const settings = stage.Properties!.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
    const [groupId] = settings.DestinationArn['Fn::GetAtt'];
    const group = main.Resources[groupId]!;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties!.RetentionInDays).toBeGreaterThan(0);
    expect(stage.DependsOn).toContain(groupId);
    // One JSON object per request: every field a variable of the HTTP API's access log.
    const line = JSON.parse(settings.Format.replace(/\$context\.error\.messageString/, '"x"')) as Record<string, string>;
    expect(line).toMatchObject({
      requestId: '$context.requestId',
      caller: '$context.identity.userArn',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
    expect(settings.Format).toContain('"error":$context.error.messageString');
  });

  it("gives osls's bucket-notification helper a log group that expires, made before it runs, and no right to make others", () => {
    const helperName = `connect-rules-${STAGE}-${S3_NOTIFICATION_HELPER.functionSuffix}`;
    const helper = main.Resources[S3_NOTIFICATION_HELPER.functionLogicalId]!;
    expect(helper.Properties!.FunctionName).toBe(helperName);
    const [[groupId, group]] = ofType(main, 'AWS::Logs::LogGroup').filter(([, g]) => g.Properties!.LogGroupName === `/aws/lambda/${helperName}`) as [
      [string, (typeof main.Resources)[string]],
    ];
    expect(group.Properties!.RetentionInDays).toBeGreaterThan(0);
    expect([helper.DependsOn].flat()).toContain(groupId);
    const logs = iamStatements(main)
      .filter((s) => s.where === S3_NOTIFICATION_HELPER.roleLogicalId)
      .filter((s) => [s.statement.Action].flat().some((a: string) => a.startsWith('logs:')));
    expect(logs.flatMap((s) => [s.statement.Action].flat()).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(logs.flatMap((s) => s.statement.Resource.map(render))).toEqual([
      `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${helperName}:*`,
    ]);
  });

  it('bundles each function into one zip under the budget that loads on its own', async () => {
    const report: string[] = [];
    for (const spec of FUNCTIONS) {
      const zip = join(ROOT, '.serverless', `${spec.key}.zip`);
      expect(existsSync(zip), zip).toBe(true);
      const size = statSync(zip).size;
      expect(size, `${spec.key}.zip size`).toBeLessThan(MAX_BUNDLE_BYTES);

      // Outside the repository, so nothing can be resolved from its node_modules.
      const dir = mkdtempSync(join(tmpdir(), `connect-rules-${spec.key}-`));
      tempDirs.push(dir);
      const files = extractZip(zip, dir);
      const file = handlerModule(spec);
      const exportName = spec.handler.slice(file.length + 1);
      expect(files).toContain(`${file}.mjs`);
      expect(files).toContain(`${file}.mjs.map`);
      expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
      // Its own chunks only (build/lambda-chunks.ts): every module file is its bundle or in its chunks' folder.
      const chunks = files.filter((f) => f.startsWith(`${chunksFolder(file)}/`) && f.endsWith('.mjs'));
      expect(files.filter((f) => f.endsWith('.mjs') && f !== `${file}.mjs` && !chunks.includes(f)), `${spec.key}: another function's chunks`).toEqual([]);
      const modules = [`${file}.mjs`, ...chunks];
      for (const m of modules) expect(files, `${m}'s source map`).toContain(`${m}.map`);
      // What init loads: the bundle and the chunks it imports statically (not those it loads with import()).
      const atInit = staticImports(dir, `${file}.mjs`);
      // Credentials are the keys Lambda puts in the environment (build/lambda-credentials.ts), not the SDK's node chain.
      const code = modules.map((m) => readFileSync(join(dir, m), 'utf8')).join('\n');
      expect(code, `${spec.key}: the environment's keys`).toContain('Unable to find environment variable credentials.');
      expect(code, `${spec.key}: no SSO, profile or STS links`).not.toContain('defaultProvider::fromSSO');
      const codeBytes = modules.reduce((n, m) => n + statSync(join(dir, m)).size, 0);
      expect(codeBytes, `${spec.key}: code bytes, every chunk`).toBeLessThanOrEqual(MAX_CODE_BYTES);
      // Of each SDK client's modelled errors, those the operations the functions send declare (build/sdk-declared-errors.ts):
      // DynamoDB's refusal of a condition, S3's missing key; no backup, table, bucket or rule errors. (That the bundled
      // Connect client still gives a missing contact its class, which the task executor reads, a name in the code cannot
      // show: build/sdk-declared-errors.test.ts runs the bundled client against a server answering as Connect does.)
      expect(code, `${spec.key}: ConditionalCheckFailedException`).toContain('"ConditionalCheckFailedException"');
      expect(code.includes('"NoSuchKey"'), `${spec.key}: NoSuchKey`).toBe(S3_READERS.includes(spec.key));
      for (const error of ['BackupInUseException', 'TableAlreadyExistsException', 'NoSuchBucket', 'DuplicateResourceException', 'InvalidEventPatternException']) {
        expect(code, `${spec.key}: no ${error}`).not.toContain(`"${error}"`);
      }

      // The stage's actions back end only (ci: aws; functions/action-backends.ts): the ingestion
      // functions no local one, the SLA sweeper and evaluation API (always local) no AWS one.
      const maps = new Map(modules.map((m) => [m, JSON.parse(readFileSync(join(dir, `${m}.map`), 'utf8')) as { sources: string[]; names: string[] }]));
      const sources = [...maps.values()].flatMap((m) => m.sources);
      const holds = (module: string) => sources.some((s) => s.endsWith(module));
      // The code's identifiers before minifying (the maps' names): what the bundle holds of each module.
      const names = new Set([...maps.values()].flatMap((m) => m.names));
      if (spec.runsActionsOf) {
        expect(holds('engine/actions/aws/backend.ts'), `${spec.key}: the aws back end`).toBe(true);
        // in a chunk loaded with the first action, not at init (functions/lazy-actions.ts)
        const initSources = atInit.flatMap((m) => maps.get(m)!.sources);
        for (const module of ['engine/actions/aws/backend.ts', 'engine/actions/runtime.ts', 'engine/actions/runner.ts', 'engine/actions/executors/index.ts', 'engine/actions/render.ts']) {
          expect(initSources.some((s) => s.endsWith(module)), `${spec.key}: ${module} not loaded at init`).toBe(false);
        }
        expect(chunks.some((c) => maps.get(c)!.sources.some((s) => s.endsWith('functions/actions-chunk.ts'))), `${spec.key}: the actions chunk`).toBe(true);
        // No local back end, nor its services the runtime once made for every back end: categories, the email
        // counter and send log are contact-categories.ts and email-ledger.ts (engine/actions/runtime.ts).
        for (const module of ['local/backend.ts', 'evaluation/service.ts', 'local/contacts.ts', 'local/outbox.ts', 'local/users.ts']) {
          expect(holds(`engine/actions/${module}`), `${spec.key}: no local back end (${module})`).toBe(false);
        }
        // Only the clients of the services its sources' actions call (build/packaged-action-services.ts).
        const services = awsServicesOf(spec.runsActionsOf);
        const clients = { connect: services.some((s) => s === 'tasks' || s === 'users' || s === 'evaluations'), connectcases: services.includes('cases'), sesv2: services.includes('email'), eventbridge: true };
        for (const [client, packaged] of Object.entries(clients)) {
          expect(sources.some((s) => s.includes(`node_modules/@aws-sdk/client-${client}/`)), `${spec.key}: client-${client}`).toBe(packaged);
        }
        expect(holds('engine/actions/aws/connect-evaluations.ts'), `${spec.key}: automated evaluations`).toBe(services.includes('evaluations'));
        // Transcript matching only where a source has a transcript condition (deploy/packaged-transcript.ts).
        for (const name of ['PhraseIndex', 'compileExactMatcher', 'compilePatternMatcher']) {
          expect(names.has(name), `${spec.key}: transcript matching (${name})`).toBe(needsTranscript(spec.runsActionsOf));
        }
        // Only the executors of the actions its sources allow (engine/actions/executors/index.ts).
        const runs = new Set(actionsRunBy(spec.runsActionsOf));
        for (const action of ACTION_TYPES) expect(names.has(EXECUTOR_FACTORY[action]), `${spec.key}: ${action}'s executor`).toBe(runs.has(action));
      } else {
        expect(holds('engine/actions/aws/backend.ts'), `${spec.key}: no aws back end`).toBe(false);
      }
      // Powertools' JMESPath is left out (build/powertools-jmespath.ts); each SDK client's
      // package.json is its version alone (build/aws-sdk-package-info.ts), not its homepage and the rest.
      expect(sources.filter((s) => s.includes('@aws-lambda-powertools/jmespath/')), `${spec.key}: no JMESPath`).toEqual([]);
      // Nor jsonpath-plus: variable injection's tokens are dotted paths, looked up by engine/actions/render.ts.
      expect(sources.filter((s) => s.includes('node_modules/jsonpath-plus/') || s.includes('node_modules/jsep')), `${spec.key}: no jsonpath-plus`).toEqual([]);
      // Nor bowser, for the SDK's browser User-Agent (build/sdk-browser-user-agent.ts).
      expect(sources.filter((s) => s.includes('node_modules/bowser/')), `${spec.key}: no bowser`).toEqual([]);
      // Nor the DynamoDB client's endpoint discovery cache, which no command reads (build/dynamodb-endpoint-cache.ts).
      expect(sources.filter((s) => s.includes('node_modules/mnemonist/') || s.includes('node_modules/@aws-sdk/endpoint-cache/')), `${spec.key}: no endpoint cache`).toEqual([]);
      expect(code, `${spec.key}: the SDK clients' package.json, version only`).not.toContain('aws-sdk-js-v3/tree/main/clients');
      // Web streams (a path no function takes) are not imported at init (build/builtins-by-require.ts `lazyBuiltins`);
      // nor is vm, which jsonpath-plus imported.
      expect(code, `${spec.key}: no ES import of web streams or vm`).not.toMatch(/from"(?:node:stream\/web|vm|node:vm)"/);
      // The SDK protocols' event-stream support is left out (build/smithy-event-streams.ts), and so is what of the
      // S3 client GetObject of a general purpose bucket never runs (build/s3-get-object.ts), which S3's event streams are.
      expect(sources.some((s) => s.includes('node_modules/@aws-sdk/client-s3/')), `${spec.key}: the S3 client`).toBe(S3_READERS.includes(spec.key));
      // ...in a chunk loaded at the first read, not at init (engine/ingest/lazy-reader.ts, functions/s3-reader-chunk.ts).
      const s3AtInit = atInit.flatMap((m) => maps.get(m)!.sources).filter((s) => s.includes('node_modules/@aws-sdk/client-s3/') || s.endsWith('engine/ingest/s3-reader.ts'));
      expect(s3AtInit, `${spec.key}: the S3 client not loaded at init`).toEqual([]);
      for (const module of LEFT_OUT_MODULES) expect(sources.filter((s) => s.includes(`node_modules/${module}`)), `${spec.key}: no ${module}`).toEqual([]);
      // The local stage's folder standing in for S3 is in no deployed bundle (deploy/local-stage.ts `packagedS3FolderDefine`):
      // a reader holds the refusal of CONNECT_RULES_S3_DIR in its place.
      expect(names.has('DirectoryObjectReader'), `${spec.key}: no S3 folder reader`).toBe(false);
      expect(names.has('S3FolderNotPackagedError'), `${spec.key}: CONNECT_RULES_S3_DIR refused`).toBe(S3_READERS.includes(spec.key));
      // Nor the SDK core's code no deployment reaches (build/sdk-unreached.ts).
      for (const module of UNREACHED_MODULES) expect(sources.filter((s) => s.includes(`node_modules/${module}`)), `${spec.key}: no ${module}`).toEqual([]);
      // The pipeline reads the published rules through PublishedRulesQuery, not the rules API's store.
      if (spec.key.startsWith('ingest')) expect(names.has('RulesStore'), `${spec.key}: no RulesStore`).toBe(false);
      const never = NEVER_RUN[spec.key];
      for (const module of never?.modules ?? []) expect(holds(module), `${spec.key}: no ${module}`).toBe(false);
      for (const name of never?.functions ?? []) expect(names.has(name), `${spec.key}: no ${name}`).toBe(false);
      // the same search finds what the function does run
      for (const name of never?.runs ?? []) expect(names.has(name), `${spec.key}: ${name}`).toBe(true);

      const url = pathToFileURL(join(dir, `${file}.mjs`)).href;
      // The actions chunk loads too, as the first delivery whose rules act loads it.
      const actionsChunk = chunks.find((c) => maps.get(c)!.sources.some((s) => s.endsWith('functions/actions-chunk.ts')));
      const script =
        `const t = performance.now(); const m = await import(${JSON.stringify(url)});` +
        `const a = ${actionsChunk ? `await import(${JSON.stringify(pathToFileURL(join(dir, actionsChunk)).href)})` : 'undefined'};` +
        `process.stdout.write(JSON.stringify({ ms: performance.now() - t, type: typeof m[${JSON.stringify(exportName)}], actions: a && Object.values(a).map((f) => typeof f) }));`;
      // As deployed: without --enable-source-maps (serverless.yml says why).
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: `connect-rules-ci-${spec.key}` },
      });
      const loaded = JSON.parse(stdout) as { ms: number; type: string; actions?: string[] };
      expect(loaded.type, `${spec.handler} export`).toBe('function');
      if (actionsChunk) expect(loaded.actions, `${spec.key}: the actions chunk's one export`).toEqual(['function']);
      report.push(`${spec.key}: zip ${(size / 1024).toFixed(0)} KiB, init ${loaded.ms.toFixed(0)} ms`);
    }
    console.log(`bundles (Node ${process.version}):\n  ${report.join('\n  ')}`);
  });
});

describe('fixture service: every trigger kind through osls', () => {
  it('passes the checks of every deployment', () => {
    checkDeployment(fixture, { service: 'connect-rules-fixture', stage: STAGE, params: PARAMS }, FIXTURE_FUNCTIONS);
  });

  it('maps both Kinesis streams with batch item failures, bisection, bounded retries and an on-failure queue', () => {
    const mappings = ofType(fixture, 'AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties!);
    expect(mappings.map((m) => m.EventSourceArn).sort()).toEqual([
      'arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr-placeholder',
      'arn:aws:kinesis:us-east-1:111122223333:stream/connect-realtime-placeholder',
    ]);
    for (const m of mappings) {
      expect(m).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        StartingPosition: 'LATEST',
      });
    }
    // The role may read exactly its stream.
    const stream = iamStatements(fixture).filter((s) => s.where === 'CtrFixtureRole' && s.statement.Sid === 'ReadStream');
    expect(stream.map((s) => s.statement.Resource)).toEqual([['arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr-placeholder']]);
  });

  it('subscribes to analysis files of the existing bucket, with a helper that may only touch that function', () => {
    const [[, notification]] = ofType(fixture, 'Custom::S3') as [[string, any]];
    expect(notification.Properties).toMatchObject({
      BucketName: 'amazon-connect-placeholder',
      BucketConfigs: [{ Event: 's3:ObjectCreated:*', Rules: [{ Prefix: 'Analysis/' }, { Suffix: '.json' }] }],
    });
    const helper = iamStatements(fixture).filter((s) => s.where === S3_NOTIFICATION_HELPER.roleLogicalId);
    const lambdaStatement = helper.find((s) => String(s.statement.Action).includes('lambda:AddPermission'))!;
    expect(lambdaStatement.statement.Resource.map(render)).toEqual([
      'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:connect-rules-fixture-ci-analysisFixture',
    ]);
    const read = iamStatements(fixture).find((s) => s.where === 'AnalysisFixtureRole' && s.statement.Sid === 'ReadAnalysisFiles')!;
    expect(read.statement.Resource.map(render)).toEqual(['arn:${AWS::Partition}:s3:::amazon-connect-placeholder/Analysis/*']);
  });

  it('routes aws.cases from the default bus and engine events from its own bus; schedules the sweeper', () => {
    const rules = ofType(fixture, 'AWS::Events::Rule').map(([, r]) => r.Properties!);
    const targeting = (key: string) => rules.filter((r) => r.Targets[0].Arn['Fn::GetAtt'][0] === lambdaLogicalId(key));
    expect(targeting('casesFixture').map((r) => [r.EventBusName, r.EventPattern])).toEqual([
      [undefined, { source: ['aws.cases'] }],
      ['aws.partner/zendesk.com/123456/default', { source: [{ prefix: 'aws.partner/' }] }],
    ]);
    // An existing bus named by ARN is used, not created.
    expect(ofType(fixture, 'AWS::Events::EventBus').map(([id]) => id)).toEqual(['EngineEventBus']);
    expect(targeting('canonicalFixture').map((r) => [r.EventBusName, r.EventPattern])).toEqual([
      [{ Ref: 'EngineEventBus' }, { 'detail-type': ['connect-rules.canonical-event'] }],
      [undefined, { source: ['aws.connect'], detail: { instanceArn: ['arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-0000-0000-000000000000'] } }],
    ]);
    expect(targeting('sweeperFixture').map((r) => r.ScheduleExpression)).toEqual(['rate(1 minute)']);
    expect(fixture.Resources.EngineEventBus?.Type).toBe('AWS::Events::EventBus');
    for (const key of ['analysisFixture', 'casesFixture', 'canonicalFixture', 'sweeperFixture']) {
      expect(fixture.Resources[dlqLogicalId(key)]?.Properties).toMatchObject({ MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true });
    }
  });

  it('finds the IAM problems it is meant to find', () => {
    const bad: Template = {
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Policies: [
              {
                PolicyDocument: {
                  Statement: [
                    { Effect: 'Allow', Action: ['dynamodb:*'], Resource: ['arn:aws:dynamodb:us-east-1:1:table/t'] },
                    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
                    { Effect: 'Allow', Action: ['lambda:AddPermission'], Resource: [{ 'Fn::Sub': 'arn:aws:lambda:r:a:function:*' }] },
                    { Effect: 'Deny', Action: '*', Resource: '*' },
                  ],
                },
              },
            ],
          },
        },
      },
    };
    expect(iamProblems(bad)).toEqual([
      'R: wildcard action dynamodb:*',
      'R: s3:GetObject on *',
      'R: lambda:AddPermission on arn:aws:lambda:r:a:function:*',
    ]);
  });
});

describe.skipIf(!HAS_CFN_LINT)('cfn-lint', () => {
  // W3005: osls puts the role in DependsOn as well as in the function's GetAtt; harmless.
  it('finds no error or warning in either template', async () => {
    const templates = [ROOT, FIXTURE].map((d) => join(d, '.serverless/cloudformation-template-update-stack.json'));
    const out = await run('cfn-lint', ['--ignore-checks', 'W3005', '--', ...templates]).then(
      () => '',
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}` || String(err),
    );
    expect(out).toBe('');
  }, 120_000);
});
