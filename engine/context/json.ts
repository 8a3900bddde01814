/**
 * Readers for untrusted JSON, member by member: absent and `null` are `undefined`; a
 * value of the wrong type is an InputFormatError at its JSON pointer. What is valid,
 * what a value becomes (a numeric string a number, an instant epoch milliseconds) and
 * what is wrong are the schema kernel's (engine/schema); the context words the
 * problem (problems.ts). Each reader first takes the one shape that needs no
 * conversion inline (a string that is a string): a transcript has thousands of
 * members, and the analysis file is read on the hot path of every call.
 */
import { any, instantMillis, validate, type Spec } from '../schema/check.ts';
import { InputFormatError } from './errors.ts';
import { at, describe, problemError } from './problems.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted and undefined members left out, so equal values print equal (request hashes, plan diffs). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export { at, describe } from './problems.ts';
export { instantMillis } from '../schema/check.ts';

const OBJECT: Spec = { kind: 'map', value: any };
const ARRAY: Spec = { kind: 'list', items: any };
const STRING: Spec = { kind: 'string' };
/** Some exports write numbers as strings. */
const NUMBER: Spec = { kind: 'number', fromString: true };
const INSTANT: Spec = { kind: 'instant' };
const STRING_MAP: Spec = { kind: 'map', value: STRING };

type Key = string | number;

/**
 * The instants a contact can have: from 2000 (Amazon Connect opened in 2017; a few years'
 * margin for clocks and test data) to the last four-digit year. Outside, a value parses but
 * names no contact's time (`5` is 1970-01-01T00:00:05Z, `0000-01-01` year zero), so rules
 * would compare durations and offsets of nothing: the input is refused instead.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(10000, 0, 1) - 1;

/** `parent/key[/member[/entry]]`, each part escaped (fixed parameters: no array per call on the hot path). */
function pointerAt(parent: string, key: Key, member?: Key, entry?: Key): string {
  const p = at(parent, key);
  const q = member === undefined ? p : at(p, member);
  return entry === undefined ? q : at(q, entry);
}

/** Reads members of one input, failing with its label. */
export class Reader {
  constructor(readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new InputFormatError(this.file, pointer, problem);
  }

  /**
   * The clean value of `v` against `spec` (undefined when absent), or the InputFormatError
   * of its problem at `pointer`. A value already clean is `v` itself, not a copy (`share`):
   * readers only read what they are given.
   */
  read(spec: Spec, v: unknown, pointer: string): unknown {
    if (v === undefined || v === null) return undefined;
    const { value, problems } = validate(spec, v, { limit: 1, share: true });
    if (problems.length > 0) throw problemError(this.file, problems[0], pointer);
    return value;
  }

  object(v: unknown, pointer: string): JsonObject | undefined {
    return isObject(v) ? v : (this.read(OBJECT, v, pointer) as undefined);
  }

  array(v: unknown, pointer: string): unknown[] | undefined {
    return Array.isArray(v) ? v : (this.read(ARRAY, v, pointer) as undefined);
  }

  string(v: unknown, pointer: string): string | undefined {
    return typeof v === 'string' ? v : (this.read(STRING, v, pointer) as undefined);
  }

  /** A finite number; a numeric string is accepted (some exports write numbers as strings). */
  number(v: unknown, pointer: string): number | undefined {
    return typeof v === 'number' && Number.isFinite(v) ? v : (this.read(NUMBER, v, pointer) as number | undefined);
  }

  // The `…At` readers take the pointer in parts (`parent/key[/member[/entry]]`, escaped)
  // and build it only for a value that is wrong: a transcript has thousands of members,
  // and their pointers cost more than the check.

  /** `object(v, parent/key…)`. */
  objectAt(v: unknown, parent: string, key: Key, member?: Key, entry?: Key): JsonObject | undefined {
    return isObject(v) ? v : v === undefined || v === null ? undefined : this.object(v, pointerAt(parent, key, member, entry));
  }

  /** `array(v, parent/key…)`. */
  arrayAt(v: unknown, parent: string, key: Key, member?: Key, entry?: Key): unknown[] | undefined {
    return Array.isArray(v) ? v : v === undefined || v === null ? undefined : this.array(v, pointerAt(parent, key, member, entry));
  }

  /** `string(v, parent/key…)`. */
  stringAt(v: unknown, parent: string, key: Key, member?: Key, entry?: Key): string | undefined {
    return typeof v === 'string' ? v : v === undefined || v === null ? undefined : this.string(v, pointerAt(parent, key, member, entry));
  }

  /** `number(v, parent/key…)`. */
  numberAt(v: unknown, parent: string, key: Key, member?: Key, entry?: Key): number | undefined {
    return typeof v === 'number' && Number.isFinite(v) ? v : v === undefined || v === null ? undefined : this.number(v, pointerAt(parent, key, member, entry));
  }

  /** A map of strings (non-string values are an error): the payload's own object when it is one already (the usual case). */
  stringMap(v: unknown, pointer: string): Record<string, string> | undefined {
    return this.read(STRING_MAP, v, pointer) as Record<string, string> | undefined;
  }

  /** An instant: ISO-8601 text, epoch seconds or milliseconds (number), or a Date; as epoch milliseconds, from 2000 to 9999. */
  instant(v: unknown, pointer: string): number | undefined {
    const ms = this.read(INSTANT, v, pointer) as number | undefined;
    if (ms !== undefined && (ms < EARLIEST_INSTANT_MS || ms > LATEST_INSTANT_MS)) {
      this.fail(pointer, `expected a date-time from 2000 to 9999, got ${describe(v)} (${new Date(ms).toISOString()})`);
    }
    return ms;
  }

  /**
   * An instant written as ISO-8601 text (`parent/key…`; `instant`'s checks): the text
   * parsed in place, the reader's wording only for a value that is wrong.
   */
  instantTextAt(v: unknown, parent: string, key: Key, member?: Key): number | undefined {
    if (typeof v !== 'string') return this.stringAt(v, parent, key, member) as undefined;
    const ms = instantMillis(v);
    return ms !== undefined && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS ? ms : this.instant(v, pointerAt(parent, key, member));
  }

  /** Two instants of one contact in their order (`later` at or after `earlier`): a reversed pair is refused at `later`'s pointer. */
  notBefore(later: number | undefined, laterValue: unknown, pointer: string, earlier: number | undefined, earlierName: string): void {
    if (later !== undefined && earlier !== undefined && later < earlier) {
      this.fail(pointer, `expected a date-time at or after ${earlierName} ${new Date(earlier).toISOString()}, got ${describe(laterValue)}`);
    }
  }

  /**
   * `numberAt`, refusing a negative offset: offsets count milliseconds from the contact's
   * start, and a negative one places the item before the contact began. AWS (Contact Lens
   * API reference, Transcript): "BeginOffsetMillis — The beginning offset in the contact for
   * this transcript. Type: Integer. Valid Range: Minimum value of 0." (EndOffsetMillis alike).
   */
  offsetAt(v: unknown, parent: string, key: Key, member: Key): number | undefined {
    const n = this.numberAt(v, parent, key, member);
    if (n !== undefined && n < 0) this.fail(pointerAt(parent, key, member), `expected an offset of 0 or more milliseconds, got ${describe(v)}`);
    return n;
  }

  /** An end offset before its begin is refused at the end's pointer (`parent/key/EndOffsetMillis`): the item would end before it began. */
  spanAt(begin: number | undefined, end: number | undefined, endValue: unknown, parent: string, key: Key): void {
    if (begin !== undefined && end !== undefined && end < begin) {
      this.fail(pointerAt(parent, key, 'EndOffsetMillis'), `expected an offset at or after BeginOffsetMillis ${begin}, got ${describe(endValue)}`);
    }
  }
}

/** The id in an ARN: its last `/` segment (`…/queue/<id>` → `<id>`). */
export function idFromArn(arn: string | undefined): string | undefined {
  if (arn === undefined || arn === '') return undefined;
  const id = arn.slice(arn.lastIndexOf('/') + 1);
  return id === '' ? undefined : id;
}

/** The instance id in a Connect ARN (`…:instance/<id>/…`). */
export function instanceIdFromArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /:instance\/([^/]+)/.exec(arn)?.[1];
}

/**
 * `obj` without its `undefined` members (shallow), so absent stays absent in JSON: `obj`
 * itself when it has none, else a new object. Not `delete`: deleting a member turns a V8
 * object into a slow dictionary, and rules read these objects on every event.
 */
export function compact<T extends JsonObject>(obj: T): T {
  for (const key in obj) {
    if (obj[key] !== undefined) continue;
    const out: JsonObject = {};
    for (const k in obj) if (obj[k] !== undefined) setMember<unknown>(out, k, obj[k]);
    return out as T;
  }
  return obj;
}

/**
 * `obj[key] = value`, a key `__proto__` too: JSON.parse makes that an own member of a file's
 * object (a role, a participant), where an assignment would set the prototype instead, or,
 * for a number or a string, do nothing, and the member would be lost.
 */
export function setMember<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `compact`, then `undefined` when nothing is left. */
export function nonEmpty<T extends JsonObject>(obj: T): T | undefined {
  for (const key in obj) if (obj[key] !== undefined) return compact(obj);
  return undefined;
}
