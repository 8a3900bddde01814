/**
 * What a deployed function is, as data (`FunctionSpec`): its handler, what invokes it
 * (`Trigger`), the tables it touches and the grants it needs; and the names osls and
 * this stack give its resources. The catalogue of functions is deploy/functions.ts.
 */
import type { EventSourceName } from '../engine/rules/model.ts';
import type { MetricName } from '../engine/pipeline/telemetry.ts';
import type { DeployContext, DeployParams } from './parameters.ts';

/** What a function may do on a table. */
export type TableAccess = 'read' | 'readwrite';

export interface HttpRoute {
  readonly method: string;
  readonly path: string;
}

/** What invokes a function. `async` kinds get a dead-letter queue. */
export type Trigger =
  | { readonly kind: 'http'; readonly routes: readonly HttpRoute[] }
  | {
      readonly kind: 'kinesis';
      /** The parameter holding the stream ARN. */
      readonly streamParam: 'ctrStreamArn' | 'realtimeStreamArn';
      readonly batchSize: number;
      /** Seconds to gather a batch (0 = invoke as soon as records arrive). */
      readonly batchWindow: number;
      readonly parallelizationFactor?: number;
    }
  | {
      readonly kind: 's3';
      /** The parameter holding the key prefix (the bucket is `analysisBucket`). */
      readonly prefixParam: 'analysisPrefix' | 'evaluationsPrefix';
      readonly suffix?: string;
    }
  | {
      readonly kind: 'eventbridge';
      /** The rules, or a function of the parameters giving them (none is allowed: invoked by nothing yet). */
      readonly rules: readonly EventBridgeRule[] | ((params: DeployParams) => readonly EventBridgeRule[]);
    }
  | { readonly kind: 'schedule'; readonly rate: string };

export interface EventBridgeRule {
  /** `default` (AWS service events such as `aws.cases`), the engine's own bus, or an existing bus by ARN. */
  readonly bus: 'default' | 'engine' | { readonly arn: string };
  /** The event pattern; a function of the deployment when it names a parameter. */
  readonly pattern: Readonly<Record<string, unknown>> | ((params: DeployParams) => Readonly<Record<string, unknown>>);
}

export const ASYNC_TRIGGERS: ReadonlySet<Trigger['kind']> = new Set(['s3', 'eventbridge', 'schedule']);

/** Permissions beyond tables, each a function of the deployment (see `GRANTS`). */
export type GrantName =
  | 'analysisFiles:read'
  | 'analysisFiles:list'
  | 'evaluationFiles:read'
  | 'connect:describeContact'
  | 'connect:getContactAttributes'
  | 'connect:actions'
  | 'cases:actions'
  | 'engineBus:putEvents'
  | 'ses:sendEmail';

/**
 * An alarm on one of the pipeline's own counters (engine/pipeline/telemetry.ts), as the
 * function publishes it: summed over the sources named, per 5 minutes (deploy/alarms.ts).
 */
export interface MetricAlarmSpec {
  readonly metric: MetricName;
  /** The `Source` dimensions it is published under (their sum is watched). */
  readonly sources: readonly string[];
  /** The sum over 5 minutes at which it fires. */
  readonly threshold: number;
  /** What the operator is told, after the function's name. */
  readonly description: string;
}

export interface FunctionSpec {
  /** osls function key (`rulesApi`): the Lambda is `<service>-<stage>-<key>`. */
  readonly key: string;
  /** `<file without extension>.<export>`, the file being a TypeScript module under functions/. */
  readonly handler: string;
  readonly description: string;
  readonly trigger: Trigger;
  /** Table key (storage/tables.ts `TABLES`) → access. Each gets its `envVar` set to the table name. */
  readonly tables: Readonly<Record<string, TableAccess>>;
  readonly grants?: readonly GrantName[];
  /**
   * Environment beyond the tables: `param:<name>` (a deployment parameter),
   * `ref:<LogicalId>` (the name of a resource of the stack, e.g. `ref:EngineEventBus` = the
   * bus name, as a literal: environment.ts), a literal, or a function of the parameters and stage.
   */
  readonly environment?: Readonly<Record<string, string | ((params: DeployParams, stage: string) => string)>>;
  /**
   * The function evaluates the rules of these trigger event sources and runs their
   * actions: it gets `actionsAddition()` too, with the grants of only the actions
   * those sources allow (and the sources their actions' events cascade to).
   */
  readonly runsActionsOf?: readonly EventSourceName[];
  /** Set by `effectiveSpec()`: the Connect and Cases operations its actions call (`aws` back end). */
  readonly actionOperations?: readonly string[];
  /** Alarms on the pipeline counters this function publishes (beyond every function's errors and throttles). */
  readonly metricAlarms?: readonly MetricAlarmSpec[];
  readonly memorySize?: number;
  /** Seconds. */
  readonly timeout?: number;
}

/** The handler's module: `functions/rules-api` of `functions/rules-api.handler`. */
export const handlerModule = (spec: Pick<FunctionSpec, 'handler'>): string => spec.handler.slice(0, spec.handler.lastIndexOf('.'));

/** `RulesApi` from `rulesApi`, as osls names a function's resources. */
export function logicalName(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
}

export const functionName = (ctx: DeployContext, key: string) => `${ctx.service}-${ctx.stage}-${key}`;
export const roleLogicalId = (key: string) => `${logicalName(key)}Role`;
export const dlqLogicalId = (key: string) => `${logicalName(key)}DeadLetterQueue`;
export const lambdaLogicalId = (key: string) => `${logicalName(key)}LambdaFunction`;
