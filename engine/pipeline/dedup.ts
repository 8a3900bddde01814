/**
 * Exactly-once processing of deliveries, with Powertools idempotency on DynamoDB:
 * the work for a delivery key (S3 object version, Kinesis record, EventBridge id,
 * canonical EventId) runs once; a redelivery gets the stored result back without
 * running anything. While the first run is in progress a concurrent redelivery fails
 * with IdempotencyAlreadyInProgressError (the record is retried later); when the run
 * throws, the idempotency record is deleted so the retry runs again.
 *
 * The delivery key itself is the payload Powertools hashes, with no `eventKeyJmesPath`:
 * the Lambda bundles leave Powertools' JMESPath out (build/powertools-jmespath.ts). The
 * stored key is the one `eventKeyJmesPath: 'deliveryKey'` over `{ deliveryKey }` made
 * (the hash of the same JSON string), so records written before still count.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';

export interface Deduplicator {
  /**
   * Runs `work` unless `deliveryKey` was processed before; `ran` tells which. The
   * result must be plain JSON (it is stored).
   */
  once<T>(deliveryKey: string, work: () => Promise<T>): Promise<{ result: T; ran: boolean }>;
  /** The Lambda context, so an in-progress record expires with the invocation (a crashed run is retried). */
  registerLambdaContext?(context: unknown): void;
}

/** Runs everything: for tests of the pipeline alone. */
export const NO_DEDUP: Deduplicator = {
  async once(_key, work) {
    return { result: await work(), ran: true };
  },
};

export interface PowertoolsDeduplicatorOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** How long a delivery is remembered, seconds (default 48 h, longer than the retry window of every source). */
  readonly expiresAfterSeconds?: number;
  /**
   * Outside Lambda (replay, tests), how long an in-progress record holds before a
   * retry may take over (default 5 min); in Lambda the invocation's remaining time.
   */
  readonly inProgressTimeoutMs?: number;
}

export class PowertoolsDeduplicator implements Deduplicator {
  private readonly config: IdempotencyConfig;
  private readonly run: (deliveryKey: string, work: () => Promise<unknown>) => Promise<unknown>;

  constructor(options: PowertoolsDeduplicatorOptions) {
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: options.tableName, awsSdkV3Client: options.client });
    this.config = new IdempotencyConfig({
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: options.expiresAfterSeconds ?? 48 * 3600,
    });
    this.run = makeIdempotent(async (_deliveryKey: string, work: () => Promise<unknown>) => work(), {
      persistenceStore,
      config: this.config,
      keyPrefix: 'connect-rules',
    });
    const timeout = options.inProgressTimeoutMs ?? 5 * 60_000;
    this.config.registerLambdaContext({ getRemainingTimeInMillis: () => timeout } as never);
  }

  async once<T>(deliveryKey: string, work: () => Promise<T>): Promise<{ result: T; ran: boolean }> {
    let ran = false;
    const result = (await this.run(deliveryKey, async () => {
      ran = true;
      return await work();
    })) as T;
    return { result, ran };
  }

  registerLambdaContext(context: unknown): void {
    // Only a real Lambda context can say how long the invocation has left.
    if (typeof (context as { getRemainingTimeInMillis?: unknown } | undefined)?.getRemainingTimeInMillis !== 'function') return;
    this.config.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
  }
}
