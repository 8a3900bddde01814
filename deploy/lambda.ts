/** The osls `functions:` entry of one function spec. */
import { environmentOf } from './environment.ts';
import { reservedConcurrencyOf, type DeployContext } from './parameters.ts';
import { roleLogicalId, type FunctionSpec } from './spec.ts';
import { asyncFailureSettings, eventsOf } from './triggers.ts';

export function functionEntry(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  const reserved = reservedConcurrencyOf(ctx.params)[spec.key];
  return {
    handler: spec.handler,
    description: spec.description,
    role: roleLogicalId(spec.key),
    ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
    ...(spec.timeout ? { timeout: spec.timeout } : {}),
    ...(reserved ? { reservedConcurrency: reserved } : {}),
    environment: environmentOf(ctx, spec),
    ...asyncFailureSettings(spec),
    events: eventsOf(ctx, spec),
  };
}
