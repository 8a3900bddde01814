/**
 * The HTTP API osls creates for the `http` functions (the rules and evaluation APIs):
 * their routes, IAM-authorised, the API's 5xx alarm and its stage's throttling.
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

/** osls's logical id of the HTTP API's `$default` stage. */
export const HTTP_API_STAGE_ID = 'HttpApiStage';

/**
 * The stage's throttling from the `apiThrottling*` parameters, as an extension of the
 * stage osls generates. The extension replaces `DefaultRouteSettings` whole, so it
 * keeps the detailed metrics serverless.yml turns on (`provider.httpApi.metrics`).
 */
export function httpApiExtensions(ctx: DeployContext, specs: readonly FunctionSpec[]): Record<string, unknown> {
  const { apiThrottlingRateLimit: rate, apiThrottlingBurstLimit: burst } = ctx.params;
  if (!specs.some((s) => s.trigger.kind === 'http') || (!rate && !burst)) return {};
  return {
    [HTTP_API_STAGE_ID]: {
      Properties: {
        DefaultRouteSettings: {
          DetailedMetricsEnabled: true,
          ...(rate ? { ThrottlingRateLimit: Number(rate) } : {}),
          ...(burst ? { ThrottlingBurstLimit: Number(burst) } : {}),
        },
      },
    },
  };
}
