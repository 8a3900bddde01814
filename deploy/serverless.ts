/**
 * The deployed engine, as data: which Lambda functions exist, what invokes them and
 * what each may touch. `serverless.yml` loads this module through
 * `deploy/serverless.cjs` (osls reads `.js`/`.cjs` variable files only; the bridge
 * imports this TypeScript with tsx) and takes `functions`, `resources` and
 * `outputs` from `buildDeployment()`, so the template is generated from the same
 * code the tests and the local server use:
 *
 * - the DynamoDB tables come from `TABLES` (storage/tables.ts) through
 *   `tableResources()` (deploy/cloudformation.ts): nothing is re-typed in YAML;
 * - the HTTP routes of the rules and evaluation APIs come from the route table the
 *   handlers serve (functions/http/routes.ts), the EventBridge patterns from the
 *   detail-types the ingestion adapters read;
 * - every function gets its own IAM role whose statements are derived from the
 *   tables it names (with an access level) and the grants it lists: no `*` action,
 *   no `*` resource (`WILDCARD_RESOURCE_EXCEPTIONS` lists the actions AWS offers no
 *   resource-level permission for; none is used today);
 * - every asynchronously invoked function (S3, EventBridge, schedule) gets an SQS
 *   queue as its on-failure destination (the dead-letter queue), every stream
 *   function an SQS on-failure destination for its event source mapping, and
 *   CloudWatch alarms watch errors, queue depth, iterator age and the HTTP API 5xx.
 *
 * Adding a handler = one entry in `FUNCTIONS`.
 */
import { TABLES, type TableDefinition } from '../storage/tables.ts';
import { tableResources } from './cloudformation.ts';
import { EVALUATION_ROUTES, RULES_ROUTES } from '../functions/http/routes.ts';
import { CASES_DETAIL_TYPES } from '../engine/ingest/cases.ts';
import { CONTACT_EVENT_DETAIL_TYPE } from '../engine/ingest/contact-events.ts';
import { CANONICAL_DETAIL_TYPES, METRICS_DETAIL_TYPES } from '../engine/ingest/engine-bus.ts';

// ---------------------------------------------------------------------------
// Parameters

export interface DeployParameter {
  /** osls parameter name (`${param:<name>}`, `--param="<name>=..."`). */
  readonly name: string;
  /** What it is, for the README and `osls print`. */
  readonly description: string;
  /** Whether an empty value is allowed (the feature it feeds is then left out). */
  readonly optional?: boolean;
}

/**
 * The settings a user gives per stage (`params:` in serverless.yml, or
 * `--param="name=value"`). The placeholders in serverless.yml let `osls package`
 * run offline; `deploy` needs real values.
 */
export const DEPLOY_PARAMETERS = [
  { name: 'connectInstanceArn', description: 'ARN of the existing Amazon Connect instance the engine serves' },
  { name: 'analysisBucket', description: 'Name of the existing S3 bucket Contact Lens writes its analysis files to' },
  { name: 'analysisPrefix', description: 'Key prefix of the analysis files in that bucket (e.g. `Analysis/`)' },
  { name: 'evaluationsPrefix', description: 'Key prefix of the contact evaluation export files in the same bucket (e.g. `Evaluations/`)' },
  { name: 'ctrStreamArn', description: 'ARN of the Kinesis data stream the instance exports contact trace records to' },
  { name: 'realtimeStreamArn', description: 'ARN of the Kinesis data stream of real-time contact analysis segments' },
  {
    name: 'streamKmsKeyArn',
    description: 'ARN of the KMS key the two streams are encrypted with (empty: not encrypted with a customer key)',
    optional: true,
  },
  {
    name: 'bucketKmsKeyArn',
    description: 'ARN of the KMS key the bucket encrypts those files with (empty: S3-managed or `aws/s3` encryption)',
    optional: true,
  },
  {
    name: 'partnerEventBusArns',
    description: 'ARNs of the Zendesk / Salesforce partner event buses, comma-separated (empty: none)',
    optional: true,
  },
  { name: 'eventSource', description: 'EventBridge `source` of the events the engine emits' },
  {
    name: 'actionsBackend',
    description:
      'Where the actions of matched rules run: `aws` (Connect, Connect Cases, SES, the engine bus), `local` (the DynamoDB equivalents, a dry run in the cloud) or `none` (recorded in the logs only)',
  },
  { name: 'casesDomainId', description: 'The Connect Cases domain of the case actions (required by the `aws` back end)', optional: true },
  {
    name: 'emailFrom',
    description: 'The address email actions send from, verified in SES itself or through its domain (required by the `aws` back end)',
    optional: true,
  },
  { name: 'logLevel', description: 'Powertools log level of every function (`DEBUG`, `INFO`, `WARN`, `ERROR`)' },
  { name: 'alarmEmail', description: 'Address subscribed to the alarm topic (empty: no subscription)', optional: true },
] as const satisfies readonly DeployParameter[];

export type DeployParamName = (typeof DEPLOY_PARAMETERS)[number]['name'];
export type DeployParams = Readonly<Record<DeployParamName, string>>;

export interface DeployContext {
  /** `service:` of serverless.yml. */
  readonly service: string;
  /** `--stage`. */
  readonly stage: string;
  readonly params: DeployParams;
}

/** Checks the parameter values (ARN shapes, names) before any resource is built. */
export function checkParams(params: Partial<Record<string, unknown>>): DeployParams {
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const p of DEPLOY_PARAMETERS) {
    const v = params[p.name];
    const text = v === undefined || v === null ? '' : String(v).trim();
    if (text === '' && !('optional' in p && p.optional)) problems.push(`${p.name}: missing (${p.description})`);
    out[p.name] = text;
  }
  const arn = (name: DeployParamName, re: RegExp, shape: string) => {
    if (out[name] && !re.test(out[name])) problems.push(`${name}: '${out[name]}' is not ${shape}`);
  };
  arn('connectInstanceArn', /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/, 'an Amazon Connect instance ARN');
  arn('ctrStreamArn', /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]+$/, 'a Kinesis data stream ARN');
  arn('realtimeStreamArn', /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]+$/, 'a Kinesis data stream ARN');
  if (out.analysisBucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(out.analysisBucket)) {
    problems.push(`analysisBucket: '${out.analysisBucket}' is not an S3 bucket name`);
  }
  for (const name of ['analysisPrefix', 'evaluationsPrefix'] as const) {
    if (/[*?]/.test(out[name] ?? '')) problems.push(`${name}: must be a plain prefix, without wildcards`);
  }
  if (out.analysisPrefix && out.evaluationsPrefix && (out.analysisPrefix.startsWith(out.evaluationsPrefix) || out.evaluationsPrefix.startsWith(out.analysisPrefix))) {
    problems.push('analysisPrefix, evaluationsPrefix: S3 refuses two notifications of one bucket whose prefixes overlap');
  }
  arn('streamKmsKeyArn', /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'a KMS key ARN');
  arn('bucketKmsKeyArn', /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'a KMS key ARN');
  for (const bus of splitList(out.partnerEventBusArns ?? '')) {
    if (!/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/aws\.partner\/.+$/.test(bus)) {
      problems.push(`partnerEventBusArns: '${bus}' is not the ARN of a partner event bus`);
    }
  }
  if (out.actionsBackend && !(ACTIONS_BACKENDS as readonly string[]).includes(out.actionsBackend)) {
    problems.push(`actionsBackend: '${out.actionsBackend}' is not one of ${ACTIONS_BACKENDS.join(', ')}`);
  }
  if (out.actionsBackend === 'aws') {
    for (const name of ['casesDomainId', 'emailFrom'] as const) if (!out[name]) problems.push(`${name}: required by the aws actions back end`);
  }
  if (out.emailFrom && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(out.emailFrom)) problems.push(`emailFrom: '${out.emailFrom}' is not an email address`);
  if (out.casesDomainId && !/^[A-Za-z0-9-]+$/.test(out.casesDomainId)) problems.push(`casesDomainId: '${out.casesDomainId}' is not a Cases domain id`);
  if (out.logLevel && !/^(DEBUG|INFO|WARN|ERROR|CRITICAL|SILENT)$/i.test(out.logLevel)) {
    problems.push(`logLevel: '${out.logLevel}' is not a Powertools log level`);
  }
  if (problems.length > 0) throw new Error(`Invalid deployment parameters:\n  ${problems.join('\n  ')}`);
  return out as DeployParams;
}

export const ACTIONS_BACKENDS = ['aws', 'local', 'none'] as const;

/** `a, b,c` → `['a', 'b', 'c']`. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The instance id of an instance ARN (`…:instance/<id>`). */
export const instanceIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

// ---------------------------------------------------------------------------
// Functions

/** Logical ids of the stack's own bus and alarm topic. */
export const ENGINE_BUS_ID = 'EngineEventBus';
export const ALARM_TOPIC_ID = 'AlarmTopic';

/** What a function may do on a table. */
export type TableAccess = 'read' | 'readwrite';

export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  readwrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

export interface HttpRoute {
  readonly method: string;
  readonly path: string;
}

/** What invokes a function. `async` kinds get a dead-letter queue. */
export type Trigger =
  | { readonly kind: 'http'; readonly routes: readonly HttpRoute[] }
  | {
      readonly kind: 'kinesis';
      /** The parameter holding the stream ARN. */
      readonly streamParam: 'ctrStreamArn' | 'realtimeStreamArn';
      readonly batchSize: number;
      /** Seconds to gather a batch (0 = invoke as soon as records arrive). */
      readonly batchWindow: number;
      readonly parallelizationFactor?: number;
    }
  | {
      readonly kind: 's3';
      /** The parameter holding the key prefix (the bucket is `analysisBucket`). */
      readonly prefixParam: 'analysisPrefix' | 'evaluationsPrefix';
      readonly suffix?: string;
    }
  | {
      readonly kind: 'eventbridge';
      /** The rules, or a function of the parameters giving them (none is allowed: invoked by nothing yet). */
      readonly rules: readonly EventBridgeRule[] | ((params: DeployParams) => readonly EventBridgeRule[]);
    }
  | { readonly kind: 'schedule'; readonly rate: string };

export interface EventBridgeRule {
  /** `default` (AWS service events such as `aws.cases`), the engine's own bus, or an existing bus by ARN. */
  readonly bus: 'default' | 'engine' | { readonly arn: string };
  /** The event pattern; a function of the deployment when it names a parameter. */
  readonly pattern: Readonly<Record<string, unknown>> | ((params: DeployParams) => Readonly<Record<string, unknown>>);
}

export const ASYNC_TRIGGERS: ReadonlySet<Trigger['kind']> = new Set(['s3', 'eventbridge', 'schedule']);

/** Permissions beyond tables, each a function of the deployment (see `GRANTS`). */
export type GrantName =
  | 'analysisFiles:read'
  | 'evaluationFiles:read'
  | 'connect:describeContact'
  | 'connect:actions'
  | 'cases:actions'
  | 'engineBus:putEvents'
  | 'ses:sendEmail';

export interface FunctionSpec {
  /** osls function key (`rulesApi`): the Lambda is `<service>-<stage>-<key>`. */
  readonly key: string;
  /** `<file without extension>.<export>`, the file being a TypeScript module under functions/. */
  readonly handler: string;
  readonly description: string;
  readonly trigger: Trigger;
  /** Table key (storage/tables.ts `TABLES`) → access. Each gets its `envVar` set to the table name. */
  readonly tables: Readonly<Record<string, TableAccess>>;
  readonly grants?: readonly GrantName[];
  /**
   * Environment beyond the tables: `param:<name>` (a deployment parameter),
   * `ref:<LogicalId>` (a resource of the stack, e.g. `ref:EngineEventBus` = the bus
   * name), a literal, or a function of the parameters.
   */
  readonly environment?: Readonly<Record<string, string | ((params: DeployParams) => string)>>;
  /** The function evaluates rules and runs their actions: it gets `actionsAddition()` too. */
  readonly runsActions?: boolean;
  readonly memorySize?: number;
  /** Seconds. */
  readonly timeout?: number;
}

/** The HTTP API routes of the rules API function: the route table's rules rows. */
export function rulesApiRoutes(): HttpRoute[] {
  return RULES_ROUTES.map(({ method, path }) => ({ method, path }));
}

/** The HTTP API routes of the evaluation API function: the route table's evaluation rows. */
export function evaluationApiRoutes(): HttpRoute[] {
  return EVALUATION_ROUTES.map(({ method, path }) => ({ method, path }));
}

/** Every deployed function. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    key: 'rulesApi',
    handler: 'functions/rules-api.handler',
    description: 'Amazon Connect rules API: CreateRule, DescribeRule, ListRules, UpdateRule, DeleteRule',
    trigger: { kind: 'http', routes: rulesApiRoutes() },
    tables: { rules: 'readwrite' },
    memorySize: 1024,
    timeout: 10,
  },
  {
    // The evaluations live on the engine's own table (as with `connect-rules serve`); a
    // manual submission's OnContactEvaluationSubmit event goes to the engine bus, where
    // ingestCanonical runs the rules (this function evaluates none).
    key: 'evaluationApi',
    handler: 'functions/evaluation-api-handler.handler',
    description: 'Amazon Connect evaluation-form and contact-evaluation API; a submitted evaluation goes to the engine bus',
    trigger: { kind: 'http', routes: evaluationApiRoutes() },
    tables: { evaluations: 'readwrite', contacts: 'read' },
    grants: ['engineBus:putEvents'],
    environment: { CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`, CONNECT_RULES_EVENT_SOURCE: 'param:eventSource' },
    memorySize: 1024,
    timeout: 10,
  },
  {
    key: 'slaSweeper',
    handler: 'functions/sla-sweeper.sweepFromEnvironment',
    description: "SLA sweeper: overdue SLAs of the cases table become OnSlaBreach events on the engine's bus",
    trigger: { kind: 'schedule', rate: 'rate(1 minute)' },
    tables: { cases: 'readwrite' },
    grants: ['engineBus:putEvents'],
    environment: { CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`, CONNECT_RULES_EVENT_SOURCE: 'param:eventSource' },
    timeout: 50,
  },
  ...ingestionFunctions(),
];

/**
 * The trigger ingestion handlers (functions/ingest-*.ts): each reads the rules,
 * keeps per-contact state and de-duplicates deliveries; the ones that may evaluate
 * an analysis or evaluation file (on arrival, when its contact record arrives, or
 * at the sweep) read those files.
 */
function ingestionFunctions(): FunctionSpec[] {
  const tables = { rules: 'read', pipelineState: 'readwrite', idempotency: 'readwrite' } as const;
  const environment = {
    CONNECT_INSTANCE_ID: (p: DeployParams) => instanceIdOf(p.connectInstanceArn),
    // aws.cases events name their domain: it is the instance's.
    CONNECT_RULES_CASES_DOMAINS: (p: DeployParams) => (p.casesDomainId ? `${p.casesDomainId}=${instanceIdOf(p.connectInstanceArn)}` : ''),
  };
  const files: GrantName[] = ['analysisFiles:read', 'evaluationFiles:read'];
  const common = { tables, environment, runsActions: true, memorySize: 1024 } as const;
  return [
    {
      ...common,
      key: 'ingestAnalysis',
      handler: 'functions/ingest-analysis.handler',
      description: 'Contact Lens analysis files (S3) → OnPostCallAnalysisAvailable / OnPostChatAnalysisAvailable',
      trigger: { kind: 's3', prefixParam: 'analysisPrefix', suffix: '.json' },
      grants: ['analysisFiles:read'],
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestEvaluations',
      handler: 'functions/ingest-evaluations.handler',
      description: 'Contact evaluation export files (S3) → OnContactEvaluationSubmit',
      trigger: { kind: 's3', prefixParam: 'evaluationsPrefix', suffix: '.json' },
      grants: ['evaluationFiles:read'],
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestContactRecords',
      handler: 'functions/ingest-contact-records.handler',
      description: 'Contact trace records (Kinesis): stored per contact, waiting analyses evaluated',
      trigger: { kind: 'kinesis', streamParam: 'ctrStreamArn', batchSize: 100, batchWindow: 1 },
      grants: files,
      timeout: 120,
    },
    {
      ...common,
      key: 'ingestRealtime',
      handler: 'functions/ingest-realtime.handler',
      description: 'Real-time contact analysis segments (Kinesis) → OnRealTimeCallAnalysisAvailable / OnRealTimeChatAnalysisAvailable',
      trigger: { kind: 'kinesis', streamParam: 'realtimeStreamArn', batchSize: 100, batchWindow: 0 },
      timeout: 60,
    },
    {
      ...common,
      key: 'ingestCases',
      handler: 'functions/ingest-cases.handler',
      description: 'Amazon Connect Cases events (default bus) → OnCaseCreate, OnCaseUpdate, OnSlaBreach',
      trigger: { kind: 'eventbridge', rules: [{ bus: 'default', pattern: { source: ['aws.cases'], 'detail-type': [...CASES_DETAIL_TYPES] } }] },
    },
    {
      ...common,
      key: 'ingestCanonical',
      handler: 'functions/ingest-canonical.handler',
      description: "Canonical trigger events (the engine's bus) and the instance's contact events (default bus)",
      trigger: {
        kind: 'eventbridge',
        rules: [
          { bus: 'engine', pattern: { 'detail-type': [...CANONICAL_DETAIL_TYPES] } },
          {
            bus: 'default',
            pattern: (p) => ({ source: ['aws.connect'], 'detail-type': [CONTACT_EVENT_DETAIL_TYPE], detail: { instanceArn: [p.connectInstanceArn] } }),
          },
        ],
      },
    },
    {
      ...common,
      key: 'ingestMetrics',
      handler: 'functions/ingest-metrics.handler',
      description: "Metric snapshots put on the engine's bus → OnMetricDataUpdate",
      trigger: { kind: 'eventbridge', rules: [{ bus: 'engine', pattern: { 'detail-type': [...METRICS_DETAIL_TYPES] } }] },
    },
    {
      ...common,
      key: 'ingestThirdParty',
      handler: 'functions/ingest-third-party.handler',
      description: 'Zendesk and Salesforce partner events → OnZendeskTicket*, OnSalesforceCaseCreate',
      trigger: {
        kind: 'eventbridge',
        rules: (p) => splitList(p.partnerEventBusArns).map((arn) => ({ bus: { arn }, pattern: { source: [{ prefix: 'aws.partner/' }] } })),
      },
    },
    {
      ...common,
      key: 'ingestSweep',
      handler: 'functions/ingest-sweep.handler',
      description: 'Analyses still waiting for their contact record after the grace period are evaluated',
      trigger: { kind: 'schedule', rate: 'rate(1 minute)' },
      grants: files,
      timeout: 50,
    },
  ];
}

// ---------------------------------------------------------------------------
// IAM

export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly unknown[];
}

/**
 * Actions allowed on `Resource: "*"` because AWS supports no resource-level
 * permission for them, with why each is needed. Empty: every statement names its
 * resources (the log group, tables and indexes, the DLQ, the stream, the bucket
 * prefix, the instance's contacts, the engine bus, the SES identity). X-Ray
 * (`xray:PutTraceSegments`) and `cloudwatch:PutMetricData` would belong here; the
 * functions use neither (metrics go out as embedded metric format log lines).
 */
export const WILDCARD_RESOURCE_EXCEPTIONS: Readonly<Record<string, string>> = {};

const sub = (text: string) => ({ 'Fn::Sub': text });
const getAtt = (logicalId: string, attr: string) => ({ 'Fn::GetAtt': [logicalId, attr] });

/** `RulesApi` from `rulesApi`, as osls names a function's resources. */
export function logicalName(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
}

export const functionName = (ctx: DeployContext, key: string) => `${ctx.service}-${ctx.stage}-${key}`;
export const roleLogicalId = (key: string) => `${logicalName(key)}Role`;
export const dlqLogicalId = (key: string) => `${logicalName(key)}DeadLetterQueue`;
export const lambdaLogicalId = (key: string) => `${logicalName(key)}LambdaFunction`;

/** `arn:<partition>:s3:::<bucket>/<prefix>*` etc.: every grant names its resources. */
export const GRANTS: Readonly<Record<GrantName, (ctx: DeployContext) => IamStatement[]>> = {
  'analysisFiles:read': ({ params }) => [
    {
      Sid: 'ReadAnalysisFiles',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [sub(`arn:\${AWS::Partition}:s3:::${params.analysisBucket}/${params.analysisPrefix}*`)],
    },
  ],
  'evaluationFiles:read': ({ params }) => [
    {
      Sid: 'ReadEvaluationFiles',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [sub(`arn:\${AWS::Partition}:s3:::${params.analysisBucket}/${params.evaluationsPrefix}*`)],
    },
  ],
  'connect:describeContact': ({ params }) => [
    {
      Sid: 'DescribeContacts',
      Effect: 'Allow',
      Action: ['connect:DescribeContact'],
      Resource: [`${params.connectInstanceArn}/contact/*`],
    },
  ],
  'engineBus:putEvents': () => [
    { Sid: 'PutEngineEvents', Effect: 'Allow', Action: ['events:PutEvents'], Resource: [getAtt(ENGINE_BUS_ID, 'Arn')] },
  ],
  // The address and its domain: SES authorizes the sending against whichever is the verified identity.
  'ses:sendEmail': ({ params }) => [
    {
      Sid: 'SendEmail',
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: [params.emailFrom, params.emailFrom.slice(params.emailFrom.indexOf('@') + 1)].map((identity) =>
        sub(`arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`),
      ),
    },
  ],
  // The instance and what lies under it (contacts, contact flows, users, evaluation forms, evaluations).
  'connect:actions': ({ params }) => [
    {
      Sid: 'ConnectActions',
      Effect: 'Allow',
      Action: [...CONNECT_ACTIONS],
      Resource: [params.connectInstanceArn, `${params.connectInstanceArn}/*`],
    },
  ],
  'cases:actions': ({ params }) => {
    const domain = `arn:\${AWS::Partition}:cases:\${AWS::Region}:\${AWS::AccountId}:domain/${params.casesDomainId}`;
    return [{ Sid: 'CasesActions', Effect: 'Allow', Action: [...CASES_ACTIONS], Resource: [sub(domain), sub(`${domain}/*`)] }];
  },
};

/** The Amazon Connect operations of the `aws` action back end (engine/actions/aws/connect*.ts). */
export const CONNECT_ACTIONS = [
  'connect:StartTaskContact',
  'connect:StopContact',
  'connect:DescribeUser',
  'connect:SearchUsers',
  'connect:DescribeEvaluationForm',
  'connect:ListEvaluationFormVersions',
  'connect:StartContactEvaluation',
  'connect:SubmitContactEvaluation',
] as const;

/** The Connect Cases operations of the `aws` action back end (engine/actions/aws/cases.ts). */
export const CASES_ACTIONS = ['cases:CreateCase', 'cases:UpdateCase', 'cases:GetCase', 'cases:CreateRelatedItem', 'cases:SearchRelatedItems'] as const;

/**
 * What running actions adds to a function, per back end: tables (`local` keeps
 * every service on DynamoDB; `aws` keeps categories, the email counter and the
 * exactly-once ledger there), grants and the environment of engine/actions/config.ts.
 */
export function actionsAddition(params: DeployParams): Pick<FunctionSpec, 'tables' | 'grants' | 'environment'> {
  const backend = params.actionsBackend as (typeof ACTIONS_BACKENDS)[number];
  if (backend === 'none') return { tables: {} };
  const environment = {
    CONNECT_RULES_ACTIONS_BACKEND: backend,
    CONNECT_RULES_EVENT_SOURCE: 'param:eventSource',
    CONNECT_RULES_EVENT_BUS: `ref:${ENGINE_BUS_ID}`,
    CONNECT_RULES_CASES_DOMAIN_ID: 'param:casesDomainId',
    CONNECT_RULES_EMAIL_FROM: 'param:emailFrom',
  };
  if (backend === 'local') {
    const tables = { contacts: 'readwrite', cases: 'readwrite', outbox: 'readwrite', users: 'readwrite', evaluations: 'readwrite', ledger: 'readwrite' } as const;
    return { tables, environment };
  }
  return {
    tables: { contacts: 'readwrite', outbox: 'readwrite', ledger: 'readwrite' },
    grants: ['connect:actions', 'cases:actions', 'ses:sendEmail', 'engineBus:putEvents'],
    environment,
  };
}

/** The spec as deployed: with what running actions adds when it runs them. */
export function effectiveSpec(params: DeployParams, spec: FunctionSpec): FunctionSpec {
  if (!spec.runsActions) return spec;
  const add = actionsAddition(params);
  const tables: Record<string, TableAccess> = { ...spec.tables };
  for (const [key, access] of Object.entries(add.tables)) if (tables[key] !== 'readwrite') tables[key] = access;
  return {
    ...spec,
    tables,
    grants: [...new Set([...(spec.grants ?? []), ...(add.grants ?? [])])],
    environment: { ...spec.environment, ...add.environment },
  };
}

function tableDef(key: string, fn: string): TableDefinition {
  const def = TABLES[key];
  if (!def) throw new Error(`function ${fn}: unknown table '${key}' (known: ${Object.keys(TABLES).join(', ')})`);
  return def;
}

/** The statements of one function's role. */
export function roleStatements(ctx: DeployContext, declared: FunctionSpec): IamStatement[] {
  const spec = effectiveSpec(ctx.params, declared);
  const statements: IamStatement[] = [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [
        sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName(ctx, spec.key)}:*`),
      ],
    },
  ];
  for (const access of ['read', 'readwrite'] as const) {
    const defs = Object.entries(spec.tables)
      .filter(([, a]) => a === access)
      .map(([key]) => tableDef(key, spec.key));
    if (defs.length === 0) continue;
    statements.push({
      Sid: access === 'read' ? 'ReadTables' : 'ReadWriteTables',
      Effect: 'Allow',
      Action: [...TABLE_ACTIONS[access]],
      Resource: defs.flatMap((d) => [
        getAtt(d.logicalId, 'Arn'),
        ...(d.globalSecondaryIndexes.length > 0 ? [sub(`\${${d.logicalId}.Arn}/index/*`)] : []),
      ]),
    });
  }
  const t = spec.trigger;
  if (t.kind === 'kinesis') {
    statements.push({
      Sid: 'ReadStream',
      Effect: 'Allow',
      Action: [
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
      ],
      Resource: [ctx.params[t.streamParam]],
    });
    if (ctx.params.streamKmsKeyArn) {
      statements.push({ Sid: 'DecryptStream', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [ctx.params.streamKmsKeyArn] });
    }
  }
  if (t.kind === 'kinesis' || ASYNC_TRIGGERS.has(t.kind)) {
    statements.push({
      Sid: 'SendToDeadLetterQueue',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [getAtt(dlqLogicalId(spec.key), 'Arn')],
    });
  }
  for (const g of spec.grants ?? []) statements.push(...GRANTS[g](ctx));
  const readsFiles = (spec.grants ?? []).some((g) => g === 'analysisFiles:read' || g === 'evaluationFiles:read');
  if (readsFiles && ctx.params.bucketKmsKeyArn) {
    statements.push({ Sid: 'DecryptFiles', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [ctx.params.bucketKmsKeyArn] });
  }
  return statements;
}

// ---------------------------------------------------------------------------
// Tables

/**
 * Tables whose items are all transient state (delivery de-duplication, pending
 * joins, the action ledger): no deletion protection and deleted with the stack.
 * Every other table holds data (rules, contacts, cases, ...): deletion protection
 * on, and kept when the stack is removed. A table added to `TABLES` is data unless
 * listed here.
 */
export const STATE_TABLE_KEYS: ReadonlySet<string> = new Set(['pipelineState', 'idempotency', 'ledger']);

export const isDataTable = (def: TableDefinition) => !STATE_TABLE_KEYS.has(def.key);

export const tablePhysicalName = (ctx: DeployContext, def: TableDefinition) => `${ctx.service}-${ctx.stage}-${def.key}`;

function tables(ctx: DeployContext): Record<string, unknown> {
  const names = Object.fromEntries(Object.values(TABLES).map((d) => [d.key, tablePhysicalName(ctx, d)]));
  const out: Record<string, unknown> = {};
  for (const def of Object.values(TABLES)) {
    const data = isDataTable(def);
    const [resource] = Object.values(tableResources({ names, tables: [def.key], retain: data, pointInTimeRecovery: true }));
    out[def.logicalId] = {
      ...resource,
      ...(data ? {} : { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' }),
      Properties: { ...resource!.Properties, DeletionProtectionEnabled: data },
    };
  }
  return out;
}

// ---------------------------------------------------------------------------
// The deployment

export interface Deployment {
  /** `functions:` of serverless.yml. */
  readonly functions: Record<string, unknown>;
  /** `resources.Resources`. */
  readonly resources: Record<string, unknown>;
  /** `resources.Outputs`. */
  readonly outputs: Record<string, unknown>;
  /**
   * `resources.extensions`: changes to resources osls generates itself. Today the
   * role of osls's existing-bucket S3 notification helper, whose default policy may
   * add Lambda permissions to every function of the account (`function:*`): here it
   * may only touch the S3-triggered functions of this stack.
   */
  readonly extensions: Record<string, unknown>;
}

/** The osls helper Lambda that sets the notification of an existing bucket, and its role. */
export const S3_NOTIFICATION_HELPER = {
  functionSuffix: 'custom-resource-existing-s3',
  roleLogicalId: 'IamRoleCustomResourcesLambdaExecution',
  functionLogicalId: 'CustomDashresourceDashexistingDashs3LambdaFunction',
} as const;

function s3NotificationHelperPolicy(ctx: DeployContext, s3Functions: readonly string[]): Record<string, unknown> {
  const helper = `${ctx.service}-${ctx.stage}-${S3_NOTIFICATION_HELPER.functionSuffix}`;
  const logGroup = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${helper}`;
  const statements: IamStatement[] = [
    { Sid: 'HelperLogGroup', Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: [sub(logGroup)] },
    { Sid: 'HelperLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [sub(`${logGroup}:*`)] },
    {
      Sid: 'BucketNotification',
      Effect: 'Allow',
      Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'],
      Resource: [sub(`arn:\${AWS::Partition}:s3:::${ctx.params.analysisBucket}`)],
    },
    {
      Sid: 'LetTheBucketInvoke',
      Effect: 'Allow',
      Action: ['lambda:AddPermission', 'lambda:RemovePermission'],
      Resource: s3Functions.map((key) =>
        sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionName(ctx, key)}`),
      ),
    },
  ];
  return {
    Policies: [
      {
        PolicyName: `${ctx.service}-${ctx.stage}-s3-notification-helper`,
        PolicyDocument: { Version: '2012-10-17', Statement: statements },
      },
    ],
  };
}

const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;
/** Retries of a failed asynchronous invocation before it goes to the dead-letter queue. */
export const ASYNC_MAXIMUM_RETRY_ATTEMPTS = 2;
/** Retries of a failing stream batch (halved by bisection each time) before its on-failure destination. */
export const STREAM_MAXIMUM_RETRY_ATTEMPTS = 5;
/** Records older than this are sent to the on-failure destination instead of being processed. */
export const STREAM_MAXIMUM_RECORD_AGE_SECONDS = 6 * 60 * 60;
/** Iterator age (ms) at which a stream function is said to be falling behind. */
export const ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000;

function environmentOf(ctx: DeployContext, declared: FunctionSpec): Record<string, unknown> {
  const spec = effectiveSpec(ctx.params, declared);
  const env: Record<string, unknown> = {};
  for (const key of Object.keys(spec.tables)) {
    const def = tableDef(key, spec.key);
    env[def.envVar] = { Ref: def.logicalId };
  }
  for (const [name, value] of Object.entries(spec.environment ?? {})) {
    if (typeof value === 'function') {
      env[name] = value(ctx.params);
    } else if (value.startsWith('param:')) {
      const param = value.slice('param:'.length) as DeployParamName;
      if (!(param in ctx.params)) throw new Error(`function ${spec.key}: ${name} names unknown parameter '${param}'`);
      env[name] = ctx.params[param];
    } else if (value.startsWith('ref:')) {
      env[name] = { Ref: value.slice('ref:'.length) };
    } else {
      env[name] = value;
    }
  }
  return env;
}

function eventsOf(ctx: DeployContext, spec: FunctionSpec): unknown[] {
  const t = spec.trigger;
  const dlq = { type: 'sqs', arn: getAtt(dlqLogicalId(spec.key), 'Arn') };
  switch (t.kind) {
    case 'http':
      return t.routes.map((r) => ({ httpApi: { method: r.method, path: r.path, authorizer: { type: 'aws_iam' } } }));
    case 'kinesis':
      return [
        {
          stream: {
            type: 'kinesis',
            arn: ctx.params[t.streamParam],
            batchSize: t.batchSize,
            batchWindow: t.batchWindow,
            ...(t.parallelizationFactor ? { parallelizationFactor: t.parallelizationFactor } : {}),
            startingPosition: 'LATEST',
            functionResponseType: 'ReportBatchItemFailures',
            bisectBatchOnFunctionError: true,
            maximumRetryAttempts: STREAM_MAXIMUM_RETRY_ATTEMPTS,
            maximumRecordAgeInSeconds: STREAM_MAXIMUM_RECORD_AGE_SECONDS,
            destinations: { onFailure: dlq },
          },
        },
      ];
    case 's3':
      return [
        {
          s3: {
            bucket: ctx.params.analysisBucket,
            event: 's3:ObjectCreated:*',
            rules: [
              ...(ctx.params[t.prefixParam] ? [{ prefix: ctx.params[t.prefixParam] }] : []),
              ...(t.suffix ? [{ suffix: t.suffix }] : []),
            ],
            existing: true,
          },
        },
      ];
    case 'eventbridge':
      return (typeof t.rules === 'function' ? t.rules(ctx.params) : t.rules).map((r) => ({
        eventBridge: {
          ...(r.bus === 'engine' ? { eventBus: { Ref: ENGINE_BUS_ID } } : typeof r.bus === 'object' ? { eventBus: r.bus.arn } : {}),
          pattern: typeof r.pattern === 'function' ? r.pattern(ctx.params) : r.pattern,
        },
      }));
    case 'schedule':
      return [{ schedule: { rate: [t.rate], enabled: true } }];
  }
}

function alarm(
  ctx: DeployContext,
  name: string,
  description: string,
  metric: {
    namespace: string;
    name: string;
    dimensions: { Name: string; Value: unknown }[];
    statistic: 'Sum' | 'Maximum';
    threshold: number;
    period?: number;
  },
): Record<string, unknown> {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${ctx.service}-${ctx.stage}-${name}`,
      AlarmDescription: description,
      Namespace: metric.namespace,
      MetricName: metric.name,
      Dimensions: metric.dimensions,
      Statistic: metric.statistic,
      Period: metric.period ?? 300,
      EvaluationPeriods: 1,
      Threshold: metric.threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ALARM_TOPIC_ID }],
      OKActions: [{ Ref: ALARM_TOPIC_ID }],
    },
  };
}

/** `functions`, `resources` and `outputs` of the deployment for this stage and these parameters. */
export function buildDeployment(ctx: DeployContext, specs: readonly FunctionSpec[] = FUNCTIONS): Deployment {
  const keys = new Set<string>();
  for (const s of specs) {
    if (keys.has(s.key)) throw new Error(`function key '${s.key}' is used twice`);
    keys.add(s.key);
  }
  const functions: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {
    ...tables(ctx),
    [ENGINE_BUS_ID]: { Type: 'AWS::Events::EventBus', Properties: { Name: `${ctx.service}-${ctx.stage}` } },
    [ALARM_TOPIC_ID]: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${ctx.service}-${ctx.stage}-alarms` } },
  };
  if (ctx.params.alarmEmail) {
    resources.AlarmEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: ALARM_TOPIC_ID }, Protocol: 'email', Endpoint: ctx.params.alarmEmail },
    };
  }
  const outputs: Record<string, unknown> = {
    EngineEventBusName: { Description: "The engine's own EventBridge bus", Value: { Ref: ENGINE_BUS_ID } },
    AlarmTopicArn: { Description: 'SNS topic of every alarm', Value: { Ref: ALARM_TOPIC_ID } },
  };
  for (const def of Object.values(TABLES)) {
    outputs[`${def.logicalId}Name`] = { Description: `DynamoDB table '${def.key}' (${def.envVar})`, Value: { Ref: def.logicalId } };
  }

  let http = false;
  for (const declared of specs) {
    const spec = effectiveSpec(ctx.params, declared);
    const t = spec.trigger;
    const name = logicalName(spec.key);
    const isAsync = ASYNC_TRIGGERS.has(t.kind);
    const hasDlq = isAsync || t.kind === 'kinesis';
    if (t.kind === 'http') http = true;

    functions[spec.key] = {
      handler: spec.handler,
      description: spec.description,
      role: roleLogicalId(spec.key),
      ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
      ...(spec.timeout ? { timeout: spec.timeout } : {}),
      environment: environmentOf(ctx, spec),
      ...(isAsync
        ? {
            maximumRetryAttempts: ASYNC_MAXIMUM_RETRY_ATTEMPTS,
            destinations: { onFailure: { type: 'sqs', arn: getAtt(dlqLogicalId(spec.key), 'Arn') } },
          }
        : {}),
      events: eventsOf(ctx, spec),
    };

    resources[roleLogicalId(spec.key)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `${functionName(ctx, spec.key)}: least privilege for this function only`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
        },
        Policies: [
          { PolicyName: `${spec.key}-policy`, PolicyDocument: { Version: '2012-10-17', Statement: roleStatements(ctx, spec) } },
        ],
      },
    };

    for (const [metric, what] of [
      ['Errors', 'reported errors'],
      ['Throttles', 'was throttled'],
    ] as const) {
      resources[`${name}${metric}Alarm`] = alarm(ctx, `${spec.key}-${metric.toLowerCase()}`, `${functionName(ctx, spec.key)} ${what}`, {
        namespace: 'AWS/Lambda',
        name: metric,
        dimensions: [{ Name: 'FunctionName', Value: { Ref: lambdaLogicalId(spec.key) } }],
        statistic: 'Sum',
        threshold: 1,
      });
    }

    if (hasDlq) {
      resources[dlqLogicalId(spec.key)] = {
        Type: 'AWS::SQS::Queue',
        Properties: {
          QueueName: `${functionName(ctx, spec.key)}-dlq`,
          MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
          SqsManagedSseEnabled: true,
        },
      };
      resources[`${name}DeadLetterQueueAlarm`] = alarm(
        ctx,
        `${spec.key}-dlq`,
        `${functionName(ctx, spec.key)}: failed ${t.kind === 'kinesis' ? 'batches' : 'events'} are waiting in its dead-letter queue`,
        {
          namespace: 'AWS/SQS',
          name: 'ApproximateNumberOfMessagesVisible',
          dimensions: [{ Name: 'QueueName', Value: getAtt(dlqLogicalId(spec.key), 'QueueName') }],
          statistic: 'Maximum',
          threshold: 1,
        },
      );
      outputs[`${name}DeadLetterQueueUrl`] = {
        Description: `Dead-letter queue of ${spec.key}`,
        Value: { Ref: dlqLogicalId(spec.key) },
      };
    }
    if (t.kind === 'kinesis') {
      resources[`${name}IteratorAgeAlarm`] = alarm(
        ctx,
        `${spec.key}-iterator-age`,
        `${functionName(ctx, spec.key)} is falling behind its stream`,
        {
          namespace: 'AWS/Lambda',
          name: 'IteratorAge',
          dimensions: [{ Name: 'FunctionName', Value: { Ref: lambdaLogicalId(spec.key) } }],
          statistic: 'Maximum',
          threshold: ITERATOR_AGE_ALARM_MS,
          period: 60,
        },
      );
    }
  }
  if (http) {
    resources.HttpApi5xxAlarm = alarm(ctx, 'http-api-5xx', 'The HTTP API answered with server errors', {
      namespace: 'AWS/ApiGateway',
      name: '5xx',
      dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
      statistic: 'Sum',
      threshold: 1,
    });
  }
  const s3Functions = specs.filter((s) => s.trigger.kind === 's3').map((s) => s.key);
  const extensions: Record<string, unknown> =
    s3Functions.length > 0
      ? { [S3_NOTIFICATION_HELPER.roleLogicalId]: { Properties: s3NotificationHelperPolicy(ctx, s3Functions) } }
      : {};
  return { functions, resources, outputs, extensions };
}
