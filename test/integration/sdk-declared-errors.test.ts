/**
 * DynamoDB's refusals the functions read, as the Lambda bundles hold the SDK's errors
 * (build/sdk-declared-errors.ts keeps those the sent operations declare), on DynamoDB
 * Local: a failed condition of a put, an update and a delete (ConditionalCheckFailed,
 * read by `instanceof` or engine/dynamo/conditional.ts), Powertools' redelivery (its
 * own `instanceof`), and a cancelled transaction with its reasons
 * (TransactionCanceled, engine/dynamo/transactions.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';
import { runBundleAgainst } from '../support/bundle-against-server.ts';
import { createTables, dynamoDbClient, sharedDynamoDb } from '../support/dynamodb.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-declared-errors-'));
const BUNDLE = join(out, 'refusals.mjs');
const client = dynamoDbClient();
let tables: Record<string, string> = {};

/** Each write twice, or where its condition fails, and what the functions' code made of it. */
const ENTRY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ContactCategories } from './engine/actions/contact-categories.ts';
import { EmailLedger } from './engine/actions/email-ledger.ts';
import { transactWrite } from './engine/dynamo/transactions.ts';
import { PowertoolsDeduplicator } from './engine/pipeline/dedup.ts';

const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: 'us-east-1' });
const doc = DynamoDBDocumentClient.from(client);
const { CONTACTS, OUTBOX, IDEMPOTENCY, RUN } = process.env;
const instance = 'i-' + RUN;
const categories = new ContactCategories(doc, CONTACTS);
const ledger = new EmailLedger(doc, OUTBOX);
const now = new Date('2026-12-07T09:00:00Z');
const attempt = async (work) => {
  try {
    return await work();
  } catch (error) {
    return { threw: error.name + ': ' + error.message };
  }
};

// PutItem's refusal, through putIfAbsent (engine/dynamo/conditional.ts).
const assigned = [];
for (let i = 0; i < 2; i++) assigned.push(await attempt(() => categories.assignCategory({ instanceId: instance, contactId: 'c-1', category: 'Escalate', ruleId: 'r-1', now })));
// PutItem's refusal, by instanceof: a call's facts never overwrite a task contact's item.
await doc.send(new PutCommand({ TableName: CONTACTS, Item: { PK: 'INSTANCE#' + instance + '#CONTACT#t-1', SK: 'CONTACT', Kind: 'TASK', Task: { ContactId: 't-1', Attributes: { a: '1' } } } }));
const facts = await attempt(async () => (await categories.rememberContact(instance, { ContactId: 't-1', Channel: 'VOICE' }, now), categories.contactFacts(instance, 't-1')));
// UpdateItem's refusal, by instanceof: the day's last email, then none.
const reserved = [];
for (let i = 0; i < 2; i++) reserved.push(await attempt(() => ledger.reserve(instance, '2026-12-07', 1, 1)));
// DeleteItem's refusal, by instanceof: an email sent is not abandoned.
const abandoned = await attempt(async () => {
  await ledger.begin(instance, 'm-1', now);
  await ledger.sent(instance, 'm-1', 'ses-1');
  await ledger.abandon(instance, 'm-1');
  return ledger.begin(instance, 'm-1', now);
});
// Powertools' idempotency reads its own put's refusal as a redelivery.
const dedup = new PowertoolsDeduplicator({ client, tableName: IDEMPOTENCY });
const deliveries = [];
for (const run of ['first', 'again']) deliveries.push(await attempt(() => dedup.once('d-' + RUN, async () => ({ run }))));
// TransactWriteItems' cancellation, with its reasons.
const cancelled = await attempt(() =>
  transactWrite(doc, [
    { ConditionCheck: { TableName: OUTBOX, Key: { PK: 'INSTANCE#' + instance, SK: 'NOT-THERE' }, ConditionExpression: 'attribute_exists(PK)' } },
    { Put: { TableName: OUTBOX, Item: { PK: 'INSTANCE#' + instance, SK: 'WRITTEN' } } },
  ], { maxAttempts: 1, cancelled: (reasons) => reasons.map((r) => r.Code), contention: () => new Error('contention') }),
);
process.stdout.write(JSON.stringify({ assigned, facts, reserved, abandoned, deliveries, cancelled }));
`;

beforeAll(async () => {
  tables = await createTables(client, ['contacts', 'outbox', 'idempotency']);
  const options = lambdaBuildOptions();
  await build({ ...options, stdin: { contents: ENTRY, resolveDir: options.absWorkingDir!, sourcefile: 'entry.ts', loader: 'ts' }, outfile: BUNDLE });
}, 60_000);

afterAll(() => {
  client.destroy();
  rmSync(out, { recursive: true, force: true });
});

describe("DynamoDB's refusals as the Lambda bundles hold the SDK's errors", () => {
  it('are read as answers by every write that expects one', async () => {
    const env = { CONTACTS: tables.contacts!, OUTBOX: tables.outbox!, IDEMPOTENCY: tables.idempotency!, RUN: String(Date.now()) };
    expect(await runBundleAgainst(BUNDLE, sharedDynamoDb().endpoint, [], { env })).toEqual({
      assigned: [{ created: true }, { created: false }],
      facts: { ContactId: 't-1', Channel: 'TASK', InitiationMethod: 'API', ContactAttribute: { a: '1' } },
      reserved: [true, false],
      abandoned: { state: 'sent', messageId: 'ses-1' },
      deliveries: [
        { result: { run: 'first' }, ran: true },
        { result: { run: 'first' }, ran: false },
      ],
      cancelled: ['ConditionalCheckFailed', 'None'],
    });
  }, 60_000);
});
