/**
 * The Lambda bundles' credential provider: the keys Lambda puts in the environment
 * sign the requests, a container-credentials endpoint is used when no keys are set,
 * and the SDK's full default chain (SSO, profiles, STS) is out of the bundle.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { entryStdin } from '../test/support/bundle-stdin.ts';
import { defaultProvider } from './lambda-credential-provider.ts';
import { LAMBDA_PLUGINS } from './lambda-plugins.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-credentials-'));

/** A local HTTP server that answers every request with `body` and keeps the requests' headers. */
let server: Server;
let url = '';
let body = '{}';
const seen: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(out, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  seen.length = 0;
});

/** No credentials of any kind in the environment. */
function noCredentials(): void {
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_PROFILE']) {
    vi.stubEnv(name, undefined);
  }
}

describe('defaultProvider (what the Lambda bundles ship)', () => {
  it("answers the execution role's keys Lambda sets in the environment, session token included", async () => {
    noCredentials();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEROLEKEY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'role-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'role-session');
    expect(await defaultProvider()()).toMatchObject({ accessKeyId: 'ASIAEXAMPLEROLEKEY', secretAccessKey: 'role-secret', sessionToken: 'role-session' });
  });

  it('reads the container-credentials endpoint when the environment holds no keys', async () => {
    noCredentials();
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', `${url}/credentials`);
    body = JSON.stringify({ AccessKeyId: 'ASIAFROMCONTAINER', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: '2099-01-01T00:00:00Z' });
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAFROMCONTAINER', secretAccessKey: 'container-secret', sessionToken: 'container-token' });
    expect(credentials.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(seen).toHaveLength(1);
  });

  it('refuses, naming what it looked for, when there is neither', async () => {
    noCredentials();
    await expect(defaultProvider()()).rejects.toThrow('Unable to find environment variable credentials.');
  });
});

describe('a Lambda bundle of the DynamoDB client', () => {
  const entry = `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: 'us-east-1', maxAttempts: 1 });
await client.send(new ListTablesCommand({}));`;

  it('signs with the keys of the environment, never a profile, and carries no other credential provider', async () => {
    const file = join(out, 'dynamodb.mjs');
    const result = await build({
      stdin: entryStdin(entry),
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'node',
      mainFields: ['module', 'main'],
      plugins: [...LAMBDA_PLUGINS],
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs).join('\n');
    for (const left of ['credential-provider-node', 'credential-provider-ini', 'credential-provider-sso', 'credential-provider-web-identity', 'nested-clients', 'credential-provider-imds']) {
      expect(inputs, left).not.toContain(left);
    }

    body = JSON.stringify({ TableNames: [] });
    // A profile that names other keys: the SDK's node chain would have followed it.
    const env = { PATH: process.env.PATH, ENDPOINT: url, AWS_ACCESS_KEY_ID: 'ASIALAMBDAROLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session', AWS_PROFILE: 'elsewhere' };
    await run(process.execPath, [file], { env, cwd: out });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIALAMBDAROLE\/\d{8}\/us-east-1\/dynamodb\/aws4_request/);
    expect(seen[0]!['x-amz-security-token']).toBe('session');
  }, 60_000);
});
