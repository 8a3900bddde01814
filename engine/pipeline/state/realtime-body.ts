/**
 * A real-time state's head (or a whole state, in memory) as one DynamoDB item stores it, and the limit it must fit (AWS,
 * DynamoDB developer guide, "Service, account, and table quotas": "The maximum item size
 * in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length)
 * and attribute value lengths (again binary length)."): JSON text up to `COMPRESS_FROM`
 * bytes, gzip-compressed past it (node:zlib, nothing added to a bundle), refused with a
 * typed error naming the contact when even that is over `MAX_STATE_BYTES`. The DynamoDB
 * store (realtime.ts) writes this body; the in-memory store (backtest) checks it, so a
 * chat too long to store deployed is refused there too.
 */
import { gzipSync } from 'node:zlib';
import type { RealtimeContactState } from '../../context/realtime.ts';
import type { ContactKey } from './table.ts';
import { MAX_STATE_BYTES, RealtimeStateTooLargeError } from './realtime-too-large.ts';

/**
 * JSON bodies up to this many bytes are stored as text (readable in the console); longer
 * ones compressed. A head is written by every record and DynamoDB counts a write unit per
 * 1 KB of the item, so a head of up to 249 transcript items (~50 KB of JSON) is compressed
 * (~5 KB) for ~0.3 ms of gzip: measured in docs/performance.md, session 13 (it was 32 KiB
 * while the whole state was one item).
 */
export const COMPRESS_FROM = 4_096; // 4 KiB, written as a literal: esbuild keeps an unused product in every bundle that imports this module

/**
 * The state's stored attribute: JSON text up to `compressFrom` bytes, else gzip-compressed
 * (a put replaces the whole item: the other form goes). Throws RealtimeStateTooLargeError
 * when the compressed body is over `MAX_STATE_BYTES`. With `compressFrom` at
 * `MAX_STATE_BYTES` (the in-memory store's check), a body that fits as text is not
 * compressed: gzip never makes a chat's JSON larger, so it fits compressed too.
 * `messages` is what the error tells of the whole transcript (a head holds its last items only).
 */
export function realtimeStateBody(
  key: ContactKey,
  channel: string,
  state: RealtimeContactState,
  compressFrom = COMPRESS_FROM,
  messages = state.Transcript.length,
): { State: string } | { StateGzip: Uint8Array } {
  const json = JSON.stringify(state);
  // a UTF-16 length under compressFrom / 3 is surely under it in UTF-8 bytes; otherwise count
  if (json.length <= compressFrom / 3 || Buffer.byteLength(json) <= compressFrom) return { State: json };
  const gzip = gzipSync(json);
  if (gzip.byteLength > MAX_STATE_BYTES) throw new RealtimeStateTooLargeError(key, channel, gzip.byteLength, messages);
  return { StateGzip: gzip };
}
