/**
 * The exact-match operands of every rule of a rule set, found in one pass per
 * transcript item: each distinct operand gets an id; an item's words are walked
 * once with one Map lookup per word (exact.ts's phrase table over all operands),
 * and the ids found are kept on the item. A rule's condition then asks whether any
 * of its ids was found in an item its role and period filters kept, so its result
 * is exactly what its own matcher (`compileExactMatcher(...).find`) would say:
 * a phrase never spans two items.
 *
 * Items are scanned lazily, the first time some condition looks at them, so items
 * no filter keeps are never scanned.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import type { PreparedItem } from './types.ts';

const NONE: readonly number[] = [];

/** The ids of one condition's operands, as a membership test. */
export interface PhraseSet {
  has(id: number): boolean;
}

export class PhraseIndex {
  private readonly phrases: string[] = [];
  private readonly ids = new Map<string, number>();
  private table: PhraseTable | undefined;

  /** Registers a condition's operands (before the first scan). */
  add(operands: readonly string[]): PhraseSet {
    if (this.table) throw new Error('PhraseIndex: operands added after the first scan');
    const set = new Set<number>();
    for (const phrase of operands) {
      let id = this.ids.get(phrase);
      if (id === undefined) {
        id = this.phrases.length;
        this.phrases.push(phrase);
        this.ids.set(phrase, id);
      }
      set.add(id);
    }
    return set;
  }

  /** The number of distinct operands. */
  get size(): number {
    return this.phrases.length;
  }

  /** The ids of the operands found in `p` (scanned once per item and index). */
  hitsOf(p: PreparedItem): readonly number[] {
    if (p.indexedBy === this) return p.indexedIds!;
    this.table ??= compilePhraseTable(this.phrases);
    const ids = this.table.found(p) ?? NONE;
    p.indexedBy = this;
    p.indexedIds = ids;
    return ids;
  }

  /** Whether some item of `items` holds one of `wanted`. */
  anyIn(items: readonly PreparedItem[], wanted: PhraseSet): boolean {
    for (const p of items) {
      const ids = this.hitsOf(p);
      for (let k = 0; k < ids.length; k++) if (wanted.has(ids[k])) return true;
    }
    return false;
  }
}
