/**
 * The exact-match operands of every rule of a rule set, found in one pass over a
 * transcript: each distinct operand gets an id; an item's text is read once (in
 * place, exact.ts's phrase table over all operands), whichever condition asked
 * first, and the index keeps, per operand id, the items read so far that hold it
 * (its hit list). A condition then asks whether an item its role and period filters
 * keep holds one of its ids, so its result is exactly what its own matcher
 * (`compileExactMatcher(...).test` on its selected items) would say: a phrase never
 * spans two items.
 *
 * A condition first looks at the items already read that hold its operands; if none
 * is kept, it reads the unread items its filters keep, in order, and stops at the
 * first that holds one of its operands (a later condition with the same filters
 * goes on from there). So each item is read at most once per event whatever the
 * number of conditions, and the scan stops early when the conditions still asking
 * are answered.
 *
 * The per-event state is typed arrays stamped with the event's generation (no
 * clearing, no allocation per event), for the transcript (items array) read last in
 * the current evaluation (the rule set's field cache's: a new one starts when its
 * `epoch` changes): a rule set reads one transcript per event. Items are read from the event's own
 * items; prepared items (prepare.ts) are made only for texts the in-place reading
 * leaves to the tokeniser.
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import { keeps, keepsAll, lastLimitOf, transcriptEndMillis, type Selection } from './select.ts';
import type { TranscriptItem } from './types.ts';

/** A condition's question to the index: its operands' ids under its filters (from `query`). */
export interface PhraseQuery {
  readonly wanted: Int32Array;
  readonly selection: Selection;
  readonly all: boolean;
  /** The filters' id (conditions with the same filters share it). */
  readonly filters: number;
}

/** Numbers evaluations (engine/compile/field-cache.ts's FieldCache): a new `epoch`, a new match. */
export interface Evaluations {
  readonly epoch: number;
}

export class PhraseIndex {
  private readonly phrases: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly filterIds = new Map<string, number>();
  private table: PhraseTable | undefined;

  /** The transcript the state below is about, and its generation (the stamp of what is current). */
  private items: readonly TranscriptItem[] | undefined;
  /** The evaluation `items` was read in: what was read before is not reused, even from the same items array. */
  private epoch = -1;
  private generation = 0;
  /** Per item: the generation it was read in. */
  private readAt = new Int32Array(0);
  private unread = 0;
  /** Per operand id: the first of its hits (-1: none), valid when `headAt` is the generation. */
  private head = new Int32Array(0);
  private headAt = new Int32Array(0);
  /** The hits, as linked lists: the item, and the operand's previous hit. */
  private hitItem = new Int32Array(64);
  private hitNext = new Int32Array(64);
  private hits = 0;
  /**
   * Per filters id, when `scannedAt` is the generation (and `scannedLimit` the `Last`
   * limit): every item before `scannedTo` that the filters keep is read.
   */
  private scannedAt = new Int32Array(0);
  private scannedLimit = new Float64Array(0);
  private scannedTo = new Int32Array(0);
  /** The latest item's end, when `endAt` is the generation (made on a `Last` filter's first ask). */
  private end = 0;
  private endAt = 0;
  /** The ids found in the item being read. */
  private found = new Int32Array(0);

  constructor(private readonly evaluations: Evaluations) {}

  /** Registers a condition (before the first scan): its operands under its filters. */
  query(operands: readonly string[], selection: Selection): PhraseQuery {
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
    let filters = this.filterIds.get(selection.key);
    if (filters === undefined) this.filterIds.set(selection.key, (filters = this.filterIds.size));
    return { wanted: Int32Array.from(wanted), selection, all: keepsAll(selection), filters };
  }

  /** Makes `items` the current transcript (a new generation when it was not, or in an earlier evaluation). */
  private begin(items: readonly TranscriptItem[]): void {
    const epoch = this.evaluations.epoch;
    if (this.items === items && this.epoch === epoch) return;
    if (!this.table) {
      this.table = compilePhraseTable(this.phrases);
      const n = this.phrases.length;
      this.head = new Int32Array(n);
      this.headAt = new Int32Array(n);
      this.found = new Int32Array(n);
      this.scannedAt = new Int32Array(this.filterIds.size);
      this.scannedLimit = new Float64Array(this.filterIds.size);
      this.scannedTo = new Int32Array(this.filterIds.size);
    }
    this.items = items;
    this.epoch = epoch;
    if (this.generation === 0x7fffffff) {
      // Stamps would wrap: start again from clean arrays.
      this.generation = 0;
      this.readAt.fill(0);
      this.headAt.fill(0);
      this.scannedAt.fill(0);
      this.endAt = 0;
    }
    this.generation++;
    if (this.readAt.length < items.length) this.readAt = new Int32Array(Math.max(items.length, this.readAt.length * 2));
    this.unread = items.length;
    this.hits = 0;
  }

  /** Reads item `k` (not read yet): its operand ids go to the hit lists. Whether it holds one of `wanted`. */
  private read(items: readonly TranscriptItem[], k: number, wanted: Int32Array): boolean {
    const generation = this.generation;
    this.readAt[k] = generation;
    this.unread--;
    const found = this.found;
    const count = this.table!.foundAt(items, k, found);
    let holds = false;
    for (let f = 0; f < count; f++) {
      const id = found[f];
      if (this.headAt[id] !== generation) {
        this.headAt[id] = generation;
        this.head[id] = -1;
      }
      if (this.hits === this.hitItem.length) {
        this.hitItem = grown(this.hitItem);
        this.hitNext = grown(this.hitNext);
      }
      this.hitItem[this.hits] = k;
      this.hitNext[this.hits] = this.head[id];
      this.head[id] = this.hits++;
      if (!holds) for (let w = 0; w < wanted.length; w++) if (wanted[w] === id) holds = true;
    }
    return holds;
  }

  /** The end of the current transcript's latest item (`items`: it). */
  private endMillis(items: readonly TranscriptItem[]): number {
    if (this.endAt !== this.generation) {
      this.endAt = this.generation;
      this.end = transcriptEndMillis(items);
    }
    return this.end;
  }

  /**
   * Whether an item of `items` that the query's filters keep holds one of its
   * operands; `totalMillis` is the conversation's end for a `Last` period.
   */
  anyKept(items: readonly TranscriptItem[], query: PhraseQuery, totalMillis: number | undefined): boolean {
    this.begin(items);
    const { wanted, selection, all } = query;
    const generation = this.generation;
    // The conversation's end: walking the items for it once per event, not per condition.
    const lastLimit = selection.last === undefined ? undefined : lastLimitOf(items, selection, totalMillis ?? this.endMillis(items));
    // The items read so far that hold one of the operands.
    for (let w = 0; w < wanted.length; w++) {
      const id = wanted[w];
      if (this.headAt[id] !== generation) continue;
      for (let h = this.head[id]; h >= 0; h = this.hitNext[h]) if (all || keeps(selection, items[this.hitItem[h]], lastLimit)) return true;
    }
    if (this.unread === 0) return false;
    // The unread items the filters keep, in order, from where a condition with the
    // same filters stopped, until one holds an operand.
    const filters = query.filters;
    const limit = lastLimit ?? -1;
    const resume = this.scannedAt[filters] === generation && this.scannedLimit[filters] === limit;
    const readAt = this.readAt;
    const n = items.length;
    let k = resume ? this.scannedTo[filters] : 0;
    while (k < n && !(readAt[k] !== generation && (all || keeps(selection, items[k], lastLimit)) && this.read(items, k, wanted))) k++;
    this.scannedAt[filters] = generation;
    this.scannedLimit[filters] = limit;
    this.scannedTo[filters] = k < n ? k + 1 : n;
    return k < n;
  }
}

/** `from` in an array twice as long. */
function grown(from: Int32Array): Int32Array<ArrayBuffer> {
  const to = new Int32Array(from.length * 2);
  to.set(from);
  return to;
}
