/**
 * What the configurations (rules, pipeline, actions), the functions and the CLI read
 * from the environment alike: the Region and account the project works in when the
 * caller names none, and whole-number and yes-or-no settings.
 */

/** `AWS_REGION`, then `AWS_DEFAULT_REGION` (the SDKs' and the AWS CLI's names), else us-east-1. */
export function regionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** `CONNECT_RULES_ACCOUNT_ID`, else the example account of AWS's documentation: the account in rule, user and contact ARNs. */
export function accountFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONNECT_RULES_ACCOUNT_ID || '111122223333';
}

/** A whole-number setting of at least `min` (`why`: the reason for it, said in the error); `fallback` when unset or blank; a clear error naming `name` otherwise. */
export function integerFromEnv(value: string | undefined, fallback: number, name: string, min: number, why?: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}${why ? ` (${why})` : ''}, got '${value}'`);
  return n;
}

/** A yes-or-no setting (`true` or `false`, any case); `fallback` when unset or blank; a clear error naming `name` otherwise. */
export function booleanFromEnv(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Error(`${name} must be true or false, got '${value}'`);
}
