/**
 * Puts the contacts stored before the ByInstance indexes existed into them: contact
 * trace records and contact events (pipeline state table) and task contacts
 * (contacts table) written without the index keys are given them, as they are
 * written today, and the ones whose keys an older version computed otherwise get
 * today's. Run by `connect-rules serve` and `replay` when they have added an
 * index to a table an older version made (storage/local-dynamodb.ts `ensureTables`),
 * and by `connect-rules contacts reindex` on a deployed stack's tables. The items are
 * read with one Scan per table (consumed capacity grows with the table).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, UpdateCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { writeIf } from '../dynamo/conditional.ts';
import type { KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { PIPELINE_STATE_TABLE, STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { CONTACTS_KEYS, CONTACTS_TABLE } from '../../storage/action-tables.ts';
import type { TableDefinition } from '../../storage/table-schema.ts';
import { contactIndexKeys, DESCRIBE_CONTACT } from '../pipeline/state/contact-records.ts';
import { taskIndexKeys } from '../actions/local/contacts.ts';
import { isObject } from '../context/json.ts';
import { recordOfDescribeContact } from './model.ts';
import { recordUpdatedAt } from '../pipeline/state/record-choice.ts';
import type { TaskContact } from '../actions/backends.ts';
import { ensureTables, type AddedIndex } from '../../storage/local-dynamodb.ts';

type Item = Record<string, unknown>;

type ContactIds = { readonly instanceId: string; readonly contactId: string };

/** `CONTACT#<instanceId>#<contactId>` (pipeline) or `INSTANCE#<instanceId>#CONTACT#<contactId>` (contacts table). */
const idsOf = (pk: string): ContactIds | undefined => {
  const m = /^CONTACT#([^#]+)#(.+)$/.exec(pk) ?? /^INSTANCE#([^#]+)#CONTACT#(.+)$/.exec(pk);
  return m ? { instanceId: m[1]!, contactId: m[2]! } : undefined;
};

/** Every item a Scan returns, page after page. */
async function* scan(doc: DynamoDBDocumentClient, input: ScanCommandInput): AsyncGenerator<Item> {
  for await (const page of paginateScan({ client: doc }, input)) yield* (page.Items ?? []) as Item[];
}

/** What one pass over a table did: items given keys they lacked, items whose stale keys were replaced, and records rewritten in today's shape. */
interface ReindexCount {
  readonly indexed: number;
  readonly corrected: number;
  readonly rewritten: number;
}

/** The contacts of one table and the ByInstance keys the current writer gives each. */
interface BackfillSpec {
  readonly table: TableDefinition;
  /** The index of `table` the contacts are put into. */
  readonly index: string;
  /** Attributes, besides the index keys, the keys are computed from: the update needs them still as read. */
  readonly inputs: readonly string[];
  /** The Scan's filter: which items are contacts. */
  readonly filter: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;
  /** The attributes the current writer would give the item of contact `ids` (index keys first), or undefined for an item this project did not write. */
  keysOf(item: Item, ids: ContactIds): Record<string, string> | undefined;
  /** The attributes replacing a record an older version stored in a shape today's readers do not take, else undefined. */
  rewriteOf?(item: Item): Record<string, string | number> | undefined;
}

/** A backfill with the key attributes of its table and index, as the table definition names them. */
interface Backfill extends BackfillSpec {
  readonly pkAttr: string;
  readonly skAttr: string;
  /** The index key attributes. */
  readonly keyAttrs: readonly [string, string];
}

/** The hash and range attributes of a key schema. */
const keyPair = (schema: readonly KeySchemaElement[]): [string, string] => {
  const named = (type: 'HASH' | 'RANGE') => schema.find((k) => k.KeyType === type)?.AttributeName ?? '';
  return [named('HASH'), named('RANGE')];
};

/** `spec` with the key attributes its table definition names (an index it does not define is this module's mistake). */
function backfill(spec: BackfillSpec): Backfill {
  const index = spec.table.globalSecondaryIndexes.find((g) => g.IndexName === spec.index);
  if (!index?.KeySchema) throw new Error(`table ${spec.table.key} defines no index ${spec.index}`);
  const [pkAttr, skAttr] = keyPair(spec.table.keySchema);
  return { ...spec, pkAttr, skAttr, keyAttrs: keyPair(index.KeySchema) };
}

/**
 * Sets `keys` on one item, unless it was deleted, rewritten (its index keys, the
 * `inputs` or the attributes `keys` rewrites no longer what was read: a concurrent
 * writer's are newer) meanwhile.
 */
async function setKeys(doc: DynamoDBDocumentClient, table: string, b: Backfill, item: Item, keys: Record<string, string | number>, rewrites: readonly string[]): Promise<boolean> {
  const names: Record<string, string> = { '#pk': b.pkAttr };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [i, [name, value]] of Object.entries(keys).entries()) {
    names[`#k${i}`] = name;
    values[`:v${i}`] = value;
    sets.push(`#k${i} = :v${i}`);
  }
  const conditions = ['attribute_exists(#pk)'];
  for (const [i, a] of [...new Set([...b.keyAttrs, ...b.inputs, ...rewrites])].entries()) {
    names[`#r${i}`] = a;
    if (item[a] === undefined) {
      conditions.push(`attribute_not_exists(#r${i})`);
    } else {
      values[`:r${i}`] = item[a];
      conditions.push(`#r${i} = :r${i}`);
    }
  }
  return writeIf(
    doc,
    new UpdateCommand({
      TableName: table,
      Key: { [b.pkAttr]: item[b.pkAttr], [b.skAttr]: item[b.skAttr] },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Gives every contact of the table the index keys the current writer computes from
 * its stored record: the ones with none (stored before the index), and the ones whose
 * keys an older version computed otherwise (before ffa4839 a CTR's epoch-number
 * InitiationTimestamp was not read, so it sorted by its last update). One Scan.
 */
async function reindexTable(doc: DynamoDBDocumentClient, table: string, b: Backfill): Promise<ReindexCount> {
  let indexed = 0;
  let corrected = 0;
  let rewritten = 0;
  for await (const item of scan(doc, { TableName: table, ...b.filter })) {
    const ids = idsOf(String(item[b.pkAttr]));
    const rewrite = b.rewriteOf?.(item);
    // The keys of the record as it is rewritten: they are computed from what it holds.
    const keys = ids && b.keysOf(rewrite ? { ...item, ...rewrite } : item, ids);
    if (!keys || (!rewrite && b.keyAttrs.every((a) => item[a] === keys[a]))) continue;
    const had = b.keyAttrs.some((a) => item[a] !== undefined);
    if (await setKeys(doc, table, b, item, { ...rewrite, ...keys }, Object.keys(rewrite ?? {}))) {
      if (rewrite) rewritten++;
      else if (had) corrected++;
      else indexed++;
    }
  }
  return { indexed, corrected, rewritten };
}

/** The stored JSON of a contact record item, or undefined for one this project did not write. */
function storedRecord(item: Item): unknown {
  try {
    return JSON.parse(String(item.Record));
  } catch {
    return undefined;
  }
}

/** Contact records and contact events of the pipeline state table. */
const STATE_BACKFILL = backfill({
  table: PIPELINE_STATE_TABLE,
  index: K.byInstanceIndex,
  inputs: ['UpdatedAt'],
  filter: {
    FilterExpression: '#sk = :ctr OR #sk = :events',
    ExpressionAttributeNames: { '#sk': K.sk },
    ExpressionAttributeValues: { ':ctr': 'RECORD#CTR', ':events': 'RECORD#EVENTS' },
  },
  keysOf(item, ids) {
    const record = storedRecord(item);
    if (record === undefined) return undefined; // not a record this project wrote: left as it is
    return {
      ...contactIndexKeys(ids, record, Number(item.UpdatedAt) || 0),
      ...(item.ContactId === undefined ? { ContactId: ids.contactId, InstanceId: ids.instanceId } : {}),
    };
  },
  /**
   * A DescribeContact response stored before 7a49b85 as given (`{"Contact": ...}`, or
   * its bare `Contact`) with no `Origin`: no reader takes it, and ingesting it again
   * is refused (a response replaces only a response, and this item is not marked
   * one). Rewritten in the CTR's shape, marked, as the writer stores one today.
   */
  rewriteOf(item) {
    const record = item[K.sk] === 'RECORD#CTR' && item.Origin === undefined ? storedRecord(item) : undefined;
    if (!isObject(record)) return undefined;
    const contact = isObject(record.Contact) ? record.Contact : typeof record.ContactId !== 'string' && typeof record.Id === 'string' ? record : undefined;
    if (!contact) return undefined;
    const shaped = recordOfDescribeContact(contact);
    // UpdatedAt as the writer computes it today (its LastUpdateTimestamp): the older version
    // read no time of a wrapped response and stored its disconnect, which would let an older
    // response replace it and older contact events speak for the contact (record-choice.ts).
    return { Record: JSON.stringify(shaped), Origin: DESCRIBE_CONTACT, UpdatedAt: recordUpdatedAt(shaped) || Number(item.UpdatedAt) || 0 };
  },
});

/** Task contacts of the contacts table. Their keys are computed as when the index came (ab052e2): only missing ones are expected. */
const TASKS_BACKFILL = backfill({
  table: CONTACTS_TABLE,
  index: CONTACTS_KEYS.byInstanceIndex,
  inputs: [],
  filter: { FilterExpression: 'Kind = :task', ExpressionAttributeValues: { ':task': 'TASK' } },
  keysOf(item, ids) {
    const task = item.Task as TaskContact | undefined;
    return task?.ContactId && task.InitiationTimestamp ? taskIndexKeys(ids.instanceId, task) : undefined;
  },
});

/** The backfill of each index SearchContacts reads, by table key. */
const BACKFILLS: Readonly<Record<string, Backfill>> = Object.fromEntries([STATE_BACKFILL, TASKS_BACKFILL].map((b) => [b.table.key, b]));

const plural = (n: number, [one, many]: readonly [string, string]) => `${n} ${n === 1 ? one : many}`;
const correctedText = (n: number) => `corrected ${n} whose keys were computed by an older version`;
const rewrittenText = (n: number) => `rewrote ${plural(n, ['DescribeContact response', 'DescribeContact responses'])} stored as given by an older version in the CTR's shape`;

/**
 * The local tables (`serve`, `replay`, `contacts --data-dir`): `ensureTables` (all,
 * or the given keys and names), then the contacts stored before an index it added
 * to a table an older version made are put into it. One line per index added, for the user.
 * A table that already had its indexes is not scanned on every start: `contacts reindex
 * --endpoint` (serve prints its DynamoDB Local's) corrects keys an older version computed.
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
    const count = backfill?.index === a.index ? await reindexTable(doc, a.table, backfill) : undefined;
    lines.push(
      `table ${a.table} was made before its index ${a.index}: added it` +
        (count === undefined ? '' : `, and indexed the ${plural(count.indexed, ['contact', 'contacts'])} stored before`) +
        (count?.corrected ? `, ${correctedText(count.corrected)}` : '') +
        (count?.rewritten ? `, ${rewrittenText(count.rewritten)}` : ''),
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
 * give the items written before its keys), or whose contacts were indexed by an
 * older version's keys. Each table's index must be ACTIVE. Returns one line per table.
 */
export async function reindexContactTables(client: DynamoDBClient, tables: { readonly stateTable: string; readonly contactsTable: string }): Promise<string[]> {
  const jobs = [
    { table: tables.stateTable, backfill: STATE_BACKFILL, what: ['contact record or contact event', 'contact records and contact events'] as const },
    { table: tables.contactsTable, backfill: TASKS_BACKFILL, what: ['task contact', 'task contacts'] as const },
  ];
  for (const { table, backfill } of jobs) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    const index = Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === backfill.index);
    if (!index) {
      throw new IndexNotReadyError(`table ${table} has no index ${backfill.index} yet: deploy this version (CloudFormation adds it in place), then run this again once it is ACTIVE`);
    }
    if (index.IndexStatus !== 'ACTIVE') {
      throw new IndexNotReadyError(`the index ${backfill.index} of table ${table} is ${index.IndexStatus}: run this again once it is ACTIVE (aws dynamodb describe-table --table-name ${table})`);
    }
  }
  const doc = DynamoDBDocumentClient.from(client);
  const lines: string[] = [];
  for (const { table, backfill, what } of jobs) {
    const count = await reindexTable(doc, table, backfill);
    lines.push(
      `${table}: indexed ${plural(count.indexed, what)} stored before its index ${backfill.index}, ${correctedText(count.corrected)}` +
        (backfill.rewriteOf ? `, ${rewrittenText(count.rewritten)}` : ''),
    );
  }
  return lines;
}
