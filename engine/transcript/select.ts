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

/** What one role's sentiment was over a trailing window (`windowedSentimentState`). */
export interface WindowSentiment {
  /** From when the role joined (else its first item's start) to the end of the conversation so far, in ms. */
  readonly presentMillis: number;
  /** Whether the role has been present for the whole window (always, without a window). */
  readonly elapsed: boolean;
  /** The state every item of the role in the window has; `MIXED` when they differ; `undefined` when none is in the window. */
  readonly state: SentimentState | 'MIXED' | undefined;
}

/** An item's sentiment as a state of the window: a `MIXED` item is neither negative nor neutral; one without sentiment is `NEUTRAL`. */
const STATE_OF: Readonly<Record<string, WindowSentiment['state']>> = { POSITIVE: 'POSITIVE', NEGATIVE: 'NEGATIVE', NEUTRAL: 'NEUTRAL', MIXED: 'MIXED' };

/**
 * Real-time `Sentiment.State` of `role` over the last `pastSeconds` seconds
 * (docs/canonical-events.md). AWS (admin guide, Create Contact Lens rules, "Sentiment -
 * Time period"): "you can build a rule for when customer sentiment has remained negative
 * for a set period of time. If the participant joined the contact later, the time period
 * set here applies to when participant was present." So the window ends at the end of
 * the latest item of the conversation (any role); it has elapsed when the role has been
 * present that long, from when it joined (`joinedMillis`: a chat's `participant.joined`
 * event, at the same origin as the items' offsets) or else from the start of its first
 * item (the only sign of its presence a voice transcript gives); its state is the one
 * every item of the role ending inside it has (an item without sentiment is `NEUTRAL`),
 * `MIXED` when they differ (or an item is `MIXED`), `undefined` when none (silence). Without
 * `pastSeconds` the whole conversation counts. `undefined` when the role has neither
 * joined nor any item (not present as far as the input tells).
 */
export function windowedSentimentState(items: readonly TranscriptItem[], role: string, pastSeconds?: number, joinedMillis?: number): WindowSentiment | undefined {
  let end = 0;
  for (const item of items) if (item.EndOffsetMillis > end) end = item.EndOffsetMillis;
  const from = pastSeconds === undefined ? -Infinity : end - pastSeconds * 1000;
  let first = joinedMillis ?? Infinity;
  let state: WindowSentiment['state'];
  for (const item of items) {
    if (item.ParticipantRole !== role) continue;
    if (item.BeginOffsetMillis < first) first = item.BeginOffsetMillis;
    if (!(item.EndOffsetMillis > from)) continue;
    const itemState = STATE_OF[item.Sentiment ?? ''] ?? 'NEUTRAL';
    state = state === undefined || state === itemState ? itemState : 'MIXED';
  }
  if (first === Infinity) return undefined;
  const presentMillis = end - first;
  return { presentMillis, elapsed: pastSeconds === undefined || presentMillis >= pastSeconds * 1000, state };
}
