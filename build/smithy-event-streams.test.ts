/**
 * The Lambda bundles leave the SDK protocols' event-stream support out
 * (smithy-event-streams.ts): no operation the project sends has an event stream, the
 * S3 client still reads objects, and an event-stream operation fails naming the cause.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NormalizedSchema } from '@smithy/core/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { ROOT } from './build.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-event-streams-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The operations of the project's SDK clients that have an event stream, and that no project module may send. */
const EVENT_STREAM_OPERATIONS: Readonly<Record<string, readonly string[]>> = { '@aws-sdk/client-s3': ['SelectObjectContentCommand'] };

type CommandClass = new (input: object) => { schema?: readonly unknown[] };
const hasEventStream = (command: CommandClass): boolean => {
  // An operation schema: [9, namespace, name, traits, input, output].
  const schema = new command({}).schema;
  return !!schema && [schema[4], schema[5]].some((s) => NormalizedSchema.of(s as never).getEventStreamMember());
};

describe('event streams in the Lambda bundles', () => {
  it('are in no operation the project sends', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const clients = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@aws-sdk/client-'));
    expect(clients.length).toBeGreaterThan(0);
    for (const client of clients) {
      const commands = Object.entries((await import(client)) as Record<string, unknown>).filter(([name]) => name.endsWith('Command') && name !== 'Command');
      expect(commands.filter(([, command]) => hasEventStream(command as CommandClass)).map(([name]) => name), client).toEqual(EVENT_STREAM_OPERATIONS[client] ?? []);
    }
    const sources = execFileSync('git', ['ls-files', '*.ts', ':!:*.test.ts', ':!:test/**'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const named = sources.filter((file) => Object.values(EVENT_STREAM_OPERATIONS).flat().some((op) => readFileSync(join(ROOT, file), 'utf8').includes(op)));
    expect(named).toEqual([]);
  });

  it('leave S3 reading objects; an event-stream operation fails naming the cause', async () => {
    const entry = `import { GetObjectCommand, S3Client, SelectObjectContentCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ endpoint: process.env.ENDPOINT, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1 });
const body = await (await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).Body.transformToString();
let select;
try {
  await s3.send(new SelectObjectContentCommand({ Bucket: 'b', Key: 'k', Expression: 'select 1', ExpressionType: 'SQL', InputSerialization: { JSON: {} }, OutputSerialization: { JSON: {} } }));
  select = 'no error';
} catch (error) {
  select = error.name + ': ' + error.message;
}
// The select's response, never read, holds its socket, and the process, open until the
// server's keep-alive timeout (5 s): closed with the client instead.
s3.destroy();
process.stdout.write(JSON.stringify({ body, select }));`;
    const file = join(out, 's3.mjs');
    // SelectObjectContent's request has an XML body, which the Lambda bundles also leave out
    // (s3-get-object.ts): that stand-in is taken out here so the request reaches its event stream.
    const options = lambdaBuildOptions();
    await lambdaBundle(entry, file, { plugins: options.plugins!.filter((p) => p.name !== 'xml-request-bodies') });

    const server = createServer((req, res) => {
      const select = req.url?.includes('select');
      req.resume().on('end', () => res.writeHead(200, { 'content-type': select ? 'application/octet-stream' : 'application/json' }).end(select ? '' : '{"read":true}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { PATH: process.env.PATH, ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'key', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
      const { stdout } = await run(process.execPath, [file], { env, cwd: out });
      const seen = JSON.parse(stdout) as { body: string; select: string };
      expect(seen.body).toBe('{"read":true}');
      expect(seen.select).toMatch(/^EventStreamsNotPackagedError: This operation sends or receives an event stream/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
