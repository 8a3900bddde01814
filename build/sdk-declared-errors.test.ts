/**
 * The SDK clients' modelled errors in the Lambda bundles (build/sdk-declared-errors.ts):
 * the schema modules lose the registrations of errors no sent operation declares, a
 * build that sends an operation whose declared errors would be lost fails naming it,
 * every operation the functions send is listed and every one listed is sent, the
 * bundled clients' registries hold exactly the errors those operations declare
 * (computed from the installed SDK's types, so an SDK bump that adds one passes),
 * and code bundled as the functions are, against an HTTP server answering as DynamoDB,
 * S3 and Connect do, still recognises every SDK error it recognises (the DynamoDB
 * writes' own refusals, on DynamoDB Local: test/integration/sdk-declared-errors.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { runBundleAgainst } from '../test/support/bundle-against-server.ts';
import { modulesWithCode } from '../test/support/bundle-modules.ts';
import { buildSplit } from '../test/support/split-bundle.ts';
import { FUNCTIONS } from '../deploy/functions.ts';
import { handlerModule } from '../deploy/spec.ts';
import { lambdaChunks } from './lambda-chunks.ts';
import { ROOT } from './build.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';
import { declaredErrors, keepDeclaredErrors, SENT_OPERATIONS } from './sdk-declared-errors.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-declared-errors-'));
let BUNDLE: string;
const distEs = (client: string) => join(ROOT, 'node_modules', '@aws-sdk', client, 'dist-es');

/**
 * Each scenario's outcome as JSON. The server answers with the error the request names:
 * DynamoDB's by its TableName, Connect's by its ContactId or UserId, S3's by its key.
 */
const ENTRY = `import { BackupInUseException, ConditionalCheckFailedException, DynamoDBClient, DynamoDBServiceException, LimitExceededException, PutItemCommand, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { ConnectClient, ConnectServiceException } from '@aws-sdk/client-connect';
import { isConditionFailure } from './engine/dynamo/conditional.ts';
import { ConnectTasks, ConnectUsers } from './engine/actions/aws/connect.ts';
import { isRetryable, reasonCodeOf } from './engine/actions/runner.ts';
import { s3Files } from './functions/ingest-files.ts';

const endpoint = process.env.ENDPOINT;
const dynamodb = new DynamoDBClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
const connect = new ConnectClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
const reader = s3Files({ region: 'us-east-1' }, { AWS_ENDPOINT_URL_S3: endpoint });
const CLASSES = { BackupInUseException, ConditionalCheckFailedException, LimitExceededException, ThrottlingException };
const seen = (error) => ({
  name: error.name,
  message: error.message,
  status: error.$metadata?.httpStatusCode,
  fault: error.$fault,
  retryable: isRetryable(error),
  reason: reasonCodeOf(error),
});
const scenarios = {
  dynamodb: async (error) => {
    try {
      await dynamodb.send(new PutItemCommand({ TableName: error, Item: { PK: { S: 'p' } }, ConditionExpression: 'attribute_not_exists(PK)' }));
      return { sent: true };
    } catch (e) {
      return { ...seen(e), itsClass: e instanceof CLASSES[error], base: e instanceof DynamoDBServiceException, conditionFailure: isConditionFailure(e) };
    }
  },
  'stop-contact': async (error) => {
    try {
      return await new ConnectTasks(connect).stopContact('instance', error);
    } catch (e) {
      return { ...seen(e), base: e instanceof ConnectServiceException };
    }
  },
  'users-by-ids': async (error) => {
    try {
      return await new ConnectUsers(connect).usersByIds('instance', [error]);
    } catch (e) {
      return seen(e);
    }
  },
  read: async (error) => {
    try {
      return { text: await reader.read({ kind: 's3', bucket: 'bucket', key: error, versionId: 'v1' }) };
    } catch (e) {
      return { name: e.name, message: e.message, cause: e.cause?.name };
    }
  },
};
const results = {};
for (const scenario of process.argv.slice(2)) {
  const [kind, error] = scenario.split(':');
  results[scenario] = await scenarios[kind](error);
}
process.stdout.write(JSON.stringify(results));
`;

/** DynamoDB's error response (JSON 1.0): the status and `__type` of each error, as the service sends them. */
const DYNAMODB_ERRORS: Readonly<Record<string, number>> = {
  ConditionalCheckFailedException: 400,
  ThrottlingException: 400,
  LimitExceededException: 400,
  BackupInUseException: 400,
};
/** Connect's (REST JSON): the status and `x-amzn-errortype`. */
const CONNECT_ERRORS: Readonly<Record<string, number>> = { ContactNotFoundException: 410, ResourceNotFoundException: 404, ThrottlingException: 429, AccessDeniedException: 403 };
/** S3's (REST XML): the code of a 404 of GetObject. */
const S3_ERRORS: Readonly<Record<string, string>> = { NoSuchKey: 'The specified key does not exist.', NoSuchVersion: 'The specified version does not exist.' };

let server: Server;

type Respond = (status: number, headers: Record<string, string>, body: string) => void;

function answer(method: string, url: URL, headers: Record<string, string | string[] | undefined>, body: string, respond: Respond): void {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith('DynamoDB_20120810.')) {
    const error = (JSON.parse(body) as { TableName: string }).TableName;
    const message = `${error} from the test's DynamoDB`;
    return respond(DYNAMODB_ERRORS[error] ?? 500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' }, JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${error}`, message }));
  }
  if (url.pathname === '/contact/stop' || url.pathname.startsWith('/users/')) {
    const error = url.pathname === '/contact/stop' ? (JSON.parse(body) as { ContactId: string }).ContactId : url.pathname.split('/').pop()!;
    return respond(CONNECT_ERRORS[error] ?? 500, { 'content-type': 'application/json', 'x-amzn-errortype': `${error}:http://internal.amazon.com/coral/com.amazonaws.connect/`, 'x-amzn-requestid': 'req-2' }, JSON.stringify({ Message: `${error} from the test's Connect` }));
  }
  if (method === 'GET' && url.pathname.startsWith('/bucket/')) {
    const code = url.pathname.slice('/bucket/'.length);
    return respond(404, { 'content-type': 'application/xml' }, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${S3_ERRORS[code]}</Message><RequestId>r</RequestId><HostId>h</HostId></Error>`);
  }
  return respond(501, {}, '');
}

beforeAll(async () => {
  // Split as packaged: the S3 client is in the chunk the readers load at their first read (functions/s3-reader-chunk.ts).
  ({ file: BUNDLE } = await buildSplit(lambdaBuildOptions(), 'errors', ENTRY, ROOT, out));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      answer(req.method!, new URL(req.url!, 'http://test'), req.headers, Buffer.concat(chunks).toString('utf8'), (status, headers, body) =>
        res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(out, { recursive: true, force: true });
});

function outcomes(...scenarios: string[]): Promise<Record<string, unknown>> {
  return runBundleAgainst(BUNDLE, server, scenarios);
}

describe('keepDeclaredErrors', () => {
  const MODULE = [
    'const _s_registry = new TypeRegistry(_s);',
    'export var XServiceException$ = [-3, _s, "XServiceException", 0, [], []];',
    '_s_registry.registerError(XServiceException$, XServiceException);',
    'const n0_registry = new TypeRegistry(n0);',
    'export var AException$ = [-3, n0, _AE, { [_e]: _c }, [_m], [0]];',
    'n0_registry.registerError(AException$, AException);',
    'export var BException$ = [-3, n0, _BE, { [_e]: _c }, [_m], [0]];',
    'n0_registry.registerError(BException$, BException);',
    '',
  ];

  it('takes out the registrations of the errors not kept, and nothing else', () => {
    expect(keepDeclaredErrors(MODULE.join('\n'), new Set(['XServiceException', 'BException']), 'schemas_0.js')).toBe(MODULE.filter((l) => !l.includes('registerError(AException$')).join('\n'));
  });

  it('fails on a registration it cannot read, and on a kept error with no registration', () => {
    const odd = [...MODULE, 'n0_registry.registerError(CException$, SomethingElse);', ''].join('\n');
    expect(() => keepDeclaredErrors(odd, new Set(['XServiceException']), 'schemas_0.js')).toThrow('schemas_0.js: 1 error registrations not in the form build/sdk-declared-errors.ts reads');
    expect(() => keepDeclaredErrors(MODULE.join('\n'), new Set(['XServiceException', 'DException']), 'schemas_0.js')).toThrow('schemas_0.js: declared errors with no registration: DException');
  });
});

/** The error classes a client exports (its models/errors.js). */
const errorClasses = (client: string): Set<string> =>
  new Set([...readFileSync(join(distEs(client), 'models', 'errors.js'), 'utf8').matchAll(/^export class (\w+) extends/gm)].map((m) => m[1]!));
/** The errors the sent operations of `client` declare: what its bundled schema module keeps. */
const keptOf = (client: string): Set<string> => new Set(SENT_OPERATIONS[client]!.flatMap((op) => declaredErrors(distEs(client), op)));

describe('declaredErrors', () => {
  it("reads each sent operation's errors from its command's @throws: the client's own error classes, its base exception last", () => {
    for (const [client, operations] of Object.entries(SENT_OPERATIONS)) {
      const classes = errorClasses(client);
      for (const operation of operations) {
        const errors = declaredErrors(distEs(client), operation);
        expect(errors.at(-1), `${client} ${operation}`).toMatch(/ServiceException$/);
        expect(errors.slice(0, -1).filter((e) => !classes.has(e)), `${client} ${operation}`).toEqual([]);
      }
    }
  });

  it('finds the errors the code reads by class among those declared', () => {
    // engine/ingest/s3-reader.ts (by name), engine/actions/aws/connect.ts and engine/dynamo/conditional.ts (by class).
    expect(declaredErrors(distEs('client-s3'), 'GetObject')).toContain('NoSuchKey');
    expect(declaredErrors(distEs('client-connect'), 'StopContact')).toContain('ContactNotFoundException');
    expect(declaredErrors(distEs('client-dynamodb'), 'PutItem')).toContain('ConditionalCheckFailedException');
  });

  it('leaves out no error whose own class the SDK retries ($retryable)', () => {
    for (const [client, operations] of Object.entries(SENT_OPERATIONS)) {
      const kept = new Set(operations.flatMap((op) => declaredErrors(distEs(client), op)));
      const classes = readFileSync(join(distEs(client), 'models', 'errors.js'), 'utf8').split(/^export class /m).slice(1);
      const retried = classes.filter((c) => /^\s*\$retryable\b/m.test(c)).map((c) => c.split(' ')[0]!);
      expect(retried.filter((e) => !kept.has(e)), client).toEqual([]);
    }
  });
});

describe('a Lambda build', () => {
  const bundleOf = (contents: string) => lambdaBundle(contents, join(out, 'check.mjs'), { logLevel: 'silent' });

  it('fails naming an operation no function sent whose declared errors would be left out', async () => {
    const left = declaredErrors(distEs('client-s3'), 'PutObject').filter((e) => !keptOf('client-s3').has(e));
    expect(left.length).toBeGreaterThan(0);
    await expect(bundleOf("import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3'; export const f = () => new S3Client({}).send(new PutObjectCommand({ Bucket: 'b', Key: 'k' }));")).rejects.toThrow(
      `@aws-sdk/client-s3 PutObject declares ${left.join(', ')}, which the Lambda bundles leave out: add PutObject to SENT_OPERATIONS['client-s3'] in build/sdk-declared-errors.ts`,
    );
  }, 60_000);

  it('builds one whose declared errors are all kept', async () => {
    const result = await bundleOf("import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'; export const f = () => new DynamoDBClient({}).send(new ListTablesCommand({}));");
    expect(result.errors).toEqual([]);
  }, 60_000);

  it('lists every operation a function sends, and sends every operation listed', async () => {
    // Every function in one build: no per-function define then, so every actions back end and executor is in (a superset).
    const entryPoints = Object.fromEntries(FUNCTIONS.map((spec) => [spec.key, join(ROOT, `${handlerModule(spec)}.ts`)]));
    const options = lambdaBuildOptions();
    // Without the plugin that gives one function's chunks their folder (it refuses a build of several).
    const plugins = options.plugins!.filter((p) => p !== lambdaChunks);
    const { metafile } = await build({ ...options, plugins, entryPoints, outdir: join(out, 'functions') });
    const sent = new Set(
      modulesWithCode(metafile!).flatMap((path) => {
        const [, client, operation] = /node_modules\/@aws-sdk\/(client-[^/]+)\/dist-es\/commands\/(\w+)Command\.js$/.exec(path) ?? [];
        return client ? [`${client} ${operation}`] : [];
      }),
    );
    expect([...sent].filter((op) => !SENT_OPERATIONS[op.split(' ')[0]!]?.includes(op.split(' ')[1]!)), 'sent, not listed').toEqual([]);
    expect(Object.entries(SENT_OPERATIONS).flatMap(([client, ops]) => ops.map((op) => `${client} ${op}`)).filter((op) => !sent.has(op)), 'listed, never sent').toEqual([]);
  }, 120_000);

  it("keeps of each client's errors exactly those its sent operations declare", async () => {
    // The bundled clients' registries, as the deserializer reads them: error names by namespace.
    const imports = Object.entries(SENT_OPERATIONS).map(([client, ops]) => `import { ${ops.map((op) => `${op}Command`).join(', ')} } from '@aws-sdk/${client}';`);
    const commands = Object.values(SENT_OPERATIONS).flatMap((ops) => ops.map((op) => `${op}Command`));
    const entry = `${imports.join('\n')}
import { TypeRegistry } from '@smithy/core/schema';
globalThis.commands = [${commands.join(', ')}];
process.stdout.write(JSON.stringify(Object.fromEntries([...TypeRegistry.registries].map(([ns, r]) => [ns, [...r.exceptions.keys()].map((e) => e[2])]))));`;
    const bundle = join(out, 'registries.mjs');
    await lambdaBundle(entry, bundle);
    const registries = await runBundleAgainst<Record<string, string[]>>(bundle, 'http://127.0.0.1:9', []);
    for (const client of Object.keys(SENT_OPERATIONS)) {
      const kept = keptOf(client);
      const base = declaredErrors(distEs(client), SENT_OPERATIONS[client]![0]!).at(-1)!;
      // The base exception is registered in the client's synthetic namespace, its modelled errors in the service's.
      const synthetic = Object.keys(registries).find((ns) => registries[ns]!.includes(base) && ns.startsWith('smithy.ts.sdk.synthetic.'))!;
      expect(synthetic, client).toBeDefined();
      const registered = new Set([...registries[synthetic]!, ...(registries[synthetic.slice('smithy.ts.sdk.synthetic.'.length)] ?? [])]);
      expect([...registered].sort(), client).toEqual([...kept].sort());
    }
  }, 120_000);
});

describe("the SDK's errors as the Lambda bundles hold them", () => {
  it("gives DynamoDB's declared errors their classes, and the others the client's base exception with their name", async () => {
    const results = await outcomes(...Object.keys(DYNAMODB_ERRORS).map((e) => `dynamodb:${e}`));
    const failure = (name: string, more: object) => ({ name, message: `${name} from the test's DynamoDB`, status: 400, fault: 'client', reason: name, base: true, ...more });
    expect(results).toEqual({
      // The refusal every conditional write of the functions reads (engine/dynamo/conditional.ts and the `instanceof` of the others).
      'dynamodb:ConditionalCheckFailedException': failure('ConditionalCheckFailedException', { itsClass: true, retryable: false, conditionFailure: true }),
      'dynamodb:ThrottlingException': failure('ThrottlingException', { itsClass: true, retryable: true, conditionFailure: false }),
      // Declared by no operation the functions send (only by control-plane ones): recognised by name, as the
      // actions runner and the rules store's throttle list do.
      'dynamodb:LimitExceededException': failure('LimitExceededException', { itsClass: false, retryable: true, conditionFailure: false }),
      'dynamodb:BackupInUseException': failure('BackupInUseException', { itsClass: false, retryable: false, conditionFailure: false }),
    });
  });

  it("lets the Connect executors recognise a contact or user that is not there, and a throttle as retryable", async () => {
    const results = await outcomes('stop-contact:ContactNotFoundException', 'users-by-ids:ResourceNotFoundException', 'stop-contact:ThrottlingException', 'stop-contact:AccessDeniedException');
    expect(results).toEqual({
      'stop-contact:ContactNotFoundException': { stopped: false },
      'users-by-ids:ResourceNotFoundException': [],
      'stop-contact:ThrottlingException': { name: 'ThrottlingException', message: "ThrottlingException from the test's Connect", status: 429, fault: 'client', retryable: true, reason: 'ThrottlingException', base: true },
      // Declared by none of the operations the functions send: the base exception, named as Connect names it.
      'stop-contact:AccessDeniedException': { name: 'AccessDeniedException', message: "AccessDeniedException from the test's Connect", status: 403, fault: 'client', retryable: false, reason: 'AccessDeniedException', base: true },
    });
  });

  it("lets the file readers recognise S3's NoSuchKey and NoSuchVersion as a file that is gone", async () => {
    expect(await outcomes('read:NoSuchKey', 'read:NoSuchVersion')).toEqual({
      'read:NoSuchKey': { name: 'ObjectGoneError', message: 's3://bucket/NoSuchKey: NoSuchKey: The specified key does not exist.', cause: 'NoSuchKey' },
      'read:NoSuchVersion': { name: 'ObjectGoneError', message: 's3://bucket/NoSuchVersion: NoSuchVersion: The specified version does not exist.', cause: 'NoSuchVersion' },
    });
  });
});
