/**
 * EventBridge: the stack's own bus (canonical trigger events and metric snapshots go
 * on it) and the rules that invoke a function from it, from the default bus (AWS
 * service events) or from an existing bus by ARN (the partner buses).
 */
import type { DeployContext } from './parameters.ts';
import type { EventBridgeRule } from './spec.ts';

/** Logical id of the stack's own bus. */
export const ENGINE_BUS_ID = 'EngineEventBus';

/** The engine bus's name, `<service>-<stage>`. */
export const engineBusName = (ctx: DeployContext) => `${ctx.service}-${ctx.stage}`;

/** The engine bus resource. */
export function engineBusResources(ctx: DeployContext): Record<string, unknown> {
  return { [ENGINE_BUS_ID]: { Type: 'AWS::Events::EventBus', Properties: { Name: engineBusName(ctx) } } };
}

/** The stack output naming the engine bus. */
export const ENGINE_BUS_OUTPUTS = {
  EngineEventBusName: { Description: "The engine's own EventBridge bus", Value: { Ref: ENGINE_BUS_ID } },
} as const;

/** osls `eventBridge` events of a function's rules. */
export function eventBridgeEvents(ctx: DeployContext, rules: EventBridgeRule[] | readonly EventBridgeRule[]): unknown[] {
  return rules.map((r) => ({
    eventBridge: {
      ...(r.bus === 'engine' ? { eventBus: { Ref: ENGINE_BUS_ID } } : typeof r.bus === 'object' ? { eventBus: r.bus.arn } : {}),
      pattern: typeof r.pattern === 'function' ? r.pattern(ctx.params) : r.pattern,
    },
  }));
}
