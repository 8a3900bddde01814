/**
 * Puts the contacts stored before the ByInstance indexes existed into them: contact
 * trace records and contact events (pipeline state table) and task contacts
 * (contacts table) written without the index keys are given them, as they are
 * written today. Run by `connect-rules serve` and `replay` when they have added an
 * index to a table an older version made (storage/local-dynamodb.ts `ensureTables`),
 * and by `connect-rules contacts reindex` on a deployed stack's tables. The items are
 * read with one Scan per table (consumed capacity grows with the table).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, UpdateCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { writeIf } from '../dynamo/conditional.ts';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { CONTACTS_KEYS } from '../../storage/action-tables.ts';
import { initiationKey } from '../pipeline/state/contact-records.ts';
import { instanceContactsPk } from '../pipeline/state/table.ts';
import { taskIndexKeys } from '../actions/local/contacts.ts';
import type { TaskContact } from '../actions/backends.ts';
import { ensureTables, type AddedIndex } from '../../storage/local-dynamodb.ts';

type Item = Record<string, unknown>;

/** `CONTACT#<instanceId>#<contactId>` (pipeline) or `INSTANCE#<instanceId>#CONTACT#<contactId>` (contacts table). */
const idsOf = (pk: string): { instanceId: string; contactId: string } | undefined => {
  const m = /^CONTACT#([^#]+)#(.+)$/.exec(pk) ?? /^INSTANCE#([^#]+)#CONTACT#(.+)$/.exec(pk);
  return m ? { instanceId: m[1]!, contactId: m[2]! } : undefined;
};

/** Every item a Scan returns, page after page. */
async function* scan(doc: DynamoDBDocumentClient, input: ScanCommandInput): AsyncGenerator<Item> {
  for await (const page of paginateScan({ client: doc }, input)) yield* (page.Items ?? []) as Item[];
}

/** Sets the index keys of one item, unless it was given them (or deleted) meanwhile. */
async function setKeys(doc: DynamoDBDocumentClient, table: string, key: Item, keys: Record<string, string>, pkAttr: string): Promise<boolean> {
  const names = Object.keys(keys);
  return writeIf(
    doc,
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${names.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#k0)',
      ExpressionAttributeNames: { '#pk': pkAttr, ...Object.fromEntries(names.map((n, i) => [`#k${i}`, n])) },
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, keys[n]])),
    }),
  );
}

/** Indexes the contact records and contact events of the pipeline state table that have no ByInstance keys; returns how many. */
export async function indexStoredContactRecords(doc: DynamoDBDocumentClient, stateTable: string): Promise<number> {
  let count = 0;
  for await (const item of scan(doc, {
    TableName: stateTable,
    FilterExpression: '(#sk = :ctr OR #sk = :events) AND attribute_not_exists(#ipk)',
    ExpressionAttributeNames: { '#sk': K.sk, '#ipk': K.byInstancePk },
    ExpressionAttributeValues: { ':ctr': 'RECORD#CTR', ':events': 'RECORD#EVENTS' },
  })) {
    const ids = idsOf(String(item[K.pk]));
    if (!ids) continue;
    let record: unknown;
    try {
      record = JSON.parse(String(item.Record));
    } catch {
      continue; // not a record this project wrote: left as it is
    }
    const keys = {
      [K.byInstancePk]: instanceContactsPk(ids.instanceId),
      [K.byInstanceSk]: initiationKey(record, Number(item.UpdatedAt) || 0, ids.contactId),
      ...(item.ContactId === undefined ? { ContactId: ids.contactId, InstanceId: ids.instanceId } : {}),
    };
    if (await setKeys(doc, stateTable, { [K.pk]: item[K.pk], [K.sk]: item[K.sk] }, keys, K.pk)) count++;
  }
  return count;
}

/** Indexes the task contacts of the contacts table that have no ByInstance keys; returns how many. */
export async function indexStoredTasks(doc: DynamoDBDocumentClient, contactsTable: string): Promise<number> {
  let count = 0;
  for await (const item of scan(doc, {
    TableName: contactsTable,
    FilterExpression: 'Kind = :task AND attribute_not_exists(#ipk)',
    ExpressionAttributeNames: { '#ipk': CONTACTS_KEYS.byInstancePk },
    ExpressionAttributeValues: { ':task': 'TASK' },
  })) {
    const ids = idsOf(String(item.PK));
    const task = item.Task as TaskContact | undefined;
    if (!ids || !task?.ContactId || !task.InitiationTimestamp) continue;
    if (await setKeys(doc, contactsTable, { PK: item.PK, SK: item.SK }, taskIndexKeys(ids.instanceId, task), 'PK')) count++;
  }
  return count;
}

/** The backfill of each index SearchContacts reads, by table key. */
const BACKFILLS: Readonly<Record<string, { index: string; run: (doc: DynamoDBDocumentClient, table: string) => Promise<number> }>> = {
  pipelineState: { index: K.byInstanceIndex, run: indexStoredContactRecords },
  contacts: { index: CONTACTS_KEYS.byInstanceIndex, run: indexStoredTasks },
};

/**
 * The local tables (`serve`, `replay`, `contacts --data-dir`): `ensureTables` (all,
 * or the given keys and names), then the contacts stored before an index it added
 * to a table an older version made are put into it. One line per index added, for the user.
 */
export async function ensureTablesIndexed(client: DynamoDBClient, keys?: readonly string[], names?: Readonly<Record<string, string>>): Promise<string[]> {
  const added: AddedIndex[] = [];
  await ensureTables(client, keys, names, { onIndexAdded: (a) => added.push(a) });
  return added.length > 0 ? indexContactsStoredBefore(DynamoDBDocumentClient.from(client), added) : [];
}

async function indexContactsStoredBefore(doc: DynamoDBDocumentClient, added: readonly AddedIndex[]): Promise<string[]> {
  const lines: string[] = [];
  for (const a of added) {
    const backfill = BACKFILLS[a.key];
    const count = backfill?.index === a.index ? await backfill.run(doc, a.table) : undefined;
    lines.push(
      `table ${a.table} was made before its index ${a.index}: added it` + (count === undefined ? '' : `, and indexed the ${count} contact${count === 1 ? '' : 's'} stored before`),
    );
  }
  return lines;
}

/** A table whose ByInstance index is missing or not ready: the contacts cannot be indexed yet. */
export class IndexNotReadyError extends Error {
  override readonly name = 'IndexNotReadyError';
}

/**
 * `connect-rules contacts reindex`: for a deployed stack updated from a version
 * without the ByInstance indexes (CloudFormation adds an index in place but cannot
 * give the items written before its keys). Each table's index must be ACTIVE.
 * Returns one line per table.
 */
export async function reindexContactTables(client: DynamoDBClient, tables: { readonly stateTable: string; readonly contactsTable: string }): Promise<string[]> {
  const jobs = [
    { table: tables.stateTable, index: K.byInstanceIndex, run: indexStoredContactRecords, what: ['contact record or contact event', 'contact records and contact events'] },
    { table: tables.contactsTable, index: CONTACTS_KEYS.byInstanceIndex, run: indexStoredTasks, what: ['task contact', 'task contacts'] },
  ];
  for (const job of jobs) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: job.table }));
    const index = Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === job.index);
    if (!index) {
      throw new IndexNotReadyError(`table ${job.table} has no index ${job.index} yet: deploy this version (CloudFormation adds it in place), then run this again once it is ACTIVE`);
    }
    if (index.IndexStatus !== 'ACTIVE') {
      throw new IndexNotReadyError(`the index ${job.index} of table ${job.table} is ${index.IndexStatus}: run this again once it is ACTIVE (aws dynamodb describe-table --table-name ${job.table})`);
    }
  }
  const doc = DynamoDBDocumentClient.from(client);
  const lines: string[] = [];
  for (const job of jobs) {
    const count = await job.run(doc, job.table);
    lines.push(`${job.table}: indexed ${count} ${job.what[count === 1 ? 0 : 1]} stored before its index ${job.index}`);
  }
  return lines;
}
