/**
 * The HTTP API osls creates for the `http` functions (the rules and evaluation APIs):
 * their routes, IAM-authorised, and the API's 5xx alarm.
 */
import { alarm } from './alarms.ts';
import type { DeployContext } from './parameters.ts';
import type { FunctionSpec, HttpRoute } from './spec.ts';

/** osls `httpApi` events of a function's routes. */
export function httpApiEvents(routes: readonly HttpRoute[]): unknown[] {
  return routes.map((r) => ({ httpApi: { method: r.method, path: r.path, authorizer: { type: 'aws_iam' } } }));
}

/** Resources of the HTTP API beyond what osls makes, when some function is on it. */
export function httpApiResources(ctx: DeployContext, specs: readonly FunctionSpec[]): Record<string, unknown> {
  if (!specs.some((s) => s.trigger.kind === 'http')) return {};
  return {
    HttpApi5xxAlarm: alarm(ctx, 'http-api-5xx', 'The HTTP API answered with server errors', {
      namespace: 'AWS/ApiGateway',
      name: '5xx',
      dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
      statistic: 'Sum',
      threshold: 1,
    }),
  };
}
