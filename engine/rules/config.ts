/**
 * Run-time settings of the rules API, from the environment (docs/rules-api.md).
 */
import { RULES_TABLE, tableName } from '../../storage/tables.ts';
import { accountFromEnv, integerFromEnv, regionFromEnv } from '../../storage/aws-env.ts';

export interface RulesConfig {
  /** `AWS_REGION` (default `us-east-1`): the region in rule ARNs. */
  readonly region: string;
  /** `CONNECT_RULES_ACCOUNT_ID` (default `111122223333`): the account in rule and user ARNs. */
  readonly accountId: string;
  /** `RULES_TABLE` (default `connect-rules-local-rules`). */
  readonly rulesTable: string;
  /** `CONNECT_RULES_QUOTA_PER_SOURCE` (default 500): rules per instance and event source. */
  readonly rulesPerSourceQuota: number;
  /** `CONNECT_RULES_IDEMPOTENCY_TTL_SECONDS` (default 28800 = 8 h): how long a ClientToken is remembered. */
  readonly idempotencyTtlSeconds: number;
  /** `CONNECT_RULES_MAX_REQUEST_BYTES` (default 262144 = 256 KiB): larger bodies are refused. */
  readonly maxRequestBytes: number;
  /** ListRules page size when `maxResults` is not given (default 100). */
  readonly defaultMaxResults: number;
}

export const DEFAULT_RULES_PER_SOURCE_QUOTA = 500;
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 8 * 60 * 60;
export const DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

export function rulesConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<RulesConfig> = {}): RulesConfig {
  return {
    region: regionFromEnv(env),
    accountId: accountFromEnv(env),
    rulesTable: tableName(RULES_TABLE, env),
    rulesPerSourceQuota: integerFromEnv(env.CONNECT_RULES_QUOTA_PER_SOURCE, DEFAULT_RULES_PER_SOURCE_QUOTA, 'CONNECT_RULES_QUOTA_PER_SOURCE', 1),
    idempotencyTtlSeconds: integerFromEnv(env.CONNECT_RULES_IDEMPOTENCY_TTL_SECONDS, DEFAULT_IDEMPOTENCY_TTL_SECONDS, 'CONNECT_RULES_IDEMPOTENCY_TTL_SECONDS', 1),
    maxRequestBytes: integerFromEnv(env.CONNECT_RULES_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, 'CONNECT_RULES_MAX_REQUEST_BYTES', 1),
    defaultMaxResults: 100,
    ...overrides,
  };
}
