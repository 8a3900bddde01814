/**
 * The file readers' S3 path (functions/ingest-files.ts) bundled as the Lambda functions
 * are (build/lambda-build-options.ts, with the stand-ins of s3-get-object.ts), against
 * an HTTP server answering as S3 does: the object is read, a missing key is S3's
 * NoSuchKey, the checksum S3 sends with the object is validated for every algorithm
 * the SDK validates, a bucket in another Region is read through S3's redirect, and what
 * the stand-ins and the deployed stages leave out (the local stage's folder reader) fails
 * naming the cause.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesWithCode } from '../test/support/bundle-modules.ts';
import { runBundleAgainst } from '../test/support/bundle-against-server.ts';
import { buildSplit } from '../test/support/split-bundle.ts';
import { ROOT } from './build.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';
import { LEFT_OUT_MODULES } from './s3-get-object.ts';
import { declaredErrorsOnly, SENT_OPERATIONS, sdkDeclaredErrors } from './sdk-declared-errors.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-s3-get-object-'));
let BUNDLE: string;

/**
 * Each scenario's outcome as JSON: the reader's text, or the error's name, message, status and cause's name.
 * `read:<key>` goes through the readers' S3ObjectReader; the others send one command the readers never send.
 */
const ENTRY = `import { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3Files } from './functions/ingest-files.ts';

const endpoint = process.env.ENDPOINT;
const reader = s3Files({ region: 'us-east-1' }, { AWS_ENDPOINT_URL_S3: endpoint });
const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1 });
const direct = {
  'xml-body': () => client.send(new DeleteObjectsCommand({ Bucket: 'bucket', Delete: { Objects: [{ Key: 'k' }] } })),
  'directory-bucket': () => new S3Client({ region: 'us-east-1', maxAttempts: 1 }).send(new GetObjectCommand({ Bucket: 'files--use1-az4--x-s3', Key: 'k' })),
  'sse-c': () => client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k', SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'k'.repeat(32) })),
  'streamed-upload': () => client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: Readable.from(['a', 'b']) })),
  'multi-region-access-point': () => new S3Client({ region: 'us-east-1', maxAttempts: 1 }).send(new GetObjectCommand({ Bucket: 'arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap', Key: 'k' })),
  'objects-folder': () => s3Files({ region: 'us-east-1' }, { CONNECT_RULES_S3_DIR: 'events/s3' }),
};
const results = {};
for (const scenario of process.argv.slice(2)) {
  try {
    const [kind, key] = scenario.split(':');
    results[scenario] = kind === 'read' ? { text: await reader.read({ kind: 's3', bucket: 'bucket', key, versionId: 'v1' }) } : (await direct[kind](), { sent: true });
  } catch (error) {
    results[scenario] = { name: error.name, message: error.message, status: (error.$metadata ?? error.cause?.$metadata)?.httpStatusCode, cause: error.cause?.name };
  }
}
process.stdout.write(JSON.stringify(results));
`;

const BODY = '123456789';
/** The checks of each CRC over "123456789" from the algorithms' definitions (the CRC catalogue's `check`), big-endian. */
const CHECK: Readonly<Record<string, string>> = {
  crc32: 'cbf43926',
  crc32c: 'e3069283',
  crc64nvme: 'ae8b14860a799888',
  sha1: createHash('sha1').update(BODY).digest('hex'),
  sha256: createHash('sha256').update(BODY).digest('hex'),
};
const base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** S3's 404 for a key that is not there (Amazon S3 API reference, "Error responses": the REST error response). */
const NO_SUCH_KEY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
  '<Key>missing.json</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>host-id</HostId></Error>';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}
const seen: Seen[] = [];
let server: Server;
let metafile: Metafile;

/** The Region of the bucket `elsewhere/` (the client's is us-east-1). */
const BUCKET_REGION = 'eu-west-1';
/**
 * S3's answer to a request for a bucket in another Region's endpoint (Amazon S3 API reference, "Error responses":
 * PermanentRedirect, 301), with the header naming the bucket's Region.
 */
const PERMANENT_REDIRECT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. ' +
  'Please send all future requests to this endpoint.</Message><Bucket>bucket</Bucket><Endpoint>bucket.s3.eu-west-1.amazonaws.com</Endpoint><RequestId>4442587FB7D0A2F9</RequestId></Error>';
const redirect = (respond: (status: number, headers: Record<string, string>, body: string) => void) =>
  respond(301, { 'content-type': 'application/xml', 'x-amz-bucket-region': BUCKET_REGION }, PERMANENT_REDIRECT);

/** The Region of a SigV4 request's credential scope. */
const signedRegion = (headers: IncomingHttpHeaders): string | undefined => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];

/**
 * S3 path-style GET of /bucket/<key>: `good.json`, `missing.json`, `<algorithm>` (BODY with that checksum), `bad-<algorithm>` (a checksum of another body);
 * `elsewhere/<key>` is in BUCKET_REGION: a request signed for another Region gets S3's redirect; `redirect-always.json` redirects whatever the Region.
 */
function answer(method: string, key: string, headers: IncomingHttpHeaders, respond: (status: number, headers: Record<string, string>, body: string) => void): void {
  if (method !== 'GET') return respond(501, {}, '');
  if (key === 'redirect-always.json') return redirect(respond);
  if (key.startsWith('elsewhere/')) return signedRegion(headers) === BUCKET_REGION ? answer(method, key.slice('elsewhere/'.length), headers, respond) : redirect(respond);
  if (key === 'good.json') return respond(200, { 'content-type': 'application/json', 'last-modified': 'Wed, 12 Mar 2025 09:00:00 GMT', etag: '"e1"' }, '{"read":true}');
  if (key === 'missing.json') return respond(404, { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' }, NO_SUCH_KEY);
  const bad = key.startsWith('bad-');
  const algorithm = bad ? key.slice(4) : key;
  const check = CHECK[algorithm];
  if (!check) return respond(404, { 'content-type': 'application/xml' }, NO_SUCH_KEY);
  return respond(200, { 'content-type': 'text/plain', [`x-amz-checksum-${algorithm}`]: base64(check), 'x-amz-checksum-type': 'FULL_OBJECT' }, bad ? '987654321' : BODY);
}

beforeAll(async () => {
  const options = lambdaBuildOptions();
  // The entry also sends what no function sends (PutObject, DeleteObjects): their declared errors stay.
  const sent = { ...SENT_OPERATIONS, 'client-s3': [...SENT_OPERATIONS['client-s3']!, 'DeleteObjects', 'PutObject'] };
  const plugins = options.plugins!.map((p) => (p === sdkDeclaredErrors ? declaredErrorsOnly(sent) : p));
  // Split as packaged: the S3 client is in the chunk the readers load at their first read (functions/s3-reader-chunk.ts).
  ({ file: BUNDLE, metafile } = await buildSplit({ ...options, plugins }, 's3', ENTRY, ROOT, out));
  server = createServer((req, res) => {
    req.resume().on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      const key = decodeURIComponent(new URL(req.url!, 'http://s3').pathname.replace(/^\/bucket\//, ''));
      answer(req.method!, key, req.headers, (status, headers, body) => res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(out, { recursive: true, force: true });
});

function outcomes(...scenarios: string[]): Promise<Record<string, { text?: string; sent?: boolean; name?: string; message?: string; status?: number; cause?: string }>> {
  return runBundleAgainst(BUNDLE, server, scenarios);
}

describe("the file readers' S3 client as bundled", () => {
  it('leaves out what GetObject of a general purpose bucket never runs', () => {
    const inputs = modulesWithCode(metafile);
    for (const module of LEFT_OUT_MODULES) expect(inputs.filter((i) => i.includes(`node_modules/${module}`)), module).toEqual([]);
    // Nor the local stage's folder standing in for S3 (deploy/local-stage.ts `packagedS3FolderDefine`), nor the file checks it takes.
    expect(inputs.filter((i) => ['engine/ingest/object-reader.ts', 'engine/rulefiles/read-problem.ts', 'engine/rulefiles/utf8.ts'].includes(i))).toEqual([]);
    // What GetObject runs is the SDK's own.
    for (const module of ['@aws-sdk/checksums/dist-es/submodules/sha/sha1/Sha1Node.js', '@aws-sdk/checksums/dist-es/submodules/crc/crc64-nvme/Crc64NvmeJs.js', '@aws-sdk/xml-builder/dist-es/xml-parser.js']) {
      expect(inputs.some((i) => i.includes(`node_modules/${module}`)), module).toBe(true);
    }
  });

  it('reads the notified version of an object, signed, path-style at the endpoint, asking for its checksum', async () => {
    seen.length = 0;
    expect(await outcomes('read:good.json')).toEqual({ 'read:good.json': { text: '{"read":true}' } });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.method).toBe('GET');
    expect(request!.url).toBe('/bucket/good.json?versionId=v1&x-id=GetObject');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(request!.headers['x-amz-checksum-mode']).toBe('ENABLED');
  });

  it("reads S3's NoSuchKey error XML as the SDK's NoSuchKey, which the reader words as a file that is gone", async () => {
    expect(await outcomes('read:missing.json')).toEqual({
      'read:missing.json': { name: 'ObjectGoneError', message: 's3://bucket/missing.json: NoSuchKey: The specified key does not exist.', status: 404, cause: 'NoSuchKey' },
    });
  });

  it("reads an object in another Region's bucket: S3's 301 names the Region, and the read is sent again signed for it", async () => {
    seen.length = 0;
    expect(await outcomes('read:elsewhere/good.json', 'read:elsewhere/missing.json')).toEqual({
      'read:elsewhere/good.json': { text: '{"read":true}' },
      'read:elsewhere/missing.json': { name: 'ObjectGoneError', message: 's3://bucket/elsewhere/missing.json: NoSuchKey: The specified key does not exist.', status: 404, cause: 'NoSuchKey' },
    });
    expect(seen.map((r) => [r.url, signedRegion(r.headers)])).toEqual([
      ['/bucket/elsewhere/good.json?versionId=v1&x-id=GetObject', 'us-east-1'],
      ['/bucket/elsewhere/good.json?versionId=v1&x-id=GetObject', BUCKET_REGION],
      ['/bucket/elsewhere/missing.json?versionId=v1&x-id=GetObject', 'us-east-1'],
      ['/bucket/elsewhere/missing.json?versionId=v1&x-id=GetObject', BUCKET_REGION],
    ]);
  });

  it('follows one redirect a read, not a loop: a second is S3\'s error', async () => {
    seen.length = 0;
    expect(await outcomes('read:redirect-always.json')).toEqual({
      'read:redirect-always.json': { name: 'PermanentRedirect', message: expect.stringContaining('must be addressed using the specified endpoint'), status: 301 },
    });
    expect(seen.map((r) => signedRegion(r.headers))).toEqual(['us-east-1', BUCKET_REGION]);
  });

  it('validates the checksum S3 sends, for every algorithm the SDK validates', async () => {
    const algorithms = Object.keys(CHECK);
    const results = await outcomes(...algorithms.flatMap((a) => [`read:${a}`, `read:bad-${a}`]));
    for (const algorithm of algorithms) {
      expect(results[`read:${algorithm}`], algorithm).toEqual({ text: BODY });
      expect(results[`read:bad-${algorithm}`]?.message, `bad-${algorithm}`).toMatch(
        new RegExp(`^Checksum mismatch: expected "${base64(CHECK[algorithm]!).replace(/[+/]/g, '\\$&')}" but received "[^"]+" in response header "x-amz-checksum-${algorithm}"`),
      );
    }
  });

  it('refuses CONNECT_RULES_S3_DIR, whose folder reader only the local stage packages, rather than read S3 in its place', async () => {
    expect(await outcomes('objects-folder')).toEqual({
      'objects-folder': { name: 'S3FolderNotPackagedError', message: expect.stringContaining('only the `local` stage packages the reader of a folder standing in for S3') },
    });
  });

  it('fails naming the cause where a command needs what was left out, before anything is sent', async () => {
    seen.length = 0;
    const results = await outcomes('xml-body', 'directory-bucket', 'sse-c', 'streamed-upload', 'multi-region-access-point');
    const leftOut = (part: string) => ({ name: 'S3PartNotPackagedError', message: expect.stringContaining(`The S3 client reached ${part}, which the Lambda bundles leave out`) });
    expect(results).toEqual({
      'xml-body': leftOut('an XML request body'),
      'directory-bucket': leftOut('S3 Express One Zone session auth (a directory bucket)'),
      'sse-c': leftOut('an SSE-C customer key'),
      'streamed-upload': leftOut('an aws-chunked request body (a streamed upload)'),
      // The signer is SigV4 alone (build/sigv4-signer.ts); the SDK's own needs a SigV4a implementation no bundle holds.
      'multi-region-access-point': { name: 'SdkPartNotPackagedError', message: expect.stringContaining('The AWS SDK reached SigV4a signing (an S3 Multi-Region Access Point') },
    });
    expect(seen).toEqual([]);
  });
});
