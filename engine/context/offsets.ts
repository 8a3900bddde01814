/**
 * Where a conversation's offsets start and where it ends, the same for the post-contact
 * analysis file (analysis-file.ts) and the real-time segments (realtime.ts).
 */
import type { ContactFacts } from './contact-record.ts';
import type { TranscriptItem } from './types.ts';

/**
 * The instant chat offsets count from: the contact record's `InitiationTimestamp`, else
 * the earliest of the input's own `times` (asked for only then).
 */
export function contactStart(contact: ContactFacts | undefined, times: () => Iterable<number | undefined>): number | undefined {
  let start = contact?.InitiationMillis;
  if (start !== undefined) return start;
  for (const time of times()) if (time !== undefined && (start === undefined || time < start)) start = time;
  return start;
}

/** The end of the latest item (0 without items): how long a conversation of instants lasts. */
export function lastEnd(items: readonly TranscriptItem[]): number {
  return items.reduce((max, item) => Math.max(max, item.EndOffsetMillis), 0);
}
