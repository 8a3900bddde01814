/**
 * The deployment the crash tests break, built the same way in the test process and in
 * the child process it SIGKILLs: the ingestion handlers (SQS canonical events, Kinesis
 * contact records) over DynamoDB Local, the local action back ends, one rule
 * (ACCOUNT_CANCELLATION: a category, an EventBridge event, a task, an email to each of
 * two users), and a clock the test sets. Also the batches both processes deliver, and
 * a count of every effect per contact, read back from the tables.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLocalActionRuntime, type LocalActionRuntime } from '../../../engine/actions/local/backend.ts';
import { createExecutors } from '../../../engine/actions/executors/index.ts';
import { ExecutorRunner } from '../../../engine/actions/runner.ts';
import type { ActionExecutor } from '../../../engine/actions/types.ts';
import { FileObjectReader } from '../../../engine/ingest/object-reader.ts';
import { pipelineConfigFromEnv } from '../../../engine/pipeline/config.ts';
import { PowertoolsDeduplicator } from '../../../engine/pipeline/dedup.ts';
import { Ingestor } from '../../../engine/pipeline/ingestor.ts';
import { createRulesService } from '../../../engine/rules/factory.ts';
import { createCanonicalHandler } from '../../../functions/ingest-canonical.ts';
import { createContactRecordsHandler } from '../../../functions/ingest-contact-records.ts';
import { createIngestRuntime, type BatchResponse, type IngestRuntime, type LambdaContext } from '../../../functions/ingest-runtime.ts';
import { ACTION_TABLE_KEYS } from '../../../storage/action-tables.ts';
import { ensureTables, localDynamoDbClient } from '../../../storage/local-dynamodb.ts';
import { fixture } from '../../support/fixtures.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
/** The child's clock; the test's redeliveries run at T0 + some minutes. */
export const T0 = Date.parse('2026-01-01T10:00:00Z');
/** How long a claim on an action or an analysis holds (the defaults). */
export const LEASE_MS = 5 * 60_000;

export type Mode = 'sqs' | 'ctr';

export interface WorldOptions {
  readonly endpoint: string;
  /** Table name prefix (one set of tables per test). */
  readonly prefix: string;
  readonly clock: () => number;
  /** Wraps each executor (the child's crash point, the outage's switch). */
  readonly wrap?: (executor: ActionExecutor) => ActionExecutor;
  /**
   * How long a delivery's idempotency record stays in progress (in Lambda: the
   * invocation's remaining time). Default 5 min.
   */
  readonly inProgressMs?: number;
}

export interface World {
  readonly client: DynamoDBClient;
  readonly actions: LocalActionRuntime;
  readonly rt: IngestRuntime;
  /** The Lambda handler of `mode`: an SQS batch of canonical events, or a Kinesis batch of contact records. */
  readonly handler: (mode: Mode, event: unknown, context: LambdaContext) => Promise<BatchResponse>;
}

const tableKeys = ['rules', 'pipelineState', 'idempotency', ...ACTION_TABLE_KEYS];
const names = (prefix: string) => Object.fromEntries(tableKeys.map((k) => [k, `${prefix}-${k}`])) as Record<string, string>;

/**
 * Claims on actions hold LEASE_MS of the clock whatever the invocation's deadline: the
 * redelivery the expired idempotency record lets in finds them live (issue 11's case).
 */
class FixedLeaseRunner extends ExecutorRunner {
  override registerLambdaContext(): void {}
}

export function world(options: WorldOptions): World {
  const client = localDynamoDbClient(options.endpoint);
  const t = names(options.prefix);
  const actions = createLocalActionRuntime({
    dynamoDb: client,
    config: {
      tables: { contacts: t.contacts!, cases: t.cases!, outbox: t.outbox!, users: t.users!, evaluations: t.evaluations!, ledger: t.ledger! },
    },
  });
  const wrap = options.wrap ?? ((e: ActionExecutor) => e);
  const runner = new FixedLeaseRunner({
    executors: createExecutors(actions.deps).map(wrap),
    ledger: actions.runner.ledger,
    bus: actions.deps.bus,
    leaseMs: LEASE_MS,
    clock: options.clock,
    sleep: async () => undefined,
  });
  const config = pipelineConfigFromEnv(
    {},
    { rulesTable: t.rules!, stateTable: t.pipelineState!, idempotencyTable: t.idempotency!, instances: { defaultInstanceId: INSTANCE }, claimLeaseSeconds: LEASE_MS / 1000 },
  );
  const rt = createIngestRuntime({
    dynamoDb: client,
    config,
    runner,
    reader: new FileObjectReader(),
    logger: new Logger({ serviceName: 'crash-test', logLevel: 'SILENT' }),
    metrics: false,
    now: () => new Date(options.clock()),
    dedup: new PowertoolsDeduplicator({ client, tableName: t.idempotency!, inProgressTimeoutMs: options.inProgressMs ?? LEASE_MS }),
  }, (deps) => new Ingestor(deps));
  const sqs = createCanonicalHandler(rt);
  const kinesis = createContactRecordsHandler(rt);
  return {
    client,
    actions,
    rt,
    handler: (mode, event, context) => (mode === 'sqs' ? sqs(event, context) : kinesis(event as never, context as never)) as Promise<BatchResponse>,
  };
}

/** Creates the tables, the users and the rule. */
export async function setUpWorld(w: World, prefix: string): Promise<void> {
  await ensureTables(w.client, tableKeys, names(prefix));
  await w.actions.users.load(join(ROOT, 'examples/users.json'));
  const { service } = await createRulesService({ dynamoDb: w.client, config: { rulesTable: names(prefix).rules! } });
  const body = JSON.parse(readFileSync(join(ROOT, 'examples/rules/post-call-account-cancellation.json'), 'utf8'));
  await service.createRule(INSTANCE, body, 'arn:aws:iam::111122223333:user/test');
}

/** The contact id of item `i` of a batch. */
export const contactId = (i: number) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** The analysis files of `n` contacts, written to `dir` (the ctr mode's pending analyses). */
export function writeAnalyses(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const file = fixture('analysis/voice-cancellation.json');
    file.CustomerMetadata.ContactId = contactId(i);
    const path = join(dir, `analysis-${i}.json`);
    writeFileSync(path, JSON.stringify(file));
    return path;
  });
}

/** The Lambda event of a batch of `n` items: SQS messages of canonical events, or Kinesis records of CTRs. */
export function batch(mode: Mode, n: number): { Records: Record<string, unknown>[] } {
  const Records = Array.from({ length: n }, (_, i) => {
    if (mode === 'sqs') {
      const event = fixture('canonical/OnPostCallAnalysisAvailable.json');
      event.EventId = `crash-event-${i}`;
      event.ContactLens.PostCall.ContactId = contactId(i);
      return {
        messageId: `m-${i}`,
        receiptHandle: `rh-${i}`,
        body: JSON.stringify(event),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(T0), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(T0) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:connect-rules-canonical',
        awsRegion: 'us-east-1',
      };
    }
    const record = fixture('contact/ctr-voice-cancellation.json');
    record.ContactId = contactId(i);
    const sequenceNumber = String(49_000_000_000 + i);
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: contactId(i),
        sequenceNumber,
        data: Buffer.from(JSON.stringify(record)).toString('base64'),
        approximateArrivalTimestamp: T0 / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/ingest',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-ctr',
    };
  });
  return { Records };
}

/** The records of `event` that `response` reports failed (what SQS or Kinesis delivers again). */
export function failedRecords(event: { Records: Record<string, unknown>[] }, response: BatchResponse): { Records: Record<string, unknown>[] } {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const id = (r: Record<string, unknown>) => (r.messageId as string | undefined) ?? (r.kinesis as { sequenceNumber: string }).sequenceNumber;
  return { Records: event.Records.filter((r) => failed.has(id(r))) };
}

/**
 * The Lambda context of the tests' invocations. Without getRemainingTimeInMillis: the
 * idempotency records hold `inProgressMs` (World), the claims LEASE_MS of the clock.
 */
export const CONTEXT: LambdaContext = { awsRequestId: 'crash-test', functionName: 'connect-rules-ingest-crash-test' };

export interface Effects {
  /** Per contact id: how many of each effect exist. */
  readonly perContact: Map<string, { tasks: number; emails: number; events: number; categories: number }>;
  /** Action failure events (there should be none). */
  readonly failureEvents: number;
  /** Ledger items left RUNNING. */
  readonly running: number;
}

async function scan(doc: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Every effect in the tables, counted per contact. */
export async function countEffects(w: World, prefix: string): Promise<Effects> {
  const doc = DynamoDBDocumentClient.from(w.client);
  const t = names(prefix);
  const perContact: Effects['perContact'] = new Map();
  const bump = (contact: string, what: 'tasks' | 'emails' | 'events' | 'categories') => {
    const c = perContact.get(contact) ?? { tasks: 0, emails: 0, events: 0, categories: 0 };
    c[what] += 1;
    perContact.set(contact, c);
  };
  for (const item of await scan(doc, t.contacts!)) {
    if (item.Kind === 'TASK') bump((item.Task as { PreviousContactId: string }).PreviousContactId, 'tasks');
    if (String(item.SK).startsWith('CATEGORY#')) bump(item.ContactId as string, 'categories');
  }
  let failureEvents = 0;
  for (const item of await scan(doc, t.outbox!)) {
    const sk = String(item.SK);
    if (sk.startsWith('EMAIL#')) bump(/Contact (\S+) matched/.exec((item.Email as { Body: string }).Body)![1]!, 'emails');
    if (sk.startsWith('EVENT#')) {
      const e = item.Event as { DetailType: string; Detail: { contactArn?: string } };
      if (e.DetailType === 'Amazon Connect Rules Action Execution Failed') failureEvents++;
      else bump(e.Detail.contactArn!.split('/').pop()!, 'events');
    }
  }
  const running = (await scan(doc, t.ledger!)).filter((i) => i.Status === 'RUNNING').length;
  return { perContact, failureEvents, running };
}

/** One task, one category, one event and two emails (two Retention users with an address) per contact. */
export const ONCE = { tasks: 1, emails: 2, events: 1, categories: 1 } as const;
