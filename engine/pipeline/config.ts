/**
 * Run-time settings of trigger ingestion, from the environment (docs/pipeline.md
 * "Configuration").
 */
import { RULES_TABLE, tableName } from '../../storage/tables.ts';
import { IDEMPOTENCY_TABLE, PIPELINE_STATE_TABLE } from '../../storage/pipeline-tables.ts';
import { parseMapping, type InstanceDirectory } from '../ingest/instances.ts';
import { accountFromEnv, booleanFromEnv, integerFromEnv, regionFromEnv } from '../../storage/aws-env.ts';

export type AnalysisOutput = 'any' | 'original' | 'redacted';

export interface PipelineConfig {
  readonly region: string;
  readonly accountId: string;
  readonly rulesTable: string;
  readonly stateTable: string;
  readonly idempotencyTable: string;
  /** How long an analysis waits for its contact record before the sweep evaluates it without one, seconds. */
  readonly contactRecordGraceSeconds: number;
  /** A claim (analysis evaluation, real-time firing) older than this is taken over, seconds. */
  readonly claimLeaseSeconds: number;
  /** How long a delivery is remembered for exactly-once, seconds. */
  readonly dedupTtlSeconds: number;
  /** How long per-contact state is kept, seconds. */
  readonly stateTtlSeconds: number;
  /** Events emitted by actions are processed up to this depth. */
  readonly maxCascadeDepth: number;
  /** Which Contact Lens output files are evaluated when both the original and the redacted one are written. */
  readonly analysisOutput: AnalysisOutput;
  /**
   * Rules are not evaluated for contacts that began before they were published, as in
   * Connect (engine/rules/new-contacts.ts). `CONNECT_RULES_NEW_CONTACTS_ONLY`; the
   * deployed functions default it to true (functions/ingest-runtime.ts), every other
   * reader of this configuration to false.
   */
  readonly newContactsOnly: boolean;
  readonly instances: InstanceDirectory;
}

/**
 * The shortest state TTL: 8 days, a day more than the longest contact. A long chat's
 * transcript chunks (state/realtime.ts) keep the TTL of the record that wrote them while
 * its head's slides with every record, so a TTL shorter than a contact would expire a
 * live chat's chunks and fail every later record of it. Amazon Connect's longest contact
 * is a chat: "The maximum configurable time is 10,080 minutes (7 days)." (Amazon Connect
 * API reference, StartChatContact, `ChatDurationInMinutes`).
 */
export const MIN_STATE_TTL_SECONDS = 691_200; // 8 × 24 × 3600, a literal: esbuild keeps an unused product in every bundle that imports this module

export function pipelineConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  const output = (env.CONNECT_RULES_ANALYSIS_OUTPUT ?? 'any').trim().toLowerCase();
  if (!['any', 'original', 'redacted'].includes(output)) {
    throw new Error(`CONNECT_RULES_ANALYSIS_OUTPUT must be any, original or redacted, got '${output}'`);
  }
  const known = (env.CONNECT_RULES_INSTANCE_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const defaultInstanceId = env.CONNECT_INSTANCE_ID?.trim() || undefined;
  return {
    region: regionFromEnv(env),
    accountId: accountFromEnv(env),
    rulesTable: tableName(RULES_TABLE, env),
    stateTable: tableName(PIPELINE_STATE_TABLE, env),
    idempotencyTable: tableName(IDEMPOTENCY_TABLE, env),
    contactRecordGraceSeconds: integerFromEnv(env.CONNECT_RULES_CTR_GRACE_SECONDS, 600, 'CONNECT_RULES_CTR_GRACE_SECONDS', 0),
    claimLeaseSeconds: integerFromEnv(env.CONNECT_RULES_CLAIM_LEASE_SECONDS, 300, 'CONNECT_RULES_CLAIM_LEASE_SECONDS', 1),
    dedupTtlSeconds: integerFromEnv(env.CONNECT_RULES_DEDUP_TTL_SECONDS, 48 * 3600, 'CONNECT_RULES_DEDUP_TTL_SECONDS', 1),
    stateTtlSeconds: integerFromEnv(
      env.CONNECT_RULES_STATE_TTL_SECONDS,
      14 * 24 * 3600,
      'CONNECT_RULES_STATE_TTL_SECONDS',
      MIN_STATE_TTL_SECONDS,
      "8 days: a contact's state must outlast the contact, and an Amazon Connect chat lasts up to 7 days",
    ),
    maxCascadeDepth: integerFromEnv(env.CONNECT_RULES_MAX_CASCADE_DEPTH, 5, 'CONNECT_RULES_MAX_CASCADE_DEPTH', 0),
    analysisOutput: output as AnalysisOutput,
    newContactsOnly: booleanFromEnv(env.CONNECT_RULES_NEW_CONTACTS_ONLY, false, 'CONNECT_RULES_NEW_CONTACTS_ONLY'),
    instances: {
      ...(defaultInstanceId ? { defaultInstanceId } : {}),
      casesDomains: parseMapping(env.CONNECT_RULES_CASES_DOMAINS, 'CONNECT_RULES_CASES_DOMAINS'),
      eventSources: parseMapping(env.CONNECT_RULES_EVENT_SOURCES, 'CONNECT_RULES_EVENT_SOURCES'),
      ...(known.length > 0 ? { knownInstances: new Set(known) } : {}),
    },
    ...overrides,
  };
}
