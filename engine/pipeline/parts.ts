/**
 * Wiring of the pipeline on a DynamoDB client: the rules (one Query per event,
 * compiled functions cached by version), the per-contact state, Powertools
 * idempotency, the action runner, and what an ingestor is built on (`ingestorDeps`),
 * without an ingestor: each Lambda handler builds only the handlers of its own
 * payloads on it (functions/ingest-*.ts), so its bundle holds only their adapters;
 * factory.ts adds the whole `Ingestor` (replay, `serve`, tests).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { RecordingActionRunner, type ActionRunner } from '../actions/types.ts';
import type { ObjectReader } from '../ingest/s3.ts';
import { PublishedRuleSet } from '../rules/published-rules.ts';
import { PublishedRulesQuery } from '../rules/store.ts';
import { pipelineConfigFromEnv, type PipelineConfig } from './config.ts';
import { PowertoolsDeduplicator, type Deduplicator } from './dedup.ts';
import type { IngestorDeps } from './ingest-core.ts';
import { TriggerProcessor, type TriggerProcessorDeps } from './process.ts';
import type { ContactAttributesSource } from './session-attributes.ts';
import { PipelineStateStore } from './state-store.ts';
import { Telemetry, type PipelineLogger } from './telemetry.ts';

export interface CreatePipelineOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly reader: ObjectReader;
  readonly config?: PipelineConfig;
  /** Default: a RecordingActionRunner (records what would run) until executors are configured. */
  readonly runner?: ActionRunner;
  readonly logger?: PipelineLogger;
  readonly metrics?: Metrics;
  /** The clock (replay's --clock); default the system clock. */
  readonly now?: () => Date;
  /** Default: Powertools idempotency on the idempotency table. */
  readonly dedup?: Deduplicator;
  /** Each action's resolved request, for its report (replay: engine/actions/preview.ts). Default: none. */
  readonly requestOf?: TriggerProcessorDeps['requestOf'];
  /** Where a live session's attributes are asked when no stored record tells them (deployed: Connect). Default: none. */
  readonly contactAttributes?: ContactAttributesSource;
}

export interface PipelineParts {
  /** What an ingestor, or one of its handlers (contact-join.ts, segments.ts, events.ts), is built on. */
  readonly ingestorDeps: IngestorDeps;
  readonly processor: TriggerProcessor;
  readonly store: PipelineStateStore;
  readonly rules: PublishedRuleSet;
  readonly telemetry: Telemetry;
  readonly config: PipelineConfig;
  readonly dedup: Deduplicator;
  readonly runner: ActionRunner;
}

export function createPipelineParts(options: CreatePipelineOptions): PipelineParts {
  const config = options.config ?? pipelineConfigFromEnv();
  const now = options.now ?? (() => new Date());
  const telemetry = new Telemetry(options.logger, options.metrics);
  // the rules store's one read, not the store: the ingestion bundles hold none of the rules API's writes
  const rules = new PublishedRuleSet(new PublishedRulesQuery(options.dynamoDb, config.rulesTable), {
    onCompileError: (rule, error) => {
      telemetry.count('RuleErrors', rule.TriggerEventSource.EventSourceName);
      telemetry.logger.error('stored rule does not compile; skipped until its next version', { ruleId: rule.RuleId, rule: rule.Name, error: error as Error });
    },
  });
  const store = new PipelineStateStore(options.dynamoDb, {
    tableName: config.stateTable,
    stateTtlSeconds: config.stateTtlSeconds,
    claimLeaseMs: config.claimLeaseSeconds * 1000,
  });
  const runner = options.runner ?? new RecordingActionRunner();
  const processor = new TriggerProcessor({
    rules,
    runner,
    telemetry,
    now,
    region: config.region,
    accountId: config.accountId,
    maxDepth: config.maxCascadeDepth,
    newContactsOnly: config.newContactsOnly,
    ...(options.requestOf ? { requestOf: options.requestOf } : {}),
  });
  const dedup =
    options.dedup ?? new PowertoolsDeduplicator({ client: options.dynamoDb, tableName: config.idempotencyTable, expiresAfterSeconds: config.dedupTtlSeconds });
  const ingestorDeps: IngestorDeps = {
    config,
    store,
    processor,
    dedup,
    reader: options.reader,
    telemetry,
    now,
    ...(options.contactAttributes ? { contactAttributes: options.contactAttributes } : {}),
  };
  return { ingestorDeps, processor, store, rules, telemetry, config, dedup, runner };
}
