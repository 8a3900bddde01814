/**
 * Tokenise a transcript once per event: N rules evaluated on one trigger event
 * share the same prepared items (memoised on the identity of the items array).
 */
import { tokenizeWithOffsets } from './tokenize.ts';
import type { PreparedItem, TranscriptItem } from './types.ts';

export interface PreparedTranscript {
  readonly items: readonly PreparedItem[];
  /** Selections already computed (select.ts), keyed by their options. */
  readonly selections: Map<string, readonly PreparedItem[]>;
}

const cache = new WeakMap<readonly TranscriptItem[], PreparedTranscript>();

export function prepareItem(item: TranscriptItem): PreparedItem {
  const { words, starts, ends } = tokenizeWithOffsets(item.Content);
  return { item, words, starts, ends, indexed: undefined };
}

/** The items of `items` with their words; the same array gives the same result object. */
export function prepareTranscript(items: readonly TranscriptItem[]): PreparedTranscript {
  let prepared = cache.get(items);
  if (!prepared) {
    prepared = { items: items.map(prepareItem), selections: new Map() };
    cache.set(items, prepared);
  }
  return prepared;
}
