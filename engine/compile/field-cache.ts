/**
 * Field reads shared by the rules of a rule set: the rules of a source read the same
 * few fields (the queue, the agent, the sentiment scores...), so each path is read
 * from the event at most once per evaluation of the set, not once per condition.
 * An evaluation starts with `next()`; a value is reused only within it and for the
 * same event, so an event changed between two evaluations is read afresh. `release()`
 * at its end lets go of the event: nothing read from it (nor anything a reader
 * registered with `onRelease`: IndexedTranscript's and the phrase index's transcript,
 * prepare.ts's tokens, metric-leaves.ts's snapshot rows) stays reachable from the rule set
 * until the next one, so a Lambda container idle between invocations does not hold its
 * last event. Still kept, as bytes rather than objects: the last texts copied into the
 * WebAssembly word reader's memory (word-scan-wasm.ts), until overwritten.
 */
import { compileGetter, type Getter } from './access.ts';

export class FieldCache {
  private current = 0;
  private readonly getters = new Map<string, Getter>();
  /** What `release()` runs: each getter's and each registered reader's forgetting. */
  private readonly forgets: (() => void)[] = [];
  /** How many `holding` calls are under way: their evaluations' releases wait for the outermost's end. */
  private held = 0;

  /** Starts a new evaluation: values read before are not reused (nor the phrase index's state, which watches `epoch`). */
  next(): void {
    this.current++;
  }

  /** Ends an evaluation: every getter and registered reader forgets the event it read (the next read reads afresh); within `holding`, its end does. */
  release(): void {
    if (this.held > 0) return;
    const forgets = this.forgets;
    for (let k = 0; k < forgets.length; k++) forgets[k]();
  }

  /**
   * Runs `work` (evaluations of one event, e.g. an explain of each rule) with one release at
   * its end instead of one per evaluation: what they share of the event (prepare.ts's
   * tokens of its transcript) is made once, not once per rule.
   */
  holding<T>(work: () => T): T {
    this.held++;
    try {
      return work();
    } finally {
      this.held--;
      this.release();
    }
  }

  /** `forget` is run by each `release()`: a reader keeping what it found in an event (compile/transcript-leaves.ts) lets go of it there. */
  onRelease(forget: () => void): void {
    // (once per function: a module's cache, registered by each of 500 rules, is let go of once)
    if (!this.forgets.includes(forget)) this.forgets.push(forget);
  }

  /** The current evaluation's number. */
  get epoch(): number {
    return this.current;
  }

  /** The shared getter of a path. */
  getter(segments: readonly string[]): Getter {
    const key = segments.join('\u0000');
    let shared = this.getters.get(key);
    if (!shared) {
      const read = compileGetter(segments);
      let epoch = -1;
      let root: unknown;
      let value: unknown;
      shared = (r) => {
        if (epoch !== this.current || root !== r) {
          // read first: a read that throws is not remembered, so every reader of the path meets
          // the throw (a gate's read, then the rule's own), never the value of an event before
          value = read(r);
          epoch = this.current;
          root = r;
        }
        return value;
      };
      this.getters.set(key, shared);
      this.forgets.push(() => {
        epoch = -1;
        root = undefined;
        value = undefined;
      });
    }
    return shared;
  }
}

/** The getter of a path: the cache's shared one when there is a cache, else a plain one. */
export const getterWith = (cache: FieldCache | undefined, segments: readonly string[]): Getter =>
  cache ? cache.getter(segments) : compileGetter(segments);
