/**
 * A function's environment as deployed: each table it touches (its `envVar` = the
 * table name) and its declared variables resolved against the deployment, every
 * value a literal: `osls invoke local` and serverless-offline resolve no
 * CloudFormation `Ref`. The names are the ones the resources are given (tables.ts,
 * event-buses.ts); CloudFormation still creates the tables and the bus before the
 * functions, whose roles name them (`Fn::GetAtt`).
 */
import { effectiveSpec } from './actions.ts';
import { ENGINE_BUS_ID, engineBusName } from './event-buses.ts';
import { localEnvironment } from './local-stage.ts';
import type { DeployContext, DeployParamName } from './parameters.ts';
import type { FunctionSpec } from './spec.ts';
import { tableDef, tablePhysicalName } from './tables.ts';

/** The literal name of each resource a `ref:<LogicalId>` variable may name. */
const RESOURCE_NAMES: Readonly<Record<string, (ctx: DeployContext) => string>> = {
  [ENGINE_BUS_ID]: engineBusName,
};

export function environmentOf(ctx: DeployContext, declared: FunctionSpec): Record<string, string> {
  const spec = effectiveSpec(ctx.params, declared);
  const env: Record<string, string> = {};
  for (const key of Object.keys(spec.tables)) {
    const def = tableDef(key, spec.key);
    env[def.envVar] = tablePhysicalName(ctx, def);
  }
  for (const [name, value] of Object.entries(spec.environment ?? {})) {
    if (typeof value === 'function') {
      env[name] = value(ctx.params, ctx.stage);
    } else if (value.startsWith('param:')) {
      const param = value.slice('param:'.length) as DeployParamName;
      if (!(param in ctx.params)) throw new Error(`function ${spec.key}: ${name} names unknown parameter '${param}'`);
      env[name] = ctx.params[param];
    } else if (value.startsWith('ref:')) {
      const logicalId = value.slice('ref:'.length);
      const nameOf = RESOURCE_NAMES[logicalId];
      if (!nameOf) throw new Error(`function ${spec.key}: ${name} names '${logicalId}', which has no name known before deployment (known: ${Object.keys(RESOURCE_NAMES).join(', ')})`);
      env[name] = nameOf(ctx);
    } else {
      env[name] = value;
    }
  }
  return { ...env, ...localEnvironment(ctx, declared) };
}
