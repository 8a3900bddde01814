/**
 * `connect-rules outbox`: what the actions sent locally: the emails of SEND_NOTIFICATION
 * and the EventBridge events (rules matched, action failures), read from the outbox
 * table of the DynamoDB that `connect-rules serve` uses (it prints the endpoint).
 */
import type { Command } from 'commander';

interface OutboxOptions {
  endpoint: string;
  instance: string;
  events?: boolean;
  emails?: boolean;
  json?: boolean;
}

export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('list the emails and EventBridge events the rule actions sent locally (the outbox table)')
    .requiredOption('--endpoint <url>', 'DynamoDB endpoint (connect-rules serve prints it)')
    .requiredOption('--instance <id>', 'Amazon Connect instance id')
    .option('--emails', 'emails only')
    .option('--events', 'EventBridge events only')
    .option('--json', 'one JSON object: {emails, events}')
    .action(async (options: OutboxOptions) => {
      const [{ dynamoDbClientFor }, { DynamoDBDocumentClient }, { LocalOutbox }, { OUTBOX_TABLE }, { tableName }] = await Promise.all([
        import('../../functions/local-server.ts'),
        import('@aws-sdk/lib-dynamodb'),
        import('../../engine/actions/local/outbox.ts'),
        import('../../storage/action-tables.ts'),
        import('../../storage/tables.ts'),
      ]);
      const client = dynamoDbClientFor(options.endpoint, process.env.AWS_REGION ?? 'us-east-1');
      try {
        const outbox = new LocalOutbox(DynamoDBDocumentClient.from(client), tableName(OUTBOX_TABLE));
        const all = !options.emails && !options.events;
        const emails = options.emails || all ? await outbox.emails(options.instance) : [];
        const events = options.events || all ? await outbox.events(options.instance) : [];
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ emails, events }, null, 2)}\n`);
          return;
        }
        for (const e of emails) process.stdout.write(`${e.SentTime}  email  to ${e.To}  "${e.Subject}"  (rule ${e.RuleName})\n    ${e.Body.replace(/\n/g, '\n    ')}\n`);
        for (const e of events) process.stdout.write(`${e.Time}  event  ${e.Source}  ${e.DetailType}\n    ${JSON.stringify(e.Detail)}\n`);
        if (emails.length + events.length === 0) process.stdout.write(`nothing in the outbox of instance ${options.instance}\n`);
      } catch (err) {
        process.stderr.write(`connect-rules outbox: ${(err as Error).message}\n`);
        process.exitCode = 1;
      } finally {
        client.destroy();
      }
    });
}
