/**
 * `connect-rules outbox`: what the actions sent locally: the emails of SEND_NOTIFICATION
 * and the EventBridge events (rules matched, action failures), read from the outbox
 * table of the DynamoDB that `connect-rules serve` uses (it prints the endpoint), or of
 * the folder a `replay --data-dir` / `serve --data-dir` kept it in (`--data-dir`: an
 * embedded DynamoDB Local is started on it, as those commands start theirs).
 * `--instance` defaults to the only instance with something in the outbox.
 * `--lambda-event <id>` prints one event as EventBridge delivers it to a Lambda
 * function: on the `local` stage, a manual SubmitContactEvaluation's or an SLA
 * breach's trigger event lands here instead of the engine bus, and this is the
 * payload to run it with `osls invoke local -f ingestCanonical -d`.
 */
import type { Command } from 'commander';
import type { OutboxEvent } from '../../engine/actions/local/outbox.ts';
import { accountFromEnv, regionFromEnv } from '../../storage/aws-env.ts';
import { checkDataDir, isUserError, runCommand, UsageError } from '../io.ts';
import { dynamoDbFailure, endpointOption } from '../connection.ts';

interface OutboxOptions {
  endpoint?: string;
  dataDir?: string;
  instance?: string;
  events?: boolean;
  emails?: boolean;
  json?: boolean;
  lambdaEvent?: string;
}

/** An outbox event as EventBridge hands it to a Lambda target (the shape ingestCanonical reads). */
export function lambdaEventOf(e: OutboxEvent, env: NodeJS.ProcessEnv = process.env) {
  return {
    version: '0',
    id: e.Id,
    'detail-type': e.DetailType,
    source: e.Source,
    account: accountFromEnv(env),
    time: e.Time.replace(/\.\d{3}Z$/, 'Z'), // EventBridge's times have no fraction
    region: regionFromEnv(env),
    resources: e.Resources,
    detail: e.Detail,
  };
}

export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('list the emails and EventBridge events the rule actions sent locally (the outbox table)')
    .addOption(endpointOption('dynamodb', 'DynamoDB endpoint (connect-rules serve prints it)', ['dataDir']))
    .option('--data-dir <dir>', 'the folder a `replay --data-dir` or a stopped `serve --data-dir` kept its data in (starts DynamoDB Local on it; needs Java 17)')
    .option('--instance <id>', 'Amazon Connect instance id (default: the only one with something in the outbox)')
    .option('--emails', 'emails only')
    .option('--events', 'EventBridge events only')
    .option('--json', 'one JSON object: {emails, events}')
    .option('--lambda-event <id>', 'print the event with this id as EventBridge delivers it to a Lambda function (for `osls invoke local -f ingestCanonical -d`)')
    .action((options: OutboxOptions, command: Command) => {
      // One of the two is needed (both: commander's conflicts()): a command-line mistake, exit 1 with the usage.
      if (options.endpoint === undefined && options.dataDir === undefined) {
        command.error('error: give --endpoint (a running serve) or --data-dir (the folder of a replay or serve --data-dir)');
      }
      return runCommand(() => showOutbox(options));
    });
}

async function showOutbox(options: OutboxOptions): Promise<number> {
  const [{ openDynamoDb, JavaNotFoundError, LocalDynamoDbStartError }, { DynamoDBDocumentClient }, { LocalOutbox }, { OUTBOX_TABLE }, { tableName }] = await Promise.all([
    import('../../storage/local-dynamodb.ts'),
    import('@aws-sdk/lib-dynamodb'),
    import('../../engine/actions/local/outbox.ts'),
    import('../../storage/action-tables.ts'),
    import('../../storage/tables.ts'),
  ]);
  let db: Awaited<ReturnType<typeof openDynamoDb>> | undefined;
  try {
    if (options.dataDir !== undefined) checkDataDir(options.dataDir, true);
    db = await openDynamoDb({ endpoint: options.endpoint, dataDir: options.dataDir }, regionFromEnv());
    const outbox = new LocalOutbox(DynamoDBDocumentClient.from(db.client), tableName(OUTBOX_TABLE));
    const instance = options.instance ?? (await onlyInstance(outbox));
    if (options.lambdaEvent !== undefined) {
      const events = await outbox.events(instance);
      const found = events.find((e) => e.Id === options.lambdaEvent);
      // An input that is not there (README: exit 2), as a file that is not there.
      if (!found) throw new UsageError(`connect-rules outbox: no event ${options.lambdaEvent} in the outbox of instance ${instance}; its events: ${events.map((e) => e.Id).join(', ') || 'none'}`);
      process.stdout.write(`${JSON.stringify(lambdaEventOf(found), null, 2)}\n`);
      return 0;
    }
    const all = !options.emails && !options.events;
    const emails = options.emails || all ? await outbox.emails(instance) : [];
    const events = options.events || all ? await outbox.events(instance) : [];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ emails, events }, null, 2)}\n`);
      return 0;
    }
    for (const e of emails) process.stdout.write(`${e.SentTime}  email  to ${e.To}  "${e.Subject}"  (rule ${e.RuleName})\n    ${e.Body.replace(/\n/g, '\n    ')}\n`);
    for (const e of events) process.stdout.write(`${e.Time}  event  ${e.Source}  ${e.DetailType}  (id ${e.Id})\n    ${JSON.stringify(e.Detail)}\n`);
    if (emails.length + events.length === 0) process.stdout.write(`nothing in the outbox of instance ${instance}\n`);
    return 0;
  } catch (err) {
    // A DynamoDB Local of --data-dir that cannot start (no java, the port taken): this command's failure, exit 1, as serve and replay say it.
    if (err instanceof JavaNotFoundError || err instanceof LocalDynamoDbStartError) {
      process.stderr.write(`connect-rules outbox: ${err.message}\n`);
      return 1;
    }
    if (isUserError(err)) throw err; // an input not there: runCommand says it as every command does, exit 2
    // --data-dir starts a DynamoDB Local of its own: its failures say what they are, not "give the endpoint serve prints".
    const failure = options.endpoint !== undefined ? dynamoDbFailure('outbox', options.endpoint, err) : undefined;
    if (failure) throw failure;
    // A folder or DynamoDB without the table (with --instance, the first call that finds none): say what it means.
    const said = (err as Error).name === 'ResourceNotFoundException' ? NO_OUTBOX : (err as Error).message;
    process.stderr.write(`connect-rules outbox: ${said}\n`);
    return 1;
  } finally {
    await db?.close();
  }
}

const NO_OUTBOX = 'no outbox table here: nothing was sent (did the replay run with --dry-run?)';

/** The one instance with something in the outbox; none or several: say which to give. */
async function onlyInstance(outbox: { instances(): Promise<string[]> }): Promise<string> {
  const instances = await outbox.instances();
  if (instances.length === 1) return instances[0]!;
  if (instances.length === 0) throw new Error('the outbox is empty: no action sent anything');
  throw new Error(`the outbox holds ${instances.length} instances; choose one with --instance:\n  ${instances.join('\n  ')}`);
}
