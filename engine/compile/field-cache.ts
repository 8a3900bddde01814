/**
 * Field reads shared by the rules of a rule set: the rules of a source read the same
 * few fields (the queue, the agent, the sentiment scores...), so each path is read
 * from the event at most once per evaluation of the set, not once per condition.
 * An evaluation starts with `next()`; a value is reused only within it and for the
 * same event, so an event changed between two evaluations is read afresh.
 */
import { compileGetter, type Getter } from './access.ts';

export class FieldCache {
  private current = 0;
  private readonly getters = new Map<string, Getter>();

  /** Starts a new evaluation: values read before are not reused (nor the phrase index's state, which watches `epoch`). */
  next(): void {
    this.current++;
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
    }
    return shared;
  }
}

/** The getter of a path: the cache's shared one when there is a cache, else a plain one. */
export const getterWith = (cache: FieldCache | undefined, segments: readonly string[]): Getter =>
  cache ? cache.getter(segments) : compileGetter(segments);
