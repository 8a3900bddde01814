/**
 * The rules API as one Lambda function behind an API Gateway HTTP API (payload
 * format 2.0): the rules routes of functions/http/routes.ts (rest-json, exactly as
 * Amazon Connect) on the one HTTP layer
 * (functions/http/connect-api.ts). `connect-rules serve` runs the same routes
 * behind node:http (functions/http-adapter.ts).
 *
 * Errors: the status of engine/api/errors.ts, header `x-amzn-ErrorType: <Name>`,
 * body `{"Message": "..."}`, which the AWS SDK turns into the exception class of
 * that name.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { rulesConfigFromEnv } from '../engine/rules/config.ts';
import { createRulesService } from '../engine/rules/factory.ts';
import { InvalidRequestException } from '../engine/api/errors.ts';
import type { RulesService } from '../engine/rules/service.ts';
import { bindApi, createConnectApi, type BoundApi } from './http/connect-api.ts';
import { RULES_ROUTES } from './http/routes.ts';
import { accountOverride, lazyHandler } from './invocation.ts';

export interface RulesApiOptions {
  /** The service, or a function giving it (built on first request: Lambda cold start). */
  readonly service: RulesService | (() => RulesService | Promise<RulesService>);
  readonly logger?: Logger;
  /** Account of the caller ARNs (LastUpdatedBy); default from `CONNECT_RULES_ACCOUNT_ID` (the deployed handler: the invoked function's). */
  readonly accountId?: string;
  /** Bodies larger than this are refused (default `CONNECT_RULES_MAX_REQUEST_BYTES`, 256 KiB). */
  readonly maxRequestBytes?: number;
}

/** The rules routes bound to `service`: a malformed request is InvalidRequestException, a body is required. */
export function rulesApi(service: RulesApiOptions['service'], maxRequestBytes: number): BoundApi {
  return bindApi({ routes: RULES_ROUTES, service, badRequest: (m) => new InvalidRequestException(m), bodyRequired: true, maxRequestBytes });
}

/** A middy handler serving the five rules operations with `service`. */
export function createRulesApiHandler(options: RulesApiOptions) {
  const config = rulesConfigFromEnv();
  return createConnectApi({
    name: 'rules API',
    apis: [rulesApi(options.service, options.maxRequestBytes ?? config.maxRequestBytes)],
    accountId: options.accountId ?? config.accountId,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * The deployed Lambda handler, built on the first invocation with that invocation's
 * account (functions/invocation.ts: rule ARNs, callers without an IAM authorizer);
 * the service from the environment, built once per container (bindApi keeps it).
 * The factory is imported, not loaded with `import()`: esbuild keeps the whole of
 * every package a lazily loaded module imports (no tree-shaking there), which put
 * all of the DynamoDB client's schemas in the bundle (`npm run bench`).
 */
export const handler = lazyHandler((context) => {
  const account = accountOverride(context);
  return createRulesApiHandler({
    ...account,
    service: async () => (await createRulesService({ config: account })).service,
  });
});
