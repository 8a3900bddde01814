/**
 * The real-time state of a contact per channel, written under optimistic concurrency on
 * its head's `Version`.
 *
 * Layout (docs/pipeline.md, "A long chat's state is stored in chunks"): the transcript is stored in
 * chunks of CHUNK_ITEMS items (`REALTIME#<channel>#<k, 5 digits>`, gzip-compressed JSON
 * in `Chunk`, with the `Version` that wrote it), and the head (`REALTIME#<channel>`)
 * holds every other member with the transcript items after the last full chunk (`Head`
 * as JSON text, or `HeadGzip` compressed past 4 KiB: realtime-body.ts), the version, and
 * the version of each full chunk (`Chunks`: their count is its length). A record then
 * writes the head alone (one conditional PutItem) until its items fill a chunk, and the
 * new chunk with the head in one TransactWriteItems conditional on the head's version,
 * all or nothing, so a process killed mid-write leaves the state as it was or as it
 * became, never half of it; an item arriving out of order into a full chunk rewrites
 * the chunks from it on in the same transaction. A chunk is written unconditionally:
 * the head's condition already makes every writer of the contact's chunks one after
 * another, and a chunk left by an earlier life of the state (TTL deletes items in no
 * set order) must not stop it.
 *
 * DynamoDB refuses an item over 400 KB (AWS, DynamoDB developer guide, "Service,
 * account, and table quotas": "The maximum item size in DynamoDB is 400 KB, which
 * includes both attribute name binary length (UTF-8 length) and attribute value lengths
 * (again binary length).") and a transaction over 100 actions or 4 MB
 * (realtime-too-large.ts): a state past them is refused before the write with a typed
 * error naming the contact; the head then gets a marker (`TooLarge`) under its
 * `Version`, so later records of the contact are refused at their read.
 *
 * The read is one strongly consistent Query of the head and its chunks (they share the
 * sort key's prefix, the head first), not a GetItem of the head then a BatchGetItem of
 * the chunks it names: one round trip, and DynamoDB counts a Query's read units on the
 * size of all it returns together, not 4 KB per item. A Query is not isolated from a
 * transaction under way ("To ensure an atomic snapshot of the items modified in a
 * transaction, use TransactGetItems", same guide, "Amazon DynamoDB Transactions: How it
 * works"), so each chunk read must carry the version the head names for it; one that
 * does not (a transaction was under way) is read again.
 *
 * States stored before chunks (one item: `State` or `StateGzip` with the whole
 * transcript) are read as a head with no chunk; their next write stores the new layout.
 * A state in the new layout read by code from before it fails that record (it finds no
 * `State`) rather than overwriting the chunks.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isTransactionConflict, putVersioned, writeIf } from '../../dynamo/conditional.ts';
import { backoff, transactWrite } from '../../dynamo/transactions.ts';
import type { RealtimeContactState, RealtimeTranscriptEntry } from '../../context/realtime.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, type ContactKey, type StateTable } from './table.ts';
import { realtimeStateBody } from './realtime-body.ts';
import { chunkWrite } from './realtime-chunks.ts';
import type { RealtimeTooLarge } from './realtime-too-large.ts';
import { RealtimeStateContentionError, RealtimeStateExpiredError, type RealtimeExpired } from './realtime-lost.ts';

/** A stored body inflates to at most this (what a state can be at the item limit, compressed ~10x, with room). */
const MAX_INFLATED_BYTES = 67_108_864; // 64 MiB (a literal: esbuild keeps an unused product in every bundle that imports this module)

/**
 * What one read inflates in all, its head and up to 99 chunks: 24,999 messages of 1,024
 * characters (a chat message's most) of 3-byte UTF-8 are ~85 MB of JSON; past this the
 * read stops (in a function of 1,024 MB, the parsed state would not fit beside it anyway).
 */
const MAX_READ_INFLATED_BYTES = 134_217_728; // 128 MiB, a literal (see above)

/** Reads of a state whose chunks do not all carry the versions its head names (a transaction under way) before giving up. */
const READ_ATTEMPTS = 3;

/** Attempts of a transaction that DynamoDB cancels for throttling or contention before the record fails. */
const WRITE_ATTEMPTS = 3;

/**
 * A contact's stored real-time state, its version, the versions of its full chunks, and the
 * marker of a state past a limit or that lost a chunk. A marked state's chunks are not read
 * (nothing folds it): its `state` holds the head's members and last items only.
 */
export interface StoredRealtimeState {
  readonly state: RealtimeContactState;
  readonly version: number;
  /** The version that wrote each full chunk of the transcript (none: a state shorter than a chunk, or stored before chunks). */
  readonly chunks?: readonly number[];
  readonly tooLarge?: RealtimeTooLarge;
  /** The marker of a state that lost a chunk to DynamoDB's TTL (realtime-lost.ts). */
  readonly expired?: RealtimeExpired;
}

/** A stored state whose head names chunks that its reads did not find at their versions. */
export class RealtimeStateUnreadableError extends Error {
  override readonly name = 'RealtimeStateUnreadableError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    readonly chunk: number,
    readonly found: number | undefined,
    readonly named: number,
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) names chunk ${chunk} at version ${named}, and ${READ_ATTEMPTS} reads found it ` +
        `${found === undefined ? 'missing' : `at version ${found}`} (a transaction under way never ended?): this record is not folded in, and is retried`,
    );
  }
}

/**
 * A stored state that inflates past what one read takes (MAX_INFLATED_BYTES a body,
 * MAX_READ_INFLATED_BYTES in all): the read stops at the part that passed it. No state this
 * pipeline writes gets there; the record fails (retried, then dead-lettered), located.
 */
export class RealtimeStateTooLargeToReadError extends Error {
  override readonly name = 'RealtimeStateTooLargeToReadError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    readonly part: 'head' | number,
    readonly limit: 'item' | 'read',
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) inflates past ` +
        (limit === 'item' ? `${MAX_INFLATED_BYTES} bytes in one item` : `${MAX_READ_INFLATED_BYTES} bytes in all`) +
        ` at its ${part === 'head' ? 'head' : `chunk ${part}`}: the read stopped there; this record is not folded in`,
    );
  }
}

const headKey = (channel: string) => `REALTIME#${channel}`;
const chunkKey = (channel: string, k: number) => `REALTIME#${channel}#${String(k).padStart(5, '0')}`;
/** The inflating of one read: each body at most MAX_INFLATED_BYTES, all of them at most MAX_READ_INFLATED_BYTES. */
class ReadInflater {
  private left = MAX_READ_INFLATED_BYTES;
  constructor(
    private readonly key: ContactKey,
    private readonly channel: string,
  ) {}

  /** The text of `gzip`, the state's `part` (its head, or chunk k). Throws RealtimeStateTooLargeToReadError past a bound. */
  inflate(gzip: Uint8Array, part: 'head' | number): string {
    const most = Math.min(MAX_INFLATED_BYTES, this.left);
    let text: Buffer;
    try {
      // at least 1: Node refuses a maxOutputLength of 0 (ERR_OUT_OF_RANGE, unlocated) once the bodies so far reach the bound exactly
      text = gunzipSync(gzip, { maxOutputLength: Math.max(1, most) });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
      throw new RealtimeStateTooLargeToReadError(this.key, this.channel, part, most === MAX_INFLATED_BYTES ? 'item' : 'read');
    }
    if (text.byteLength > most) throw new RealtimeStateTooLargeToReadError(this.key, this.channel, part, 'read');
    this.left -= text.byteLength;
    return text.toString('utf8');
  }
}

export class RealtimeStates {
  constructor(private readonly table: StateTable) {}

  async get(key: ContactKey, channel: string): Promise<StoredRealtimeState | undefined> {
    for (let attempt = 1; ; attempt++) {
      const items = await this.items(key, channel);
      const head = items[0]?.[K.sk] === headKey(channel) ? items[0] : undefined;
      if (!head) return undefined;
      const read = readState(head, items, channel, new ReadInflater(key, channel));
      if ('gone' in read) throw new RealtimeStateExpiredError(key, channel, read.gone, read.named, Number(head.Version));
      if (!('torn' in read)) return read;
      if (attempt >= READ_ATTEMPTS) throw new RealtimeStateUnreadableError(key, channel, read.torn, read.found, read.named);
      // a transaction of the contact is under way: give it a moment (jittered, 5-45 ms, then 5-85) rather than read again at once
      await backoff(attempt);
    }
  }

  /** The head and the chunks of the state (every page), in key order: the head first, then chunk 0, 1... */
  private async items(key: ContactKey, channel: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
          ExpressionAttributeNames: { '#pk': K.pk, '#sk': K.sk },
          ExpressionAttributeValues: { ':pk': contactPk(key), ':sk': headKey(channel) },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      // a marked head is read alone (readState): the rest of its chunks are not fetched
      start = marked(items[0]) ? undefined : page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Writes the folded `state` if the stored one is still `current` (undefined: none is
   * stored yet): the head alone, or with the chunks the fold filled or changed in one
   * transaction. False when another writer won. Throws RealtimeStateTooLargeError when
   * the state is past a limit (realtime-too-large.ts).
   */
  async put(key: ContactKey, channel: string, state: RealtimeContactState, current: StoredRealtimeState | undefined, now: Date): Promise<boolean> {
    const expected = current?.version ?? 0;
    const messages = state.Transcript.length;
    const write = chunkWrite(key, channel, current, state, {
      head: (head) => realtimeStateBody(key, channel, head, undefined, messages),
      chunk: (items): Uint8Array => gzipSync(JSON.stringify(items)),
      bytes: (body) => (body instanceof Uint8Array ? body.byteLength : 'State' in body ? Buffer.byteLength(body.State) : body.StateGzip.byteLength),
    });
    const version = expected + 1;
    const pk = contactPk(key);
    const at = now.toISOString();
    const ttl = this.table.expiresAt(now);
    const body = write.head;
    const head = { [K.pk]: pk, [K.sk]: headKey(channel), ...('State' in body ? { Head: body.State } : { HeadGzip: body.StateGzip }), Chunks: write.versions, UpdatedAt: at, [K.ttl]: ttl };
    if (write.chunks.length === 0) {
      // the head met another writer's transaction under way (conditional.ts): it lost the race as if its condition failed, so read and fold again
      return putVersioned(this.table.doc, this.table.tableName, head, K.pk, expected).catch((err: unknown) => {
        if (isTransactionConflict(err)) return false;
        throw err;
      });
    }

    const writes: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...head, Version: version },
          ...(expected === 0
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': K.pk } }
            : { ConditionExpression: 'Version = :v', ExpressionAttributeValues: { ':v': expected } }),
        },
      },
    ];
    for (const { k, body: chunk } of write.chunks) {
      writes.push({ Put: { TableName: this.table.tableName, Item: { [K.pk]: pk, [K.sk]: chunkKey(channel, k), Chunk: chunk, Version: version, UpdatedAt: at, [K.ttl]: ttl } } });
    }
    const lost = await transactWrite(this.table.doc, writes, {
      maxAttempts: WRITE_ATTEMPTS,
      // the head's condition failed, or another transaction was writing these items: read again and fold again
      cancelled: (reasons) => (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict') ? false : undefined),
      // what is left is throttling: the record fails, and Kinesis retries it after its own pause
      contention: (codes) => new RealtimeStateContentionError(key, channel, WRITE_ATTEMPTS, codes),
    });
    return lost ?? true;
  }

  /**
   * Marks the stored state (version `expected`, at least 1) as past a limit, keeping the
   * state it holds: one small update of the head, conditional on the version so that a
   * record folded meanwhile is not marked over. False when another writer won.
   */
  markTooLarge(key: ContactKey, channel: string, marker: RealtimeTooLarge, expected: number, now: Date): Promise<boolean> {
    return this.mark(key, channel, 'TooLarge', marker, expected, now);
  }

  /** Marks the stored state (version `expected`) as having lost a chunk (realtime-lost.ts), as `markTooLarge`. */
  markExpired(key: ContactKey, channel: string, marker: RealtimeExpired, expected: number, now: Date): Promise<boolean> {
    return this.mark(key, channel, 'Expired', marker, expected, now);
  }

  private mark(key: ContactKey, channel: string, attribute: 'TooLarge' | 'Expired', marker: RealtimeTooLarge | RealtimeExpired, expected: number, now: Date): Promise<boolean> {
    return writeIf(
      this.table.doc,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { [K.pk]: contactPk(key), [K.sk]: headKey(channel) },
        UpdateExpression: `SET ${attribute} = :m, Version = :next, UpdatedAt = :at`,
        ConditionExpression: 'Version = :v',
        ExpressionAttributeValues: { ':m': marker, ':next': expected + 1, ':at': now.toISOString(), ':v': expected },
      }),
    );
  }
}

/**
 * The state the head and its chunks hold; or the first chunk not at the version the head
 * names (`torn`: a transaction under way, read again), or gone for good (`gone`: named at
 * a version older than the head's, so written by a transaction that has ended, and no
 * writer deletes a chunk: DynamoDB's TTL took it; or missing at the head's own version under a
 * head past its TTL). A head marked `Expired` is read alone.
 */
function readState(
  head: Record<string, unknown>,
  items: readonly Record<string, unknown>[],
  channel: string,
  inflater: ReadInflater,
): StoredRealtimeState | { torn: number; found?: number; named: number } | { gone: number; named: number } {
  const version = Number(head.Version);
  const tooLarge = head.TooLarge ? { tooLarge: head.TooLarge as RealtimeTooLarge } : {};
  const expired = head.Expired ? { expired: head.Expired as RealtimeExpired } : {};
  if (!Array.isArray(head.Chunks)) {
    // stored before chunks: the whole state in one item, with its markers (a marked state's records are refused, whatever its form)
    const body = head.StateGzip instanceof Uint8Array ? inflater.inflate(head.StateGzip, 'head') : String(head.State);
    return { state: JSON.parse(body) as RealtimeContactState, version, ...tooLarge, ...expired };
  }
  // nothing folds a marked state: its chunks are neither read nor inflated
  if (marked(head)) return { state: headState(head, inflater), version, chunks: head.Chunks.map(Number), ...tooLarge, ...expired };
  const chunks = head.Chunks.map(Number);
  const transcript: RealtimeTranscriptEntry[] = [];
  for (let k = 0; k < chunks.length; k++) {
    const item = items[k + 1];
    const found = item?.[K.sk] === chunkKey(channel, k) ? Number(item.Version) : undefined;
    // missing at the head's own version too once the head is past its TTL: the head and the chunks its last transaction wrote
    // share one TTL, and DynamoDB's sweeper deletes them one by one, whenever (the head may still be read after its chunk is gone)
    if (found === undefined && (chunks[k]! < version || pastTtl(head))) return { gone: k, named: chunks[k]! };
    if (found !== chunks[k]) return { torn: k, found, named: chunks[k]! };
    for (const e of JSON.parse(inflater.inflate(item!.Chunk as Uint8Array, k)) as RealtimeTranscriptEntry[]) transcript.push(e);
  }
  const state = headState(head, inflater);
  if (chunks.length > 0) {
    for (const e of state.Transcript) transcript.push(e);
    state.Transcript = transcript;
  }
  return { state, version, chunks, ...tooLarge };
}

/** Whether the head's TTL (epoch seconds) has passed: DynamoDB may delete it, and the chunks written with it, at any time. */
const pastTtl = (head: Record<string, unknown>): boolean => head[K.ttl] !== undefined && Number(head[K.ttl]) * 1000 <= Date.now();

/** Whether a state's head is marked (past a limit, or a chunk gone): later records are refused at their read, unfolded. */
const marked = (head: Record<string, unknown> | undefined): boolean => head?.TooLarge !== undefined || head?.Expired !== undefined;

/** The members a chunked head holds (with the transcript items after its full chunks). */
const headState = (head: Record<string, unknown>, inflater: ReadInflater) =>
  JSON.parse(head.HeadGzip instanceof Uint8Array ? inflater.inflate(head.HeadGzip, 'head') : String(head.Head)) as RealtimeContactState & { Transcript: RealtimeTranscriptEntry[] };
