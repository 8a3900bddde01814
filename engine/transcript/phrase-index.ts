/**
 * The exact-match operands of every rule of a rule set, found in one pass over a
 * transcript: each distinct operand gets an id; an item's text is read once (in
 * place, exact.ts's phrase table over all operands) and the transcript keeps the ids
 * found in each item, whichever condition asked first. A condition then asks
 * whether an item its role and period filters keep holds one of its ids, so its
 * result is exactly what its own matcher (`compileExactMatcher(...).test` on its
 * selected items) would say: a phrase never spans two items.
 *
 * A condition with filters reads only the items it keeps (each scanned at most once
 * per event whatever the number of conditions); once every item has been read, or
 * for a condition without filters, the transcript keeps per id the items holding it
 * and a condition applies its filters to those few items only.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import { keeps, keepsAll, lastLimitOf, type Selection } from './select.ts';
import type { PreparedItem, PreparedTranscriptMemo } from './types.ts';

/** `found` of an item not read yet. */
const UNREAD = undefined;
/** `found` of an item holding no operand. */
const NONE: readonly number[] = [];

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

  /** The memo of `t` for this index (reset when another index, or none, read it). */
  private claim(t: PreparedTranscriptMemo): void {
    if (t.indexedBy === this) return;
    this.table ??= compilePhraseTable(this.phrases);
    t.indexedBy = this;
    t.found = new Array(t.items.length);
    t.unread = t.items.length;
    t.hitLists = undefined;
  }

  /** The operand ids item `p` of `t` holds (read on first use). */
  private foundIn(t: PreparedTranscriptMemo, p: PreparedItem): readonly number[] {
    const known = t.found![p.position];
    if (known !== UNREAD) return known;
    const found = this.table!.found(p) ?? NONE;
    t.found![p.position] = found;
    t.unread--;
    return found;
  }

  /** Per operand id, the items of the transcript holding it (every item read, once). */
  private hitListsOf(t: PreparedTranscriptMemo): readonly (readonly PreparedItem[] | undefined)[] {
    if (t.hitLists) return t.hitLists;
    const lists: (PreparedItem[] | undefined)[] = [];
    for (const p of t.items) {
      const found = this.foundIn(t, p);
      for (let k = 0; k < found.length; k++) (lists[found[k]] ??= []).push(p);
    }
    t.hitLists = lists;
    return lists;
  }

  /**
   * Whether an item of `t` that `selection` keeps holds one of `wanted`;
   * `selected(t, totalMillis)` lists the items it keeps.
   */
  anyKept<T extends PreparedTranscriptMemo>(
    t: T,
    wanted: readonly number[],
    selection: Selection,
    totalMillis: number | undefined,
    selected: (t: T, totalMillis: number | undefined) => readonly PreparedItem[],
  ): boolean {
    this.claim(t);
    const all = keepsAll(selection);
    if (!all && t.unread > 0) {
      for (const p of selected(t, totalMillis)) {
        const found = this.foundIn(t, p);
        for (let k = 0; k < found.length; k++) if (wanted.includes(found[k])) return true;
      }
      return false;
    }
    const lists = this.hitListsOf(t);
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
