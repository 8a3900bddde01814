/**
 * A real-time state that lost a chunk of its transcript, and a write DynamoDB kept
 * cancelling: their typed errors and the marker a head keeps once a chunk is gone, apart
 * from the state repository so that the pipeline's segment ingest recognises them without
 * bundling the repository and node:zlib (as realtime-too-large.ts).
 *
 * A chunk keeps the TTL of the record that wrote it while the head's slides with every
 * record (realtime.ts), so a contact whose records keep coming more than the state's TTL
 * after a chunk was written (a replay of an old chat, a stream read again) finds the chunk
 * deleted by DynamoDB's TTL under a living head. Nothing brings it back, and folding the
 * rest as if it were the whole chat would evaluate rules on a transcript with a hole in
 * it: the record that finds it fails (retried, then dead-lettered), the head is marked
 * (`Expired`), and every later record of the contact is reported and not folded.
 */
import type { ContactKey } from './table.ts';
import { CHUNK_ITEMS } from './realtime-too-large.ts';

/** What a contact's state head says once a record found a chunk of its transcript gone (`Expired`, under the head's `Version`). */
export interface RealtimeExpired {
  /** When the chunk was found gone (ISO instant). */
  readonly At: string;
  /** The record that found it: its delivery key and its label (Kinesis `shardId-…:sequence number`). */
  readonly DeliveryKey: string;
  readonly Label: string;
  /** The chunk found gone, and the version of the state that wrote it. */
  readonly Chunk: number;
  readonly Written: number;
}

/**
 * A real-time state whose head names a chunk that is gone: a chunk is never deleted by the
 * pipeline (only replaced, within a transaction with its head), and one named at a version
 * older than its head's was written by a transaction that has ended, so only DynamoDB's TTL
 * (or a hand in the table) took it. `marker` is set for a record after the one that found it.
 */
export class RealtimeStateExpiredError extends Error {
  override readonly name = 'RealtimeStateExpiredError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    /** The chunk gone, and the version that wrote it. */
    readonly chunk: number,
    readonly written: number,
    /** The head's version as read (what marking it is conditional on). */
    readonly version: number,
    readonly marker?: RealtimeExpired,
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) has lost chunk ${chunk} of its transcript ` +
        `(items ${chunk * CHUNK_ITEMS + 1} to ${(chunk + 1) * CHUNK_ITEMS}, written at version ${written})` +
        (marker ? `, found gone at ${marker.Label} (${marker.At})` : '') +
        `: DynamoDB's TTL deleted it (CONNECT_RULES_STATE_TTL_SECONDS after the record that wrote it) while later records kept its head; ` +
        (marker ? 'this record is not folded in, nor evaluated' : 'this record is not folded in, nor will later records of the contact be'),
    );
  }
}

/**
 * A write of a contact's real-time state that DynamoDB cancelled `attempts` times in a row
 * for throttling or capacity (its codes: `ThrottlingError`, `ProvisionedThroughputExceeded`),
 * not for its condition nor another writer's transaction (lost races, read and folded
 * again): the record fails like any failure, and Kinesis retries it from there (then
 * dead-letters it), the state left as it was.
 */
export class RealtimeStateContentionError extends Error {
  override readonly name = 'RealtimeStateContentionError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    readonly attempts: number,
    readonly codes: readonly string[],
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) could not be written: DynamoDB cancelled the transaction ` +
        `${attempts} times in a row (${codes.join(', ')}); this record is not folded in and fails, to be retried`,
    );
  }
}
