/**
 * An Aho-Corasick automaton over word ids: finds which of many word sequences occur
 * in a text of word ids in one pass, whatever the sequences' lengths or overlaps.
 * Exact match (exact.ts) used to compare a phrase's words from every position its
 * first word stands at, which for a self-overlapping phrase (`a a a … b`) over a text
 * of `a`s costs text words × phrase words (R-robust L4: a 10 KB rule and a 5 MB
 * item ran over a minute); here each word of the text moves the automaton once, and
 * the failure links it falls back along are paid for by words already read, so the
 * work is linear in the text, and the build linear in the sequences' words.
 *
 * Layout, chosen for sequences of thousands of words: the trie's nodes are numbered
 * in insertion order, so the node a sequence adds after `n` is `n + 1`; only the
 * other children (branches, at most one per sequence) are kept in a Map. The root's
 * children are an array by word id. Nothing here recurses or spreads an array into
 * arguments: a 125,000-word phrase builds like a short one.
 */

/**
 * A count of transitions, failure steps and outputs visited, added to by an automaton
 * given one (tests hold it to a linear bound); production automata have none, so a
 * search writes nothing outside itself.
 */
export interface PhraseWork {
  steps: number;
}

const ROOT = 0;

export class PhraseAutomaton {
  /** Per node: its parent, the word id on the edge into it, its depth (words from the root). */
  private parent: Int32Array;
  private label: Int32Array;
  private depth: Int32Array;
  private nodes = 1;
  /** Per node with children besides `node + 1`: those, by word id (a Map per node: small integer keys hash fast). */
  private readonly branches: (Map<number, number> | undefined)[] = [];
  /** The root's children by word id (-1: none). */
  private readonly rootChild: Int32Array;
  /** Per node: the longest proper suffix that is a trie node; the nearest such suffix holding outputs (-1: none). */
  private fail = new Int32Array(0);
  private dictLink = new Int32Array(0);
  /** Per node: the first of its outputs (-1: none); outputs as a linked list of sequence indices. */
  private outHead: Int32Array;
  private outIndex: number[] = [];
  private outNext: number[] = [];
  /**
   * Per node: whether it has a child. A search leaves a node without one (a one-word phrase's, a
   * phrase's last word no other phrase goes on from) by its failure links at once, as the next
   * word would, so that after a one-word phrase it is back at the root, where it skips to the next mark.
   */
  private hasChild = new Uint8Array(0);
  /** Per node: the stamp of the last `find` that visited its outputs and those of its dictionary links. */
  private visited = new Int32Array(0);
  /** Per sequence index: the stamp of the last `find` that wrote it to `out`. */
  private reported = new Int32Array(0);
  private stamp = 0;
  private built = false;

  /** `words`: the ids a sequence may hold are 0 … words − 1; `work`: where to count the steps taken (tests). */
  constructor(
    words: number,
    private readonly work?: PhraseWork,
  ) {
    this.rootChild = new Int32Array(words).fill(-1);
    const size = 64;
    this.parent = new Int32Array(size);
    this.label = new Int32Array(size);
    this.depth = new Int32Array(size);
    this.outHead = new Int32Array(size).fill(-1);
  }

  /** Whether some sequence was added. */
  get empty(): boolean {
    return this.outIndex.length === 0;
  }

  /** The child of `node` by word `id`, -1 when none (`id` -1: a word no sequence holds). */
  child(node: number, id: number): number {
    if (id < 0) return -1;
    if (node === ROOT) return this.rootChild[id];
    const next = node + 1;
    if (next < this.nodes && this.parent[next] === node && this.label[next] === id) return next;
    return this.branches[node]?.get(id) ?? -1;
  }

  private grow(): void {
    const size = this.parent.length * 2;
    const more = (from: Int32Array, fill = 0) => {
      const to = new Int32Array(size).fill(fill);
      to.set(from);
      return to;
    };
    this.parent = more(this.parent);
    this.label = more(this.label);
    this.depth = more(this.depth);
    this.outHead = more(this.outHead, -1);
  }

  /** The node after `node` by `id`, made when missing. */
  private step(node: number, id: number): number {
    const found = this.child(node, id);
    if (found >= 0) return found;
    if (this.nodes === this.parent.length) this.grow();
    const made = this.nodes++;
    this.parent[made] = node;
    this.label[made] = id;
    this.depth[made] = this.depth[node] + 1;
    if (node === ROOT) this.rootChild[id] = made;
    else if (made !== node + 1) (this.branches[node] ??= new Map()).set(id, made);
    return made;
  }

  /**
   * Adds the sequences `prefix` followed by one of `lasts` (none: `prefix` alone), all
   * reporting `index`; the prefix is walked once, whatever the number of last words.
   */
  add(prefix: ArrayLike<number>, lasts: ArrayLike<number>, index: number): void {
    if (this.built) throw new Error('PhraseAutomaton: sequences added after the build');
    let node = ROOT;
    for (let k = 0; k < prefix.length; k++) node = this.step(node, prefix[k]);
    const ends: number[] = [];
    if (lasts.length === 0) ends.push(node);
    for (let k = 0; k < lasts.length; k++) ends.push(this.step(node, lasts[k]));
    for (const end of ends) {
      this.outNext.push(this.outHead[end]);
      this.outIndex.push(index);
      this.outHead[end] = this.outIndex.length - 1;
    }
  }

  /** Makes the failure and dictionary links (breadth first: nodes in order of depth). */
  build(): void {
    this.built = true;
    const n = this.nodes;
    const fail = new Int32Array(n);
    const dictLink = new Int32Array(n).fill(-1);
    // Counting sort of the nodes by depth.
    let maxDepth = 0;
    for (let v = 0; v < n; v++) if (this.depth[v] > maxDepth) maxDepth = this.depth[v];
    const startOf = new Int32Array(maxDepth + 2);
    for (let v = 0; v < n; v++) startOf[this.depth[v] + 1]++;
    for (let d = 0; d <= maxDepth; d++) startOf[d + 1] += startOf[d];
    const order = new Int32Array(n);
    for (let v = 0; v < n; v++) order[startOf[this.depth[v]]++] = v;
    let steps = n;
    for (let k = 0; k < n; k++) {
      const v = order[k];
      if (this.depth[v] <= 1) continue; // the root and its children fall back to the root
      const id = this.label[v];
      let f = fail[this.parent[v]];
      let next = this.child(f, id);
      while (next < 0 && f !== ROOT) {
        f = fail[f];
        next = this.child(f, id);
        steps++;
      }
      fail[v] = next < 0 ? ROOT : next;
    }
    if (this.work) this.work.steps += steps;
    for (let k = 0; k < n; k++) {
      const v = order[k];
      if (v === ROOT) continue;
      const f = fail[v];
      dictLink[v] = this.outHead[f] >= 0 ? f : dictLink[f];
    }
    this.fail = fail;
    this.dictLink = dictLink;
    const hasChild = new Uint8Array(n);
    for (let v = 1; v < n; v++) hasChild[this.parent[v]] = 1;
    this.hasChild = hasChild;
    this.visited = new Int32Array(n);
    let indices = 0;
    for (const index of this.outIndex) if (index >= indices) indices = index + 1;
    this.reported = new Int32Array(indices);
  }

  /**
   * Runs the automaton (built: `build()`) over `ids[at]` … `ids[at + count − 1]`; calls `onFound(index, end, length)`
   * once per sequence index, at its first occurrence (the words `end − length` … `end − 1`
   * relative to `at`). `onFound` answers the last word a match still wanted may start at
   * (-1: none, stop now; `count` or more: all); the search stops as soon as no sequence
   * under way or to come can start there or before (the automaton's state is the longest
   * suffix of the words read that begins a sequence), so a caller wanting the match that
   * starts first stops early. With `marks`
   * (`marks[marksAt]` …, `marked` of them, ascending): the only positions a sequence
   * may start at, so that words away from them are skipped while the automaton is at
   * its root.
   *
   * Without `onFound`, writes each sequence index found once to `out` (one slot per
   * index at least), in the order first found, and returns how many (the hot path of a
   * rule set's phrase index, ~116 texts an event at 500 rules: no call per match); with
   * it, returns 0. (Two overloads: a call with neither cannot type-check.)
   */
  find(ids: Int32Array, at: number, count: number, marks: Int32Array | undefined, marksAt: number, marked: number, onFound: (index: number, end: number, length: number) => number): number;
  find(ids: Int32Array, at: number, count: number, marks: Int32Array | undefined, marksAt: number, marked: number, onFound: undefined, out: Int32Array): number;
  find(
    ids: Int32Array,
    at: number,
    count: number,
    marks: Int32Array | undefined,
    marksAt: number,
    marked: number,
    onFound: ((index: number, end: number, length: number) => number) | undefined,
    out?: Int32Array,
  ): number {
    if (this.empty) return 0;
    if (this.stamp === 0x7fffffff) {
      this.stamp = 0;
      this.visited.fill(0);
      this.reported.fill(0);
    }
    const stamp = ++this.stamp;
    const { fail, dictLink, outHead, outIndex, outNext, visited, depth, parent, label, branches, rootChild, nodes, reported, hasChild } = this;
    let steps = 0;
    let found = 0;
    let state = ROOT;
    let s = marksAt;
    const marksEnd = marksAt + marked;
    let pos = 0;
    // The last start still wanted (`count`: any); read on while a sequence under way could start there or before.
    let wanted = count;
    search: while (pos < count) {
      if (wanted < count && pos - depth[state] > wanted) break;
      if (state === ROOT && marks !== undefined) {
        // At the root no sequence is under way: the next may start only at a mark.
        while (s < marksEnd && marks[s] < pos) s++;
        if (s === marksEnd) break;
        pos = marks[s];
      }
      const id = ids[at + pos++];
      steps++;
      if (id < 0) {
        // A word no sequence holds: every fallback ends at the root.
        state = ROOT;
        continue;
      }
      // `child(state, id)`, inlined (the hot path), falling back along the failure links.
      for (;;) {
        if (state === ROOT) {
          const next = rootChild[id];
          state = next < 0 ? ROOT : next;
          if (marks !== undefined && next >= 0) {
            // A sequence starts here only if the word is marked: else stay at the root.
            while (s < marksEnd && marks[s] < pos - 1) s++;
            if (s === marksEnd || marks[s] !== pos - 1) state = ROOT;
          }
          break;
        }
        const following = state + 1;
        const next = following < nodes && parent[following] === state && label[following] === id ? following : (branches[state]?.get(id) ?? -1);
        if (next >= 0) {
          state = next;
          break;
        }
        state = fail[state];
        steps++;
      }
      // Outputs of the state and its dictionary links, each node's at most once per call.
      for (let o = outHead[state] >= 0 ? state : dictLink[state]; o >= 0 && visited[o] !== stamp; o = dictLink[o]) {
        visited[o] = stamp;
        for (let e = outHead[o]; e >= 0; e = outNext[e]) {
          steps++;
          if (onFound === undefined) {
            const index = outIndex[e];
            if (reported[index] !== stamp) {
              reported[index] = stamp;
              out![found++] = index;
            }
            continue;
          }
          const last = onFound(outIndex[e], pos, depth[o]);
          if (last < wanted) {
            wanted = last;
            if (last < 0) break search;
          }
        }
      }
      // (its outputs and its links' are reported: where the next word would fail to, now)
      while (hasChild[state] === 0 && state !== ROOT) {
        state = fail[state];
        steps++;
      }
    }
    if (this.work) this.work.steps += steps;
    return found;
  }
}
