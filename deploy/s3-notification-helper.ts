/**
 * The helper Lambda osls adds to set the notification of an existing bucket (the
 * analysis bucket): its default policy may add Lambda permissions to every function
 * of the account (`function:*`); here its role may only touch that bucket and the
 * S3-triggered functions of this stack, and write to its log group, which the stack
 * creates with a retention (serverless.yml `provider.logs.frameworkLambda`) so the
 * helper need not create one.
 */
import { sub } from './intrinsics.ts';
import type { IamStatement } from './iam.ts';
import type { DeployContext } from './parameters.ts';
import { functionName, type FunctionSpec } from './spec.ts';

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


/** `resources.extensions` for the helper's role (none when no function is S3-triggered). */
export function s3NotificationHelperExtensions(ctx: DeployContext, specs: readonly FunctionSpec[]): Record<string, unknown> {
  const s3Functions = specs.filter((s) => s.trigger.kind === 's3').map((s) => s.key);
  return s3Functions.length > 0
    ? { [S3_NOTIFICATION_HELPER.roleLogicalId]: { Properties: s3NotificationHelperPolicy(ctx, s3Functions) } }
    : {};
}
