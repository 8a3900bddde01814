/**
 * The deployment's parameters: the settings a user gives per stage (`params:` in
 * serverless.yml, or `--param="name=value"`), checked before any resource is built,
 * and the context (service, stage, parameters) every other module of deploy/ builds from.
 */

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
  {
    name: 'reservedConcurrency',
    description:
      'Reserved concurrency per function, `function=N` comma-separated (e.g. `ingestAnalysis=20, rulesApi=5`): at most N instances run at once, and N are kept for it (empty: none reserved)',
    optional: true,
  },
  {
    name: 'apiThrottlingRateLimit',
    description: 'Steady requests per second the HTTP API stage allows across its routes, beyond which it answers 429 (empty: the account limit)',
    optional: true,
  },
  {
    name: 'apiThrottlingBurstLimit',
    description: 'Requests the HTTP API stage allows in a burst above the rate limit (empty: the account limit)',
    optional: true,
  },
] as const satisfies readonly DeployParameter[];

export type DeployParamName = (typeof DEPLOY_PARAMETERS)[number]['name'];
export type DeployParams = Readonly<Record<DeployParamName, string>>;

export interface DeployContext {
  /** `service:` of serverless.yml. */
  readonly service: string;
  /** `--stage`. */
  readonly stage: string;
  readonly params: DeployParams;
  /** The environment osls runs in: only the `local` stage reads it (deploy/local-stage.ts). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The folder of serverless.yml, for the `local` stage's relative paths (default: the current folder). */
  readonly serviceDir?: string;
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
  if (out.actionsBackend && !isActionsBackend(out.actionsBackend)) problems.push(notAnActionsBackend(out.actionsBackend));
  if (out.actionsBackend === 'aws') {
    for (const name of ['casesDomainId', 'emailFrom'] as const) if (!out[name]) problems.push(`${name}: required by the aws actions back end`);
  }
  if (out.emailFrom && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(out.emailFrom)) problems.push(`emailFrom: '${out.emailFrom}' is not an email address`);
  if (out.casesDomainId && !/^[A-Za-z0-9-]+$/.test(out.casesDomainId)) problems.push(`casesDomainId: '${out.casesDomainId}' is not a Cases domain id`);
  if (out.logLevel && !/^(DEBUG|INFO|WARN|ERROR|CRITICAL|SILENT)$/i.test(out.logLevel)) {
    problems.push(`logLevel: '${out.logLevel}' is not a Powertools log level`);
  }
  for (const entry of splitList(out.reservedConcurrency ?? '')) {
    if (!/^[A-Za-z][A-Za-z0-9]*\s*=\s*[1-9]\d*$/.test(entry)) problems.push(`reservedConcurrency: '${entry}' is not function=N (N a whole number from 1)`);
  }
  if (out.apiThrottlingRateLimit && !/^(\d+(\.\d+)?)$/.test(out.apiThrottlingRateLimit)) {
    problems.push(`apiThrottlingRateLimit: '${out.apiThrottlingRateLimit}' is not a number of requests per second`);
  }
  if (out.apiThrottlingBurstLimit && !/^\d+$/.test(out.apiThrottlingBurstLimit)) {
    problems.push(`apiThrottlingBurstLimit: '${out.apiThrottlingBurstLimit}' is not a whole number of requests`);
  }
  if (problems.length > 0) throw new Error(`Invalid deployment parameters:\n  ${problems.join('\n  ')}`);
  return out as DeployParams;
}

export const ACTIONS_BACKENDS = ['aws', 'local', 'none'] as const;

export const isActionsBackend = (name: string): name is (typeof ACTIONS_BACKENDS)[number] => (ACTIONS_BACKENDS as readonly string[]).includes(name);

export const notAnActionsBackend = (name: string): string => `actionsBackend: '${name}' is not one of ${ACTIONS_BACKENDS.join(', ')}`;

/** `a, b,c` → `['a', 'b', 'c']`. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `reservedConcurrency`'s `a=1, b=2` as `{ a: 1, b: 2 }`. */
export const reservedConcurrencyOf = (params: DeployParams): Record<string, number> =>
  Object.fromEntries(splitList(params.reservedConcurrency).map((e) => e.split('=').map((s) => s.trim())).map(([k, n]) => [k!, Number(n)]));

/** The instance id of an instance ARN (`…:instance/<id>`). */
export const instanceIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
