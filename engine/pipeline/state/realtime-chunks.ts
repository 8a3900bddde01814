/**
 * Which chunks of a real-time state's transcript a fold changed (the layout: realtime.ts),
 * and what a write of it holds and may hold (`chunkWrite`), shared by the DynamoDB store
 * and the in-memory one so that both refuse the same record at the same limit. A fold
 * keeps the transcript items it did not change (the same objects,
 * engine/context/realtime.ts `applySegments`), so the first changed item is the first
 * whose object differs: one comparison per item, no serialisation.
 */
import type { RealtimeContactState } from '../../context/realtime.ts';
import type { ContactKey } from './table.ts';
import { CHUNK_ITEMS, MAX_CHUNKS, MAX_STATE_BYTES, MAX_WRITE_BYTES, RealtimeStateTooLargeError } from './realtime-too-large.ts';

interface ChunkPlan {
  /** The folded transcript's full chunks (the items after them are stored in the head). */
  readonly chunks: number;
  /** The first chunk to write: each from it to `chunks` is new or holds a changed item; those before it are as stored. */
  readonly from: number;
}

/**
 * The chunks of `next` (a fold of `before`, stored in `stored` full chunks) to write.
 * Throws RealtimeStateTooLargeError when `next` needs more than MAX_CHUNKS chunks.
 */
function chunkPlan(key: ContactKey, channel: string, before: readonly object[] | undefined, stored: number, next: readonly object[]): ChunkPlan {
  const chunks = Math.floor(next.length / CHUNK_ITEMS);
  if (chunks > MAX_CHUNKS) throw new RealtimeStateTooLargeError(key, channel, 0, next.length, 'chunks');
  const kept = Math.min(stored * CHUNK_ITEMS, next.length, before?.length ?? 0);
  let i = 0;
  while (i < kept && before![i] === next[i]) i++;
  return { chunks, from: Math.min(Math.floor(i / CHUNK_ITEMS), stored, chunks) };
}

/** The transcript items of chunk `k`. */
const chunkItems = <T>(transcript: readonly T[], k: number): readonly T[] => transcript.slice(k * CHUNK_ITEMS, (k + 1) * CHUNK_ITEMS);

/**
 * How a store makes and sizes what it writes: the DynamoDB store the bodies as stored
 * (JSON or gzip), the in-memory one their JSON (an upper bound: gzip never makes a chat's
 * JSON larger), compressed only when that may be over a limit (`exact`).
 */
export interface ChunkBodies<H, C> {
  /** The head's body: the state with the transcript items after its full chunks. Throws RealtimeStateTooLargeError past an item. */
  head(state: RealtimeContactState): H;
  /** Chunk `k`'s body, of its items. */
  chunk(items: readonly object[], k: number): C;
  /** A body's size as stored, or an upper bound of it. */
  bytes(body: H | C): number;
  /** The size as stored of a body whose `bytes` is an upper bound (default: `bytes`). */
  exact?(body: H | C): number;
}

/** What one write of a folded state holds. */
export interface ChunkWrite<H, C> {
  /** The head's body, and the version of each full chunk it names (`Chunks`). */
  readonly head: H;
  readonly versions: readonly number[];
  /** The chunks to write with it, in one transaction (none: the head alone). */
  readonly chunks: readonly { readonly k: number; readonly body: C }[];
}

/**
 * The write of `state`, a fold of `current` (undefined: none stored), as version
 * `current.version + 1`: the head, and the chunks the fold filled or changed. Throws
 * RealtimeStateTooLargeError for a state past a limit: more than MAX_CHUNKS chunks, the
 * head or a chunk over an item, or a write of chunks over MAX_WRITE_BYTES in all.
 */
export function chunkWrite<H, C>(
  key: ContactKey,
  channel: string,
  current: { readonly state: RealtimeContactState; readonly version: number; readonly chunks?: readonly number[] } | undefined,
  state: RealtimeContactState,
  bodies: ChunkBodies<H, C>,
): ChunkWrite<H, C> {
  const stored = current?.chunks ?? [];
  const transcript = state.Transcript;
  const { chunks, from } = chunkPlan(key, channel, current?.state.Transcript, stored.length, transcript);
  const exact = bodies.exact ?? bodies.bytes;
  const head = bodies.head(chunks === 0 ? state : { ...state, Transcript: transcript.slice(chunks * CHUNK_ITEMS) });
  const written: { k: number; body: C }[] = [];
  let bytes = bodies.bytes(head);
  for (let k = from; k < chunks; k++) {
    const body = bodies.chunk(chunkItems(transcript, k), k);
    let size = bodies.bytes(body);
    if (size > MAX_STATE_BYTES && (size = exact(body)) > MAX_STATE_BYTES) throw new RealtimeStateTooLargeError(key, channel, size, transcript.length, 'item');
    bytes += size;
    written.push({ k, body });
  }
  if (written.length > 0 && bytes > MAX_WRITE_BYTES) {
    if (bodies.exact) bytes = written.reduce((sum, c) => sum + exact(c.body), exact(head));
    if (bytes > MAX_WRITE_BYTES) throw new RealtimeStateTooLargeError(key, channel, bytes, transcript.length, 'write');
  }
  if (from === chunks && chunks === stored.length) return { head, versions: stored, chunks: written };
  const version = (current?.version ?? 0) + 1;
  const versions = stored.slice(0, from);
  for (let k = from; k < chunks; k++) versions.push(version);
  return { head, versions, chunks: written };
}
