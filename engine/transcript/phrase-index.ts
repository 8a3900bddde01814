/**
 * The exact-match operands of every rule of a rule set, found in one pass over a
 * transcript: each distinct operand gets an id; each item's words are walked once
 * with exact.ts's phrase table over all operands, and the transcript keeps, per id,
 * the items holding it. A rule's condition then asks whether one of its ids is held
 * by an item its role and period filters keep (the filters are applied to these few
 * items, not to the transcript), so its result is exactly what its own matcher
 * (`compileExactMatcher(...).test` on its selected items) would say: a phrase never
 * spans two items. Matches are rare, so that question costs a few lookups, whatever the
 * length of the call.
 *
 * Scanning every item pays only when several conditions ask about one transcript:
 * the first few ask their own matcher (which reads only the items they selected and
 * stops at the first match); from the `SCAN_AFTER + 1`th on, the transcript is
 * scanned once for all.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import { keeps, keepsAll, lastLimitOf, type Selection } from './select.ts';
import type { PreparedItem, PreparedTranscriptMemo } from './types.ts';

const SCAN_AFTER = 3;

export class PhraseIndex {
  private readonly phrases: string[] = [];
  private readonly ids = new Map<string, number>();
  private table: PhraseTable | undefined;

  /** Registers a condition's operands (before the first scan); their distinct ids. */
  add(operands: readonly string[]): readonly number[] {
    if (this.table) throw new Error('PhraseIndex: operands added after the first scan');
    const wanted = new Set<number>();
    for (const phrase of operands) {
      let id = this.ids.get(phrase);
      if (id === undefined) {
        id = this.phrases.length;
        this.phrases.push(phrase);
        this.ids.set(phrase, id);
      }
      wanted.add(id);
    }
    return [...wanted];
  }

  /** The number of distinct operands. */
  get size(): number {
    return this.phrases.length;
  }

  /** Per operand id, the items of the transcript holding it (scanned once per transcript and index). */
  private hitListsOf(t: PreparedTranscriptMemo): readonly (readonly PreparedItem[] | undefined)[] {
    if (t.indexedBy === this) return t.hitLists!;
    this.table ??= compilePhraseTable(this.phrases);
    const lists: (PreparedItem[] | undefined)[] = [];
    for (const p of t.items) {
      const found = this.table.found(p);
      if (found) for (const id of found) (lists[id] ??= []).push(p);
    }
    t.indexedBy = this;
    t.hitLists = lists;
    return lists;
  }

  /**
   * Whether an item of `t` that `selection` keeps holds one of `wanted`: what the
   * condition's own matcher says on the items it selected (`own(t, totalMillis)`),
   * which answers the first SCAN_AFTER questions about a transcript; from then on
   * the transcript is scanned once for every operand, and a question only applies
   * the selection's role and period filters to the few items holding its operands.
   */
  anyKept<T extends PreparedTranscriptMemo>(
    t: T,
    wanted: readonly number[],
    selection: Selection,
    totalMillis: number | undefined,
    own: (t: T, totalMillis: number | undefined) => boolean,
  ): boolean {
    if (t.indexedBy !== this) {
      if (t.countedBy !== this) {
        t.countedBy = this;
        t.asked = 0;
      }
      if (++t.asked <= SCAN_AFTER) return own(t, totalMillis);
    }
    const lists = this.hitListsOf(t);
    const all = keepsAll(selection);
    let lastLimit: number | undefined;
    let limited = false;
    for (let w = 0; w < wanted.length; w++) {
      const holders = lists[wanted[w]];
      if (holders === undefined) continue;
      if (all) return true;
      if (!limited) {
        lastLimit = lastLimitOf(t.items, selection, totalMillis);
        limited = true;
      }
      for (let h = 0; h < holders.length; h++) if (keeps(selection, holders[h].item, lastLimit)) return true;
    }
    return false;
  }
}
