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
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { CONTACTS_KEYS } from '../../storage/action-tables.ts';
import { contactPk, instanceContactsPk } from '../pipeline/state-store.ts';
import { describeRef, ObjectGoneError, type ObjectReader, type ObjectRef } from '../ingest/s3.ts';
import { BadInputError, parseJsonText } from '../ingest/errors.ts';
import { instanceTasksPk, LocalContacts } from '../actions/local/contacts.ts';
import type { TaskContact } from '../actions/backends.ts';
import { queryAll } from '../dynamo/query.ts';
import { readContactRecord, type StoredContactRecord } from '../pipeline/state/contact-records.ts';
import { recordOfDescribeContact, recordOfTask } from './model.ts';

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

/** A search takes at most this many contacts of one instance and time range; each index is read one entry past it, no further (work per request is bounded). */
export const MAX_CONTACTS_READ = 10_000;

export class TooManyContactsError extends Error {
  override readonly name = 'TooManyContactsError';
}

/** An analysis file of a contact that exists but could not be read or is not JSON: a transcript search without it would answer wrong. */
export class AnalysisUnreadableError extends Error {
  override readonly name = 'AnalysisUnreadableError';
  constructor(
    readonly contactId: string,
    readonly ref: ObjectRef,
    cause: unknown,
  ) {
    // A file that is not JSON: parseJsonText's message names it and where it breaks.
    const why = cause instanceof BadInputError ? cause.message : cause instanceof Error && cause.name !== 'Error' ? `${cause.name}: ${cause.message}` : cause instanceof Error ? cause.message : String(cause);
    super(`cannot read the analysis file ${describeRef(ref)} of contact ${contactId} (${why})`, { cause });
  }
}

type Item = Record<string, unknown>;
type Range = { start: number; end: number };

const recordOf = (item: Item): Record<string, unknown> => JSON.parse(String(item.Record)) as Record<string, unknown>;

/** A pipeline record as the state table holds it (the CTR, or the merged facts of contact events) as a contact. */
function fromRecord(format: StoredContactRecord['format'], record: Item, contactId: string): StoredContact {
  return format === 'ctr' ? { contactId, origin: 'ctr', record } : { contactId, origin: 'contact-events', record: recordOfDescribeContact(record) };
}

const fromStateItem = (item: Item, contactId: string): StoredContact => fromRecord(item[K.sk] === 'RECORD#CTR' ? 'ctr' : 'contact-events', recordOf(item), contactId);

const fromTask = (task: TaskContact): StoredContact => ({ contactId: task.ContactId, origin: 'task', record: recordOfTask(task) });

export class ContactsStore {
  private readonly contacts: LocalContacts;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: ContactsStoreOptions,
  ) {
    this.contacts = new LocalContacts(doc, options.contactsTable);
  }

  /**
   * One contact: its CTR, else the facts of its contact events (read as the pipeline
   * reads them, consistently: a contact just ingested is described), else the task a
   * rule created with that id.
   */
  async contact(instanceId: string, contactId: string): Promise<StoredContact | undefined> {
    const stored = await readContactRecord(this.doc, this.options.stateTable, { instanceId, contactId });
    // readContactRecord hands the pipeline's join contact events as `{Contact}` (DescribeContact's shape).
    if (stored) return fromRecord(stored.format, stored.format === 'ctr' ? (stored.record as Item) : (stored.record as { Contact: Item }).Contact, contactId);
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
    const [records, tasks] = await Promise.all([
      this.indexRange({ table: this.options.stateTable, index: K.byInstanceIndex, pk: K.byInstancePk, sk: K.byInstanceSk, partition: instanceContactsPk(instanceId) }, initiatedBetween),
      this.indexRange(
        { table: this.options.contactsTable, index: CONTACTS_KEYS.byInstanceIndex, pk: CONTACTS_KEYS.byInstancePk, sk: CONTACTS_KEYS.byInstanceSk, partition: instanceTasksPk(instanceId) },
        initiatedBetween,
      ),
    ]);
    if (records.length + tasks.length > MAX_CONTACTS_READ) throw new TooManyContactsError(`more than ${MAX_CONTACTS_READ} contacts in this time range: narrow the TimeRange`);
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

  /** The entries of one index partition (a key range of it when `between`): one more than a search may read at most, to tell there are too many. */
  private indexRange(at: { table: string; index: string; pk: string; sk: string; partition: string }, between: Range | undefined): Promise<Item[]> {
    return queryAll(
      this.doc,
      {
        TableName: at.table,
        IndexName: at.index,
        KeyConditionExpression: between ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': at.pk, ...(between ? { '#sk': at.sk } : {}) },
        ExpressionAttributeValues: {
          ':pk': at.partition,
          ...(between ? { ':from': new Date(between.start).toISOString(), ':to': `${new Date(between.end).toISOString()}#\uffff` } : {}),
        },
      },
      { limit: MAX_CONTACTS_READ + 1 },
    );
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

  /**
   * The analysis files of a contact, parsed. A file that is gone is skipped; any other failure is
   * AnalysisUnreadableError naming the file.
   */
  async analyses(instanceId: string, contactId: string): Promise<unknown[]> {
    const items = await queryAll(this.doc, {
      TableName: this.options.stateTable,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
      ExpressionAttributeValues: { ':pk': contactPk({ instanceId, contactId }), ':prefix': 'ANALYSIS#' },
    });
    const docs: unknown[] = [];
    for (const item of items) {
      const ref = JSON.parse(String(item.Ref)) as ObjectRef;
      try {
        docs.push(parseJsonText(await this.options.reader.read(ref), describeRef(ref)));
      } catch (err) {
        // Gone since it was stored (an S3 lifecycle rule expired it, a replay's file was removed): there is
        // nothing left to search. Anything else (access denied, throttling, a file that is not JSON) would
        // make the answer silently wrong, so the request fails.
        if (err instanceof ObjectGoneError) continue;
        throw new AnalysisUnreadableError(contactId, ref, err);
      }
    }
    return docs;
  }
}
