/**
 * The analyses (one per contact and source, `ANALYSIS#<source>`) and submitted
 * evaluations (`EVALUATION#<id>`) of the pipeline state, from the arrival of their
 * file until they have been evaluated: PENDING (in the sparse Pending index by due
 * time), CLAIMED by one evaluator at a time (a lease of the storage kernel), DONE.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../dynamo/query.ts';
import { LeaseLostError, Leases } from '../../dynamo/lease.ts';
import type { ObjectRef } from '../../ingest/s3.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, leaseLayout, type ContactKey, type StateTable } from './table.ts';

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
  /** ISO time the evaluator's claim ends (engine/dynamo/lease.ts). */
  readonly leaseUntil?: string;
  readonly evaluatedAt?: string;
  /** How it was evaluated: with which contact record (`ctr`, `describe-contact`, `contact-events`, `none`). */
  readonly contactRecord?: string;
}

const PENDING_PARTITION = 'PENDING';

export class Subjects {
  private readonly leases: Leases;

  constructor(
    private readonly table: StateTable,
    /** How long a claim holds before another attempt may take it over. */
    private readonly leaseMs: number,
  ) {
    this.leases = new Leases(table.doc, leaseLayout(table, { held: 'CLAIMED', free: 'PENDING' }, leaseMs));
  }

  private toSubject(item: Record<string, unknown>): SubjectItem {
    const leaseUntil = this.leases.until(item);
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
      ...(leaseUntil !== undefined ? { leaseUntil } : {}),
      ...(item.EvaluatedAt !== undefined ? { evaluatedAt: String(item.EvaluatedAt) } : {}),
      ...(item.ContactRecord !== undefined ? { contactRecord: String(item.ContactRecord) } : {}),
    };
  }

  /**
   * Registers the arrival of an analysis or evaluation file: creates its subject item
   * (PENDING, in the Pending index until evaluated) unless one exists. Returns the
   * existing item when there is one (the same file redelivered, or a twin file: the
   * redacted copy of an analysis).
   */
  async register(
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
      [K.ttl]: this.table.expiresAt(now),
    };
    const created = await this.table.attempt(
      new PutCommand({ TableName: this.table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': K.pk } }),
    );
    if (created) return { created: true, item: this.toSubject(item) };
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: { [K.pk]: pk, [K.sk]: subject }, ConsistentRead: true }));
    return { created: false, item: this.toSubject(Item!) };
  }

  /** The analyses and evaluations of a contact not evaluated yet. */
  async open(key: ContactKey): Promise<SubjectItem[]> {
    const out: SubjectItem[] = [];
    for (const prefix of ['ANALYSIS#', 'EVALUATION#']) {
      const items = await queryAll(this.table.doc, {
        TableName: this.table.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: '#status <> :done',
        ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk, '#status': 'Status' },
        ExpressionAttributeValues: { ':pk': contactPk(key), ':prefix': prefix, ':done': 'DONE' },
        ConsistentRead: true,
      });
      out.push(...items.map((item) => this.toSubject(item)));
    }
    return out;
  }

  /** Subjects whose grace period ended at `now` (from the sparse Pending index), oldest first. */
  async due(now: Date | 'all', limit = 100): Promise<SubjectItem[]> {
    const items = await queryAll(
      this.table.doc,
      {
        TableName: this.table.tableName,
        IndexName: K.pendingIndex,
        KeyConditionExpression: now === 'all' ? '#pk = :pk' : '#pk = :pk AND #sk <= :due',
        ExpressionAttributeNames: { '#pk': K.pendingPk, ...(now === 'all' ? {} : { '#sk': K.pendingSk }) },
        ExpressionAttributeValues: { ':pk': PENDING_PARTITION, ...(now === 'all' ? {} : { ':due': `${now.toISOString()}#\uffff` }) },
      },
      { limit },
    );
    return items.map((item) => this.toSubject(item));
  }

  /**
   * Claims a subject for evaluation: PENDING → CLAIMED, or a CLAIMED one whose lease
   * has passed (its evaluator died). Returns the claim token, or undefined when
   * someone else holds it or it is DONE.
   */
  async claim(item: Pick<SubjectItem, 'pk' | 'sk'>, now: Date): Promise<string | undefined> {
    const claim = await this.leases.claim({ [K.pk]: item.pk, [K.sk]: item.sk }, now, this.leaseMs);
    return claim.state === 'claimed' || claim.state === 'taken-over' ? claim.token : undefined;
  }

  /** CLAIMED → DONE (leaves the Pending index; kept until TTL so a late twin is recognised). */
  async complete(item: Pick<SubjectItem, 'pk' | 'sk'>, token: string, contactRecord: string, now: Date): Promise<void> {
    const done = await this.leases.complete({ [K.pk]: item.pk, [K.sk]: item.sk }, token, 'DONE', { EvaluatedAt: now.toISOString(), ContactRecord: contactRecord }, [
      K.pendingPk,
      K.pendingSk,
      'ClaimToken',
    ]);
    if (!done) throw new LeaseLostError(`${item.pk} ${item.sk}`);
  }

  /**
   * CLAIMED → deleted: its file is gone (deleted, expired by a lifecycle rule), so it
   * can never be evaluated; the file put again is a new arrival, registered anew.
   */
  async discard(item: Pick<SubjectItem, 'pk' | 'sk'>, token: string): Promise<void> {
    const discarded = await this.leases.discard({ [K.pk]: item.pk, [K.sk]: item.sk }, token);
    if (!discarded) throw new LeaseLostError(`${item.pk} ${item.sk}`);
  }

  /** CLAIMED → PENDING after a failed evaluation (the retry or the sweep evaluates it again). */
  async release(item: Pick<SubjectItem, 'pk' | 'sk'>, token: string): Promise<void> {
    await this.leases.release({ [K.pk]: item.pk, [K.sk]: item.sk }, token);
  }
}
