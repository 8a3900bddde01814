/**
 * CloudWatch alarms and the SNS topic they notify (with an optional email
 * subscription): every function's errors and throttles, a stream function's
 * iterator age, the pipeline counters a function's spec names (`metricAlarms`), the
 * counters every ingestion function may publish (`INGESTION_COUNTER_ALARMS`); the dead-letter queues and the HTTP API add theirs.
 */
import { METRICS_NAMESPACE, SERVICE_NAME, STAGE_DIMENSION } from '../functions/metric-identity.ts';
import type { MetricName } from '../engine/pipeline/telemetry.ts';
import type { DeployContext } from './parameters.ts';
import { functionName, lambdaLogicalId, logicalName, type FunctionSpec } from './spec.ts';

/** Logical id of the stack's alarm topic. */
export const ALARM_TOPIC_ID = 'AlarmTopic';

/** Iterator age (ms) at which a stream function is said to be falling behind. */
export const ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000;

export function alarm(
  ctx: DeployContext,
  name: string,
  description: string,
  metric: {
    namespace: string;
    name: string;
    dimensions: { Name: string; Value: unknown }[];
    statistic: 'Sum' | 'Maximum';
    threshold: number;
    period?: number;
  },
): Record<string, unknown> {
  return alarmOf(ctx, name, description, metric.threshold, {
    Namespace: metric.namespace,
    MetricName: metric.name,
    Dimensions: metric.dimensions,
    Statistic: metric.statistic,
    Period: metric.period ?? 300,
  });
}

/** An alarm of the stack's topic, firing at `threshold` or more in one period of what `watched` names. */
function alarmOf(ctx: DeployContext, name: string, description: string, threshold: number, watched: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${ctx.service}-${ctx.stage}-${name}`,
      AlarmDescription: description,
      ...watched,
      EvaluationPeriods: 1,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ALARM_TOPIC_ID }],
      OKActions: [{ Ref: ALARM_TOPIC_ID }],
    },
  };
}

/** The alarm topic and, when `alarmEmail` is set, its email subscription. */
export function alarmTopicResources(ctx: DeployContext): Record<string, unknown> {
  return {
    [ALARM_TOPIC_ID]: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${ctx.service}-${ctx.stage}-alarms` } },
    ...(ctx.params.alarmEmail
      ? {
          AlarmEmailSubscription: {
            Type: 'AWS::SNS::Subscription',
            Properties: { TopicArn: { Ref: ALARM_TOPIC_ID }, Protocol: 'email', Endpoint: ctx.params.alarmEmail },
          },
        }
      : {}),
  };
}

export const ALARM_TOPIC_OUTPUTS = {
  AlarmTopicArn: { Description: 'SNS topic of every alarm', Value: { Ref: ALARM_TOPIC_ID } },
} as const;

/** A function's errors and throttles alarms. */
export function functionAlarms(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [metric, what] of [
    ['Errors', 'reported errors'],
    ['Throttles', 'was throttled'],
  ] as const) {
    out[`${logicalName(spec.key)}${metric}Alarm`] = alarm(ctx, `${spec.key}-${metric.toLowerCase()}`, `${functionName(ctx, spec.key)} ${what}`, {
      namespace: 'AWS/Lambda',
      name: metric,
      dimensions: [{ Name: 'FunctionName', Value: { Ref: lambdaLogicalId(spec.key) } }],
      statistic: 'Sum',
      threshold: 1,
    });
  }
  return out;
}

/** A stream function's iterator-age alarm (none for other triggers). */
export function streamAlarms(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  if (spec.trigger.kind !== 'kinesis') return {};
  return {
    [`${logicalName(spec.key)}IteratorAgeAlarm`]: alarm(ctx, `${spec.key}-iterator-age`, `${functionName(ctx, spec.key)} is falling behind its stream`, {
      namespace: 'AWS/Lambda',
      name: 'IteratorAge',
      dimensions: [{ Name: 'FunctionName', Value: { Ref: lambdaLogicalId(spec.key) } }],
      statistic: 'Maximum',
      threshold: ITERATOR_AGE_ALARM_MS,
      period: 60,
    }),
  };
}

/** `RealtimeStateTooLarge` → `realtime-state-too-large`, for alarm names. */
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase());

/**
 * The alarms on the pipeline counters a function publishes (its spec's `metricAlarms`):
 * each counter summed over its sources (a missing source counting 0) per 5 minutes, as
 * Powertools publishes it (namespace, `service`, `Stage` and `Source` dimensions: functions/metric-identity.ts).
 */
export function pipelineMetricAlarms(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const watched of spec.metricAlarms ?? []) {
    const ids = watched.sources.map((_, i) => `m${i}`);
    out[`${logicalName(spec.key)}${watched.metric}Alarm`] = alarmOf(ctx, `${spec.key}-${kebab(watched.metric)}`, `${functionName(ctx, spec.key)}: ${watched.description}`, watched.threshold, {
      Metrics: [
        { Id: 'total', Label: `${watched.metric}, every source`, Expression: ids.map((id) => `FILL(${id}, 0)`).join(' + '), ReturnData: true },
        ...watched.sources.map((source, i) => ({
          Id: ids[i],
          MetricStat: {
            Metric: { Namespace: METRICS_NAMESPACE, MetricName: watched.metric, Dimensions: [{ Name: 'service', Value: SERVICE_NAME }, { Name: STAGE_DIMENSION, Value: ctx.stage }, { Name: 'Source', Value: source }] },
            Period: 300,
            Stat: 'Sum',
          },
          ReturnData: false,
        })),
      ],
    });
  }
  return out;
}

/**
 * Counters any ingestion function may publish, under any `Source` (a rule's trigger event
 * source: up to 19 of them), so each is paged on once for the stack rather than per function
 * (the series carry no function name: every function's count of a source is one series).
 */
export const INGESTION_COUNTER_ALARMS: readonly { metric: MetricName; threshold: number; description: string }[] = [
  {
    // Counted on every event the broken rule is asked about, so the alarm stays on until the rule is mended.
    metric: 'RuleErrors',
    threshold: 1,
    description:
      "a published rule does not compile or throws while evaluated: it is skipped (treated as not matched) on every event until its next version; the ERROR line 'stored rule does not compile' or 'rule evaluation failed' names it",
  },
  {
    metric: 'CascadeLimitReached',
    threshold: 1,
    description:
      "an event a rule's action emitted (case created or updated, SLA breached...) was dropped at the cascade depth limit, unevaluated: usually rules that trigger each other; the WARN line 'cascade depth limit reached' names the source and event",
  },
  {
    metric: 'PendingFileGone',
    threshold: 1,
    description:
      "an analysis or evaluation file waiting for its contact record was deleted or expired before it came, so its rules never ran for that contact; the WARN line 'its file is gone' names the file (check the bucket's lifecycle rules)",
  },
];

/**
 * The stack's alarms on `INGESTION_COUNTER_ALARMS`, each the sum over every source per 5
 * minutes. A Metrics Insights query, not metric math: AWS: "Alarms based on metric math
 * expressions can reference a maximum of 10 metrics. ... If the metrics are in the same
 * namespace, use a Metrics Insights query in your alarm instead" (CloudWatch alarm limits).
 * `SCHEMA(...)` matches only series with exactly those dimensions: the ones Powertools
 * publishes (`service`, `Stage`, `Source`), `Stage` this stack's (the stack's name holds it, and
 * CloudFormation allows only letters, digits and hyphens there: no quote to escape); every identifier quoted, as reserved words must be.
 */
export function ingestionCounterAlarms(ctx: DeployContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const watched of INGESTION_COUNTER_ALARMS) {
    out[`${watched.metric}Alarm`] = alarmOf(ctx, kebab(watched.metric), `${ctx.service}-${ctx.stage}: ${watched.description}`, watched.threshold, {
      Metrics: [
        {
          Id: 'total',
          Label: `${watched.metric}, every source`,
          Expression: `SELECT SUM("${watched.metric}") FROM SCHEMA("${METRICS_NAMESPACE}", "service", "${STAGE_DIMENSION}", "Source") WHERE "service" = '${SERVICE_NAME}' AND "${STAGE_DIMENSION}" = '${ctx.stage}'`,
          Period: 300,
          ReturnData: true,
        },
      ],
    });
  }
  return out;
}
