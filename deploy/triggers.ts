/**
 * What invokes each function, as osls events (one builder per trigger kind), and the
 * failure path of the asynchronous and stream kinds: retries, then an SQS dead-letter
 * queue (an on-failure destination), watched by an alarm.
 */
import { effectiveSpec } from './actions.ts';
import { alarm } from './alarms.ts';
import { eventBridgeEvents } from './event-buses.ts';
import { httpApiEvents } from './http-api.ts';
import { getAtt } from './intrinsics.ts';
import type { DeployContext } from './parameters.ts';
import { ASYNC_TRIGGERS, dlqLogicalId, functionName, logicalName, type FunctionSpec, type Trigger } from './spec.ts';

const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;
/** Retries of a failed asynchronous invocation before it goes to the dead-letter queue. */
export const ASYNC_MAXIMUM_RETRY_ATTEMPTS = 2;
/** Retries of a failing stream batch (halved by bisection each time) before its on-failure destination. */
export const STREAM_MAXIMUM_RETRY_ATTEMPTS = 5;
/** Records older than this are sent to the on-failure destination instead of being processed. */
export const STREAM_MAXIMUM_RECORD_AGE_SECONDS = 6 * 60 * 60;

/** Whether a function's failures go to a dead-letter queue (asynchronous and stream triggers). */
export const hasDeadLetterQueue = (spec: FunctionSpec) => ASYNC_TRIGGERS.has(spec.trigger.kind) || spec.trigger.kind === 'kinesis';

const deadLetterDestination = (key: string) => ({ type: 'sqs', arn: getAtt(dlqLogicalId(key), 'Arn') });

type EventsOf<K extends Trigger['kind']> = (ctx: DeployContext, trigger: Extract<Trigger, { kind: K }>, spec: FunctionSpec) => unknown[];

const EVENTS: { readonly [K in Trigger['kind']]: EventsOf<K> } = {
  http: (_ctx, t) => httpApiEvents(t.routes),
  kinesis: (ctx, t, spec) => [
    {
      stream: {
        type: 'kinesis',
        arn: ctx.params[t.streamParam],
        batchSize: t.batchSize,
        batchWindow: t.batchWindow,
        ...(t.parallelizationFactor ? { parallelizationFactor: t.parallelizationFactor } : {}),
        startingPosition: 'LATEST',
        functionResponseType: 'ReportBatchItemFailures',
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: STREAM_MAXIMUM_RETRY_ATTEMPTS,
        maximumRecordAgeInSeconds: STREAM_MAXIMUM_RECORD_AGE_SECONDS,
        destinations: { onFailure: deadLetterDestination(spec.key) },
      },
    },
  ],
  s3: (ctx, t) => [
    {
      s3: {
        bucket: ctx.params.analysisBucket,
        event: 's3:ObjectCreated:*',
        rules: [...(ctx.params[t.prefixParam] ? [{ prefix: ctx.params[t.prefixParam] }] : []), ...(t.suffix ? [{ suffix: t.suffix }] : [])],
        existing: true,
      },
    },
  ],
  eventbridge: (ctx, t) => eventBridgeEvents(ctx, typeof t.rules === 'function' ? t.rules(ctx.params) : t.rules),
  schedule: (_ctx, t) => [{ schedule: { rate: [t.rate], enabled: true } }],
};

/** The osls `events` of a function. */
export function eventsOf(ctx: DeployContext, spec: FunctionSpec): unknown[] {
  return (EVENTS[spec.trigger.kind] as EventsOf<Trigger['kind']>)(ctx, spec.trigger, spec);
}

/**
 * The functions something invokes, as deployed (`effectiveSpec`): one with no trigger
 * (ingestThirdParty while `partnerEventBusArns` is empty) is left out, with its role,
 * alarms and queue, rather than deployed to cost a cold role and an alarm for nothing.
 */
export function deployedSpecs(ctx: DeployContext, specs: readonly FunctionSpec[]): FunctionSpec[] {
  return specs.map((s) => effectiveSpec(ctx.params, s)).filter((s) => eventsOf(ctx, s).length > 0);
}

/** What an asynchronously invoked function's entry adds: retries, then its dead-letter queue. */
export function asyncFailureSettings(spec: FunctionSpec): Record<string, unknown> {
  if (!ASYNC_TRIGGERS.has(spec.trigger.kind)) return {};
  return { maximumRetryAttempts: ASYNC_MAXIMUM_RETRY_ATTEMPTS, destinations: { onFailure: deadLetterDestination(spec.key) } };
}

/** A function's dead-letter queue and the alarm on its depth (none without one). */
export function deadLetterResources(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  if (!hasDeadLetterQueue(spec)) return {};
  return {
    [dlqLogicalId(spec.key)]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: `${functionName(ctx, spec.key)}-dlq`,
        MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
        SqsManagedSseEnabled: true,
      },
    },
    [`${logicalName(spec.key)}DeadLetterQueueAlarm`]: alarm(
      ctx,
      `${spec.key}-dlq`,
      `${functionName(ctx, spec.key)}: failed ${spec.trigger.kind === 'kinesis' ? 'batches' : 'events'} are waiting in its dead-letter queue`,
      {
        namespace: 'AWS/SQS',
        name: 'ApproximateNumberOfMessagesVisible',
        dimensions: [{ Name: 'QueueName', Value: getAtt(dlqLogicalId(spec.key), 'QueueName') }],
        statistic: 'Maximum',
        threshold: 1,
      },
    ),
  };
}
