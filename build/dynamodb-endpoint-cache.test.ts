/**
 * The Lambda bundles' DynamoDB client without the endpoint discovery cache
 * (build/dynamodb-endpoint-cache.ts): the client is made as before, its cache is the
 * stand-in, which fails naming the cause when read; mnemonist is out of the bundle.
 * A request through such a bundle: build/lambda-credentials.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-endpoint-cache-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const entry = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ region: 'us-east-1' });
process.stdout.write(typeof client.config.endpointCache + '\\n');
try { client.config.endpointCache.get('k'); } catch (err) { process.stdout.write(err.name + ': ' + err.message); }`;

describe('the DynamoDB client of a Lambda bundle', () => {
  it('is made with a stand-in endpoint cache that fails naming the cause when read, and holds no mnemonist', async () => {
    const file = join(out, `dynamodb${String(lambdaBuildOptions().outExtension!['.js'])}`);
    // as `npm run package` builds a function (its settings and plugins)
    const result = await lambdaBundle(entry, file);
    const inputs = Object.keys(result.metafile!.inputs).join('\n');
    expect(inputs).not.toContain('node_modules/mnemonist/');
    expect(inputs).not.toContain('node_modules/@aws-sdk/endpoint-cache/');
    const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }, cwd: out });
    expect(stdout).toBe(
      "object\nEndpointCacheNotPackagedError: The AWS SDK's endpoint discovery cache was read, but the Lambda bundles leave it out (build/dynamodb-endpoint-cache.ts): take the plugin out to use endpoint discovery",
    );
  }, 60_000);
});
