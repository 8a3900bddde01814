/** The osls `functions:` entry of one function spec. */
import { environmentOf } from './environment.ts';
import type { DeployContext } from './parameters.ts';
import { roleLogicalId, type FunctionSpec } from './spec.ts';
import { asyncFailureSettings, eventsOf } from './triggers.ts';

export function functionEntry(ctx: DeployContext, spec: FunctionSpec): Record<string, unknown> {
  return {
    handler: spec.handler,
    description: spec.description,
    role: roleLogicalId(spec.key),
    ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
    ...(spec.timeout ? { timeout: spec.timeout } : {}),
    environment: environmentOf(ctx, spec),
    ...asyncFailureSettings(spec),
    events: eventsOf(ctx, spec),
  };
}
