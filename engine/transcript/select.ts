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
export function transcriptEndMillis(items: readonly TranscriptItem[]): number {
  let end = 0;
  for (const item of items) if (item.EndOffsetMillis > end) end = item.EndOffsetMillis;
  return end;
}

/**
 * A condition's filters, compiled once: what `select` and `keeps` test per item, and
 * the key its selection is cached under (`totalMillis` is appended when `last` needs it).
 */
export interface Selection {
  /** undefined for `ANY` or no role filter */
  readonly role: string | undefined;
  readonly first: number | undefined;
  readonly last: number | undefined;
  readonly firstLimit: number | undefined;
  readonly key: string;
}

export function compileSelection(options: Omit<SelectOptions, 'totalMillis'>): Selection {
  const role = options.role === undefined || options.role === 'ANY' ? undefined : options.role;
  const { first, last } = options;
  return { role, first, last, firstLimit: first === undefined ? undefined : first * 1000, key: `${role ?? ''}|${first ?? ''}|${last ?? ''}|` };
}

/** Whether the selection keeps everything (no filter at all). */
export const keepsAll = (s: Selection): boolean => s.role === undefined && s.first === undefined && s.last === undefined;

/** Where items must end after for `last` seconds, in a conversation that ends at `endMillis`. */
export const lastLimitBefore = (endMillis: number, last: number): number => endMillis - last * 1000;

/** Where items must end after for `last` (undefined without it): the conversation's end (`totalMillis`, else the latest item's) minus `last` seconds. */
export function lastLimitOf(items: readonly TranscriptItem[], s: Selection, totalMillis: number | undefined): number | undefined {
  return s.last === undefined ? undefined : lastLimitBefore(totalMillis ?? transcriptEndMillis(items), s.last);
}

/** Whether the selection keeps `item` (`lastLimit` from lastLimitOf). */
export function keeps(s: Selection, item: TranscriptItem, lastLimit: number | undefined): boolean {
  return (
    (s.role === undefined || item.ParticipantRole === s.role) &&
    (s.firstLimit === undefined || item.BeginOffsetMillis < s.firstLimit) &&
    (lastLimit === undefined || item.EndOffsetMillis > lastLimit)
  );
}

/**
 * The items `s` keeps, in transcript order. The result is cached on `prepared` per
 * selection, so rules sharing filters share the array.
 */
export function select(prepared: PreparedTranscript, s: Selection, totalMillis: number | undefined): readonly PreparedItem[] {
  if (keepsAll(s)) return prepared.items;
  const key = s.last === undefined ? s.key : `${s.key}${totalMillis ?? ''}`;
  const cached = prepared.selections.get(key);
  if (cached) return cached;
  const lastLimit = lastLimitOf(prepared.source, s, totalMillis);
  const selected = prepared.items.filter(({ item }) => keeps(s, item, lastLimit));
  prepared.selections.set(key, selected);
  return selected;
}

/** The items that pass the filters of `options`, in transcript order (see `select`). */
export function selectItems(prepared: PreparedTranscript, options: SelectOptions = {}): readonly PreparedItem[] {
  return select(prepared, compileSelection(options), options.totalMillis);
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
