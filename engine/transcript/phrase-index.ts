/**
 * The exact-match operands of every rule of a rule set, found in one pass over a
 * transcript: each distinct operand gets an id; an item's text is read once (in
 * place, exact.ts's phrase table over all operands), whichever condition asked
 * first, and the transcript keeps, per operand id, the items read so far that hold
 * it (its hit list). A condition then asks whether an item its role and period
 * filters keep holds one of its ids, so its result is exactly what its own matcher
 * (`compileExactMatcher(...).test` on its selected items) would say: a phrase never
 * spans two items.
 *
 * A condition with filters first reads the items it keeps that are still unread
 * (once per event and distinct filters: the transcript remembers which filters it
 * has covered), then applies its filters to the few items in its operands' hit
 * lists; a condition without filters reads every item. So each item is read at most
 * once per event whatever the number of conditions, and a condition costs a look at
 * its operands' hit lists.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import { keeps, keepsAll, lastLimitOf, type Selection } from './select.ts';
import type { PreparedItem, PreparedTranscriptMemo } from './types.ts';

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
    t.read = new Uint8Array(t.items.length);
    t.unread = t.items.length;
    t.hits = [];
    t.covered = new Set();
  }

  /** Reads item `p` of `t` (not read yet): its operand ids go to the hit lists. */
  private readItem(t: PreparedTranscriptMemo, p: PreparedItem): void {
    t.read![p.position] = 1;
    t.unread--;
    const found = this.table!.found(p);
    if (found === undefined) return;
    const hits = t.hits!;
    for (let k = 0; k < found.length; k++) (hits[found[k]] ??= []).push(p);
  }

  /**
   * Whether an item of `t` that `selection` keeps holds one of `wanted` (ids from
   * `add`); `totalMillis` is the conversation's end for a `Last` period.
   */
  anyKept(t: PreparedTranscriptMemo, wanted: readonly number[], selection: Selection, totalMillis: number | undefined): boolean {
    this.claim(t);
    const all = keepsAll(selection);
    const lastLimit = lastLimitOf(t.items, selection, totalMillis);
    if (t.unread > 0) {
      const items = t.items;
      const read = t.read!;
      if (all) {
        for (let k = 0; k < items.length; k++) if (read[k] === 0) this.readItem(t, items[k]);
      } else {
        const key = lastLimit === undefined ? selection.key : `${selection.key}${lastLimit}`;
        if (!t.covered!.has(key)) {
          for (let k = 0; k < items.length; k++) if (read[k] === 0 && keeps(selection, items[k].item, lastLimit)) this.readItem(t, items[k]);
          t.covered!.add(key);
        }
      }
    }
    // Every item the selection keeps has been read: its hits are in the lists.
    const hits = t.hits!;
    for (let w = 0; w < wanted.length; w++) {
      const holders = hits[wanted[w]];
      if (holders === undefined) continue;
      if (all) return true;
      for (let h = 0; h < holders.length; h++) if (keeps(selection, holders[h].item, lastLimit)) return true;
    }
    return false;
  }
}
