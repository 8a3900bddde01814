/**
 * Which chunks of a real-time state's transcript a fold changed (the layout: realtime.ts),
 * shared by the DynamoDB store and the in-memory one so that both refuse the same record
 * at the same limit. A fold keeps the transcript items it did not change (the same
 * objects, engine/context/realtime.ts `applySegments`), so the first changed item is the
 * first whose object differs: one comparison per item, no serialisation.
 */
import type { ContactKey } from './table.ts';
import { CHUNK_ITEMS, MAX_CHUNKS, RealtimeStateTooLargeError } from './realtime-too-large.ts';

export interface ChunkPlan {
  /** The folded transcript's full chunks (the items after them are stored in the head). */
  readonly chunks: number;
  /** The first chunk to write: each from it to `chunks` is new or holds a changed item; those before it are as stored. */
  readonly from: number;
}

/**
 * The chunks of `next` (a fold of `before`, stored in `stored` full chunks) to write.
 * Throws RealtimeStateTooLargeError when `next` needs more than MAX_CHUNKS chunks.
 */
export function chunkPlan(key: ContactKey, channel: string, before: readonly object[] | undefined, stored: number, next: readonly object[]): ChunkPlan {
  const chunks = Math.floor(next.length / CHUNK_ITEMS);
  if (chunks > MAX_CHUNKS) throw new RealtimeStateTooLargeError(key, channel, 0, next.length, 'chunks');
  const kept = Math.min(stored * CHUNK_ITEMS, next.length, before?.length ?? 0);
  let i = 0;
  while (i < kept && before![i] === next[i]) i++;
  return { chunks, from: Math.min(Math.floor(i / CHUNK_ITEMS), stored, chunks) };
}

/** The transcript items of chunk `k`. */
export const chunkItems = <T>(transcript: readonly T[], k: number): readonly T[] => transcript.slice(k * CHUNK_ITEMS, (k + 1) * CHUNK_ITEMS);
