/**
 * `connect-rules serve`: the rules API (CreateRule, DescribeRule, ListRules,
 * UpdateRule, DeleteRule) on http://127.0.0.1:<port>, the same Lambda handler as
 * deployed, on an embedded DynamoDB Local or the DynamoDB at `--endpoint`.
 * Point `@aws-sdk/client-connect` at the printed URL.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { endpointOption } from '../connection.ts';
import { checkDataDir, UsageError } from '../io.ts';

export const DEFAULT_SERVE_PORT = 3000;

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/**
 * One `--allowed-host` value, added to those before it: a DNS name (or address) with
 * no scheme or path, as a Host header gives it. A port may be written but is not what
 * is matched: the guard takes the name with serve's own port only
 * (functions/local-request-guard.ts), as for the loopback names.
 */
function addAllowedHost(value: string, before: readonly string[]): string[] {
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?)(:\d{1,5})?$/i.test(value)) {
    throw new InvalidArgumentError('expected a host name such as rules.localtest.me, as a browser or tool puts it in the Host header (no http:// and no path)');
  }
  return [...before, value];
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A log level whatever its case (also POWERTOOLS_LOG_LEVEL's, which commander reads through this too), worded as commander's choices(). */
function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value.toUpperCase());
  if (level === undefined) throw new InvalidArgumentError(`Allowed choices are ${LOG_LEVELS.join(', ')}.`);
  return level;
}

interface ServeOptions {
  port: number;
  host: string;
  allowRemote: boolean;
  allowedHost: string[];
  endpoint?: string;
  dataDir?: string;
  dynamodbPort?: number;
  logLevel: LogLevel;
  users?: string;
  slaSweepSeconds: number;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the Amazon Connect rules API locally (point @aws-sdk/client-connect at the printed URL)')
    .option('--port <n>', `HTTP port (0: any free port)`, parsePort, DEFAULT_SERVE_PORT)
    .option('--host <address>', 'address to listen on (a loopback address unless --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'listen on a non-loopback --host: requests are NOT authenticated (no SigV4 check)', false)
    .option(
      '--allowed-host <name>',
      'a DNS name a browser or tool uses to reach serve (one that resolves to this machine, e.g. in /etc/hosts), accepted in the Host header with serve\'s port besides loopback names and --host; repeatable',
      addAllowedHost,
      [],
    )
    .addOption(endpointOption('dynamodb', 'DynamoDB endpoint to use instead of starting an embedded DynamoDB Local (which needs Java 17)', ['dataDir', 'dynamodbPort']))
    .option('--data-dir <dir>', 'keep the embedded DynamoDB Local\'s data (rules, outbox, cases, evaluations) in this folder, so it survives a restart (default: in memory)')
    .option('--dynamodb-port <n>', 'the embedded DynamoDB Local\'s port (default: any free port)', parsePort)
    .option('--users <file>', 'users seed file for notification recipients (Connect-like user records, see examples/users.json)')
    .option('--sla-sweep-seconds <n>', 'how often the SLA sweeper marks overdue case SLAs (0: never)', (v) => Number(v), 30)
    .addOption(new Option('--log-level <level>', `request log level: ${LOG_LEVELS.join(', ')}`).argParser(parseLogLevel).env('POWERTOOLS_LOG_LEVEL').default('WARN'))
    .action(async (options: ServeOptions, command: Command) => {
      // A file given as the folder: said before anything starts (exit 2, as every input that is not what it should be).
      if (options.dataDir !== undefined) {
        try {
          checkDataDir(options.dataDir, false);
        } catch (err) {
          if (!(err instanceof UsageError)) throw err;
          process.stderr.write(`connect-rules serve: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
      }
      const [{ startLocalRulesApi, RemoteHostRefusedError }, { JavaNotFoundError }, { Logger }, { endNow, STOP_SIGNALS }] = await Promise.all([
        import('../../functions/local-server.ts'),
        import('../../storage/local-dynamodb.ts'),
        import('@aws-lambda-powertools/logger'),
        import('../../storage/embedded-child.ts'),
      ]);
      const logger = new Logger({ serviceName: 'connect-rules-api', logLevel: options.logLevel });

      let api: Awaited<ReturnType<typeof startLocalRulesApi>>;
      try {
        api = await startLocalRulesApi({
          port: options.port,
          host: options.host,
          allowRemote: options.allowRemote,
          allowedHosts: options.allowedHost,
          dynamoDbEndpoint: options.endpoint,
          ...(options.dynamodbPort !== undefined ? { dynamoDbPort: options.dynamodbPort } : {}),
          ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
          logger,
          ...(options.users ? { usersFile: options.users } : {}),
        });
      } catch (err) {
        // --host beyond this machine without --allow-remote: a command-line mistake (exit 1 with the usage); nothing was started.
        if (err instanceof RemoteHostRefusedError) command.error(`error: ${err.message}`);
        if (err instanceof JavaNotFoundError) {
          process.stderr.write(`connect-rules serve: ${err.message}\n`);
        } else {
          process.stderr.write(`connect-rules serve: could not start: ${(err as Error).message ?? String(err)}\n`);
        }
        process.exitCode = 1;
        return;
      }

      const stopSweeper = options.slaSweepSeconds > 0 ? api.actions.startSweeper(options.slaSweepSeconds * 1000) : undefined;

      let stopping = false;
      let exitingNow = false;
      // Every stop signal, not once: a second one during the orderly shutdown (open
      // requests get 2 s, java 5 s) ends serve at once, its DynamoDB Local killed and reaped first.
      const shutdown = (signal: NodeJS.Signals) => {
        if (stopping) {
          if (exitingNow) return;
          exitingNow = true;
          process.stderr.write(`connect-rules serve: ${signal} again, exiting now\n`);
          void endNow(signal);
          return;
        }
        stopping = true;
        stopSweeper?.();
        process.stdout.write(`connect-rules API shutting down (${signal}); ${signal} again exits at once\n`);
        api.close().then(
          () => {
            if (!exitingNow) process.exit(0);
          },
          (err: unknown) => {
            process.stderr.write(`connect-rules serve: error while stopping: ${(err as Error).message}\n`);
            if (!exitingNow) process.exit(1);
          },
        );
      };
      for (const signal of STOP_SIGNALS) process.on(signal, shutdown);

      process.stdout.write(`connect-rules API listening on ${api.url} (DynamoDB: ${api.dynamoDbLabel})\n`);
      for (const notice of api.notices) process.stdout.write(`${notice}\n`);
      if (api.embedded) {
        process.stdout.write(`DynamoDB Local on ${api.embedded.endpoint}, ${options.dataDir ? `data kept in ${resolve(options.dataDir)}` : 'data in memory (--data-dir to keep it)'}\n`);
      }
      if (api.embedded && !api.embedded.loopbackOnly) {
        process.stderr.write(`connect-rules serve: javac was not found, so the embedded DynamoDB Local listens on every interface (it has no authentication); install a JDK or use --endpoint\n`);
      }
      if (options.allowRemote) process.stderr.write(`connect-rules serve: --allow-remote: requests are not authenticated; anyone who reaches ${api.url} can change rules\n`);
      if (api.dynamoDbEndpoint) {
        process.stdout.write(`replay into it: connect-rules replay <files> --rules <rules> --endpoint ${api.dynamoDbEndpoint}\n`);
        process.stdout.write(`outbox (emails, events): connect-rules outbox --endpoint ${api.dynamoDbEndpoint} --instance <InstanceId>\n`);
      }
    });
}
