/**
 * The SDK clients in the Lambda bundles hold only the version of their package.json
 * (aws-sdk-package-info.ts), and still send it in their User-Agent.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { ROOT } from './build.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-package-info-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ENTRY = `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: 'us-east-1', maxAttempts: 1 });
await client.send(new ListTablesCommand({}));`;

describe("the SDK clients' package.json in a Lambda bundle", () => {
  it('is the version alone, which the client still sends in its User-Agent', async () => {
    const file = join(out, 'dynamodb.mjs');
    const result = await lambdaBundle(ENTRY, file);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/@aws-sdk/client-dynamodb/package.json'), 'utf8')) as { version: string; homepage: string };
    const code = readFileSync(file, 'utf8');
    expect(code).not.toContain(pkg.homepage);
    expect(Object.entries(result.metafile!.inputs).find(([path]) => path.endsWith('client-dynamodb/package.json'))?.[1].bytes).toBe(JSON.stringify({ version: pkg.version }).length);

    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"TableNames":[]}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { PATH: process.env.PATH, ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
      await run(process.execPath, [file], { env, cwd: out });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen[0]!['user-agent']).toContain(`api/dynamodb#${pkg.version}`);
  }, 60_000);
});
