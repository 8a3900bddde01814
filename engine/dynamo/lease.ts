/**
 * Leases on DynamoDB items, the one claim/renew/complete/release under the action
 * ledger and the pipeline's analyses and real-time firings: one holder at a time,
 * each write conditional on the holder's token, and a holder that died is taken over
 * once its lease has passed (conditional on the dead holder's token, so two takers
 * never both win).
 *
 * Time has one representation: `LeaseUntil`, the instant the lease ends, as ISO-8601
 * UTC written by `Date.toISOString()` (fixed width, so string order is time order, in
 * JavaScript and in a DynamoDB condition alike). An end rather than a start: the
 * holder decides how long it holds (capped by its Lambda's deadline), renews it while
 * retrying, and releases by ending it now; a taker needs no lease length of its own.
 * ISO rather than epoch ms: it is what the ledger's items, the ones in flight the
 * longest (kept 7 days), already hold, so a ledger item reads the same to the code
 * before and after this change during a rolling deploy; it also reads as a time in a
 * table scan and in "claimed by another attempt until …".
 *
 * Items of the pipeline state table written before this change hold `ClaimedAt` (epoch
 * ms, a start) instead: each table may give `legacyUntil` to read them, and every
 * write of this module removes the `legacy` attributes. The older code reads a claim
 * it did not write (no `ClaimedAt`) as held, never as free: during the deploy it may
 * wait for a newer claim, it never takes one over.
 *
 * An SDK retry of a write whose response was lost meets its own first write: each
 * condition also passes for the writer's own token (`CompletedBy` once completed).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { writeIf } from './conditional.ts';

export const LEASE_UNTIL = 'LeaseUntil';
/** The token of the holder that completed the item (an SDK retry of the completion passes). */
const COMPLETED_BY = 'CompletedBy';

type Item = Record<string, unknown>;

/** How one table lays out its leased items. */
export interface LeaseTable {
  readonly tableName: string;
  /** The partition key attribute (present on every item: `attribute_not_exists` of a free one). */
  readonly keyAttribute: string;
  readonly statusAttribute: string;
  readonly tokenAttribute: string;
  /** The status of a held item. */
  readonly held: string;
  /** The status of an item that may be claimed; without it only an absent item is free (the claim creates it). */
  readonly free?: string;
  /** The end of a lease written before `LeaseUntil` (rolling deploy), from the item. */
  readonly legacyUntil?: (item: Item) => string | undefined;
  /** Attributes of that older representation, removed by every write here. */
  readonly legacy?: readonly string[];
}

export type LeaseClaim =
  | { readonly state: 'claimed'; readonly token: string }
  /** The lease of an earlier holder passed without completion: it may have had effects. */
  | { readonly state: 'taken-over'; readonly token: string; readonly previous: Item }
  /** Another holder's lease runs until `until`. */
  | { readonly state: 'held'; readonly until: string; readonly item: Item }
  /** Neither free nor held (completed), or (`item` undefined) absent where a claim does not create it. */
  | { readonly state: 'settled'; readonly item: Item | undefined };

/** A completion refused because the lease is no longer the caller's (taken over after it passed). */
export class LeaseLostError extends Error {
  constructor(what: string) {
    super(`the claim on ${what} was taken over by another attempt after its lease passed`);
    this.name = 'LeaseLostError';
  }
}

/** How many times a claim starts over when the item changes under it before giving up. */
const MAX_CLAIM_ROUNDS = 8;

/** Builds `SET`/`REMOVE` clauses with placeholders for names and values. */
class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }
  value(id: string, value: unknown): string {
    this.values[`:${id}`] = value;
    return `:${id}`;
  }
  set(fields: Item): this {
    for (const [attribute, value] of Object.entries(fields)) this.sets.push(`${this.name(attribute)} = ${this.value(`f${this.sets.length}`, value)}`);
    return this;
  }
  remove(attributes: readonly string[]): this {
    for (const a of attributes) this.removes.push(this.name(a));
    return this;
  }
  update(): string {
    return [this.sets.length ? `SET ${this.sets.join(', ')}` : '', this.removes.length ? `REMOVE ${this.removes.join(', ')}` : ''].filter(Boolean).join(' ');
  }
}

export class Leases {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: LeaseTable,
  ) {}

  /** The end of an item's lease (`LeaseUntil`, else the legacy reading), or undefined. */
  until(item: Item): string | undefined {
    const until = item[LEASE_UNTIL];
    return typeof until === 'string' ? until : this.table.legacyUntil?.(item);
  }

  /**
   * Claims the item at `key` for `leaseMs` from `now`: a free one (`create` is written
   * with it when the claim creates it), or a held one whose lease has passed (`takeOver`
   * is written with it).
   */
  async claim(key: Item, now: Date, leaseMs: number, fields: { create?: Item; takeOver?: Item } = {}): Promise<LeaseClaim> {
    const t = this.table;
    const token = randomUUID();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const lease = { [t.statusAttribute]: t.held, [t.tokenAttribute]: token, [LEASE_UNTIL]: until };
    for (let round = 1; round <= MAX_CLAIM_ROUNDS; round++) {
      if (await this.claimFree(key, token, lease, fields.create ?? {})) return { state: 'claimed', token };
      const { Item } = await this.doc.send(new GetCommand({ TableName: t.tableName, Key: key, ConsistentRead: true }));
      // Gone meanwhile (released, or TTL): free again where a claim creates the item.
      if (!Item) {
        if (t.free === undefined) continue;
        return { state: 'settled', item: undefined };
      }
      // Our own write, applied by an attempt whose response was lost and that the SDK retried.
      if (Item[t.tokenAttribute] === token) return { state: 'claimed', token };
      if (t.free !== undefined && Item[t.statusAttribute] === t.free) continue;
      if (Item[t.statusAttribute] !== t.held) return { state: 'settled', item: Item };
      const heldUntil = this.until(Item);
      if (heldUntil !== undefined && heldUntil > now.toISOString()) return { state: 'held', until: heldUntil, item: Item };
      if (await this.takeOver(key, token, Item[t.tokenAttribute], lease, fields.takeOver ?? {})) return { state: 'taken-over', token, previous: Item };
    }
    throw new Error(`the lease item ${JSON.stringify(key)} of ${t.tableName} kept changing under the claim`);
  }

  private async claimFree(key: Item, token: string, lease: Item, create: Item): Promise<boolean> {
    const t = this.table;
    const e = new Expression();
    if (t.free === undefined) {
      const condition = `attribute_not_exists(${e.name(t.keyAttribute)}) OR ${e.name(t.tokenAttribute)} = ${e.value('token', token)}`;
      return this.attempt(
        new PutCommand({ TableName: t.tableName, Item: { ...key, ...create, ...lease }, ConditionExpression: condition, ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.values }),
      );
    }
    e.set({ ...create, ...lease }).remove(t.legacy ?? []);
    return this.attempt(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: e.update(),
        ConditionExpression: `${e.name(t.statusAttribute)} = ${e.value('free', t.free)} OR ${e.name(t.tokenAttribute)} = ${e.value('token', token)}`,
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  }

  private takeOver(key: Item, token: string, previousToken: unknown, lease: Item, takeOver: Item): Promise<boolean> {
    const t = this.table;
    const e = new Expression().set({ ...takeOver, ...lease }).remove(t.legacy ?? []);
    const [status, tok] = [e.name(t.statusAttribute), e.name(t.tokenAttribute)];
    return this.attempt(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: e.update(),
        // `:token`: our own take-over, applied by an attempt the SDK retried.
        ConditionExpression: `(${tok} = ${e.value('previous', previousToken)} AND ${status} = ${e.value('held', t.held)}) OR ${tok} = ${e.value('token', token)}`,
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  }

  /** Moves the end of a lease still held by `token` to `until` (`now`: ends it, the next claim takes it over). */
  async renew(key: Item, token: string, until: Date): Promise<boolean> {
    const t = this.table;
    const e = new Expression().set({ [LEASE_UNTIL]: until.toISOString() }).remove(t.legacy ?? []);
    return this.attempt(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: e.update(),
        ConditionExpression: this.heldBy(e, token),
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  }

  /**
   * Completes the item held by `token`: `status` and `set` written, the lease (and
   * `remove`) removed. False when the lease is no longer the caller's.
   */
  async complete(key: Item, token: string, status: string, set: Item = {}, remove: readonly string[] = []): Promise<boolean> {
    const t = this.table;
    const e = new Expression()
      .set({ [t.statusAttribute]: status, ...set, [COMPLETED_BY]: token })
      .remove([LEASE_UNTIL, ...(t.legacy ?? []), ...remove]);
    const tokenValue = e.value('token', token);
    return this.attempt(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: e.update(),
        ConditionExpression: `${e.name(t.tokenAttribute)} = ${tokenValue} OR ${e.name(COMPLETED_BY)} = ${tokenValue}`,
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  }

  /** Gives a held item back without completing it: free again (`free` status), or deleted where an absent item is free. */
  async release(key: Item, token: string): Promise<boolean> {
    const t = this.table;
    if (t.free === undefined) return this.discard(key, token);
    const e = new Expression();
    const condition = this.heldBy(e, token);
    e.set({ [t.statusAttribute]: t.free }).remove([t.tokenAttribute, LEASE_UNTIL, ...(t.legacy ?? [])]);
    return this.attempt(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: e.update(),
        ConditionExpression: condition,
        ExpressionAttributeNames: e.names,
        ExpressionAttributeValues: e.values,
      }),
    );
  }

  /** Deletes the item held by `token` (one that can never be completed). False when the lease is no longer the caller's. */
  async discard(key: Item, token: string): Promise<boolean> {
    const e = new Expression();
    const condition = this.heldBy(e, token);
    return this.attempt(
      new DeleteCommand({ TableName: this.table.tableName, Key: key, ConditionExpression: condition, ExpressionAttributeNames: e.names, ExpressionAttributeValues: e.values }),
    );
  }

  /** The condition that `token` holds the item now. */
  private heldBy(e: Expression, token: string): string {
    const t = this.table;
    return `${e.name(t.tokenAttribute)} = ${e.value('token', token)} AND ${e.name(t.statusAttribute)} = ${e.value('held', t.held)}`;
  }

  /** Sends a conditional write: false when its condition failed. */
  private attempt(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    return writeIf(this.doc, command);
  }
}
