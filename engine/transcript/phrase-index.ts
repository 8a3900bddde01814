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
 * first that holds one of its operands. So each item is read at most once per event
 * whatever the number of conditions, and the scan stops early when the conditions
 * still asking are answered.
 *
 * Which items a condition's filters keep is a bit set over the items, made once per
 * event and filters (conditions with the same filters share it); the items read so
 * far are another. So a condition tests its hits and finds its unread kept items by
 * a few word operations, instead of applying its filters to every item again.
 *
 * The per-event state is typed arrays stamped with the event's generation (no
 * clearing, no allocation per event), for the transcript (items array, or a voice
 * file's transcript not built yet: types.ts UnbuiltTranscript) read last in
 * the current evaluation (the rule set's field cache's: a new one starts when its
 * `epoch` changes): a rule set reads one transcript per event. Items are read from the event's own
 * items; prepared items (prepare.ts) are made only for texts the in-place reading
 * leaves to the tokeniser.
 *
 * The forms an operand matches follow the contact's language (language.ts): English
 * plurals, Spanish/Portuguese/French ones (romance-plural.ts), or the word as written.
 * English's table is compiled by `seal`; another language's on the first transcript in
 * it (a Lambda that meets only English contacts never builds one), and kept: one table
 * per family (English; `es`; `pt`; `fr`; one for every language with no plurals of its own),
 * at most five whatever the events say. Operand ids are the same in every table, so the
 * hit lists are too. A language written without spaces is not asked about here (its
 * matcher segments the words: segmented.ts).
 */
import { compilePhraseTable, type PhraseTable } from './exact.ts';
import { keeps, keepsAll, lastLimitBefore, transcriptEndMillis, type Selection } from './select.ts';
import type { TranscriptItem, UnbuiltTranscript } from './types.ts';
import type { WordLanguage } from './language.ts';
import { textsInMemory, type TextsInMemory } from './word-scan-wasm.ts';

/**
 * A condition's question to the index (from `query`): its number. What it asks (its
 * operands' ids, its filters) is in the index's packed tables, so that the 24 or so
 * conditions a rule set asks per event read a few shared cache lines rather than an
 * object, a typed array and a selection each (docs/performance.md, session 12).
 */
export type PhraseQuery = number;

/** The fields of a query in `PhraseIndex.queryInts` (QUERY_INTS a query). */
const WANTED_FROM = 0;
const WANTED_TO = 1;
/** The filters' id (conditions with the same filters share it). */
const FILTERS = 2;
/** The index of the filters' role in the index's roles, -1 when they keep any role. */
const ROLE = 3;
/** The index of the filters' First limit in the index's, -1 when they have none; ALL when the filters keep every item. */
const FIRST = 4;
const QUERY_INTS = 5;
const ALL = -2;

const NO_TEXTS: readonly { readonly Content: string }[] = [];

/**
 * Numbers evaluations (engine/compile/field-cache.ts's FieldCache): a new `epoch`, a new
 * match; `onRelease`, where there is one, is told what to run when an evaluation ends.
 */
export interface Evaluations {
  readonly epoch: number;
  onRelease?(forget: () => void): void;
}

export class PhraseIndex {
  private readonly phrases: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly filterIds = new Map<string, number>();
  private table: PhraseTable | undefined;
  /**
   * The table of each language family met (`begin`): English's (key `true`, made by
   * `seal`), Spanish's, Portuguese's, French's (their `exactForms`), and (`undefined`)
   * the words as written, shared by every language with no plurals of its own.
   */
  private readonly tables = new Map<unknown, PhraseTable>();
  /** Per query: its selection (for items whose offsets are not `plain`), and, packed (QUERY_INTS a query), what it asks. */
  private readonly selections: Selection[] = [];
  private readonly registered: number[] = [];
  private queryInts = new Int32Array(0);
  /** Per query: its `Last` period in seconds, NaN for none; its `First` limit in ms (NaN for none). */
  private queryLast = new Float64Array(0);
  private queryFirstLimit = new Float64Array(0);
  /** The operand ids of every query, at `queryInts[q × QUERY_INTS + WANTED_FROM]` … `WANTED_TO`. */
  private wantedIds: number[] = [];
  private wanted = new Int32Array(0);

  /**
   * The transcript the state below is about (its items array, or the unbuilt
   * transcript), and its generation (the stamp of what is current); `texts[k].Content`
   * is item k's text, `unbuilt` the unbuilt transcript, else undefined.
   */
  private current: object | undefined;
  private texts: readonly { readonly Content: string }[] = NO_TEXTS;
  private unbuilt: UnbuiltTranscript | undefined;
  /** Where the texts are in the WebAssembly reader's memory, when a parse left them there (word-scan-wasm.ts). */
  private inMemory: TextsInMemory | undefined;
  /** The evaluation `items` was read in: what was read before is not reused, even from the same items array. */
  private epoch = -1;
  private generation = 0;
  /** 32-bit words per bit set over the current items. */
  private words = 0;
  /** Bit set of the items read in this generation. */
  private readBits = new Int32Array(0);
  private unread = 0;
  /** Per operand id: the first of its hits (-1: none), valid when `headAt` is the generation. */
  private head = new Int32Array(0);
  private headAt = new Int32Array(0);
  /** The hits, as linked lists: the item, and the operand's previous hit. */
  private hitItem = new Int32Array(64);
  private hitNext = new Int32Array(64);
  private hits = 0;
  /**
   * Per filters id, at `filters × words`: the bit set of the items the filters keep,
   * valid when `keptAt` is the generation and `keptLimit` the `Last` limit it was made for.
   */
  private keptBits = new Int32Array(0);
  private keptAt = new Int32Array(0);
  private keptLimit = new Float64Array(0);
  /**
   * The items' offsets, when `columnsAt` is the generation (made on the first ask of
   * filters that do not keep everything), and the roles the filters name; `plain`
   * when every offset is a finite number, so the typed copies compare exactly as
   * the items' own members do.
   */
  private readonly roles: string[] = [];
  /** Per role (at role × words): the bit set of its items. */
  private roleBits = new Int32Array(0);
  private beginOf = new Float64Array(0);
  private endOf = new Float64Array(0);
  /** The items' roles, in turn (when `plain`: then the role bit sets are made from them). */
  private readonly itemRoles: string[] = [];
  private columnsAt = 0;
  private plain = false;
  /** The First limits of the filters (index by limit), and per limit (at index × words) the items beginning before it, when `firstAt` is the generation. */
  private readonly firsts = new Map<number, number>();
  private firstBits = new Int32Array(0);
  private firstAt = new Int32Array(0);
  /** The latest item's end, when `endAt` is the generation (made on a `Last` filter's first ask). */
  private end = 0;
  private endAt = 0;
  /** The ids found in the item being read. */
  private found = new Int32Array(0);

  constructor(private readonly evaluations: Evaluations) {
    // (a Lambda container idle between invocations holds no transcript; the next event is a new generation anyway)
    evaluations.onRelease?.(() => this.release());
  }

  /**
   * Lets go of the current transcript (its items or turns, and the texts' strings the
   * reader's memory lists): what was read of it is not reused after this anyway, since
   * the next evaluation has a new `epoch`.
   */
  private release(): void {
    // (nothing to let go of in a match that asked no condition of the index: most, at one rule)
    if (this.current === undefined) return;
    if (this.columnsAt === this.generation) this.itemRoles.fill(undefined as unknown as string, 0, this.texts.length);
    this.current = undefined;
    this.texts = NO_TEXTS;
    this.unbuilt = undefined;
    this.inMemory = undefined;
  }

  /** Registers a condition (before the first scan): its operands under its filters. */
  query(operands: readonly string[], selection: Selection): PhraseQuery {
    if (this.table) throw new Error('PhraseIndex: operands added after the first scan');
    const from = this.wantedIds.length;
    const wanted = new Set<number>();
    for (const phrase of operands) {
      let id = this.ids.get(phrase);
      if (id === undefined) {
        id = this.phrases.length;
        this.phrases.push(phrase);
        this.ids.set(phrase, id);
      }
      if (!wanted.has(id)) this.wantedIds.push(id);
      wanted.add(id);
    }
    let filters = this.filterIds.get(selection.key);
    if (filters === undefined) this.filterIds.set(selection.key, (filters = this.filterIds.size));
    let role = -1;
    if (selection.role !== undefined) {
      role = this.roles.indexOf(selection.role);
      if (role < 0) role = this.roles.push(selection.role) - 1;
    }
    let first = -1;
    if (selection.firstLimit !== undefined) {
      first = this.firsts.get(selection.firstLimit) ?? this.firsts.size;
      this.firsts.set(selection.firstLimit, first);
    }
    this.registered.push(from, this.wantedIds.length, filters, role, keepsAll(selection) ? ALL : first);
    return this.selections.push(selection) - 1;
  }

  /**
   * Compiles the operands registered so far (no more may be added), before the first
   * evaluation: a rule set calls it once its rules are compiled, so that a phrase table
   * that cannot be built fails the rule set's compile (where it is told which rule)
   * rather than every event.
   */
  seal(): void {
    if (this.table) return;
    this.tables.set(true, (this.table = compilePhraseTable(this.phrases)));
    this.queryInts = Int32Array.from(this.registered);
    this.wanted = Int32Array.from(this.wantedIds);
    this.queryLast = Float64Array.from(this.selections, (s) => s.last ?? NaN);
    this.queryFirstLimit = Float64Array.from(this.selections, (s) => s.firstLimit ?? NaN);
    const n = this.phrases.length;
    this.head = new Int32Array(n);
    this.headAt = new Int32Array(n);
    this.found = new Int32Array(n);
    this.keptAt = new Int32Array(this.filterIds.size);
    this.firstAt = new Int32Array(this.firsts.size);
    this.keptLimit = new Float64Array(this.filterIds.size);
  }

  /**
   * Makes `transcript` the current one (a new generation when it was not, or in an
   * earlier evaluation), read with the table of `language` (the contact's, of the body
   * holding `transcript`), compiled on its family's first transcript.
   */
  private begin(transcript: readonly TranscriptItem[] | UnbuiltTranscript, language: WordLanguage): void {
    const epoch = this.evaluations.epoch;
    if (this.current === transcript && this.epoch === epoch) return;
    this.current = transcript;
    const family = language.plurals || language.exactForms;
    let table = this.tables.get(family);
    if (!table) this.tables.set(family, (table = compilePhraseTable(this.phrases, undefined, language)));
    this.table = table;
    const unbuilt = Array.isArray(transcript) ? undefined : (transcript as UnbuiltTranscript);
    this.unbuilt = unbuilt;
    this.texts = unbuilt ? unbuilt.texts : (transcript as readonly TranscriptItem[]);
    this.inMemory = textsInMemory.get(this.texts);
    this.epoch = epoch;
    if (this.generation === 0x7fffffff) {
      // Stamps would wrap: start again from clean arrays.
      this.generation = 0;
      this.headAt.fill(0);
      this.keptAt.fill(0);
      this.firstAt.fill(0);
      this.columnsAt = 0;
      this.endAt = 0;
    }
    this.generation++;
    const n = this.texts.length;
    const words = (n + 31) >>> 5;
    this.words = words;
    if (this.readBits.length < words) {
      this.readBits = new Int32Array(Math.max(words, this.readBits.length * 2));
      this.keptBits = new Int32Array(this.readBits.length * this.filterIds.size);
    }
    this.readBits.fill(0, 0, words);
    this.unread = n;
    this.hits = 0;
  }

  /** Reads item `k` (not read yet): its operand ids go to the hit lists. Whether it holds one of the ids at `wanted[from]` … `wanted[to]`. */
  private read(k: number, from: number, to: number): boolean {
    const generation = this.generation;
    this.readBits[k >>> 5] |= 1 << (k & 31);
    this.unread--;
    const found = this.found;
    const wanted = this.wanted;
    // (foundAt reads `Content`, and, for a text beyond ASCII, the words of `Content`)
    const count = this.table!.foundAt(this.texts as readonly TranscriptItem[], k, found, this.unbuilt !== undefined, this.inMemory);
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
      if (!holds) for (let w = from; w < to; w++) if (wanted[w] === id) holds = true;
    }
    return holds;
  }

  /**
   * The end of the current transcript's latest item: from the typed copies of the
   * offsets when they are `plain` (always for an unbuilt transcript; the filters of a
   * `Last` period need them anyway), else from the items.
   */
  private endMillis(): number {
    if (this.endAt !== this.generation) {
      this.endAt = this.generation;
      if (this.columns()) {
        const endOf = this.endOf;
        let end = 0;
        for (let k = 0; k < this.texts.length; k++) if (endOf[k] > end) end = endOf[k];
        this.end = end;
      } else this.end = transcriptEndMillis(this.texts as readonly TranscriptItem[]);
    }
    return this.end;
  }

  /** Where, in `keptBits`, the bit set of the items `query`'s filters keep starts (made on the filters' first ask in this generation). */
  private kept(query: PhraseQuery, lastLimit: number | undefined): number {
    const q = query * QUERY_INTS;
    const filters = this.queryInts[q + FILTERS];
    const words = this.words;
    const at = filters * words;
    const limit = lastLimit ?? -1;
    if (this.keptAt[filters] === this.generation && this.keptLimit[filters] === limit) return at;
    this.keptAt[filters] = this.generation;
    this.keptLimit[filters] = limit;
    const bits = this.keptBits;
    const n = this.texts.length;
    const first = this.queryInts[q + FIRST];
    if (first === ALL) {
      // (a loop, not TypedArray fill: with the fill, measured ~1 KB more garbage a 500-rule match on Node 20, none on 22)
      for (let w = at; w < at + (n >>> 5); w++) bits[w] = -1;
      if ((n & 31) !== 0) bits[at + (n >>> 5)] = (1 << (n & 31)) - 1;
      return at;
    }
    if (!this.columns()) {
      // (an unbuilt transcript's offsets are finite: only items come here)
      const selection = this.selections[query];
      const items = this.texts as readonly TranscriptItem[];
      setBits(bits, at, n, (k) => keeps(selection, items[k], lastLimit));
      return at;
    }
    // `keeps` as the intersection of its parts' bit sets: the role's and the First
    // period's are made once per event, shared by all the filters naming them.
    const role = this.queryInts[q + ROLE];
    const roleAt = role * words;
    const firstAt = first < 0 ? -1 : this.firstBitsAt(first, this.queryFirstLimit[query], n);
    const roleBits = this.roleBits;
    const firstBits = this.firstBits;
    for (let w = 0; w < words; w++) {
      const all = w === n >>> 5 ? (1 << (n & 31)) - 1 : -1;
      bits[at + w] = (role < 0 ? all : roleBits[roleAt + w]) & (firstAt < 0 ? all : firstBits[firstAt + w]);
    }
    if (lastLimit !== undefined) {
      const endOf = this.endOf;
      setBits(bits, at, n, (k) => endOf[k] > lastLimit, true);
    }
    return at;
  }

  /** Where, in `firstBits`, the bit set of the items beginning before the `first`-th First limit starts (made once per generation). */
  private firstBitsAt(first: number, firstLimit: number, n: number): number {
    const words = this.words;
    const at = first * words;
    if (this.firstAt[first] === this.generation) return at;
    this.firstAt[first] = this.generation;
    const beginOf = this.beginOf;
    const bits = this.firstBits;
    // (a loop of its own, not setBits: its callback is one of three there, called per item, not inlined)
    for (let w = 0; w < words; w++) {
      let word = 0;
      const to = Math.min(n, (w + 1) << 5);
      for (let k = w << 5; k < to; k++) if (beginOf[k] < firstLimit) word |= 1 << (k & 31);
      bits[at + w] = word;
    }
    return at;
  }

  /**
   * Makes, once per generation, the typed copies of the items' offsets and the bit
   * set of each role's items; whether the items are `plain` (else the filters are
   * applied to the items themselves).
   */
  private columns(): boolean {
    if (this.columnsAt === this.generation) return this.plain;
    this.columnsAt = this.generation;
    const n = this.texts.length;
    const words = this.words;
    if (this.beginOf.length < n) {
      const size = Math.max(n, this.beginOf.length * 2);
      this.beginOf = new Float64Array(size);
      this.endOf = new Float64Array(size);
    }
    const { roles, beginOf, endOf } = this;
    if (this.roleBits.length < roles.length * words) this.roleBits = new Int32Array(roles.length * words * 2);
    if (this.firstBits.length < this.firsts.size * words) this.firstBits = new Int32Array(this.firsts.size * words * 2);
    const itemRoles = this.itemRoles;
    let plain = true;
    if (this.unbuilt) this.unbuilt.columns(beginOf, endOf, itemRoles);
    else {
      const items = this.texts as readonly TranscriptItem[];
      for (let k = 0; k < n; k++) {
        const item = items[k];
        const begin = item.BeginOffsetMillis;
        const end = item.EndOffsetMillis;
        // A missing or odd offset compares in ways a typed copy would not (NaN < Infinity).
        if (!Number.isFinite(begin) || !Number.isFinite(end)) {
          plain = false;
          break;
        }
        beginOf[k] = begin;
        endOf[k] = end;
        itemRoles[k] = item.ParticipantRole;
      }
    }
    // (not plain: the filters read the items, not these columns)
    const roleBits = this.roleBits;
    roleBits.fill(0, 0, roles.length * words);
    if (plain) {
      // The roles of the last two items, remembered: a voice transcript's items of one
      // participant share one role string, and a turn's is mostly that of the one two before
      // (a comparison by identity, not indexOf's by contents against each role of the rules).
      let role0: string | undefined;
      let role1: string | undefined;
      let at0 = -1;
      let at1 = -1;
      for (let k = 0; k < n; k++) {
        const itemRole = itemRoles[k];
        let role: number;
        if (k > 1 && itemRole === role1) role = at1;
        else if (k > 0 && itemRole === role0) role = at0;
        else role = roles.indexOf(itemRole);
        role1 = role0;
        at1 = at0;
        role0 = itemRole;
        at0 = role;
        if (role >= 0) roleBits[role * words + (k >>> 5)] |= 1 << (k & 31);
      }
    }
    this.plain = plain;
    return plain;
  }

  /**
   * Whether an item of `transcript` (its items, or the transcript unbuilt) that the
   * query's filters keep holds one of its operands in the forms of `language` (the
   * contact's; not one written without spaces, whose words the table cannot find:
   * segmented.ts); `totalMillis` is the conversation's end for a
   * `Last` period.
   */
  anyKept(transcript: readonly TranscriptItem[] | UnbuiltTranscript, query: PhraseQuery, totalMillis: number | undefined, language: WordLanguage): boolean {
    this.begin(transcript, language);
    const generation = this.generation;
    const q = query * QUERY_INTS;
    const from = this.queryInts[q + WANTED_FROM];
    const to = this.queryInts[q + WANTED_TO];
    // The conversation's end: walking the items for it once per event, not per condition.
    const last = this.queryLast[query];
    const lastLimit = Number.isNaN(last) ? undefined : lastLimitBefore(totalMillis ?? this.endMillis(), last);
    const at = this.kept(query, lastLimit);
    const kept = this.keptBits;
    const wanted = this.wanted;
    // The items read so far that hold one of the operands.
    for (let w = from; w < to; w++) {
      const id = wanted[w];
      if (this.headAt[id] !== generation) continue;
      for (let h = this.head[id]; h >= 0; h = this.hitNext[h]) {
        const k = this.hitItem[h];
        if ((kept[at + (k >>> 5)] & (1 << (k & 31))) !== 0) return true;
      }
    }
    if (this.unread === 0) return false;
    // The unread items the filters keep, in order, until one holds an operand.
    const readBits = this.readBits;
    for (let w = 0; w < this.words; w++) {
      let bits = kept[at + w] & ~readBits[w];
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        if (this.read((w << 5) | (31 - Math.clz32(low)), from, to)) return true;
      }
    }
    return false;
  }
}

/** `from` in an array twice as long. */
function grown(from: Int32Array): Int32Array<ArrayBuffer> {
  const to = new Int32Array(from.length * 2);
  to.set(from);
  return to;
}

/**
 * Writes at `bits[at]` the bit set (32 items a word) of the items `k < n` for which
 * `holds(k)`, or, with `and`, intersects what is there with it.
 */
function setBits(bits: Int32Array, at: number, n: number, holds: (k: number) => boolean, and = false): void {
  const words = (n + 31) >>> 5;
  for (let w = 0; w < words; w++) {
    let word = 0;
    const to = Math.min(n, (w + 1) << 5);
    for (let k = w << 5; k < to; k++) if (holds(k)) word |= 1 << (k & 31);
    bits[at + w] = and ? bits[at + w] & word : word;
  }
}
