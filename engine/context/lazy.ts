/**
 * Members of the trigger event computed on first read (issue 13: read only what some
 * rule needs). `assemble` builds an object from its members in order, leaving out the
 * `undefined` ones; a member given as `defer(compute)` becomes an own, enumerable
 * accessor that on first read computes its value and replaces itself with a plain data
 * property holding it. So `JSON.stringify`, `Object.keys`, spread, `structuredClone`,
 * deep equality and every reader (rules, explain, the outbox, variable injection, the
 * REPL's `.paths`) see the same values in the same member order as when the member is
 * computed at once, and later reads are plain property loads.
 *
 * Two rules keep it exact:
 * - a deferred member is never `undefined` (its presence is decided when it is
 *   deferred; the builders defer only members they know are present);
 * - validation is never deferred: the builders check the input first, so a compute
 *   cannot meet bad input and a malformed payload is refused when it is built.
 *
 * A reader that can answer from a deferred member's input may leave the member unbuilt
 * (`pendingInput`: the rule set's exact-match conditions read a voice file's turns
 * without building its transcript items).
 *
 * The accessors are shared per member name and the computes kept aside (`pending`):
 * an accessor closure per object would give every event its own hidden class, and V8
 * would turn the objects rules read on every event into slow dictionaries.
 */

/** A member's value computed on first read (`defer`): `compute(input)`. */
class Deferred {
  constructor(
    readonly compute: (input: any) => unknown,
    readonly input: unknown,
  ) {}
}

/**
 * `compute(input)`, to be run on first read of the member it is assembled as. Typed as
 * its value so an object literal of members type-checks as the object it becomes. A
 * module-level function and its input rather than a closure: closures made per event
 * cost more than some of the members they would defer.
 */
export function defer<I, T>(compute: (input: I) => T, input: I): T {
  return new Deferred(compute, input) as unknown as T;
}

/**
 * On an assembled object, its deferred members not read yet (by member name): a
 * non-enumerable symbol member, which no reader, JSON or copy sees (a WeakMap costs
 * the garbage collector more: one entry per event).
 */
const PENDING = Symbol('deferred members');
/** A member read once has no entry (undefined), unless the object was frozen (then its value, as a Deferred). */
type Pending = Record<string, Deferred | undefined>;
const pending = (target: object): Pending => (target as { [PENDING]: Pending })[PENDING];

const accessors = new Map<string, PropertyDescriptor>();

function settle(target: object, key: string, value: unknown): void {
  // a consumer may have frozen the object: then the value stays behind the accessor
  if (Object.getOwnPropertyDescriptor(target, key)?.configurable) {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    pending(target)[key] = undefined;
  } else {
    pending(target)[key] = new Deferred(() => value, undefined);
  }
}

function accessor(key: string): PropertyDescriptor {
  let descriptor = accessors.get(key);
  if (!descriptor) {
    descriptor = {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const deferred = pending(this)[key]!;
        const value = deferred.compute(deferred.input);
        settle(this, key, value);
        return value;
      },
      // a consumer that writes the member gets a plain member, as with an eager object
      set(this: object, value: unknown) {
        settle(this, key, value);
      },
    };
    accessors.set(key, descriptor);
  }
  return descriptor;
}

/**
 * The input of `target`'s member `key` while it is deferred and not read yet (what
 * its compute will be given), else undefined: a reader that can answer from the
 * input (the rule set's phrase index, from a transcript's entries) leaves the member
 * unbuilt. A member written or read since has none.
 */
export function pendingInput(target: object, key: string): unknown {
  return (target as { [PENDING]?: Pending })[PENDING]?.[key]?.input;
}

/**
 * Tests only (lazy.test.ts): `eager` makes `assemble` compute every deferred member at
 * once, so the lazy event can be compared with the one built at once. No caller needs
 * it: the values are the same either way.
 */
export const lazyTesting = { eager: false };

/**
 * The object of `members`, in their order, without the `undefined` ones; deferred
 * members are computed on first read (at once under `lazyTesting.eager`). Not `delete`:
 * deleting a member also turns a V8 object into a slow dictionary.
 *
 * With `first`, the object of `{ ...first, ...members }` (first's members in its order, a
 * member both give at first's place with `members`' value, even `undefined`), without the
 * spread: on Node 20 a literal spreading an object before a dozen members cost ~20 µs an
 * event (the contact record's members before an analysis file's; docs/performance.md,
 * session 12), more than building the rest of the body.
 */
export function assemble<T extends object>(members: T, first?: object): T {
  const out: Record<string, unknown> = {};
  let computes: Pending | undefined;
  if (first !== undefined) {
    for (const key in first) {
      const value = key in members ? (members as Record<string, unknown>)[key] : (first as Record<string, unknown>)[key];
      if (value !== undefined) computes = put(out, computes, key, value);
    }
  }
  for (const key in members) {
    if (first !== undefined && key in first) continue;
    const value = members[key] as unknown;
    if (value !== undefined) computes = put(out, computes, key, value);
  }
  if (computes) Object.defineProperty(out, PENDING, { value: computes });
  return out as T;
}

/** `out[key] = value`, a Deferred as an accessor (its compute kept in `computes`, made at the first): the computes so far. */
function put(out: Record<string, unknown>, computes: Pending | undefined, key: string, value: unknown): Pending | undefined {
  if (!(value instanceof Deferred)) out[key] = value;
  else if (lazyTesting.eager) out[key] = value.compute(value.input);
  else {
    (computes ??= {})[key] = value;
    Object.defineProperty(out, key, accessor(key));
  }
  return computes;
}
