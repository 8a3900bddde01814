/**
 * The local stage without DynamoDB Local running (README "Serverless local toolchain"
 * skipped step 1): an ingestion function logs one line naming the endpoint and the
 * command that starts it, and the rules API's 500 says the same; on a deployed stage
 * (no CONNECT_RULES_LOCAL_DYNAMODB in the environment, deploy/local-stage.ts) neither
 * changes. Real handlers, real SDK clients, a port nothing listens on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import { createIngestRuntime } from '../../functions/ingest-runtime.ts';
import { segmentIngestor } from '../../functions/ingestors.ts';
import { createRulesApiHandler } from '../../functions/rules-api.ts';
import { createRulesService } from '../../engine/rules/factory.ts';
import { closedPort } from '../support/ports.ts';

const sample = (path: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../events', path), 'utf8'));
const CONTEXT = { awsRequestId: 'local-1', functionName: 'ingestRealtime', getRemainingTimeInMillis: () => 30_000 };

let endpoint: string;
beforeEach(async () => {
  endpoint = `http://127.0.0.1:${await closedPort()}`;
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

// The command starts a DynamoDB Local on the endpoint's port.
const hint = () => `DynamoDB at ${endpoint} does not answer (ECONNREFUSED): is \`connect-rules serve --dynamodb-port ${new URL(endpoint).port}\` running? The local stage uses its DynamoDB Local`;

/** The realtime function on the sample batch: what it answered and what it logged at ERROR. */
async function ingestSample() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const errors = vi.spyOn(logger, 'error');
  const handler = createRealtimeHandler(createIngestRuntime({ logger, metrics: false }, segmentIngestor));
  const event = sample('ingestRealtime/kinesis-segments.json');
  const answer = await handler(event, CONTEXT as never);
  return { answer, records: event.Records.length as number, errors: errors.mock.calls.map((call) => call[0]) };
}

/** ListRules through the rules API's handler, as osls offline serves it. */
async function listRules() {
  const handler = createRulesApiHandler({ service: async () => (await createRulesService({})).service, logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }) });
  const answer = (await handler(sample('rulesApi/list-rules.json'), CONTEXT as never)) as { statusCode: number; body: string };
  return { status: answer.statusCode, message: (JSON.parse(answer.body) as { Message: string }).Message };
}

describe('the local stage, its DynamoDB Local not running', () => {
  beforeEach(() => {
    vi.stubEnv('CONNECT_RULES_LOCAL_DYNAMODB', '1');
  });

  it('an ingestion function fails every record and logs, once, the endpoint and the command to start it', async () => {
    const { answer, records, errors } = await ingestSample();
    expect(answer.batchItemFailures).toHaveLength(records);
    expect(errors.filter((message) => message === hint())).toHaveLength(1);
  }, 60_000);

  it('the rules API answers 500 with the same words', async () => {
    expect(await listRules()).toEqual({ status: 500, message: `The service encountered an internal error: ${hint()}` });
  }, 60_000);
});

describe('a deployed stage, DynamoDB unreachable', () => {
  it('logs no hint and answers the plain 500', async () => {
    const { answer, records, errors } = await ingestSample();
    expect(answer.batchItemFailures).toHaveLength(records);
    expect(errors.some((message) => String(message).includes('connect-rules serve'))).toBe(false);
    expect(await listRules()).toEqual({ status: 500, message: 'The service encountered an internal error.' });
  }, 60_000);
});
