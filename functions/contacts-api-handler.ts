/**
 * DescribeContact and SearchContacts (the contact routes of functions/http/routes.ts)
 * as one Lambda function behind the HTTP API of the rules API (payload format 2.0,
 * IAM authorization), on the tables the deployed pipeline and actions write: the
 * pipeline state table (contact trace records, contact events) and the contacts
 * table (categories, task contacts of the `local` action back end). Transcript
 * search reads the contact's Contact Lens analysis files again from S3. Same routes,
 * same service as `connect-rules serve` (functions/contacts-api.ts); built once per
 * container, on the first request.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDbClientFromEnv } from '../storage/dynamodb-client.ts';
import { contactsApi, contactsService, type ContactsApiParts } from './contacts-api.ts';
import { createConnectApi } from './http/connect-api.ts';
import { s3Files } from './ingest-files.ts';
import { invocationAccount, lazyHandler } from './invocation.ts';
import { accountFromEnv, regionFromEnv } from '../storage/aws-env.ts';

export interface ContactsApiHandlerOptions {
  /** The clients and settings, or a function giving them (called on the first request: Lambda cold start). */
  readonly parts: ContactsApiParts | (() => ContactsApiParts);
  readonly logger?: Logger;
}

/** A middy handler serving the contact routes. */
export function createContactsApiHandler(options: ContactsApiHandlerOptions) {
  let parts: ContactsApiParts | undefined;
  // Synchronous, so the caller's account is known before the service is called; a failure is retried next request.
  const built = () => (parts ??= typeof options.parts === 'function' ? options.parts() : options.parts);
  return createConnectApi({
    name: 'contacts API',
    apis: [contactsApi(() => contactsService(built()))],
    accountId: () => built().accountId,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * The parts of the deployed function, from the environment: the region and account
 * of the contact ARNs are the instance's (`CONNECT_INSTANCE_ARN`), else the
 * function's (`AWS_REGION`, `account`: the invocation's, functions/invocation.ts);
 * `AWS_ENDPOINT_URL_DYNAMODB` / `_S3` (or the older names) override the endpoints;
 * `CONNECT_RULES_S3_DIR` reads the analysis files from a folder (the `local` stage).
 */
export function partsFromEnvironment(env: NodeJS.ProcessEnv = process.env, account?: string): ContactsApiParts {
  const instance = /^arn:[\w-]+:connect:([\w-]+):(\d{12}):instance\//.exec(env.CONNECT_INSTANCE_ARN ?? '');
  const region = regionFromEnv(env);
  return {
    dynamoDb: dynamoDbClientFromEnv(region, env),
    reader: s3Files({ region }, env),
    region: instance?.[1] ?? region,
    accountId: instance?.[2] ?? account ?? accountFromEnv(env),
  };
}

/** The deployed Lambda handler, built on the first invocation (its account when the environment names no instance). */
export const handler = lazyHandler((context) => createContactsApiHandler({ parts: () => partsFromEnvironment(process.env, invocationAccount(context)) }));
