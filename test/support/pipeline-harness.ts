/**
 * Shared pieces of the pipeline integration tests: a pipeline (the Lambda runtime
 * of functions/ingest-runtime.ts) on fresh tables of a running DynamoDB Local, with
 * the example rules loaded through CreateRule, a runner that counts what it is asked
 * to run, and a clock the test moves.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ActionInvocation, ActionOutcome, ActionRunner } from '../../engine/actions/types.ts';
import { S3ObjectReader } from '../../engine/ingest/s3-reader.ts';
import type { ObjectReader } from '../../engine/ingest/s3.ts';
import { pipelineConfigFromEnv, type PipelineConfig } from '../../engine/pipeline/config.ts';
import { Ingestor } from '../../engine/pipeline/ingestor.ts';
import { loadRulesInto, readRuleBodies } from '../../engine/pipeline/replay.ts';
import { createRulesService } from '../../engine/rules/factory.ts';
import type { RulesService } from '../../engine/rules/service.ts';
import { createIngestRuntime, type IngestRuntime, type LambdaContext } from '../../functions/ingest-runtime.ts';
import { dynamoDbClient, freshTables } from './dynamodb.ts';
import { resolve } from 'node:path';

export const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const ROOT = resolve(import.meta.dirname, '../..');
export const CONTEXT: LambdaContext = { awsRequestId: 'test-request', functionName: 'connect-rules-ingest-test' };

/** Counts the invocations it is given; can be told to fail the next runs (a transient failure). */
export class CountingRunner implements ActionRunner {
  readonly invocations: ActionInvocation[] = [];
  failNext = 0;

  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('executor unavailable'), { name: 'ServiceUnavailableException' });
    }
    this.invocations.push(...invocations);
    return invocations.map((i) => ({ type: i.action.ActionType, ruleName: i.rule.Name, status: 'RECORDED' as const, detail: `ran ${i.action.ActionType}` }));
  }

  /** Rule names in the order their actions ran (one entry per rule and run). */
  rulesRun(): string[] {
    return this.invocations.filter((i) => i.actionIndex === 0).map((i) => i.rule.Name);
  }
}

export class TestClock {
  constructor(public ms = Date.parse('2025-03-12T10:00:00Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/**
 * A silent Powertools Logger that keeps what the pipeline logs as errors, so a test
 * can assert there were none and, if there were, show them in its failure message.
 */
class RecordingLogger extends Logger {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  override error(input: unknown, ...extra: unknown[]): void {
    const causes = extra.map((x) => {
      const e = (x as { error?: unknown })?.error ?? x;
      return e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e);
    });
    this.errors.push([String(typeof input === 'object' ? JSON.stringify(input) : input), ...causes].join(' | '));
  }

  /** A warning with its extras' fields as JSON (an error as its name and message). */
  override warn(input: unknown, ...extra: unknown[]): void {
    const fields = extra.map((x) => JSON.stringify(x, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v)));
    this.warnings.push([String(input), ...fields].join(' | '));
  }
}

export interface PipelineHarness {
  readonly rt: IngestRuntime;
  /** What the pipeline logged as errors (a silent logger otherwise). */
  readonly loggedErrors: readonly string[];
  /** What it logged as warnings. */
  readonly loggedWarnings: readonly string[];
  readonly runner: CountingRunner;
  readonly clock: TestClock;
  readonly service: RulesService;
  readonly config: PipelineConfig;
  readonly client: DynamoDBClient;
}

export interface HarnessOptions {
  readonly s3?: S3Client;
  readonly reader?: ObjectReader;
  readonly config?: Partial<PipelineConfig>;
  readonly metrics?: Metrics;
  /** Load the example rules (examples/rules) into INSTANCE (default true). */
  readonly exampleRules?: boolean;
  /** The runner the pipeline takes, around the counting one (default: the counting one). */
  readonly wrapRunner?: (runner: CountingRunner) => ActionRunner;
}

/** A pipeline on fresh tables of the shared DynamoDB Local. */
export async function pipelineHarness(options: HarnessOptions = {}): Promise<PipelineHarness> {
  const client = dynamoDbClient();
  const names = await freshTables(client, ['rules', 'pipelineState', 'idempotency']);
  const config = pipelineConfigFromEnv(
    {},
    {
      rulesTable: names.rules,
      stateTable: names.pipelineState,
      idempotencyTable: names.idempotency,
      instances: { defaultInstanceId: INSTANCE },
      ...options.config,
    },
  );
  const { service } = await createRulesService({ dynamoDb: client, config: { rulesTable: names.rules } });
  if (options.exampleRules ?? true) {
    const bodies = readRuleBodies(resolve(ROOT, 'examples/rules'), ROOT);
    await loadRulesInto(service, INSTANCE, bodies, 'arn:aws:iam::111122223333:user/test');
  }
  const runner = new CountingRunner();
  const clock = new TestClock();
  const logger = new RecordingLogger({ serviceName: 'connect-rules-ingest-test', logLevel: 'SILENT' });
  const rt = createIngestRuntime({
    dynamoDb: client,
    ...(options.reader ? { reader: options.reader } : options.s3 ? { reader: new S3ObjectReader(options.s3) } : {}),
    config,
    runner: options.wrapRunner?.(runner) ?? runner,
    logger,
    metrics: options.metrics ?? false,
    now: clock.now,
  }, (deps) => new Ingestor(deps));
  return { rt, runner, clock, service, config, client, loggedErrors: logger.errors, loggedWarnings: logger.warnings };
}
