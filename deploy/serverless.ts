/**
 * The deployed engine, as data. `serverless.yml` loads this module through
 * `deploy/serverless.cjs` (osls reads `.js`/`.cjs` variable files only; the bridge
 * imports this TypeScript with tsx) and takes `functions`, `resources`, `outputs` and
 * `extensions` from `buildDeployment()`, so the template is generated from the same
 * code the tests and the local server use. This module only composes; each concern
 * is its own module:
 *
 * - parameters.ts: the per-stage parameters and their checks;
 * - spec.ts: what a function is (`FunctionSpec`, `Trigger`) and the names of its resources;
 * - functions.ts: every deployed function (`FUNCTIONS`); actions.ts: what running
 *   the actions of matched rules adds to a function, per back end;
 * - tables.ts: the DynamoDB tables, from `TABLES` (storage/tables.ts) through
 *   cloudformation.ts: nothing is re-typed in YAML;
 * - triggers.ts: the osls events of each trigger kind and the dead-letter queues;
 *   http-api.ts: the routes (from functions/http/routes.ts, the handlers' own table);
 *   event-buses.ts: the engine bus and the EventBridge rules;
 * - iam.ts: one role per function, derived from its tables, trigger and grants: no
 *   `*` action, no `*` resource; s3-notification-helper.ts: osls's helper, confined;
 * - environment.ts, lambda.ts: a function's environment and its `functions:` entry;
 * - alarms.ts: the alarm topic and alarms; outputs.ts: the stack outputs;
 * - local-stage.ts: the `local` stage of `osls invoke local` and `osls offline`.
 *
 * Adding a handler = one entry in `FUNCTIONS` (functions.ts).
 */
import { alarmTopicResources, functionAlarms, ingestionCounterAlarms, pipelineMetricAlarms, streamAlarms } from './alarms.ts';
import { effectiveSpec } from './actions.ts';
import { engineBusResources } from './event-buses.ts';
import { FUNCTIONS } from './functions.ts';
import { httpApiExtensions, httpApiResources } from './http-api.ts';
import { roleResource } from './iam.ts';
import { functionEntry } from './lambda.ts';
import { stackOutputs } from './outputs.ts';
import { reservedConcurrencyOf, type DeployContext } from './parameters.ts';
import { s3NotificationHelperExtensions } from './s3-notification-helper.ts';
import { roleLogicalId, type FunctionSpec } from './spec.ts';
import { tableDef, tableResourcesOf } from './tables.ts';
import { deadLetterResources, deployedSpecs } from './triggers.ts';

export * from './actions.ts';
export * from './alarms.ts';
export * from './event-buses.ts';
export * from './functions.ts';
export * from './iam.ts';
export * from './local-stage.ts';
export * from './parameters.ts';
export * from './s3-notification-helper.ts';
export * from './spec.ts';
export * from './tables.ts';
export * from './triggers.ts';

export interface Deployment {
  /** `functions:` of serverless.yml. */
  readonly functions: Record<string, unknown>;
  /** `resources.Resources`. */
  readonly resources: Record<string, unknown>;
  /** `resources.Outputs`. */
  readonly outputs: Record<string, unknown>;
  /**
   * `resources.extensions`: changes to resources osls generates itself: the role of
   * osls's existing-bucket S3 notification helper (s3-notification-helper.ts) and the
   * HTTP API stage's throttling (http-api.ts).
   */
  readonly extensions: Record<string, unknown>;
}

/**
 * `functions`, `resources`, `outputs` and `extensions` of the deployment for this stage
 * and these parameters: of the functions something invokes (`deployedSpecs`).
 */
export function buildDeployment(ctx: DeployContext, specs: readonly FunctionSpec[] = FUNCTIONS): Deployment {
  const keys = new Set<string>();
  for (const s of specs) {
    if (keys.has(s.key)) throw new Error(`function key '${s.key}' is used twice`);
    keys.add(s.key);
    // Every spec's tables are checked, deployed or not.
    for (const table of Object.keys(effectiveSpec(ctx.params, s).tables)) tableDef(table, s.key);
  }
  for (const key of Object.keys(reservedConcurrencyOf(ctx.params))) {
    if (!keys.has(key)) throw new Error(`reservedConcurrency: no function '${key}' (functions: ${[...keys].join(', ')})`);
  }
  const deployed = deployedSpecs(ctx, specs);
  const functions: Record<string, unknown> = {};
  const resources: Record<string, unknown> = { ...tableResourcesOf(ctx), ...engineBusResources(ctx), ...alarmTopicResources(ctx) };
  for (const spec of deployed) {
    functions[spec.key] = functionEntry(ctx, spec);
    Object.assign(
      resources,
      { [roleLogicalId(spec.key)]: roleResource(ctx, spec) },
      functionAlarms(ctx, spec),
      deadLetterResources(ctx, spec),
      streamAlarms(ctx, spec),
      pipelineMetricAlarms(ctx, spec),
    );
  }
  Object.assign(resources, httpApiResources(ctx, deployed));
  if (deployed.some((spec) => spec.runsActionsOf)) Object.assign(resources, ingestionCounterAlarms(ctx));
  return {
    functions,
    resources,
    outputs: stackOutputs(deployed),
    extensions: { ...s3NotificationHelperExtensions(ctx, deployed), ...httpApiExtensions(ctx, deployed) },
  };
}
