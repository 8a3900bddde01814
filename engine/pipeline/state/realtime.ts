/**
 * The real-time state of a contact per channel (`REALTIME#<channel>`), written under
 * optimistic concurrency on its `Version`.
 *
 * The state is one DynamoDB item, and DynamoDB refuses an item over 400 KB (AWS,
 * DynamoDB developer guide, "Service, account, and table quotas": "The maximum item size
 * in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length)
 * and attribute value lengths (again binary length)."). A chat grows its transcript with
 * every message (~240 bytes of JSON each): past ~1,700 messages the plain JSON no longer
 * fits. So a state past 32 KB is stored gzip-compressed in a Binary attribute
 * (`StateGzip`), a smaller one as JSON text (`State`, readable in the console, as
 * before); either form is read (realtime-body.ts). A state that still does not fit
 * compressed is refused before the write with a typed error naming the contact; the
 * item then gets a marker (`TooLarge`, realtime-too-large.ts) under its `Version`, so
 * later records of the contact are refused at their read, not each folded, compressed
 * and failed.
 */
import { gunzipSync } from 'node:zlib';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putVersioned, writeIf } from '../../dynamo/conditional.ts';
import type { RealtimeContactState } from '../../context/realtime.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, type ContactKey, type StateTable } from './table.ts';
import { realtimeStateBody } from './realtime-body.ts';
import type { RealtimeTooLarge } from './realtime-too-large.ts';

/** A stored body inflates to at most this (what a state can be at the item limit, compressed ~10x, with room). */
const MAX_INFLATED_BYTES = 67_108_864; // 64 MiB (a literal: esbuild keeps an unused product in every bundle that imports this module)

/** A contact's stored real-time state, its version, and the marker of a state that passed the item limit. */
export interface StoredRealtimeState {
  readonly state: RealtimeContactState;
  readonly version: number;
  readonly tooLarge?: RealtimeTooLarge;
}

export class RealtimeStates {
  constructor(private readonly table: StateTable) {}

  async get(key: ContactKey, channel: string): Promise<StoredRealtimeState | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}` }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const body = Item.StateGzip instanceof Uint8Array ? gunzipSync(Item.StateGzip, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8') : String(Item.State);
    const stored = { state: JSON.parse(body) as RealtimeContactState, version: Number(Item.Version) };
    return Item.TooLarge ? { ...stored, tooLarge: Item.TooLarge as RealtimeTooLarge } : stored;
  }

  /**
   * Writes the state if its version is still `expected` (0: not stored yet). False when another writer won.
   * Throws RealtimeStateTooLargeError when the state does not fit one item even compressed.
   */
  async put(key: ContactKey, channel: string, state: RealtimeContactState, expected: number, now: Date): Promise<boolean> {
    const item = { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}`, ...realtimeStateBody(key, channel, state), UpdatedAt: now.toISOString(), [K.ttl]: this.table.expiresAt(now) };
    return putVersioned(this.table.doc, this.table.tableName, item, K.pk, expected);
  }

  /**
   * Marks the stored state (version `expected`, at least 1) as past the item limit, keeping
   * the state it holds: one small update, conditional on the version so that a record
   * folded meanwhile is not marked over. False when another writer won.
   */
  markTooLarge(key: ContactKey, channel: string, marker: RealtimeTooLarge, expected: number, now: Date): Promise<boolean> {
    return writeIf(
      this.table.doc,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}` },
        UpdateExpression: 'SET TooLarge = :m, Version = :next, UpdatedAt = :at',
        ConditionExpression: 'Version = :v',
        ExpressionAttributeValues: { ':m': marker, ':next': expected + 1, ':at': now.toISOString(), ':v': expected },
      }),
    );
  }
}
