/**
 * The contact records of the pipeline state: the newest CTR of a contact
 * (`RECORD#CTR`, also in the ByInstance index that SearchContacts reads), the
 * facts of its contact events merged into one item (`RECORD#EVENTS`, in ByInstance as
 * well: a contact is searchable before its CTR arrives), and the AI agents of its
 * newest DescribeContact response that named any (`RECORD#AI_AGENTS`), which outlive
 * the response when a CTR replaces it.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { assemble, defer } from '../../context/lazy.ts';
import { putVersioned } from '../../dynamo/conditional.ts';
import { instantMillis } from '../../schema/check.ts';
import { CONFLICT, retryOnConflict } from '../../dynamo/optimistic.ts';
import { aiAgentsOf, chooseContactRecord, withAiAgents, type RecordOrigin, type StoredContactRecord } from './record-choice.ts';
import { contactPk, instanceContactsPk, type ContactKey, type StateTable } from './table.ts';

export type { StoredContactRecord } from './record-choice.ts';

/**
 * Where a CTR (or the facts of contact events) sorts in ByInstance: its
 * InitiationTimestamp (ISO or an epoch number, as the pipeline reads it), as an ISO
 * UTC string, else when it was last updated.
 */
function initiationKey(record: unknown, updatedAt: number, contactId: string): string {
  const ms = instantMillis((record as { InitiationTimestamp?: unknown } | null)?.InitiationTimestamp);
  return `${new Date(ms ?? updatedAt).toISOString()}#${contactId}`;
}

/**
 * The ByInstance keys of a contact record (CTR or the facts of contact events): the
 * writer gives them, and `contacts reindex` (engine/contacts/reindex.ts) compares the
 * stored ones with them, so both must compute them in this one place.
 */
export const contactIndexKeys = (key: ContactKey, record: unknown, updatedAt: number): Record<string, string> => ({
  [K.byInstancePk]: instanceContactsPk(key.instanceId),
  [K.byInstanceSk]: initiationKey(record, updatedAt, key.contactId),
});

/** The sort key of a contact's AI agents item (`ContactRecords.put`). */
export const AI_AGENTS_SK = 'RECORD#AI_AGENTS';

/** The record a `RECORD#CTR` or `RECORD#EVENTS` item holds. */
const parseRecord = (item: Record<string, unknown>): unknown => JSON.parse(String(item.Record));

/**
 * The contact's record, in one consistent Query: its CTR, or DescribeContact response
 * unless its contact events are newer, else the facts of its contact events
 * (record-choice.ts `chooseContactRecord`), with the AI agents of its newest
 * DescribeContact response when the record names none (`withAiAgents`). The pipeline's
 * join and DescribeContact (engine/contacts/store.ts) read it so. The response behind
 * newer contact events (`storedRecord`) is parsed only when read: only the real-time
 * segment ingestor reads it.
 */
export async function readContactRecord(doc: DynamoDBDocumentClient, tableName: string, key: ContactKey): Promise<StoredContactRecord | undefined> {
  const out = await doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
      ExpressionAttributeValues: { ':pk': contactPk(key), ':prefix': 'RECORD#' },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const ctr = items.find((i) => i[K.sk] === 'RECORD#CTR');
  const events = items.find((i) => i[K.sk] === 'RECORD#EVENTS');
  const chosen = chooseContactRecord(ctr && { origin: recordOrigin(ctr), updatedAt: Number(ctr.UpdatedAt), item: ctr }, events && { origin: 'contact-events' as const, updatedAt: Number(events.UpdatedAt), item: events });
  if (!chosen) return undefined;
  const agents = items.find((i) => i[K.sk] === AI_AGENTS_SK);
  const record = withAiAgents(parseRecord(chosen.item), agents && (JSON.parse(String(agents.WisdomInfo)) as unknown));
  return chosen.origin === 'contact-events'
    ? assemble<StoredContactRecord>({
        format: 'contact-events',
        origin: 'contact-events',
        recordStored: ctr !== undefined,
        record: { Contact: record },
        updatedAt: chosen.updatedAt,
        storedRecord: ctr && defer(parseRecord, ctr),
      })
    : { format: 'ctr', origin: chosen.origin, recordStored: true, record, updatedAt: chosen.updatedAt };
}

/** `Origin` of a RECORD#CTR item that came from a DescribeContact response (absent on a CTR's; `contacts reindex` marks old ones). */
export const DESCRIBE_CONTACT = 'DescribeContact';

/** Which record a `RECORD#CTR` item holds: a DescribeContact response when its `Origin` says so, else a CTR. */
export const recordOrigin = (item: Record<string, unknown>): Exclude<RecordOrigin, 'contact-events'> => (item.Origin === DESCRIBE_CONTACT ? 'describe-contact' : 'ctr');

/** How many times a merge of contact events is tried again when another writer got there first. */
const MAX_MERGE_ATTEMPTS = 10;

export class ContactRecords {
  constructor(private readonly table: StateTable) {}

  /**
   * Stores a contact record (CTR-shaped: a DescribeContact response is mapped to that
   * shape before, engine/pipeline/contact-join.ts with engine/contacts/model.ts `recordOfDescribeContact`) unless a newer one of the
   * contact is stored; and a CTR is never replaced by a DescribeContact response,
   * which holds less, whatever its time (`describeContact` marks one: `Origin`).
   * A response's AI agents are kept apart as well (`putAiAgents`), whether or not
   * the response is.
   */
  async put(key: ContactKey, record: unknown, updatedAt: number, now: Date, describeContact = false): Promise<'stored' | 'stale'> {
    // first, so that a crash between the two writes leaves nothing the retry does not write again
    const wisdom = describeContact ? aiAgentsOf(record) : undefined;
    if (wisdom) await this.putAiAgents(key, wisdom, updatedAt, now);
    const stored = await this.table.attempt(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          [K.pk]: contactPk(key),
          [K.sk]: 'RECORD#CTR',
          Record: JSON.stringify(record),
          UpdatedAt: updatedAt,
          StoredAt: now.toISOString(),
          InstanceId: key.instanceId,
          ContactId: key.contactId,
          ...(describeContact ? { Origin: DESCRIBE_CONTACT } : {}),
          ...contactIndexKeys(key, record, updatedAt),
          [K.ttl]: this.table.expiresAt(now),
        },
        ConditionExpression: describeContact
          ? 'attribute_not_exists(#pk) OR (#origin = :describe AND UpdatedAt <= :u)'
          : 'attribute_not_exists(#pk) OR #origin = :describe OR UpdatedAt <= :u',
        ExpressionAttributeNames: { '#pk': K.pk, '#origin': 'Origin' },
        ExpressionAttributeValues: { ':u': updatedAt, ':describe': DESCRIBE_CONTACT },
      }),
    );
    return stored ? 'stored' : 'stale';
  }

  /**
   * The AI agents of a DescribeContact response (its `WisdomInfo`), in an item of their
   * own, unless a newer response's are stored: a CTR, which replaces the response, has
   * none (the contact record's data model has no AI agents), and a response that
   * arrives after the CTR is not stored at all.
   */
  private async putAiAgents(key: ContactKey, wisdom: unknown, updatedAt: number, now: Date): Promise<void> {
    await this.table.attempt(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { [K.pk]: contactPk(key), [K.sk]: AI_AGENTS_SK, WisdomInfo: JSON.stringify(wisdom), UpdatedAt: updatedAt, [K.ttl]: this.table.expiresAt(now) },
        ConditionExpression: 'attribute_not_exists(#pk) OR UpdatedAt <= :u',
        ExpressionAttributeNames: { '#pk': K.pk },
        ExpressionAttributeValues: { ':u': updatedAt },
      }),
    );
  }

  /** The contact's CTR, else the facts of its contact events. */
  get(key: ContactKey): Promise<StoredContactRecord | undefined> {
    return readContactRecord(this.table.doc, this.table.tableName, key);
  }

  /**
   * Folds the facts of a contact event into the stored ones with `merge`, under
   * optimistic concurrency (engine/dynamo/optimistic.ts: read again when another
   * writer got there first).
   */
  async mergeEvents(
    key: ContactKey,
    merge: (stored: { contact: Record<string, unknown>; at: number } | undefined) => { contact: Record<string, unknown>; at: number },
    now: Date,
  ): Promise<{ contact: Record<string, unknown>; at: number }> {
    return retryOnConflict(
      MAX_MERGE_ATTEMPTS,
      async () => {
        const { Item } = await this.table.doc.send(
          new GetCommand({ TableName: this.table.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: 'RECORD#EVENTS' }, ConsistentRead: true }),
        );
        const stored = Item ? { contact: JSON.parse(String(Item.Record)) as Record<string, unknown>, at: Number(Item.UpdatedAt) } : undefined;
        const version = Item ? Number(Item.Version) : 0;
        const merged = merge(stored);
        const item = {
          [K.pk]: contactPk(key),
          [K.sk]: 'RECORD#EVENTS',
          Record: JSON.stringify(merged.contact),
          UpdatedAt: merged.at,
          InstanceId: key.instanceId,
          ContactId: key.contactId,
          // Searchable before its CTR arrives; once it has, the CTR wins (engine/contacts/store.ts).
          ...contactIndexKeys(key, merged.contact, merged.at),
          [K.ttl]: this.table.expiresAt(now),
        };
        const written = await putVersioned(this.table.doc, this.table.tableName, item, K.pk, version);
        return written ? merged : CONFLICT;
      },
      () => new Error(`the contact events of ${key.contactId} kept changing under this update`),
    );
  }
}
