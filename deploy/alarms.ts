/**
 * CloudWatch alarms and the SNS topic they notify (with an optional email
 * subscription): every function's errors and throttles, a stream function's
 * iterator age, the pipeline counters a function's spec names (`metricAlarms`);
 * the dead-letter queues and the HTTP API add theirs.
 */
import { METRICS_NAMESPACE, SERVICE_NAME } from '../functions/metric-identity.ts';
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
 * Powertools publishes it (namespace, `service` and `Source` dimensions: functions/metric-identity.ts).
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
            Metric: { Namespace: METRICS_NAMESPACE, MetricName: watched.metric, Dimensions: [{ Name: 'service', Value: SERVICE_NAME }, { Name: 'Source', Value: source }] },
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
