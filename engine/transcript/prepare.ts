/**
 * Prepare a transcript once per event: N rules evaluated on one trigger event
 * share the same prepared items (memoised on the identity of the items array), each
 * tokenised at most once, when some matcher first needs its words.
 */
import { segmentWithOffsets, tokenize, tokenizeWithOffsets, type Tokens } from './tokenize.ts';
import { ENGLISH_WORDS, type WordLanguage } from './language.ts';
import type { PreparedItem, TranscriptItem } from './types.ts';

export interface PreparedTranscript {
  readonly items: readonly PreparedItem[];
  /** The items as the event holds them. */
  readonly source: readonly TranscriptItem[];
  /** Selections already computed (select.ts), keyed by their options. */
  readonly selections: Map<string, readonly PreparedItem[]>;
  /** The contact's language, as its words are matched (language.ts). */
  readonly language: WordLanguage;
}

/**
 * The last few transcripts prepared, by the identity of their items array: the
 * rules of one event ask for the same array again and again. Not a WeakMap: its
 * entries make the garbage collector keep and trace every event's words (measured:
 * four times the cost of tokenising), while these few slots hold only the latest
 * events and let the rest die young.
 */
const RECENT = 4;
const recentItems: (readonly TranscriptItem[] | undefined)[] = new Array(RECENT).fill(undefined);
const recentPrepared: (PreparedTranscript | undefined)[] = new Array(RECENT).fill(undefined);
let nextSlot = 0;
/** Whether a slot holds a transcript: `forgetPrepared` after a match that prepared none (most: exact match reads texts in place) clears nothing. */
let holding = false;

/**
 * An item with its words. Exact match reads the text in place (word-scan.ts), so the
 * words are computed on first use (pattern and semantic match, explain), and where
 * each word stands only to quote a match: neither is computed for every item of
 * every event.
 */
class Prepared implements PreparedItem {
  private tokens: readonly string[] | undefined = undefined;
  private offsets: Tokens | undefined = undefined;

  constructor(
    readonly item: TranscriptItem,
    readonly position: number,
    readonly language: WordLanguage,
  ) {}

  get words(): readonly string[] {
    if (this.language.segmenter) return this.withOffsets().words;
    return (this.tokens ??= this.offsets ? this.offsets.words : tokenize(this.item.Content));
  }

  get starts(): readonly number[] {
    return this.withOffsets().starts;
  }

  get ends(): readonly number[] {
    return this.withOffsets().ends;
  }

  /** The words with where they stand: a language written without spaces is segmented (language.ts). */
  private withOffsets(): Tokens {
    const segmenter = this.language.segmenter;
    return (this.offsets ??= segmenter ? segmentWithOffsets(this.item.Content, segmenter) : tokenizeWithOffsets(this.item.Content));
  }
}

/**
 * The items of `items` with their words, in the contact's `language` (English when not
 * told); the same array in the same language gives the same result object.
 */
export function prepareTranscript(items: readonly TranscriptItem[], language: WordLanguage = ENGLISH_WORDS): PreparedTranscript {
  for (let k = 0; k < RECENT; k++) if (recentItems[k] === items && recentPrepared[k]!.language === language) return recentPrepared[k]!;
  const list: PreparedItem[] = new Array(items.length);
  const prepared: PreparedTranscript = { items: list, source: items, selections: new Map(), language };
  for (let position = 0; position < items.length; position++) list[position] = new Prepared(items[position], position, language);
  recentItems[nextSlot] = items;
  recentPrepared[nextSlot] = prepared;
  nextSlot = (nextSlot + 1) % RECENT;
  holding = true;
  return prepared;
}

/**
 * Lets go of the transcripts prepared so far: run by the rule set's FieldCache.release
 * (registered by compile/transcript-leaves.ts), so a Lambda container idle between
 * invocations keeps none.
 */
export function forgetPrepared(): void {
  if (!holding) return;
  recentItems.fill(undefined);
  recentPrepared.fill(undefined);
  holding = false;
}
