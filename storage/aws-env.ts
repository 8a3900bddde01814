/**
 * The Region and account the project works in when the caller names none, read the
 * same way by the configurations (rules, pipeline, actions), the functions and the CLI.
 */

/** `AWS_REGION`, then `AWS_DEFAULT_REGION` (the SDKs' and the AWS CLI's names), else us-east-1. */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** `CONNECT_RULES_ACCOUNT_ID`, else the example account of AWS's documentation: the account in rule, user and contact ARNs. */
export function accountFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONNECT_RULES_ACCOUNT_ID || '111122223333';
}
