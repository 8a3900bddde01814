/**
 * What every ingestion Lambda shares: the pipeline built once per container from
 * the environment (engine/pipeline/parts.ts) with the ingestor the function passes
 * (functions/ingestors.ts: the handlers of its own payloads only, so its bundle holds
 * only their adapters; tests pass the whole `Ingestor`), Powertools Logger and Metrics, and
 * the two ways records arrive:
 *
 * - batches (Kinesis, SQS): Powertools `BatchProcessor` + `processPartialResponse`;
 *   a record that fails (bad input or an error) is reported in `batchItemFailures`
 *   alone, the others succeed. Kinesis records are processed in order (one contact's
 *   segments depend on each other); SQS messages in parallel.
 * - single asynchronous events (S3 notification, EventBridge, schedule): every item
 *   is processed; if any failed the invocation throws after the others are done, so
 *   Lambda retries it (processed items are duplicates the second time) and finally
 *   sends it to the on-failure destination.
 *
 * Bad input is logged at WARN with its reason and counted `InvalidInput`; other
 * failures at ERROR, counted `Failures`. Metrics are published at the end of each
 * invocation, one EMF document per source.
 */
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ActionRunner } from '../engine/actions/types.ts';
import { decodeKinesisRecord, decodeSqsRecord, isSqsEvent } from '../engine/ingest/envelopes.ts';
import { isBadInput } from '../engine/ingest/errors.ts';
import type { ObjectReader } from '../engine/ingest/s3.ts';
import { pipelineConfigFromEnv, type PipelineConfig } from '../engine/pipeline/config.ts';
import type { Deduplicator } from '../engine/pipeline/dedup.ts';
import type { IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { errorInfo, type IngestResult, type InputKind } from '../engine/pipeline/ingest-result.ts';
import type { Ingestor } from '../engine/pipeline/ingestor.ts';
import { createPipelineParts, type PipelineParts } from '../engine/pipeline/parts.ts';
import type { ContactAttributesSource } from '../engine/pipeline/session-attributes.ts';
import { dynamoDbClientFromEnv } from '../storage/dynamodb-client.ts';
import { lazyPackagedActionRunner } from './lazy-actions.ts';
import { localDynamoDbHint } from './local-dynamodb-hint.ts';
import { SERVICE_NAME } from './metric-identity.ts';
import { createIngestMetrics } from './counter-metrics.ts';

export { SERVICE_NAME, METRICS_NAMESPACE } from './metric-identity.ts';

/** The minimal Lambda context the handlers read (the runtime's object has more). */
export interface LambdaContext {
  readonly awsRequestId?: string;
  readonly functionName?: string;
  getRemainingTimeInMillis?(): number;
}

/** `I`: what the function's ingestor reads (default: every payload, the whole `Ingestor`). */
export interface IngestRuntime<I = Ingestor> {
  readonly pipeline: PipelineParts & { readonly ingestor: I };
  readonly logger: Logger;
}

export interface IngestRuntimeOptions {
  readonly dynamoDb?: DynamoDBClient;
  readonly reader?: ObjectReader;
  /**
   * Where the function reads the files S3 notifications and waiting analyses name
   * (`s3Files` of ingest-files.ts), when `reader` is not given. Without either, a
   * function reads no file: one that its triggers do not deliver is refused.
   */
  readonly files?: (config: PipelineConfig) => ObjectReader;
  readonly config?: PipelineConfig;
  readonly runner?: ActionRunner;
  readonly logger?: Logger;
  /** `false`: no metrics published (tests). */
  readonly metrics?: Metrics | false;
  readonly now?: () => Date;
  /** Default: Powertools idempotency on the idempotency table (engine/pipeline/dedup.ts). */
  readonly dedup?: Deduplicator;
  /** The account of ARNs built for events that name none (default: the configuration's); the handlers give the invoked function's (functions/invocation.ts). */
  readonly accountId?: string;
  /** Where a live session's attributes are asked when no stored record tells them (ingestRealtime, deployed: Connect); default none. */
  readonly contactAttributes?: (config: PipelineConfig) => ContactAttributesSource;
}

/** Of the functions that read no file (their triggers deliver no S3 notification, nor contact records an analysis waits for). */
const NO_FILES: ObjectReader = {
  read: (ref) =>
    Promise.reject(
      new Error(
        `this function reads no files (asked for ${ref.kind === 's3' ? `s3://${ref.bucket}/${ref.key}` : ref.path}): analysis and evaluation files are read by ingestAnalysis, ingestEvaluations, ingestContactRecords and ingestSweep`,
      ),
    ),
};

/** A runtime from the environment (`AWS_ENDPOINT_URL_DYNAMODB`, or the older `DYNAMODB_ENDPOINT`, overrides the endpoint). */
export function createIngestRuntime<I>(options: IngestRuntimeOptions, ingestor: (deps: IngestorDeps) => I): IngestRuntime<I> {
  const account = options.accountId ? { accountId: options.accountId } : {};
  // Deployed, rules apply to the contacts that begin after them, as in Connect (engine/rules/new-contacts.ts), unless the environment says
  // false: unset or blank (set by hand: no deployed stage writes it) is this default, not the `false` pipelineConfigFromEnv reads a blank as elsewhere.
  const newContactsOnly = process.env.CONNECT_RULES_NEW_CONTACTS_ONLY?.trim() || 'true';
  const config = options.config ?? pipelineConfigFromEnv({ ...process.env, CONNECT_RULES_NEW_CONTACTS_ONLY: newContactsOnly }, account);
  const dynamoDb = options.dynamoDb ?? dynamoDbClientFromEnv(config.region);
  const reader = options.reader ?? options.files?.(config) ?? NO_FILES;
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics === false ? undefined : (options.metrics ?? createIngestMetrics());
  const parts = createPipelineParts({
    dynamoDb,
    reader,
    config,
    logger,
    metrics,
    ...(options.runner ? { runner: options.runner } : {}),
    // CONNECT_RULES_ACTIONS_BACKEND (local | aws) turns the action executors on (docs/actions.md); unset, actions are recorded.
    // They are loaded on the first delivery whose rules act (lazy-actions.ts).
    ...(!options.runner && process.env.CONNECT_RULES_ACTIONS_BACKEND
      ? { runner: lazyPackagedActionRunner({ dynamoDb, config: account, onError: (message, error) => logger.error(message, { error: error as Error }) }) }
      : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.dedup ? { dedup: options.dedup } : {}),
    ...(options.contactAttributes ? { contactAttributes: options.contactAttributes(config) } : {}),
  });
  return { pipeline: { ...parts, ingestor: ingestor(parts.ingestorDeps) }, logger };
}

/** The runtimes that said the local stage's DynamoDB hint in this invocation: once, not once per record. */
const hinted = new WeakSet<IngestRuntime<unknown>>();

/** Logs and counts a failed item (bad input or an error); returns it for rethrowing. */
export function reportFailure(rt: IngestRuntime<unknown>, err: unknown, kind: InputKind, label: string): unknown {
  const hint = hinted.has(rt) ? undefined : localDynamoDbHint(err);
  if (hint) {
    hinted.add(rt);
    rt.logger.error(hint);
  }
  const info = errorInfo(err);
  if (isBadInput(err)) {
    rt.pipeline.telemetry.count('InvalidInput', kind);
    rt.logger.warn('bad input: reported as failed (retried, then dead-lettered)', { label, kind, reason: info.reason, error: info.message });
  } else {
    rt.logger.error('record failed: reported as failed (retried, then dead-lettered)', { label, kind, error: err as Error });
  }
  rt.pipeline.telemetry.count('Failures', kind);
  return err;
}

/** One log line per processed item. */
export function logResults(rt: IngestRuntime<unknown>, results: readonly IngestResult[]): void {
  for (const r of results) {
    rt.logger.info('ingested', {
      kind: r.kind,
      status: r.status,
      label: r.label,
      deliveryKey: r.deliveryKey,
      source: r.source,
      instanceId: r.instanceId,
      contactId: r.contactId,
      detail: r.detail,
      evaluations: r.evaluations.length,
      matchedRules: r.evaluations.flatMap((e) => e.matchedRules),
    });
  }
}

/**
 * The invocation's deadline, for the two leases that must end with it: the delivery's
 * idempotency record and the claims on actions (a redelivery the first lets in finds
 * the second passed too, and takes the dead attempt's actions over).
 */
function registerContext(rt: IngestRuntime<unknown>, context: LambdaContext): void {
  hinted.delete(rt);
  rt.pipeline.dedup.registerLambdaContext?.(context);
  rt.pipeline.runner.registerLambdaContext?.(context);
}

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * A middy handler for a Kinesis or SQS batch: `perRecord` handles one record and
 * throws to report it as failed.
 */
export function batchHandler<I>(
  type: 'kinesis' | 'sqs',
  rt: IngestRuntime<I>,
  perRecord: (rt: IngestRuntime<I>, record: unknown, index: number) => Promise<readonly IngestResult[]>,
) {
  const base = async (event: { Records: unknown[] }, context: LambdaContext): Promise<BatchResponse> => {
    registerContext(rt, context);
    const processor = new BatchProcessor(type === 'kinesis' ? EventType.KinesisDataStreams : EventType.SQS);
    const indexOf = new Map(event.Records.map((r, i) => [r, i]));
    try {
      return (await processPartialResponse(
        event as never,
        async (record: unknown) => {
          const results = await perRecord(rt, record, indexOf.get(record) ?? -1);
          logResults(rt, results);
          return results.map((r) => r.status);
        },
        processor,
        { context: context as never, processInParallel: type !== 'kinesis', throwOnFullBatchFailure: false },
      )) as BatchResponse;
    } finally {
      rt.pipeline.telemetry.flush();
    }
  };
  return middy(base).use(injectLambdaContext(rt.logger, { resetKeys: true }));
}

/**
 * A middy handler for one asynchronous event made of items: every item is processed,
 * then the invocation fails if any item failed.
 */
export function asyncHandler<E, I>(rt: IngestRuntime<I>, perEvent: (rt: IngestRuntime<I>, event: E) => Promise<{ results: IngestResult[]; errors: unknown[] }>) {
  const base = async (event: E, context: LambdaContext): Promise<{ results: { status: string; label: string }[] }> => {
    registerContext(rt, context);
    try {
      const { results, errors } = await perEvent(rt, event);
      logResults(rt, results);
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} items of the event failed`);
      return { results: results.map((r) => ({ status: r.status, label: r.label })) };
    } finally {
      rt.pipeline.telemetry.flush();
    }
  };
  return middy(base).use(injectLambdaContext(rt.logger, { resetKeys: true }));
}


/** The label of a Kinesis or SQS record in logs and reports. */
export function recordLabel(record: unknown, index: number): string {
  const r = record as { eventID?: unknown; messageId?: unknown } | undefined;
  if (typeof r?.eventID === 'string') return `Kinesis record ${r.eventID}`;
  if (typeof r?.messageId === 'string') return `SQS message ${r.messageId}`;
  return `record ${index}`;
}

type Ingest<I> = (ingestor: I, payload: unknown, options: { label: string; deliveryKey: string }) => Promise<IngestResult>;

/** A Kinesis data stream handler: each record decoded (base64 JSON), then `ingest`. */
export function kinesisRecordsHandler<I>(rt: IngestRuntime<I>, kind: InputKind, ingest: Ingest<I>) {
  return batchHandler('kinesis', rt, async (rt, record, index) => {
    const label = recordLabel(record, index);
    try {
      const decoded = decodeKinesisRecord(record, label);
      return [await ingest(rt.pipeline.ingestor, decoded.payload, { label, deliveryKey: decoded.deliveryKey })];
    } catch (err) {
      throw reportFailure(rt, err, kind, label);
    }
  });
}

type PerPayload<I> = (rt: IngestRuntime<I>, payload: unknown, label: string) => Promise<{ results: IngestResult[]; errors: unknown[] }>;

/**
 * A handler taking either an SQS batch (each message body a payload; a message with
 * a failed item is reported failed) or one payload invoked directly (asynchronous).
 */
export function sqsOrDirectHandler<I>(rt: IngestRuntime<I>, kind: InputKind, directLabel: (event: unknown) => string, perPayload: PerPayload<I>) {
  const sqs = batchHandler('sqs', rt, async (rt, record, index) => {
    const label = recordLabel(record, index);
    let payload: unknown;
    try {
      payload = decodeSqsRecord(record, label).payload;
    } catch (err) {
      throw reportFailure(rt, err, kind, label);
    }
    const { results, errors } = await perPayload(rt, payload, label);
    if (errors.length > 0) throw errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} items of ${label} failed`);
    return results;
  });
  const direct = asyncHandler<unknown, I>(rt, (rt, event) => perPayload(rt, event, directLabel(event)));
  return (event: unknown, context: LambdaContext) => (isSqsEvent(event) ? sqs(event as never, context as never) : direct(event, context as never));
}
