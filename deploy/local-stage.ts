/**
 * The `local` stage: the functions run on one machine by `osls invoke local` and
 * `osls offline` (serverless-offline), against the DynamoDB Local of a running
 * `connect-rules serve` (README "Serverless local toolchain"). Nothing of it needs
 * CloudFormation or AWS:
 *
 * - table names are what `serve` creates (storage/tables.ts `tableName`: the
 *   table's variable, e.g. `RULES_TABLE`, else `connect-rules-local-<name>`);
 * - DynamoDB is `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`, `DYNAMODB_ENDPOINT`)
 *   of the shell osls runs in, else `http://127.0.0.1:8000`
 *   (`connect-rules serve --dynamodb-port 8000`), with DynamoDB Local's dummy
 *   credentials (it runs with -sharedDb: any key sees the same tables);
 * - S3 objects (analysis and evaluation files) are read from a folder,
 *   `<CONNECT_RULES_S3_DIR>/<bucket>/<key>`, default `events/s3` of the service (the
 *   samples' files);
 * - the events the functions put on the engine bus themselves (a manual
 *   SubmitContactEvaluation's, the SLA sweeper's breaches) go to the local outbox
 *   (`CONNECT_RULES_ENGINE_EVENTS=outbox`, functions/engine-bus-publisher.ts), the
 *   table `connect-rules outbox` reads: there is no EventBridge; `connect-rules outbox
 *   --lambda-event <id>` prints one as the event ingestCanonical receives;
 * - ingestRealtime asks no Connect for a live session's attributes
 *   (`CONNECT_RULES_CONTACT_ATTRIBUTES=none`): they stay not yet known until a
 *   CTR or DescribeContact response of the contact is stored;
 * - serverless-offline answers without the HTTP API's IAM authorizer (it has no
 *   SigV4 check; every other stage keeps `aws_iam`, and offline refuses it);
 * - the bundles are `.js` ES modules (the project's package.json says
 *   `"type": "module"`): `osls invoke local` requires the handler's path without an
 *   extension, which finds no `.mjs`. Deployed stages keep `.mjs`, which Lambda
 *   loads as ES modules without a package.json in the zip. They are made in
 *   `.esbuild-local/`, apart from packaging's `.esbuild/`;
 * - only its bundles hold that folder reader (`packagedS3FolderDefine`): a deployed
 *   function refuses `CONNECT_RULES_S3_DIR` and reads S3;
 * - defaults mode and retry mode are "standard", whatever the developer's
 *   ~/.aws/config says: the bundles leave out what "auto" and "adaptive" need.
 */
import { resolve } from 'node:path';
import { endpointFromEnv } from '../storage/endpoints.ts';
import { tableName, type TableDefinition } from '../storage/tables.ts';
import { OUTBOX_TABLE } from '../storage/action-tables.ts';
import { ENGINE_EVENTS_VAR } from '../functions/engine-bus-publisher.ts';
import { LOCAL_DYNAMODB_VAR } from '../functions/local-dynamodb-hint.ts';
import { CONTACT_ATTRIBUTES_VAR } from '../functions/session-attributes.ts';
import type { DeployContext } from './parameters.ts';
import type { FunctionSpec } from './spec.ts';

export const LOCAL_STAGE = 'local';

export const isLocalStage = (stage: string) => stage === LOCAL_STAGE;

/** DynamoDB Local's endpoint when the shell names none. */
export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:8000';

/** Where the S3 objects of the local stage are read from when the shell names no folder (relative to the service folder). */
export const LOCAL_S3_DIR = 'events/s3';

/** A table's name on the local stage: the one `connect-rules serve` creates in the same shell. */
export const localTableName = (ctx: DeployContext, def: TableDefinition): string => tableName(def, ctx.env ?? {});

/**
 * What the local stage adds to a function's environment (nothing on other stages);
 * `declared` is the function as FUNCTIONS declares it: one that puts events on the
 * engine bus itself (grant `engineBus:putEvents` declared, not the runner's failure
 * events every ingestion function gets) puts them in the outbox.
 */
export function localEnvironment(ctx: DeployContext, declared?: Pick<FunctionSpec, 'grants'>): Record<string, string> {
  if (!isLocalStage(ctx.stage)) return {};
  const env = ctx.env ?? {};
  const engineEvents: Record<string, string> = declared?.grants?.includes('engineBus:putEvents') ? { [ENGINE_EVENTS_VAR]: 'outbox', [OUTBOX_TABLE.envVar]: tableName(OUTBOX_TABLE, env) } : {};
  // no Connect to ask a live session's attributes of: they stay not yet known until a record tells them
  const contactAttributes: Record<string, string> = declared?.grants?.includes('connect:getContactAttributes') ? { [CONTACT_ATTRIBUTES_VAR]: 'none' } : {};
  const dynamoDb = endpointFromEnv('DYNAMODB', env) ?? LOCAL_DYNAMODB_ENDPOINT;
  return {
    ...engineEvents,
    ...contactAttributes,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb,
    // DynamoDB Local checks no signature; a real key must not be sent to it.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // The SDK's notice on Node 20 that its 2027 releases need Node 22, which the pinned versions
    // do not: "If you cannot upgrade, you can suppress it by setting the following environment
    // variable: `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true`" (aws-sdk-js-v3#7983),
    // as bin/connect-rules.js does. Not on deployed stages: Lambda runs Node 22.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // The bundles leave out what defaults mode "auto" (EC2's instance metadata for the Region: osls sets
    // AWS_REGION but not AWS_EXECUTION_ENV) and retry mode "adaptive" need (build/sdk-unreached.ts); a
    // developer's ~/.aws/config `defaults_mode = auto` or `retry_mode = adaptive` would fail every request.
    // The environment wins over the config file.
    AWS_DEFAULTS_MODE: 'standard',
    AWS_RETRY_MODE: 'standard',
    // Absolute: the handlers run in serverless-esbuild's build folder, not the service's.
    CONNECT_RULES_S3_DIR: resolve(ctx.serviceDir ?? '.', env.CONNECT_RULES_S3_DIR?.trim() || LOCAL_S3_DIR),
    // A function says in one line when that DynamoDB does not answer (functions/local-dynamodb-hint.ts).
    [LOCAL_DYNAMODB_VAR]: '1',
    // The samples are past contacts: rules created now apply to them, unless the shell asks for the deployed rule
    // (rules apply to the contacts that begin after them, engine/rules/new-contacts.ts).
    CONNECT_RULES_NEW_CONTACTS_ONLY: env.CONNECT_RULES_NEW_CONTACTS_ONLY?.trim() || 'false',
  };
}

/** `custom.serverless-offline` of serverless.yml for a stage. */
export function offlineSettings(stage: string): Record<string, unknown> {
  return { noAuth: isLocalStage(stage) };
}

/**
 * esbuild `define` for a stage: whether its bundles hold the reader of a folder standing in for S3
 * (functions/ingest-files.ts, which tests the variable; esbuild folds a replaced expression): the
 * `local` stage's only, so a deployed file reader carries no code it never runs.
 */
export const packagedS3FolderDefine = (stage: string): Record<string, string> => ({
  'process.env.CONNECT_RULES_PACKAGED_S3_FOLDER': JSON.stringify(isLocalStage(stage) ? 'yes' : 'no'),
});

/** `custom.esbuild.outputFileExtension` for a stage. */
export const bundleExtension = (stage: string): '.js' | '.mjs' => (isLocalStage(stage) ? '.js' : '.mjs');

/**
 * `custom.esbuild.outputWorkFolder` for a stage: the local stage bundles into its own
 * folder, which `osls package` (which deletes its folder when done) never touches
 * while `osls offline` serves from it.
 */
export const bundleFolder = (stage: string): string => (isLocalStage(stage) ? '.esbuild-local' : '.esbuild');
