/**
 * A function's environment as deployed: each table it touches (its `envVar` = the
 * table name) and its declared variables resolved against the deployment.
 */
import { effectiveSpec } from './actions.ts';
import type { DeployContext, DeployParamName } from './parameters.ts';
import type { FunctionSpec } from './spec.ts';
import { tableDef } from './tables.ts';

export function environmentOf(ctx: DeployContext, declared: FunctionSpec): Record<string, unknown> {
  const spec = effectiveSpec(ctx.params, declared);
  const env: Record<string, unknown> = {};
  for (const key of Object.keys(spec.tables)) {
    const def = tableDef(key, spec.key);
    env[def.envVar] = { Ref: def.logicalId };
  }
  for (const [name, value] of Object.entries(spec.environment ?? {})) {
    if (typeof value === 'function') {
      env[name] = value(ctx.params);
    } else if (value.startsWith('param:')) {
      const param = value.slice('param:'.length) as DeployParamName;
      if (!(param in ctx.params)) throw new Error(`function ${spec.key}: ${name} names unknown parameter '${param}'`);
      env[name] = ctx.params[param];
    } else if (value.startsWith('ref:')) {
      env[name] = { Ref: value.slice('ref:'.length) };
    } else {
      env[name] = value;
    }
  }
  return env;
}

