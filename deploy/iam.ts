/**
 * IAM: one role per function whose statements are derived from the tables it names
 * (with an access level), its trigger and the grants it lists: no `*` action, no `*`
 * resource (`WILDCARD_RESOURCE_EXCEPTIONS` lists the actions AWS offers no
 * resource-level permission for; none is used today).
 */
import { effectiveSpec } from './actions.ts';
import { ENGINE_BUS_ID } from './event-buses.ts';
import { getAtt, sub } from './intrinsics.ts';
import type { DeployContext } from './parameters.ts';
import { ASYNC_TRIGGERS, dlqLogicalId, functionName, type FunctionSpec, type GrantName, type TableAccess } from './spec.ts';
import { tableDef } from './tables.ts';

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

/**
 * No `dynamodb:TransactWriteItems` here: a transaction is allowed by the actions of its
 * items (AWS, "Using IAM with DynamoDB transactions": "Permissions for Put, Update,
 * Delete, and Get actions are governed by the permissions used for the underlying
 * PutItem, UpdateItem, DeleteItem, and GetItem operations."), as the real-time state's
 * chunks and head are written (engine/pipeline/state/realtime.ts).
 */
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

/** The operations on `service` that the function's actions call (`effectiveSpec`'s `actionOperations`). */
const operationsOf = (spec: FunctionSpec, service: string) => (spec.actionOperations ?? []).filter((op) => op.startsWith(`${service}:`));

/** `arn:<partition>:s3:::<bucket>/<prefix>*` etc.: every grant names its resources. */
export const GRANTS: Readonly<Record<GrantName, (ctx: DeployContext, spec: FunctionSpec) => IamStatement[]>> = {
  'analysisFiles:read': ({ params }) => [
    {
      Sid: 'ReadAnalysisFiles',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [sub(`arn:\${AWS::Partition}:s3:::${params.analysisBucket}/${params.analysisPrefix}*`)],
    },
  ],
  // So that GetObject of a file gone since (a lifecycle rule) answers NoSuchKey, which transcript search skips, and
  // not AccessDenied, which fails it. AWS (GetObject): "If the object you request doesn't exist, the error that Amazon
  // S3 returns depends on whether you also have the s3:ListBucket permission. If you have the s3:ListBucket permission
  // on the bucket, Amazon S3 returns an HTTP status code 404 Not Found error. If you don't have the s3:ListBucket
  // permission, Amazon S3 returns an HTTP status code 403 Access Denied error." No s3:prefix condition: a GetObject
  // request carries no prefix for one to compare.
  'analysisFiles:list': ({ params }) => [
    { Sid: 'ListAnalysisFiles', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [sub(`arn:\${AWS::Partition}:s3:::${params.analysisBucket}`)] },
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
  // ingestRealtime: a live session's attributes (functions/session-attributes.ts), of the instance's contacts only.
  // AWS (Service Authorization Reference, "Actions, resources, and condition keys for Amazon Connect",
  // list_amazonconnect.html): GetContactAttributes, "Grants permission to retrieve the contact attributes
  // for the specified contact", Read, resource type contact* (required), whose ARN is
  // arn:${Partition}:connect:${Region}:${Account}:instance/${InstanceId}/contact/${ContactId}:
  // the instance's ARN, `/contact/`, any contact (the initial contact asked for is the instance's too).
  'connect:getContactAttributes': ({ params }) => [
    {
      Sid: 'GetContactAttributes',
      Effect: 'Allow',
      Action: ['connect:GetContactAttributes'],
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
  'connect:actions': ({ params }, spec) => [
    {
      Sid: 'ConnectActions',
      Effect: 'Allow',
      Action: operationsOf(spec, 'connect'),
      Resource: [params.connectInstanceArn, `${params.connectInstanceArn}/*`],
    },
  ],
  'cases:actions': ({ params }, spec) => {
    const domain = `arn:\${AWS::Partition}:cases:\${AWS::Region}:\${AWS::AccountId}:domain/${params.casesDomainId}`;
    return [{ Sid: 'CasesActions', Effect: 'Allow', Action: operationsOf(spec, 'cases'), Resource: [sub(domain), sub(`${domain}/*`)] }];
  },
};

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
  for (const g of spec.grants ?? []) statements.push(...GRANTS[g](ctx, spec));
  const readsFiles = (spec.grants ?? []).some((g) => g === 'analysisFiles:read' || g === 'evaluationFiles:read');
  if (readsFiles && ctx.params.bucketKmsKeyArn) {
    statements.push({ Sid: 'DecryptFiles', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [ctx.params.bucketKmsKeyArn] });
  }
  return statements;
}

/** The `AWS::IAM::Role` of one function: assumable by Lambda, with its statements only. */
export function roleResource(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  return {
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
}
