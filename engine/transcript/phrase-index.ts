/**
 * The exact-match operands of every rule of a rule set, found in one pass over a
 * transcript: each distinct operand gets an id; each item's words are walked once
 * with exact.ts's phrase table over all operands, and the transcript keeps, per id,
 * the items holding it. A rule's condition then asks whether one of its ids is held
 * by an item its role and period filters kept, so its result is exactly what its
 * own matcher (`compileExactMatcher(...).find`) would say: a phrase never spans
 * two items. Matches are rare, so that question costs a few lookups, whatever the
 * length of the call.
 *
 * Scanning every item pays only when several conditions ask about one transcript:
 * the first few ask their own matcher (which reads only the items they selected and
 * stops at the first match); from the `SCAN_AFTER + 1`th on, the transcript is
 * scanned once for all.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
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
   * Whether some item of `selected` (items of one prepared transcript, in order)
   * holds one of `wanted`; `ownMatch` is the condition's own matcher on them, which
   * says the same.
   */
  anyIn(selected: readonly PreparedItem[], wanted: readonly number[], ownMatch: () => boolean): boolean {
    const transcript = selected[0]?.transcript;
    // Items prepared one by one (not through prepareTranscript) have no transcript to keep a scan on.
    if (!transcript) return ownMatch();
    if (transcript.indexedBy !== this) {
      if (transcript.countedBy !== this) {
        transcript.countedBy = this;
        transcript.asked = 0;
      }
      if (++transcript.asked <= SCAN_AFTER) return ownMatch();
    }
    const lists = this.hitListsOf(transcript);
    const everything = selected.length === transcript.items.length;
    for (const id of wanted) {
      const holders = lists[id];
      if (holders === undefined) continue;
      if (everything) return true;
      for (const p of holders) if (includes(selected, p)) return true;
    }
    return false;
  }
}

/** Whether `p` is in `selected` (ascending positions): a binary search. */
function includes(selected: readonly PreparedItem[], p: PreparedItem): boolean {
  let lo = 0;
  let hi = selected.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = selected[mid].position;
    if (at === p.position) return selected[mid] === p;
    if (at < p.position) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
