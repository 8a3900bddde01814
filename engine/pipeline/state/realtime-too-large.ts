/**
 * The errors of a real-time state too large for one DynamoDB item, and the marker a
 * contact's state item keeps once it is, apart from the state repository (realtime.ts)
 * so that the pipeline's segment ingest can recognise them without bundling the
 * repository and node:zlib into functions that never store a real-time state
 * (test/deploy/package.test.ts holds ingestAnalysis without realtime.ts).
 */
import type { ContactKey } from './table.ts';

/** The largest stored body: DynamoDB's 400 KB item less room for the keys and the other attributes (~200 bytes) and the marker below. */
export const MAX_STATE_BYTES = 405_504; // 400 KiB less 4 KiB, a literal: esbuild keeps an unused product in every bundle that imports this module

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
  /** The refused state's compressed size (bytes) and transcript items. */
  readonly Bytes: number;
  readonly Messages: number;
}

/** A contact's real-time state that does not fit one DynamoDB item even compressed. */
export class RealtimeStateTooLargeError extends Error {
  override readonly name = 'RealtimeStateTooLargeError';
  constructor(
    readonly key: ContactKey,
    readonly channel: string,
    /** The compressed body's size, in bytes. */
    readonly bytes: number,
    readonly messages: number,
  ) {
    super(
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}, ${messages} transcript items) is ${bytes} bytes compressed, ` +
        `over the ${MAX_STATE_BYTES} bytes one DynamoDB item holds: this record is not folded in`,
    );
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
      `the real-time ${channel} state of contact ${key.contactId} (instance ${key.instanceId}) passed the ${MAX_STATE_BYTES} bytes one DynamoDB item holds ` +
        `at ${marker.Label} (${marker.At}, ${marker.Messages} transcript items, ${marker.Bytes} bytes compressed): this record is not folded in, nor evaluated`,
    );
  }
}
