/**
 * The per-contact state of ingestion in DynamoDB (storage/pipeline-tables.ts): contact
 * records, post-contact analyses and evaluations waiting for them, real-time state,
 * and real-time rules already fired. Every invariant is a conditional write, never a
 * read-then-write: a CTR never replaces a newer one, an analysis is claimed by one
 * evaluator at a time, a real-time rule fires once per contact.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RealtimeContactState } from '../context/realtime.ts';
import type { ObjectRef } from '../ingest/s3.ts';
import { STATE_KEYS as K } from '../../storage/pipeline-tables.ts';

export interface ContactKey {
  readonly instanceId: string;
  readonly contactId: string;
}

export const contactPk = (key: ContactKey): string => `CONTACT#${key.instanceId}#${key.contactId}`;
/** The partition of an instance's contact records in the ByInstance index (SearchContacts). */
export const instanceContactsPk = (instanceId: string): string => `CONTACTS#${instanceId}`;

/** Where a CTR (or the facts of contact events) sorts in ByInstance: its InitiationTimestamp (ISO, UTC), else when it was last updated. */
export function initiationKey(record: unknown, updatedAt: number, contactId: string): string {
  const raw = (record as { InitiationTimestamp?: unknown } | null)?.InitiationTimestamp;
  const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  return `${new Date(Number.isNaN(ms) ? updatedAt : ms).toISOString()}#${contactId}`;
}
const PENDING_PARTITION = 'PENDING';

/** A contact record as stored: the raw CTR, or the DescribeContact-shaped facts of contact events. */
export interface StoredContactRecord {
  readonly format: 'ctr' | 'contact-events';
  /** CTR JSON, or `{Contact: {...}}`. */
  readonly record: unknown;
  /** Epoch ms: the CTR's LastUpdateTimestamp (else disconnect, initiation), or the newest event time. */
  readonly updatedAt: number;
}

export type SubjectStatus = 'PENDING' | 'CLAIMED' | 'DONE';

/**
 * One post-contact analysis (per contact and source) or submitted evaluation (per
 * evaluation id), from the arrival of its file until it has been evaluated.
 */
export interface SubjectItem {
  readonly pk: string;
  readonly sk: string;
  readonly instanceId: string;
  readonly contactId: string;
  readonly status: SubjectStatus;
  /** The delivery identity of the file evaluated: the exactly-once key handed to the actions. */
  readonly eventKey: string;
  /** Where to read the file again (S3 object, or a local file in replay). */
  readonly ref: ObjectRef;
  /** A label for reports (file name or S3 URI). */
  readonly label: string;
  /** ISO time after which the sweep evaluates it without a contact record. */
  readonly dueAt: string;
  readonly claimToken?: string;
  readonly claimedAt?: number;
  readonly evaluatedAt?: string;
  /** How it was evaluated: with which contact record (`ctr`, `contact-events`, `none`). */
  readonly contactRecord?: string;
}

export interface PipelineStateStoreOptions {
  readonly tableName: string;
  /** How long contact state is kept (DynamoDB TTL), seconds. Default 14 days. */
  readonly stateTtlSeconds?: number;
  /** A claim older than this is taken over (its holder is presumed dead), ms. Default 5 min. */
  readonly claimLeaseMs?: number;
}

const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';

function toSubject(item: Record<string, unknown>): SubjectItem {
  return {
    pk: String(item[K.pk]),
    sk: String(item[K.sk]),
    instanceId: String(item.InstanceId),
    contactId: String(item.ContactId),
    status: item.Status as SubjectStatus,
    eventKey: String(item.EventKey),
    ref: JSON.parse(String(item.Ref)) as ObjectRef,
    label: String(item.Label),
    dueAt: String(item.DueAt),
    ...(item.ClaimToken !== undefined ? { claimToken: String(item.ClaimToken) } : {}),
    ...(item.ClaimedAt !== undefined ? { claimedAt: Number(item.ClaimedAt) } : {}),
    ...(item.EvaluatedAt !== undefined ? { evaluatedAt: String(item.EvaluatedAt) } : {}),
    ...(item.ContactRecord !== undefined ? { contactRecord: String(item.ContactRecord) } : {}),
  };
}

/** What ingestion needs of the state: the DynamoDB store here, or memory-state-store.ts for backtest. */
export type ContactStateStore = Pick<
  PipelineStateStore,
  | 'putContactRecord'
  | 'getContactRecord'
  | 'mergeContactEvents'
  | 'registerSubject'
  | 'openSubjects'
  | 'dueSubjects'
  | 'claimSubject'
  | 'completeSubject'
  | 'releaseSubject'
  | 'getRealtime'
  | 'putRealtime'
  | 'claimFiring'
  | 'firingElsewhere'
  | 'markFired'
  | 'releaseFiring'
>;

export class PipelineStateStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  private readonly ttlSeconds: number;
  readonly claimLeaseMs: number;

  constructor(client: DynamoDBClient | DynamoDBDocumentClient, options: PipelineStateStoreOptions) {
    this.doc =
      client instanceof DynamoDBDocumentClient
        ? client
        : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = options.tableName;
    this.ttlSeconds = options.stateTtlSeconds ?? 14 * 24 * 3600;
    this.claimLeaseMs = options.claimLeaseMs ?? 5 * 60_000;
  }

  /**
   * The TTL of state written at `now`, counted from the wall clock (or `now` when
   * later): the run's clock may lie in the past (replay --clock, tests), and DynamoDB
   * deletes an item whose TTL has passed at any moment, even mid-evaluation.
   */
  private expiresAt(now: Date): number {
    return Math.floor(Math.max(now.getTime(), Date.now()) / 1000) + this.ttlSeconds;
  }

  /** Sends a conditional write: false when its condition failed. */
  private async attempt(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    try {
      await this.doc.send(command as never);
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Takes a claim on an item: when `free` holds, or when it is `claimed` by someone
   * whose claim is older than the lease (presumed dead). The token, or undefined.
   */
  private async claim(key: Record<string, string>, claimed: string, free: string, now: Date, extra: { set?: string; names?: Record<string, string>; values?: Record<string, unknown> } = {}): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await this.attempt(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET #status = :claimed, ClaimToken = :token, ClaimedAt = :now${extra.set ? `, ${extra.set}` : ''}`,
        // `ClaimToken = :token`: our own claim, applied by an attempt whose response was
        // lost and that the SDK retried (the token is new to this call).
        ConditionExpression: `${free} OR (#status = :claimed AND ClaimedAt < :stale) OR ClaimToken = :token`,
        ExpressionAttributeNames: { '#status': 'Status', ...extra.names },
        ExpressionAttributeValues: { ':claimed': claimed, ':token': token, ':now': now.getTime(), ':stale': now.getTime() - this.claimLeaseMs, ...extra.values },
      }),
    );
    return ok ? token : undefined;
  }

  // ---- contact records ----

  /** Stores a CTR unless a newer one of the contact is stored. */
  async putContactRecord(key: ContactKey, record: unknown, updatedAt: number, now: Date): Promise<'stored' | 'stale'> {
    const stored = await this.attempt(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [K.pk]: contactPk(key),
          [K.sk]: 'RECORD#CTR',
          Record: JSON.stringify(record),
          UpdatedAt: updatedAt,
          StoredAt: now.toISOString(),
          InstanceId: key.instanceId,
          ContactId: key.contactId,
          [K.byInstancePk]: instanceContactsPk(key.instanceId),
          [K.byInstanceSk]: initiationKey(record, updatedAt, key.contactId),
          [K.ttl]: this.expiresAt(now),
        },
        ConditionExpression: 'attribute_not_exists(#pk) OR UpdatedAt <= :u',
        ExpressionAttributeNames: { '#pk': K.pk },
        ExpressionAttributeValues: { ':u': updatedAt },
      }),
    );
    return stored ? 'stored' : 'stale';
  }

  /** The contact's CTR, else the facts of its contact events (one consistent Query). */
  async getContactRecord(key: ContactKey): Promise<StoredContactRecord | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
        ExpressionAttributeValues: { ':pk': contactPk(key), ':prefix': 'RECORD#' },
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const ctr = items.find((i) => i[K.sk] === 'RECORD#CTR');
    if (ctr) return { format: 'ctr', record: JSON.parse(String(ctr.Record)), updatedAt: Number(ctr.UpdatedAt) };
    const events = items.find((i) => i[K.sk] === 'RECORD#EVENTS');
    if (events) return { format: 'contact-events', record: { Contact: JSON.parse(String(events.Record)) }, updatedAt: Number(events.UpdatedAt) };
    return undefined;
  }

  /**
   * Folds the facts of a contact event into the stored ones with `merge`, under
   * optimistic concurrency (retried when another writer got there first).
   */
  async mergeContactEvents(
    key: ContactKey,
    merge: (stored: { contact: Record<string, unknown>; at: number } | undefined) => { contact: Record<string, unknown>; at: number },
    now: Date,
  ): Promise<{ contact: Record<string, unknown>; at: number }> {
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: 'RECORD#EVENTS' }, ConsistentRead: true }),
      );
      const stored = Item ? { contact: JSON.parse(String(Item.Record)) as Record<string, unknown>, at: Number(Item.UpdatedAt) } : undefined;
      const version = Item ? Number(Item.Version) : 0;
      const merged = merge(stored);
      const written = await this.attempt(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [K.pk]: contactPk(key),
            [K.sk]: 'RECORD#EVENTS',
            Record: JSON.stringify(merged.contact),
            UpdatedAt: merged.at,
            Version: version + 1,
            InstanceId: key.instanceId,
            ContactId: key.contactId,
            // Searchable before its CTR arrives; once it has, the CTR wins (engine/contacts/store.ts).
            [K.byInstancePk]: instanceContactsPk(key.instanceId),
            [K.byInstanceSk]: initiationKey(merged.contact, merged.at, key.contactId),
            [K.ttl]: this.expiresAt(now),
          },
          ConditionExpression: Item ? 'Version = :v' : 'attribute_not_exists(#pk)',
          ...(Item ? { ExpressionAttributeValues: { ':v': version } } : { ExpressionAttributeNames: { '#pk': K.pk } }),
        }),
      );
      if (written) return merged;
      if (attempt >= 10) throw new Error(`the contact events of ${key.contactId} kept changing under this update`);
    }
  }

  // ---- analyses and evaluations (subjects) ----

  /**
   * Registers the arrival of an analysis or evaluation file: creates its subject item
   * (PENDING, in the Pending index until evaluated) unless one exists. Returns the
   * existing item when there is one (the same file redelivered, or a twin file: the
   * redacted copy of an analysis).
   */
  async registerSubject(
    key: ContactKey,
    subject: string,
    fields: { eventKey: string; ref: ObjectRef; label: string; dueAt: string },
    now: Date,
  ): Promise<{ created: true; item: SubjectItem } | { created: false; item: SubjectItem }> {
    const pk = contactPk(key);
    const item = {
      [K.pk]: pk,
      [K.sk]: subject,
      InstanceId: key.instanceId,
      ContactId: key.contactId,
      Status: 'PENDING',
      EventKey: fields.eventKey,
      Ref: JSON.stringify(fields.ref),
      Label: fields.label,
      DueAt: fields.dueAt,
      [K.pendingPk]: PENDING_PARTITION,
      [K.pendingSk]: `${fields.dueAt}#${pk}#${subject}`,
      [K.ttl]: this.expiresAt(now),
    };
    const created = await this.attempt(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': K.pk } }),
    );
    if (created) return { created: true, item: toSubject(item) };
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [K.pk]: pk, [K.sk]: subject }, ConsistentRead: true }));
    return { created: false, item: toSubject(Item!) };
  }

  /** The analyses and evaluations of a contact not evaluated yet. */
  async openSubjects(key: ContactKey): Promise<SubjectItem[]> {
    const out: SubjectItem[] = [];
    for (const prefix of ['ANALYSIS#', 'EVALUATION#']) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            FilterExpression: '#status <> :done',
            ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk, '#status': 'Status' },
            ExpressionAttributeValues: { ':pk': contactPk(key), ':prefix': prefix, ':done': 'DONE' },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) out.push(toSubject(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return out;
  }

  /** Subjects whose grace period ended at `now` (from the sparse Pending index), oldest first. */
  async dueSubjects(now: Date | 'all', limit = 100): Promise<SubjectItem[]> {
    const out: SubjectItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: K.pendingIndex,
          KeyConditionExpression: now === 'all' ? '#pk = :pk' : '#pk = :pk AND #sk <= :due',
          ExpressionAttributeNames: { '#pk': K.pendingPk, ...(now === 'all' ? {} : { '#sk': K.pendingSk }) },
          ExpressionAttributeValues: { ':pk': PENDING_PARTITION, ...(now === 'all' ? {} : { ':due': `${now.toISOString()}#\uffff` }) },
          Limit: limit - out.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(toSubject(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey && out.length < limit);
    return out;
  }

  /**
   * Claims a subject for evaluation: PENDING → CLAIMED, or a CLAIMED one whose claim
   * is older than the lease (its evaluator died). Returns the claim token, or
   * undefined when someone else holds it or it is DONE.
   */
  async claimSubject(item: Pick<SubjectItem, 'pk' | 'sk'>, now: Date): Promise<string | undefined> {
    return this.claim({ [K.pk]: item.pk, [K.sk]: item.sk }, 'CLAIMED', '#status = :pending', now, { values: { ':pending': 'PENDING' } });
  }

  /** CLAIMED → DONE (leaves the Pending index; kept until TTL so a late twin is recognised). */
  async completeSubject(item: Pick<SubjectItem, 'pk' | 'sk'>, token: string, contactRecord: string, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [K.pk]: item.pk, [K.sk]: item.sk },
        // CompletedBy keeps the token so that an SDK retry of this very update still passes.
        UpdateExpression: 'SET #status = :done, EvaluatedAt = :at, ContactRecord = :cr, CompletedBy = :token REMOVE #gpk, #gsk, ClaimToken',
        ConditionExpression: 'ClaimToken = :token OR CompletedBy = :token',
        ExpressionAttributeNames: { '#status': 'Status', '#gpk': K.pendingPk, '#gsk': K.pendingSk },
        ExpressionAttributeValues: { ':done': 'DONE', ':at': now.toISOString(), ':cr': contactRecord, ':token': token },
      }),
    );
  }

  /** CLAIMED → PENDING after a failed evaluation (the retry or the sweep evaluates it again). */
  async releaseSubject(item: Pick<SubjectItem, 'pk' | 'sk'>, token: string): Promise<void> {
    await this.attempt(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [K.pk]: item.pk, [K.sk]: item.sk },
        UpdateExpression: 'SET #status = :pending REMOVE ClaimToken, ClaimedAt',
        ConditionExpression: 'ClaimToken = :token',
        ExpressionAttributeNames: { '#status': 'Status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':token': token },
      }),
    );
  }

  // ---- real-time ----

  async getRealtime(key: ContactKey, channel: string): Promise<{ state: RealtimeContactState; version: number } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}` }, ConsistentRead: true }),
    );
    return Item ? { state: JSON.parse(String(Item.State)) as RealtimeContactState, version: Number(Item.Version) } : undefined;
  }

  /** Writes the state if its version is still `expected` (0: not stored yet). False when another writer won. */
  async putRealtime(key: ContactKey, channel: string, state: RealtimeContactState, expected: number, now: Date): Promise<boolean> {
    return this.attempt(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [K.pk]: contactPk(key),
          [K.sk]: `REALTIME#${channel}`,
          State: JSON.stringify(state),
          Version: expected + 1,
          UpdatedAt: now.toISOString(),
          [K.ttl]: this.expiresAt(now),
        },
        ConditionExpression: expected === 0 ? 'attribute_not_exists(#pk)' : 'Version = :v',
        ...(expected === 0 ? { ExpressionAttributeNames: { '#pk': K.pk } } : { ExpressionAttributeValues: { ':v': expected } }),
      }),
    );
  }

  /**
   * Claims the firing of a real-time rule for a contact. Undefined when it already
   * fired (or is firing elsewhere, within the lease).
   */
  async claimFiring(key: ContactKey, ruleId: string, now: Date): Promise<string | undefined> {
    return this.claim({ [K.pk]: contactPk(key), [K.sk]: `FIRED#${ruleId}` }, 'FIRING', 'attribute_not_exists(#pk)', now, {
      set: '#ttl = :ttl',
      names: { '#pk': K.pk, '#ttl': K.ttl },
      values: { ':ttl': this.expiresAt(now) },
    });
  }

  /**
   * Whether a rule's firing on the contact is claimed (`FIRING`) by another attempt
   * whose lease holds, as opposed to done (`FIRED`): after `claimFiring` refused.
   */
  async firingElsewhere(key: ContactKey, ruleId: string): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: `FIRED#${ruleId}` }, ConsistentRead: true }),
    );
    return Item?.Status === 'FIRING';
  }

  async markFired(key: ContactKey, ruleId: string, token: string, eventKey: string, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [K.pk]: contactPk(key), [K.sk]: `FIRED#${ruleId}` },
        UpdateExpression: 'SET #status = :fired, FiredAt = :at, EventKey = :key',
        ConditionExpression: 'ClaimToken = :token',
        ExpressionAttributeNames: { '#status': 'Status' },
        ExpressionAttributeValues: { ':fired': 'FIRED', ':at': now.toISOString(), ':key': eventKey, ':token': token },
      }),
    );
  }

  /** Gives up a firing claim after a failure, so the retry can fire the rule. */
  async releaseFiring(key: ContactKey, ruleId: string, token: string): Promise<void> {
    await this.attempt(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { [K.pk]: contactPk(key), [K.sk]: `FIRED#${ruleId}` },
        ConditionExpression: 'ClaimToken = :token AND #status = :firing',
        ExpressionAttributeNames: { '#status': 'Status' },
        ExpressionAttributeValues: { ':token': token, ':firing': 'FIRING' },
      }),
    );
  }
}
