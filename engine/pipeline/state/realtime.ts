/**
 * The real-time state of a contact per channel (`REALTIME#<channel>`), written under
 * optimistic concurrency on its `Version`.
 *
 * The state is one DynamoDB item, and DynamoDB refuses an item over 400 KB (AWS,
 * DynamoDB developer guide, "Service, account, and table quotas": "The maximum item size
 * in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length)
 * and attribute value lengths (again binary length)."). A chat grows its transcript with
 * every message (~240 bytes of JSON each): past ~1,700 messages the plain JSON no longer
 * fits. So a state past `COMPRESS_FROM` bytes is stored gzip-compressed in a Binary
 * attribute (`StateGzip`; node:zlib, nothing added to the bundle), a smaller one as JSON
 * text (`State`, readable in the console, as before); either form is read. A state that
 * still does not fit compressed is refused before the write with a typed error naming the
 * contact (the record fails alone, counted, and is dead-lettered), never sent to fail there.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { putVersioned } from '../../dynamo/conditional.ts';
import type { RealtimeContactState } from '../../context/realtime.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, type ContactKey, type StateTable } from './table.ts';
import { MAX_STATE_BYTES, RealtimeStateTooLargeError } from './realtime-too-large.ts';

/** JSON bodies up to this many bytes are stored as text; longer ones compressed (gzip costs CPU on every write). */
export const COMPRESS_FROM = 32_768; // 32 KiB, written as a literal: esbuild keeps an unused product in every bundle that imports this module
/** A stored body inflates to at most this (what a state can be at the item limit, compressed ~10x, with room). */
const MAX_INFLATED_BYTES = 67_108_864; // 64 MiB (a literal, as above)

export class RealtimeStates {
  constructor(private readonly table: StateTable) {}

  async get(key: ContactKey, channel: string): Promise<{ state: RealtimeContactState; version: number } | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}` }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const body = Item.StateGzip instanceof Uint8Array ? gunzipSync(Item.StateGzip, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8') : String(Item.State);
    return { state: JSON.parse(body) as RealtimeContactState, version: Number(Item.Version) };
  }

  /**
   * Writes the state if its version is still `expected` (0: not stored yet). False when another writer won.
   * Throws RealtimeStateTooLargeError when the state does not fit one item even compressed.
   */
  async put(key: ContactKey, channel: string, state: RealtimeContactState, expected: number, now: Date): Promise<boolean> {
    const item = { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}`, ...stateBody(key, channel, state), UpdatedAt: now.toISOString(), [K.ttl]: this.table.expiresAt(now) };
    return putVersioned(this.table.doc, this.table.tableName, item, K.pk, expected);
  }
}

/** The state's stored attribute: JSON text when short, else gzip-compressed (a put replaces the whole item: the other form goes). */
function stateBody(key: ContactKey, channel: string, state: RealtimeContactState): { State: string } | { StateGzip: Uint8Array } {
  const json = JSON.stringify(state);
  // a UTF-16 length under COMPRESS_FROM / 3 is surely under it in UTF-8 bytes; otherwise count
  if (json.length <= COMPRESS_FROM / 3 || Buffer.byteLength(json) <= COMPRESS_FROM) return { State: json };
  const gzip = gzipSync(json);
  if (gzip.byteLength > MAX_STATE_BYTES) throw new RealtimeStateTooLargeError(key, channel, gzip.byteLength, state.Transcript.length);
  return { StateGzip: gzip };
}
