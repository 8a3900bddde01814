/**
 * The reads behind DescribeContact and SearchContacts, over what the pipeline and
 * the actions stored: contact trace records (pipeline state table, ByInstance index
 * in initiation-time order), analysis files of a contact (their references, read
 * again for transcript search), categories (contacts table, ByCategory) and task
 * contacts (contacts table).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';
import { contactPk, instanceContactsPk } from '../pipeline/state-store.ts';
import type { ObjectReader, ObjectRef } from '../ingest/s3.ts';
import { LocalContacts } from '../actions/local/contacts.ts';
import type { TaskContact } from '../actions/backends.ts';
import { queryAll } from '../actions/local/dynamo.ts';

export interface ContactsStoreOptions {
  readonly stateTable: string;
  readonly contactsTable: string;
  /** Reads analysis files again (transcript search). */
  readonly reader: ObjectReader;
}

export interface StoredCtr {
  readonly contactId: string;
  readonly record: Record<string, unknown>;
}

/** A search reads at most this many contact records of one instance and time range (work per request is bounded). */
export const MAX_CONTACTS_READ = 10_000;

export class TooManyContactsError extends Error {
  override readonly name = 'TooManyContactsError';
}

export class ContactsStore {
  private readonly contacts: LocalContacts;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: ContactsStoreOptions,
  ) {
    this.contacts = new LocalContacts(doc, options.contactsTable);
  }

  async contactRecord(instanceId: string, contactId: string): Promise<StoredCtr | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.options.stateTable,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
        ExpressionAttributeValues: { ':pk': contactPk({ instanceId, contactId }), ':sk': 'RECORD#CTR' },
      }),
    );
    const item = out.Items?.[0];
    return item ? { contactId, record: JSON.parse(String(item.Record)) as Record<string, unknown> } : undefined;
  }

  /**
   * The contact records of an instance, from the ByInstance index: a key range when
   * the search's time range is on the initiation time (the index's sort key), the
   * instance's whole partition otherwise.
   */
  async contactRecords(instanceId: string, initiatedBetween?: { start: number; end: number }): Promise<StoredCtr[]> {
    const out: StoredCtr[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.options.stateTable,
          IndexName: K.byInstanceIndex,
          KeyConditionExpression: initiatedBetween ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': K.byInstancePk, ...(initiatedBetween ? { '#sk': K.byInstanceSk } : {}) },
          ExpressionAttributeValues: {
            ':pk': instanceContactsPk(instanceId),
            ...(initiatedBetween
              ? { ':from': new Date(initiatedBetween.start).toISOString(), ':to': `${new Date(initiatedBetween.end).toISOString()}#\uffff` }
              : {}),
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) out.push({ contactId: String(item.ContactId), record: JSON.parse(String(item.Record)) as Record<string, unknown> });
      if (out.length > MAX_CONTACTS_READ) {
        throw new TooManyContactsError(`more than ${MAX_CONTACTS_READ} contacts in this time range: narrow the TimeRange`);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  /** The contacts a category was assigned to (ByCategory index). */
  async contactsWithCategory(instanceId: string, category: string): Promise<Set<string>> {
    return new Set(await this.contacts.contactsWithCategory(instanceId, category));
  }

  categoriesOf(instanceId: string, contactId: string): Promise<string[]> {
    return this.contacts.categoriesOf(instanceId, contactId);
  }

  task(instanceId: string, contactId: string): Promise<TaskContact | undefined> {
    return this.contacts.getTask(instanceId, contactId);
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
