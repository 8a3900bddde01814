/**
 * The reads behind DescribeContact and SearchContacts, over what the pipeline and
 * the actions stored, each contact as a CTR-shaped record (model.ts):
 * - contact trace records and, for contacts without one yet, the merged facts of
 *   their contact events (pipeline state table, its ByInstance index in
 *   initiation-time order; a contact with both has two entries there and its CTR wins);
 * - task contacts the rules created (contacts table, its ByInstance index);
 * - categories (contacts table, ByCategory) and the analysis files of a contact
 *   (their references, read again for transcript search).
 */
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { CONTACTS_KEYS } from '../../storage/action-tables.ts';
import { contactPk, instanceContactsPk } from '../pipeline/state-store.ts';
import type { ObjectReader, ObjectRef } from '../ingest/s3.ts';
import { instanceTasksPk, LocalContacts } from '../actions/local/contacts.ts';
import type { TaskContact } from '../actions/backends.ts';
import { queryAll } from '../dynamo/query.ts';
import { recordOfContactEvents, recordOfTask } from './model.ts';

export interface ContactsStoreOptions {
  readonly stateTable: string;
  readonly contactsTable: string;
  /** Reads analysis files again (transcript search). */
  readonly reader: ObjectReader;
}

/** Where a stored contact comes from: its CTR, its contact events only (no CTR yet), or a task a rule created. */
export type ContactOrigin = 'ctr' | 'contact-events' | 'task';

export interface StoredContact {
  readonly contactId: string;
  readonly origin: ContactOrigin;
  /** CTR-shaped (model.ts). */
  readonly record: Record<string, unknown>;
}

/** A search reads at most this many index entries of one instance and time range (work per request is bounded). */
export const MAX_CONTACTS_READ = 10_000;

export class TooManyContactsError extends Error {
  override readonly name = 'TooManyContactsError';
}

type Item = Record<string, unknown>;
type Range = { start: number; end: number };

const recordOf = (item: Item): Record<string, unknown> => JSON.parse(String(item.Record)) as Record<string, unknown>;

/** A stored pipeline record (CTR or contact events) as a contact. */
function fromStateItem(item: Item, contactId: string): StoredContact {
  return item[K.sk] === 'RECORD#CTR'
    ? { contactId, origin: 'ctr', record: recordOf(item) }
    : { contactId, origin: 'contact-events', record: recordOfContactEvents(recordOf(item)) };
}

const fromTask = (task: TaskContact): StoredContact => ({ contactId: task.ContactId, origin: 'task', record: recordOfTask(task) });

export class ContactsStore {
  private readonly contacts: LocalContacts;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: ContactsStoreOptions,
  ) {
    this.contacts = new LocalContacts(doc, options.contactsTable);
  }

  /** One contact: its CTR, else the facts of its contact events, else the task a rule created with that id. */
  async contact(instanceId: string, contactId: string): Promise<StoredContact | undefined> {
    const items = await queryAll(this.doc, {
      TableName: this.options.stateTable,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
      ExpressionAttributeValues: { ':pk': contactPk({ instanceId, contactId }), ':prefix': 'RECORD#' },
    });
    const item = items.find((i) => i[K.sk] === 'RECORD#CTR') ?? items.find((i) => i[K.sk] === 'RECORD#EVENTS');
    if (item) return fromStateItem(item, contactId);
    const task = await this.contacts.getTask(instanceId, contactId);
    return task ? fromTask(task) : undefined;
  }

  /**
   * The contacts of an instance, from the two ByInstance indexes (contact records and
   * contact events; task contacts): a key range when the search's time range is on
   * the initiation time (the indexes' sort key), the instance's whole partition
   * otherwise. A contact known from its events and its CTR is its CTR.
   */
  async contactsOf(instanceId: string, initiatedBetween?: Range): Promise<StoredContact[]> {
    const budget = { left: MAX_CONTACTS_READ };
    const [records, tasks] = await Promise.all([
      this.indexRange({ table: this.options.stateTable, index: K.byInstanceIndex, pk: K.byInstancePk, sk: K.byInstanceSk, partition: instanceContactsPk(instanceId) }, initiatedBetween, budget),
      this.indexRange(
        { table: this.options.contactsTable, index: CONTACTS_KEYS.byInstanceIndex, pk: CONTACTS_KEYS.byInstancePk, sk: CONTACTS_KEYS.byInstanceSk, partition: instanceTasksPk(instanceId) },
        initiatedBetween,
        budget,
      ),
    ]);
    const ctrs = new Map<string, StoredContact>();
    const eventsOnly = new Map<string, Item>();
    for (const item of records) {
      const id = String(item.ContactId);
      if (item[K.sk] === 'RECORD#CTR') ctrs.set(id, fromStateItem(item, id));
      else eventsOnly.set(id, item);
    }
    for (const id of ctrs.keys()) eventsOnly.delete(id);
    // Contact events whose CTR lies outside the range: the CTR's times are the contact's.
    for (const id of await this.withCtr(instanceId, [...eventsOnly.keys()])) eventsOnly.delete(id);
    return [
      ...ctrs.values(),
      ...[...eventsOnly].map(([id, item]) => fromStateItem(item, id)),
      ...tasks.filter((i) => i.Kind === 'TASK').map((i) => fromTask(i.Task as TaskContact)),
    ];
  }

  /** Every entry of one index partition (a key range of it when `between`), counted against `budget`. */
  private async indexRange(
    at: { table: string; index: string; pk: string; sk: string; partition: string },
    between: Range | undefined,
    budget: { left: number },
  ): Promise<Item[]> {
    const out: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: at.table,
          IndexName: at.index,
          KeyConditionExpression: between ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': at.pk, ...(between ? { '#sk': at.sk } : {}) },
          ExpressionAttributeValues: {
            ':pk': at.partition,
            ...(between ? { ':from': new Date(between.start).toISOString(), ':to': `${new Date(between.end).toISOString()}#\uffff` } : {}),
          },
          ExclusiveStartKey: startKey,
        }),
      );
      const items = (page.Items ?? []) as Item[];
      out.push(...items);
      budget.left -= items.length;
      if (budget.left < 0) throw new TooManyContactsError(`more than ${MAX_CONTACTS_READ} contacts in this time range: narrow the TimeRange`);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  /** Which of these contacts have a stored CTR (BatchGetItem, 100 keys a request). */
  private async withCtr(instanceId: string, contactIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < contactIds.length; i += 100) {
      let keys: Item[] | undefined = contactIds.slice(i, i + 100).map((contactId) => ({ [K.pk]: contactPk({ instanceId, contactId }), [K.sk]: 'RECORD#CTR' }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.options.stateTable]: { Keys: keys, ProjectionExpression: 'ContactId' } } }),
        );
        for (const item of out.Responses?.[this.options.stateTable] ?? []) found.add(String(item.ContactId));
        keys = out.UnprocessedKeys?.[this.options.stateTable]?.Keys as Item[] | undefined;
      }
    }
    return found;
  }

  /** The contacts a category was assigned to (ByCategory index). */
  async contactsWithCategory(instanceId: string, category: string): Promise<Set<string>> {
    return new Set(await this.contacts.contactsWithCategory(instanceId, category));
  }

  categoriesOf(instanceId: string, contactId: string): Promise<string[]> {
    return this.contacts.categoriesOf(instanceId, contactId);
  }

  tasksOf(instanceId: string, contactId: string): Promise<TaskContact[]> {
    return this.contacts.tasksOf(instanceId, contactId);
  }

  /** The analysis files of a contact, parsed (a file no longer readable is skipped). */
  async analyses(instanceId: string, contactId: string): Promise<unknown[]> {
    const items = await queryAll(this.doc, {
      TableName: this.options.stateTable,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
      ExpressionAttributeValues: { ':pk': contactPk({ instanceId, contactId }), ':prefix': 'ANALYSIS#' },
    });
    const docs: unknown[] = [];
    for (const item of items) {
      try {
        docs.push(JSON.parse(await this.options.reader.read(JSON.parse(String(item.Ref)) as ObjectRef)));
      } catch {
        // gone since (a replay's scratch file, an expired object): nothing to search
      }
    }
    return docs;
  }
}
