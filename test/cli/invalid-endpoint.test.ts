/**
 * An --endpoint that is not a URL is a value the command cannot take: exit 1 with
 * the usage, nothing sent (test/cli/exit-codes.test.ts). One that answers as no DynamoDB (serve's API) or not at all is named, with the
 * endpoint to give instead, in one line, exit 2 (cli/connection.ts dynamoDbFailure).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { runCliAsync } from '../support/cli.ts';
import { closedPort } from '../support/ports.ts';
import { sharedDynamoDb } from '../support/dynamodb.ts';
import { startApi } from '../support/rules-api.ts';

const examples = (path: string) => resolve('examples', path);

/** `command` given a port nothing listens on: one line naming it and the endpoint to `give`, exit 2. */
async function nothingAnswers(command: string, args: (endpoint: string) => string[], give: string): Promise<void> {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const run = await runCliAsync(args(endpoint));
  expect(run.stderr).toBe(`connect-rules ${command}: nothing answers at --endpoint ${endpoint} (ECONNREFUSED): give ${give}, and check it is running\n`);
  expect(run.status).toBe(2);
}

describe('--endpoint that does not answer as DynamoDB', () => {
  const commands: [string, (endpoint: string) => string[]][] = [
    ['outbox', (endpoint) => ['outbox', '--endpoint', endpoint]],
    ['contacts reindex', (endpoint) => ['contacts', 'reindex', '--endpoint', endpoint]],
    ['replay', (endpoint) => ['replay', examples('events/05-ctr-voice-cancellation.json'), '--rules', examples('rules'), '--endpoint', endpoint]],
  ];
  let api: LocalRulesApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each(commands)("%s given serve's API: one line naming it and the DynamoDB endpoint to give, exit 2", async (command, args) => {
    const run = await runCliAsync(args(api.url));
    expect(run.stderr).toMatch(
      new RegExp(`^connect-rules ${command}: --endpoint ${api.url.replaceAll('.', '\\.')} does not answer as DynamoDB \\(UnknownOperationException: No operation matches [^\\n]*\\): give the DynamoDB Local endpoint \`connect-rules serve\` prints, not its rules API\\n$`),
    );
    expect(run.status).toBe(2);
  });

  it.each(commands)('%s given a port nothing listens on: one line naming it, exit 2', (command, args) =>
    nothingAnswers(command, args, 'the DynamoDB Local endpoint `connect-rules serve` prints'),
  );
});

describe('--endpoint of the Connect API that is not it', () => {
  const commands: [string, (endpoint: string) => string[]][] = [
    ['contacts search', (endpoint) => ['contacts', 'search', '--instance-id', 'i-1', '--endpoint', endpoint]],
    ['contacts describe', (endpoint) => ['contacts', 'describe', 'c-1', '--instance-id', 'i-1', '--endpoint', endpoint]],
    ['pull', (endpoint) => ['pull', '--instance-id', 'i-1', '--out', mkdtempSync(join(tmpdir(), 'connect-rules-pull-')), '--endpoint', endpoint]],
    ['push', (endpoint) => ['push', '--instance-id', 'i-1', '--rules', examples('rules'), '--plan', '--endpoint', endpoint]],
  ];

  it.each(commands)("%s given serve's DynamoDB Local: one line naming the mix-up and the endpoint to give, exit 2", async (command, args) => {
    const endpoint = sharedDynamoDb().endpoint;
    const run = await runCliAsync(args(endpoint));
    expect(run.stderr).toBe(
      `connect-rules ${command}: --endpoint ${endpoint} answers as DynamoDB, not as the Connect API (InternalFailure: The request processing has failed because of an unknown error, exception or failure.): give the rules API URL \`connect-rules serve\` prints, not its DynamoDB Local\n`,
    );
    expect(run.status).toBe(2);
  });

  it.each(commands)('%s given a port nothing listens on: one line naming it, exit 2', (command, args) =>
    nothingAnswers(command, args, "the rules API URL `connect-rules serve` prints (or a stack's HttpApiUrl)"),
  );
});
