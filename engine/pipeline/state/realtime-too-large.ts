/**
 * The limits of a stored real-time state (its layout: realtime.ts), the errors of a state
 * past them, and the marker a contact's state keeps once it is, apart from the state
 * repository so that the pipeline's segment ingest can recognise them without bundling
 * the repository and node:zlib into functions that never store a real-time state
 * (test/deploy/package.test.ts holds ingestAnalysis without realtime.ts).
 */
import type { ContactKey } from './table.ts';

/** The largest stored body (a head's or a chunk's): DynamoDB's 400 KB item less room for the keys and the other attributes (~200 bytes, the head's chunk versions ~600) and the marker below. */
export const MAX_STATE_BYTES = 405_504; // 400 KiB less 4 KiB, a literal: esbuild keeps an unused product in every bundle that imports this module

/** Transcript items a chunk holds: the transcript is stored in chunks of this many, the items after the last full chunk in the head. */
export const CHUNK_ITEMS = 250;

/**
 * The most chunks a state has: a record that rewrites every chunk (an item that sorts
 * first arriving last) writes them and the head in one TransactWriteItems, and DynamoDB
 * takes at most 100 actions in one ("TransactWriteItems is a synchronous and idempotent
 * write operation that groups up to 100 write actions in a single all-or-nothing
 * operation", DynamoDB developer guide, "Amazon DynamoDB Transactions: How it works").
 * So a state holds at most 99 × 250 + 249 = 24,999 transcript items, and a record reads
 * at most 100 items.
 */
export const MAX_CHUNKS = 99;

/** The most transcript items a stored state holds: the record that would store the next is refused. */
export const MAX_TRANSCRIPT_ITEMS = 24_999; // MAX_CHUNKS * CHUNK_ITEMS + CHUNK_ITEMS - 1, a literal (see above)

/**
 * The most bytes of bodies one write sends: "The aggregate size of the items in the
 * transaction cannot exceed 4 MB" (same page), less room for the keys and attributes of
 * 100 items.
 */
export const MAX_WRITE_BYTES = 4_000_000;

/** Which limit a state passed: an item's size (the head or a chunk), the chunks' count, or one transaction's size. */
export type RealtimeLimit = 'item' | 'chunks' | 'write';

/**
 * Whether passing a limit is the state's (every later record would pass it too, so the
 * head is marked and later records are refused at their read) or only this record's: a
 * transaction over 4 MB comes of where the record's items sort (a late item rewrites every
 * chunk from it on), and the next record, in order, writes the head alone. One table both
 * stores' callers read (engine/pipeline/segments.ts), so backtest and a deployment agree.
 */
export const MARKS_STATE: Readonly<Record<RealtimeLimit, boolean>> = { item: true, chunks: true, write: false };

const LIMITS: Readonly<Record<RealtimeLimit, (bytes: number, messages: number) => string>> = {
  item: (bytes) => `a part of it is ${bytes} bytes compressed, over the ${MAX_STATE_BYTES} bytes one DynamoDB item holds`,
  chunks: (_bytes, messages) => `it would hold ${messages} transcript items, over the ${MAX_TRANSCRIPT_ITEMS} a stored state holds (${MAX_CHUNKS} chunks of ${CHUNK_ITEMS} and the head)`,
  write: (bytes) => `writing it would send ${bytes} bytes in one transaction, over the ${MAX_WRITE_BYTES} bytes DynamoDB takes`,
};

/**
 * What a contact's state item says once a record would have taken it past the limit
 * (`TooLarge`, written beside the state it keeps, under the state's `Version`): every
 * later record of the contact is refused at once, without folding, compressing or
 * writing; the record that passed it keeps failing (retried, then dead-lettered).
 */
export interface RealtimeTooLarge {
  /** When the limit was passed (ISO instant). */
  readonly At: string;
  /** The record that passed it: its delivery key and its label (Kinesis `shardId-…:sequence number`). */
  readonly DeliveryKey: string;
  readonly Label: string;
  /** The refused state's transcript items, and the size of what passed a limit (bytes compressed; 0 when the chunks' count did). */
  readonly Bytes: number;
  readonly Messages: number;
  /** Which limit it passed (absent in markers written before it was kept: markerLimit). */
  readonly Limit?: RealtimeLimit;
}

/** The limit a marker says was passed; a marker from before `Limit` was kept tells it by its bytes (0: the chunks' count). */
export const markerLimit = (marker: RealtimeTooLarge): RealtimeLimit => marker.Limit ?? (marker.Bytes ? 'item' : 'chunks');

/** The limit a contact's state passed, as a WARN line on each later record of it says. */
export const LIMIT_PASSED: Readonly<Record<RealtimeLimit, string>> = {
  item: 'a part of it is over the DynamoDB item limit even compressed',
  chunks: `it holds the ${MAX_TRANSCRIPT_ITEMS} transcript items a stored state holds`,
  write: 'writing it would pass the 4 MB DynamoDB takes in one transaction',
};

/** A contact's real-time state past a limit of what is stored: an item's size, the chunks' count, or one write's size. */
export class RealtimeStateTooLargeError extends Error {
  override readonly name = 'RealtimeStateTooLargeError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    /** The size that passed the limit, in bytes compressed (0 for the chunks' count). */
    readonly bytes: number,
    readonly messages: number,
    readonly limit: RealtimeLimit = 'item',
  ) {
    super(`the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}, ${messages} transcript items) is too large to store: ${LIMITS[limit](bytes, messages)}; this record is not folded in`);
  }
}

/**
 * A record of a contact whose state passed the limit at an earlier record (its item's
 * `TooLarge`): not folded in nor evaluated. The deployed real-time handler reports it
 * (WARN, counted) and goes on rather than failing it, since no retry can fold it.
 */
export class RealtimeStateOverLimitError extends Error {
  override readonly name = 'RealtimeStateOverLimitError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    readonly marker: RealtimeTooLarge,
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) passed what a stored state holds ` +
        `at ${marker.Label} (${marker.At}, ${marker.Messages} transcript items${marker.Bytes ? `, ${marker.Bytes} bytes compressed` : ''}: ${LIMIT_PASSED[markerLimit(marker)]}): this record is not folded in, nor evaluated`,
    );
  }
}
