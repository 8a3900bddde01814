/**
 * The reads behind DescribeContact and SearchContacts, over what the pipeline and
 * the actions stored, each contact as a CTR-shaped record (model.ts):
 * - contact trace records (or DescribeContact responses) and the merged facts of
 *   contact events (pipeline state table, its ByInstance index in initiation-time
 *   order; a contact with both has two entries there, and one rule chooses which is
 *   the contact: the CTR, else the newer, pipeline/state/record-choice.ts);
 * - task contacts the rules created (contacts table, its ByInstance index);
 * - categories (contacts table, ByCategory) and the analysis files of a contact
 *   (their references, read again for transcript search).
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { CONTACTS_KEYS } from '../../storage/action-tables.ts';
import { contactPk, instanceContactsPk } from '../pipeline/state-store.ts';
import { describeRef, ObjectGoneError, type ObjectReader, type ObjectRef } from '../ingest/s3.ts';
import { BadInputError } from '../ingest/errors.ts';
import { instanceTasksPk, LocalContacts } from '../actions/local/contacts.ts';
import type { TaskContact } from '../actions/backends.ts';
import { queryAll } from '../dynamo/query.ts';
import { readContactRecord, recordOrigin } from '../pipeline/state/contact-records.ts';
import { chooseContactRecord, type RecordOrigin } from '../pipeline/state/record-choice.ts';
import { recordOfDescribeContact, recordOfTask } from './model.ts';

export interface ContactsStoreOptions {
  readonly stateTable: string;
  readonly contactsTable: string;
  /** Reads analysis files again (transcript search). */
  readonly reader: ObjectReader;
}

/**
 * Where a stored contact comes from: its CTR, a DescribeContact response ingested as its
 * record, its contact events (no CTR yet, or newer than the response: state/record-choice.ts),
 * or a task a rule created.
 */
export type ContactOrigin = RecordOrigin | 'task';

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
    // A file that is not JSON: the parser's message (parseEventText's) names it and where it breaks.
    const why = cause instanceof BadInputError ? cause.message : cause instanceof Error && cause.name !== 'Error' ? `${cause.name}: ${cause.message}` : cause instanceof Error ? cause.message : String(cause);
    super(`cannot read the analysis file ${describeRef(ref)} of contact ${contactId} (${why})`, { cause });
  }
}

type Item = Record<string, unknown>;
type Range = { start: number; end: number };

const recordOf = (item: Item): Record<string, unknown> => JSON.parse(String(item.Record)) as Record<string, unknown>;

/** A pipeline record as the state table holds it (CTR-shaped, or the merged facts of contact events) as a contact. */
function fromRecord(origin: RecordOrigin, record: Item, contactId: string): StoredContact {
  return { contactId, origin, record: origin === 'contact-events' ? recordOfDescribeContact(record) : record };
}

/** Where an item of the state table's ByInstance index comes from, and when Connect last changed it (for `chooseContactRecord`). */
const stateEntry = (item: Item) => ({ origin: item[K.sk] === 'RECORD#CTR' ? recordOrigin(item) : ('contact-events' as const), updatedAt: Number(item.UpdatedAt), item });

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
   * One contact: its CTR, DescribeContact response or the facts of its contact events, as `readContactRecord` chooses (read as the pipeline
   * reads them, consistently: a contact just ingested is described), else the task a
   * rule created with that id.
   */
  async contact(instanceId: string, contactId: string): Promise<StoredContact | undefined> {
    const stored = await readContactRecord(this.doc, this.options.stateTable, { instanceId, contactId });
    // readContactRecord hands the pipeline's join contact events as `{Contact}` (DescribeContact's shape).
    if (stored) return fromRecord(stored.origin, stored.format === 'ctr' ? (stored.record as Item) : (stored.record as { Contact: Item }).Contact, contactId);
    const task = await this.contacts.getTask(instanceId, contactId);
    return task ? fromTask(task) : undefined;
  }

  /**
   * The contacts of an instance, from the two ByInstance indexes (contact records and
   * contact events; task contacts): a key range when the search's time range is on
   * the initiation time (the indexes' sort key), the instance's whole partition
   * otherwise. A contact known from its events and its CTR (or DescribeContact
   * response) is the one `chooseContactRecord` takes.
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
    // A contact may have two entries (its RECORD#CTR item and its contact events), in this range or
    // one of them outside it: the one chosen (state/record-choice.ts) is the contact, and decides
    // whether it is in the range, so the other of each contact with one entry here is read too.
    type Entry = ReturnType<typeof stateEntry>;
    const entries = new Map<string, { ctr?: Entry; events?: Entry }>();
    for (const item of records) {
      const id = String(item.ContactId);
      const entry = stateEntry(item);
      entries.set(id, { ...entries.get(id), [entry.origin === 'contact-events' ? 'events' : 'ctr']: entry });
    }
    const lone = [...entries].filter(([, e]) => !(e.ctr && e.events) && e.ctr?.origin !== 'ctr');
    const others = await this.otherEntries(instanceId, lone.map(([id, e]) => ({ contactId: id, sk: e.ctr ? 'RECORD#EVENTS' : 'RECORD#CTR' })));
    const contacts: StoredContact[] = [];
    for (const [id, entry] of entries) {
      const other = others.get(id);
      const chosen = chooseContactRecord(entry.ctr ?? (other && other.origin !== 'contact-events' ? other : undefined), entry.events ?? (other?.origin === 'contact-events' ? other : undefined));
      // Chosen outside the range (read only to compare): the contact is not in it.
      if (chosen && chosen !== other) contacts.push(fromRecord(chosen.origin, recordOf(chosen.item), id));
    }
    return [...contacts, ...tasks.filter((i) => i.Kind === 'TASK').map((i) => fromTask(i.Task as TaskContact))];
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

  /**
   * The other state entry of these contacts (`sk`: RECORD#CTR or RECORD#EVENTS), where
   * stored: its origin and time only (BatchGetItem, 100 keys a request).
   */
  private async otherEntries(instanceId: string, wanted: readonly { contactId: string; sk: string }[]): Promise<Map<string, ReturnType<typeof stateEntry>>> {
    const found = new Map<string, ReturnType<typeof stateEntry>>();
    for (let i = 0; i < wanted.length; i += 100) {
      let keys: Item[] | undefined = wanted.slice(i, i + 100).map(({ contactId, sk }) => ({ [K.pk]: contactPk({ instanceId, contactId }), [K.sk]: sk }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.options.stateTable]: { Keys: keys, ProjectionExpression: 'ContactId, #sk, UpdatedAt, #origin', ExpressionAttributeNames: { '#sk': K.sk, '#origin': 'Origin' } },
            },
          }),
        );
        for (const item of out.Responses?.[this.options.stateTable] ?? []) found.set(String(item.ContactId), stateEntry(item));
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
   * The analysis files of a contact, parsed by `parse` (transcript-search.ts's, loaded with the
   * search). A file that is gone is skipped; any other failure is AnalysisUnreadableError naming the file.
   */
  async analyses(instanceId: string, contactId: string, parse: (text: string, label: string) => unknown): Promise<unknown[]> {
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
        docs.push(parse(await this.options.reader.read(ref), describeRef(ref)));
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
