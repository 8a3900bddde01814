import type { WordLanguage } from './language.ts';

/**
 * The transcript item of the canonical trigger event (docs/canonical-events.md):
 * one utterance (voice) or one message (chat), with offsets from the contact start.
 */
export interface TranscriptItem {
  readonly Id: string;
  /** `AGENT`, `CUSTOMER`, `SYSTEM`, `CUSTOM_BOT`, `SUPERVISOR`, ... or `UNKNOWN` when no source says. */
  readonly ParticipantRole: string;
  readonly Content: string;
  readonly BeginOffsetMillis: number;
  readonly EndOffsetMillis: number;
  readonly Sentiment?: string;
}

/**
 * A transcript whose items are not built yet, as the rule set's phrase index reads
 * it (phrase-index.ts): the texts, offsets and roles the built items would hold,
 * without making an object per item. context/analysis-file.ts gives one for a voice
 * file, as `unbuilt` of the input of its deferred `Transcript` (context/lazy.ts
 * `pendingInput`), when every item has a text and finite offsets.
 */
export interface UnbuiltTranscript {
  /** Per item, in order: an object whose `Content` is the item's `Content`. */
  readonly texts: readonly { readonly Content: string }[];
  /** Writes each item's BeginOffsetMillis, EndOffsetMillis (finite numbers) and ParticipantRole at its index of `beginOf`, `endOf` and `roleOf`. */
  columns(beginOf: Float64Array, endOf: Float64Array, roleOf: string[]): void;
}

/** A transcript item with its words, tokenised at most once, on first use (see prepare.ts). */
export interface PreparedItem {
  readonly item: TranscriptItem;
  /** Lower-case words (tokenize.ts). */
  readonly words: readonly string[];
  /** `starts[i]`/`ends[i]`: where `words[i]` stands in `item.Content` (UTF-16 offsets, end exclusive). */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Where the item stands in its prepared transcript (0 when prepared alone). */
  readonly position: number;
  /** The contact's language, as its words are matched (language.ts). */
  readonly language: WordLanguage;
}

/** What a transcript matcher reports: the first place it matched. */
export interface TranscriptMatch {
  /** The operand that matched, as written (pattern operands: a readable rendering). */
  readonly phrase: string;
  readonly itemId: string;
  readonly role: string;
  readonly beginOffsetMillis: number;
  /** The matched words as they stand in the item's content (original case and punctuation). */
  readonly text: string;
}

/** A compiled set of operands: `find` returns the first match over the items, in item order. */
export interface TranscriptMatcher {
  find(items: readonly PreparedItem[]): TranscriptMatch | undefined;
}

/** The match record of words `from` (inclusive) to `to` (exclusive) of `p`. */
export function matchAt(phrase: string, p: PreparedItem, from: number, to: number): TranscriptMatch {
  return {
    phrase,
    itemId: p.item.Id,
    role: p.item.ParticipantRole,
    beginOffsetMillis: p.item.BeginOffsetMillis,
    text: p.item.Content.slice(p.starts[from], p.ends[to - 1]),
  };
}
