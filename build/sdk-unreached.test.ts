/**
 * The AWS SDK core's code that no deployment reaches, left out of the Lambda bundles
 * (build/sdk-unreached.ts): a bundle built with the Lambda build options sends a
 * signed DynamoDB request to a local HTTP server as before, holds none of the modules
 * left out, and fails naming the cause where a deployment would reach one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { modulesWithCode } from '../test/support/bundle-modules.ts';
import { runBundleAgainst } from '../test/support/bundle-against-server.ts';
import { UNREACHED_MODULES } from './sdk-unreached.ts';
import { LOCAL_STAGE, localEnvironment } from '../deploy/local-stage.ts';
import type { DeployParams } from '../deploy/parameters.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-sdk-unreached-'));
const BUNDLE = join(out, 'dynamodb.mjs');

/**
 * One ListTables through a DynamoDB client made as the functions make theirs (the table names), or with argument `s3:<node|web>`
 * (its Region from the environment, as in Lambda) one GetObject whose response body is a Node stream or a web ReadableStream (the text); else the error's name and message.
 */
const ENTRY = `import { Readable } from 'node:stream';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const body = { node: () => Readable.from([Buffer.from('read')]), web: () => new Blob(['read']).stream() };
const requestHandler = (kind) => ({ handle: async () => ({ response: { statusCode: 200, headers: {}, body: body[kind]() } }) });
const [scenario, kind] = (process.argv[2] ?? 'dynamodb').split(':');
try {
  if (scenario === 's3') {
    const client = new S3Client({ region: 'us-east-1', requestHandler: requestHandler(kind), maxAttempts: 1 });
    const { Body } = await client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'key' }));
    process.stdout.write(JSON.stringify({ text: await Body.transformToString() }));
  } else {
    const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, maxAttempts: 1 });
    process.stdout.write(JSON.stringify({ tables: (await client.send(new ListTablesCommand({}))).TableNames }));
  }
} catch (error) {
  process.stdout.write(JSON.stringify({ name: error.name, message: error.message }));
}`;

/** Loaded before the bundle: node:crypto as where it cannot make a SHA-256 hash (a runtime without it). */
const NO_NATIVE_SHA256 = `data:text/javascript,${encodeURIComponent(`import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
const createHash = crypto.createHash;
crypto.createHash = (algorithm, ...rest) => { if (algorithm === 'sha256') throw new Error('unsupported'); return createHash(algorithm, ...rest); };
syncBuiltinESMExports();`)}`;

const seen: IncomingHttpHeaders[] = [];
let server: Server;
let metafile: Metafile;

beforeAll(async () => {
  metafile = (await lambdaBundle(ENTRY, BUNDLE)).metafile!;
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":["rules"]}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(out, { recursive: true, force: true });
});

function send(env: Record<string, string | undefined> = {}, nodeOptions: string[] = [], scenario = 'dynamodb'): Promise<{ tables?: string[]; text?: string; name?: string; message?: string }> {
  seen.length = 0;
  return runBundleAgainst(BUNDLE, server, [scenario], { env: { AWS_REGION: 'us-east-1', ...env }, nodeOptions });
}

describe("a Lambda bundle without the SDK core's unreached code", () => {
  it('holds none of the modules left out', () => {
    const inputs = modulesWithCode(metafile);
    for (const module of UNREACHED_MODULES) expect(inputs.filter((i) => i.includes(`node_modules/${module}`)), module).toEqual([]);
    for (const kept of ['checksum/sha256/Sha256Node.js', 'retry/util-retry/StandardRetryStrategy.js']) {
      expect(inputs.some((i) => i.endsWith(`node_modules/@smithy/core/dist-es/submodules/${kept}`)), kept).toBe(true);
    }
  });

  it("sends a request signed with node:crypto's SHA-256", async () => {
    expect(await send()).toEqual({ tables: ['rules'] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/);
  });

  it('fails naming the cause where node:crypto cannot make a SHA-256 hash, sending nothing', async () => {
    expect(await send({}, ['--import', NO_NATIVE_SHA256])).toEqual({
      name: 'SdkPartNotPackagedError',
      message: "The AWS SDK reached the JavaScript SHA-256 (node:crypto's createHash('sha256') failed here), which the Lambda bundles leave out (build/sdk-unreached.ts): take its row out of that plugin to use it",
    });
    expect(seen).toEqual([]);
  });

  it('sends in retry mode "standard", and fails naming the cause, sending nothing, when the environment asks for "adaptive"', async () => {
    expect(await send({ AWS_RETRY_MODE: 'standard' })).toEqual({ tables: ['rules'] });
    expect(await send({ AWS_RETRY_MODE: 'adaptive' })).toEqual({
      name: 'SdkPartNotPackagedError',
      message:
        'The AWS SDK reached retry mode "adaptive" (set by AWS_RETRY_MODE or the config file\'s retry_mode; the functions use "standard"), which the Lambda bundles leave out (build/sdk-unreached.ts): take its row out of that plugin to use it',
    });
    expect(seen).toEqual([]);
  });

  it("reads a streamed response body that is a Node stream, and fails on a web ReadableStream, which the functions' HTTP handler never gives", async () => {
    expect(await send({}, [], 's3:node')).toEqual({ text: 'read' });
    // The SDK words the failure itself (it catches what the stand-in throws), adding its note on deserialization errors.
    const web = await send({}, [], 's3:web');
    expect(web.name).toBe('Error');
    expect(web.message).toMatch(/^Unexpected stream implementation, expect Stream\.Readable instance, got ReadableStream\n/);
  });

  it("takes the Region from AWS_REGION, as in Lambda, and without one fails naming the cause instead of asking EC2's instance metadata service", async () => {
    const noRegion =
      "The AWS SDK reached EC2's instance metadata service for the Region (set AWS_REGION, as Lambda does; outside Lambda, defaults mode \"auto\" asks it too: set AWS_DEFAULTS_MODE=standard or the config file's defaults_mode = standard), which the Lambda bundles leave out (build/sdk-unreached.ts): take its row out of that plugin to use it";
    expect(await send({ AWS_REGION: undefined })).toEqual({ name: 'SdkPartNotPackagedError', message: noRegion });
    expect(seen).toEqual([]);
    // Defaults mode "auto" infers the Region it runs in: in Lambda from the environment, elsewhere from EC2.
    expect(await send({ AWS_DEFAULTS_MODE: 'auto', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toEqual({ tables: ['rules'] });
    // Outside Lambda the SDK asks for it where it does not wait for the answer: the process ends on the rejection, naming the cause.
    const outside = await send({ AWS_DEFAULTS_MODE: 'auto' }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(outside?.code).toBe(1);
    expect(outside?.stderr).toContain(`SdkPartNotPackagedError: ${noRegion}`);
  });

  it("on the local stage sends whatever the developer's ~/.aws/config says of defaults mode and retry mode (osls sets AWS_REGION, not AWS_EXECUTION_ENV)", async () => {
    const config = join(out, 'config');
    writeFileSync(config, '[default]\ndefaults_mode = auto\nretry_mode = adaptive\n');
    // Without the local stage's environment that config file ends the process: defaults mode "auto" asks EC2 for the Region.
    const unpinned = await send({ AWS_CONFIG_FILE: config }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(unpinned?.code).toBe(1);
    expect(unpinned?.stderr).toContain("SdkPartNotPackagedError: The AWS SDK reached EC2's instance metadata service for the Region");
    const local = localEnvironment({ service: 'connect-rules', stage: LOCAL_STAGE, params: {} as DeployParams, env: {}, serviceDir: out });
    expect(await send({ ...local, AWS_CONFIG_FILE: config })).toEqual({ tables: ['rules'] });
    expect(seen).toHaveLength(1);
  });
});
