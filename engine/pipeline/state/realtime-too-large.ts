/**
 * The error of a real-time state too large for one DynamoDB item, apart from the state
 * repository (realtime.ts) so that the pipeline's segment ingest can recognise it without
 * bundling the repository and node:zlib into functions that never store a real-time state
 * (test/deploy/package.test.ts holds ingestAnalysis without realtime.ts).
 */
import type { ContactKey } from './table.ts';

/** The largest stored body: DynamoDB's 400 KB item less room for the keys and the other attributes (~200 bytes). */
export const MAX_STATE_BYTES = 405_504; // 400 KiB less 4 KiB, a literal: esbuild keeps an unused product in every bundle that imports this module

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
