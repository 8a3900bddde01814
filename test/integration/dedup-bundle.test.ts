/**
 * Exactly-once processing as the Lambda bundles run it, on DynamoDB Local: the
 * deduplicator (engine/pipeline/dedup.ts) bundled as a function is, with Powertools'
 * JMESPath left out (build/powertools-jmespath.ts), still runs a delivery once and
 * hands a redelivery the stored result; a JMESPath expression given to Powertools in
 * such a bundle fails naming it. Records stored while the key was picked by JMESPath
 * (`eventKeyJmesPath: 'deliveryKey'`) still count after the change.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';
import { PowertoolsDeduplicator } from '../../engine/pipeline/dedup.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-dedup-bundle-'));
const client = dynamoDbClient();
let table = '';
beforeAll(async () => {
  table = (await createTables(client, ['idempotency'])).idempotency!;
});
afterAll(() => {
  client.destroy();
  rmSync(out, { recursive: true, force: true });
});

/** A handler's use of the deduplicator, and a Powertools configuration with a JMESPath expression. */
const ENTRY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { PowertoolsDeduplicator } from './engine/pipeline/dedup.ts';
const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: 'us-east-1' });
const tableName = process.env.TABLE;
const dedup = new PowertoolsDeduplicator({ client, tableName });
const first = await dedup.once(process.env.KEY, async () => ({ run: 'first' }));
const again = await dedup.once(process.env.KEY, async () => ({ run: 'again' }));
let jmesPath;
try {
  const keyed = makeIdempotent(async (event) => event, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
    config: new IdempotencyConfig({ eventKeyJmesPath: 'order.id' }),
  });
  await keyed({ order: { id: 'o-1' } });
  jmesPath = 'no error';
} catch (error) {
  const messages = [];
  for (let e = error; e; e = e.cause) messages.push(e.name + ': ' + e.message);
  jmesPath = messages;
}
process.stdout.write(JSON.stringify({ first, again, jmesPath }));
`;

describe('deduplication in a Lambda bundle', () => {
  it('runs a delivery once without JMESPath, and a configured expression fails naming it', async () => {
    const file = join(out, 'dedup.mjs');
    const options = lambdaBuildOptions();
    const result = await build({ ...options, stdin: { contents: ENTRY, resolveDir: options.absWorkingDir!, sourcefile: 'entry.ts', loader: 'ts' }, outfile: file });
    expect(Object.keys(result.metafile!.inputs).filter((p) => p.includes('@aws-lambda-powertools/jmespath'))).toEqual([]);

    const env = { PATH: process.env.PATH, ENDPOINT: sharedDynamoDb().endpoint, TABLE: table, KEY: `bundle-${Date.now()}`, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const { stdout } = await run(process.execPath, [file], { env, cwd: out });
    const seen = JSON.parse(stdout) as { first: unknown; again: unknown; jmesPath: string[] | string };
    expect(seen.first).toEqual({ result: { run: 'first' }, ran: true });
    expect(seen.again).toEqual({ result: { run: 'first' }, ran: false });
    expect(seen.jmesPath).toEqual(expect.arrayContaining([expect.stringMatching(/^JmesPathNotPackagedError: Powertools was given the JMESPath expression "order\.id"/)]));
  }, 60_000);

  it('recognises a delivery recorded while the key was picked by JMESPath', async () => {
    const deliveryKey = `before-${Date.now()}`;
    // The configuration engine/pipeline/dedup.ts had before.
    const config = new IdempotencyConfig({ eventKeyJmesPath: 'deliveryKey', throwOnNoIdempotencyKey: true, expiresAfterSeconds: 48 * 3600 });
    config.registerLambdaContext({ getRemainingTimeInMillis: () => 60_000 } as never);
    const before = makeIdempotent(async (_input: { deliveryKey: string }) => ({ run: 'before' }), {
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client }),
      config,
      keyPrefix: 'connect-rules',
    });
    await before({ deliveryKey });
    const after = new PowertoolsDeduplicator({ client, tableName: table });
    expect(await after.once(deliveryKey, async () => ({ run: 'after' }))).toEqual({ result: { run: 'before' }, ran: false });
    expect(await after.once(`${deliveryKey}-other`, async () => ({ run: 'after' }))).toEqual({ result: { run: 'after' }, ran: true });
  });
});
