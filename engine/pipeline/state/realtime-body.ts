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

/** JSON bodies up to this many bytes are stored as text; longer ones compressed (gzip costs CPU on every write, and saves write units: DynamoDB counts a write per 1 KB of the item). */
export const COMPRESS_FROM = 32_768; // 32 KiB, written as a literal: esbuild keeps an unused product in every bundle that imports this module

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
