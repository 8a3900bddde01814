/**
 * Field reads shared by the rules of a rule set: the rules of a source read the same
 * few fields (the queue, the agent, the sentiment scores...), so each path is read
 * from the event at most once per evaluation of the set, not once per condition.
 * An evaluation starts with `next()`; a value is reused only within it and for the
 * same event, so an event changed between two evaluations is read afresh. `release()`
 * at its end lets go of the event: nothing read from it (nor anything a reader
 * registered with `onRelease`) stays reachable from the rule set until the next one,
 * so a Lambda container idle between invocations does not hold its last event.
 */
import { compileGetter, type Getter } from './access.ts';

export class FieldCache {
  private current = 0;
  private readonly getters = new Map<string, Getter>();
  /** What `release()` runs: each getter's and each registered reader's forgetting. */
  private readonly forgets: (() => void)[] = [];

  /** Starts a new evaluation: values read before are not reused (nor the phrase index's state, which watches `epoch`). */
  next(): void {
    this.current++;
  }

  /** Ends an evaluation: every getter and registered reader forgets the event it read (the next read reads afresh). */
  release(): void {
    const forgets = this.forgets;
    for (let k = 0; k < forgets.length; k++) forgets[k]();
  }

  /** `forget` is run by each `release()`: a reader keeping what it found in an event (compile/transcript-leaves.ts) lets go of it there. */
  onRelease(forget: () => void): void {
    this.forgets.push(forget);
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
