/**
 * The transcript filters of a condition:
 * `ParticipantRole` and `Post{Call,Chat}ContactPeriodSeconds {First | Last}`, and the
 * trailing window of the real-time sentiment state (docs/canonical-events.md).
 */
import type { PreparedTranscript } from './prepare.ts';
import type { PreparedItem, TranscriptItem } from './types.ts';

export interface SelectOptions {
  /** `AGENT`, `CUSTOMER` (or any other role name): items of that role. `ANY` or absent: all items, system messages included. */
  readonly role?: string;
  /** Keep the items that begin before `first` seconds. */
  readonly first?: number;
  /** Keep the items that end after `totalMillis / 1000 − last` seconds. */
  readonly last?: number;
  /** End of the conversation for `last`; default: the largest `EndOffsetMillis` of the items. */
  readonly totalMillis?: number;
}

/** The end of the latest item (0 when there are none). */
export function transcriptEndMillis(items: readonly { readonly item: TranscriptItem }[]): number {
  let end = 0;
  for (const p of items) if (p.item.EndOffsetMillis > end) end = p.item.EndOffsetMillis;
  return end;
}

/**
 * The items that pass the filters, in transcript order. The result is cached on
 * `prepared` per distinct options, so rules sharing filters share the array.
 */
export function selectItems(prepared: PreparedTranscript, options: SelectOptions = {}): readonly PreparedItem[] {
  const role = options.role === undefined || options.role === 'ANY' ? undefined : options.role;
  const { first, last } = options;
  if (role === undefined && first === undefined && last === undefined) return prepared.items;
  const key = `${role ?? ''}|${first ?? ''}|${last ?? ''}|${last === undefined ? '' : (options.totalMillis ?? '')}`;
  const cached = prepared.selections.get(key);
  if (cached) return cached;
  const firstLimit = first === undefined ? undefined : first * 1000;
  const lastLimit =
    last === undefined ? undefined : (options.totalMillis ?? transcriptEndMillis(prepared.items)) - last * 1000;
  const selected = prepared.items.filter(
    ({ item }) =>
      (role === undefined || item.ParticipantRole === role) &&
      (firstLimit === undefined || item.BeginOffsetMillis < firstLimit) &&
      (lastLimit === undefined || item.EndOffsetMillis > lastLimit),
  );
  prepared.selections.set(key, selected);
  return selected;
}

export type SentimentState = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';

/**
 * Real-time `Sentiment.State` of `role` over the last `pastSeconds` seconds
 * (docs/canonical-events.md): the window ends at the end of the latest item of the
 * conversation (any role); the items of the role that end inside it count `POSITIVE`
 * +1, `NEGATIVE` −1, others 0; the sign of the sum is the state. Without `pastSeconds`
 * the whole conversation counts. `undefined` (missing) when no item of the role is in
 * the window. `role` `ANY` or absent: every item.
 */
export function windowedSentimentState(
  items: readonly TranscriptItem[],
  role: string | undefined,
  pastSeconds?: number,
): SentimentState | undefined {
  let end = 0;
  for (const item of items) if (item.EndOffsetMillis > end) end = item.EndOffsetMillis;
  const from = pastSeconds === undefined ? -Infinity : end - pastSeconds * 1000;
  let seen = false;
  let sum = 0;
  for (const item of items) {
    if (role !== undefined && role !== 'ANY' && item.ParticipantRole !== role) continue;
    if (!(item.EndOffsetMillis > from)) continue;
    seen = true;
    if (item.Sentiment === 'POSITIVE') sum++;
    else if (item.Sentiment === 'NEGATIVE') sum--;
  }
  if (!seen) return undefined;
  return sum > 0 ? 'POSITIVE' : sum < 0 ? 'NEGATIVE' : 'NEUTRAL';
}
