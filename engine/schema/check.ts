/**
 * The one way this project checks untrusted JSON (the rules, evaluation and
 * SearchContacts API requests, delivered payloads and their Lambda envelopes, Cases
 * events, canonical trigger events, the context's member-by-member readers of
 * analysis files and contact records, and the rule test files of `connect-rules
 * test`): a shape is a `Spec` value, `validate` walks
 * the value against it and returns a clean copy with the structured problems found:
 * where (`path`), what was expected (the `spec`), what was there (`received`). The
 * kernel words nothing for its callers: each turns problems into its own typed error
 * in its own words (the rules API's `Actions[2].TaskAction.Name: length 600 exceeds
 * 512` lines are `apiLine`; the context's `expected a string, got the number 5 (at
 * /a/0)` is engine/context/problems.ts). A few hundred lines instead of a schema
 * library: the handlers' bundles carry no zod.
 */

import { clip as clipChars } from '../../grammar/clip.ts';

/** A string that must also pass `test` (an ISO-8601 date-time...); `name` says what it is. */
export interface StringFormat {
  readonly name: string;
  readonly test: (s: string) => boolean;
}

export type Spec =
  /** Anything (a payload member the reader does not look into). */
  | { readonly kind: 'any' }
  | {
      readonly kind: 'string';
      readonly min?: number;
      readonly max?: number;
      readonly pattern?: RegExp;
      readonly enum?: readonly string[];
      readonly format?: StringFormat;
      /** A finite number is accepted and becomes its decimal string (ticket ids). */
      readonly fromNumber?: boolean;
    }
  | {
      readonly kind: 'number';
      readonly min?: number;
      readonly max?: number;
      readonly integer?: boolean;
      /** A numeric string is accepted and becomes its number (some exports write numbers as strings). */
      readonly fromString?: boolean;
    }
  | { readonly kind: 'boolean' }
  /** An instant: ISO-8601 text, epoch seconds or milliseconds, or a Date; its clean value is epoch milliseconds. */
  | { readonly kind: 'instant' }
  /** A string, a finite number or a boolean (case field values). */
  | { readonly kind: 'scalar' }
  | {
      readonly kind: 'struct';
      readonly fields: Readonly<Record<string, Field>>;
      /** Exactly one of the fields must be set. */
      readonly union?: boolean;
      /**
       * Members the spec does not name are kept as they are, in the input's order
       * (an open format); required members are checked before the others. Without
       * it the clean copy holds only the named members, in the spec's order.
       */
      readonly open?: boolean;
      /** A member the spec does not name is a problem (`unknown`): a typo in a file a person writes. */
      readonly strict?: boolean;
    }
  | { readonly kind: 'list'; readonly items: Spec; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'map';
      readonly key?: Spec & { kind: 'string' };
      readonly value: Spec;
      /** The spec of one entry's value when it depends on its key (undefined: `value`). */
      readonly valueFor?: (key: string) => Spec | undefined;
      readonly min?: number;
      readonly max?: number;
    };

/** A member of a struct: its spec, and whether it must be present (JSON `null` counts as absent). */
export interface Field {
  readonly spec: Spec;
  readonly required?: boolean;
}

export const str = (min?: number, max?: number, pattern?: RegExp): Spec => ({ kind: 'string', min, max, pattern });
export const oneOf = (values: readonly string[]): Spec => ({ kind: 'string', enum: values });
export const req = (spec: Spec): Field => ({ spec, required: true });
export const opt = (spec: Spec): Field => ({ spec });
export const struct = (fields: Record<string, Field>): Spec => ({ kind: 'struct', fields });
export const EMPTY: Spec = struct({});

export const any: Spec = { kind: 'any' };
export const listOf = (items: Spec, min?: number, max?: number): Spec => ({ kind: 'list', items, min, max });

/**
 * One step of a problem's path: a struct member (string), a list index (number), a
 * map entry, or a map's key itself (the key is what is wrong).
 */
export type Segment = string | number | { readonly entry: string } | { readonly key: string };

export type ProblemCode =
  | 'type'
  | 'required'
  | 'enum'
  | 'too-short'
  | 'too-long'
  | 'pattern'
  | 'format'
  | 'not-integer'
  | 'below-min'
  | 'above-max'
  | 'too-few'
  | 'too-many'
  | 'union'
  | 'unknown';

/** What is wrong, where, against which spec; worded by the caller. */
export interface Problem {
  readonly path: readonly Segment[];
  readonly code: ProblemCode;
  /** The spec the value missed (for `required`, the missing member's). */
  readonly spec: Spec;
  /** The value found (undefined for `required`). */
  readonly received: unknown;
  /** Length in code points, item or entry count, or how many union members are set. */
  readonly actual?: number;
}

export interface Validated {
  /** The clean copy; undefined when there are problems. */
  readonly value: unknown;
  readonly problems: readonly Problem[];
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON `null` is treated as absent, as the AWS deserializers do. */
export const absent = (v: unknown): boolean => v === undefined || v === null;

/** A walk: the problems so far and the path of the value being checked (copied only into a problem). */
class Walk {
  readonly problems: Problem[] = [];
  readonly path: Segment[];

  constructor(
    readonly limit: number,
    base: readonly Segment[],
    /** Give back the input's own objects and arrays where the clean copy would equal them (`validate`'s `share`). */
    readonly share = false,
  ) {
    this.path = [...base];
  }

  get full(): boolean {
    return this.problems.length >= this.limit;
  }

  add(code: ProblemCode, spec: Spec, received: unknown, actual?: number): undefined {
    this.problems.push(actual === undefined ? { path: this.path.slice(), code, spec, received } : { path: this.path.slice(), code, spec, received, actual });
    return undefined;
  }

  /** The clean value of `value` at member/index `segment`. */
  at(segment: Segment, spec: Spec, value: unknown): unknown {
    this.path.push(segment);
    const clean = walk(spec, value, this);
    this.path.pop();
    return clean;
  }

  missing(name: string, spec: Spec): void {
    this.path.push(name);
    this.add('required', spec, undefined);
    this.path.pop();
  }
}

/**
 * Checks `value` against `spec`: the clean value (undefined when anything is wrong)
 * and the problems, each located by its path below `base`. The walk stops once
 * `limit` problems are found (a caller that reports the first asks for 1). With
 * `share`, the clean value is the input's own object or array wherever nothing in it
 * was dropped (`null`, members a closed struct does not name) or converted, so a value
 * already in its clean shape is checked, not copied; the caller must then not change it.
 */
export function validate(spec: Spec, value: unknown, options: { limit?: number; base?: readonly Segment[]; share?: boolean } = {}): Validated {
  const w = new Walk(options.limit ?? Infinity, options.base ?? [], options.share);
  const clean = walk(spec, value, w);
  return { value: w.problems.length === 0 ? clean : undefined, problems: w.problems };
}

function walk(spec: Spec, value: unknown, w: Walk): unknown {
  switch (spec.kind) {
    case 'any':
      return value;
    case 'string': {
      if (typeof value !== 'string') {
        if (spec.fromNumber && typeof value === 'number' && Number.isFinite(value)) return String(value);
        return w.add('type', spec, value);
      }
      if (spec.enum && !spec.enum.includes(value)) return w.add('enum', spec, value);
      if (spec.max !== undefined || spec.min !== undefined) {
        const len = codePoints(value);
        if (spec.max !== undefined && len > spec.max) return w.add('too-long', spec, value, len);
        if (spec.min !== undefined && len < spec.min) return w.add('too-short', spec, value, len);
      }
      if (spec.pattern && !spec.pattern.test(value)) return w.add('pattern', spec, value);
      if (spec.format && !spec.format.test(value)) return w.add('format', spec, value);
      return value;
    }
    case 'number': {
      let n = value;
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        if (!(spec.fromString && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) return w.add('type', spec, value);
        n = Number(value);
      }
      const num = n as number;
      if (spec.integer && !Number.isInteger(num)) return w.add('not-integer', spec, value);
      if (spec.min !== undefined && num < spec.min) return w.add('below-min', spec, value);
      if (spec.max !== undefined && num > spec.max) return w.add('above-max', spec, value);
      return num;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : w.add('type', spec, value);
    case 'instant':
      return instantMillis(value) ?? w.add('type', spec, value);
    case 'scalar':
      return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
        ? value
        : w.add('type', spec, value);
    case 'struct':
      return spec.open ? openStruct(spec, value, w) : closedStruct(spec, value, w);
    case 'list': {
      if (!Array.isArray(value)) return w.add('type', spec, value);
      if (spec.max !== undefined && value.length > spec.max) return w.add('too-many', spec, value, value.length);
      if (spec.min !== undefined && value.length < spec.min) return w.add('too-few', spec, value, value.length);
      const before = w.problems.length;
      const out: unknown[] = new Array(value.length);
      let same = w.share;
      for (let i = 0; i < value.length && !w.full; i++) {
        out[i] = w.at(i, spec.items, value[i]);
        if (out[i] !== value[i]) same = false;
      }
      return w.problems.length !== before ? undefined : same ? value : out;
    }
    case 'map': {
      if (!isObject(value)) return w.add('type', spec, value);
      const all = Object.entries(value);
      const entries = all.filter(([, v]) => !absent(v));
      if (spec.max !== undefined && entries.length > spec.max) return w.add('too-many', spec, value, entries.length);
      if (spec.min !== undefined && entries.length < spec.min) return w.add('too-few', spec, value, entries.length);
      const before = w.problems.length;
      const out: Record<string, unknown> = {};
      let same = w.share && entries.length === all.length;
      for (const [k, v] of entries) {
        if (w.full) break;
        if (spec.key) {
          w.path.push({ key: k });
          walk(spec.key, k, w);
          w.path.pop();
        }
        const clean = w.at({ entry: k }, spec.valueFor?.(k) ?? spec.value, v);
        if (clean !== undefined) out[k] = clean;
        if (clean !== v) same = false;
      }
      return w.problems.length !== before ? undefined : same ? value : out;
    }
  }
}

type StructSpec = Spec & { kind: 'struct' };

function closedStruct(spec: StructSpec, value: unknown, w: Walk): unknown {
  if (!isObject(value)) return w.add('type', spec, value);
  const out: Record<string, unknown> = {};
  const before = w.problems.length;
  let set = 0;
  for (const name in spec.fields) {
    if (w.full) break;
    const field = spec.fields[name];
    const v = value[name];
    if (absent(v)) {
      if (field.required) w.missing(name, field.spec);
      continue;
    }
    set++;
    const clean = w.at(name, field.spec, v);
    if (clean !== undefined) out[name] = clean;
  }
  if (spec.union && set !== 1 && !w.full) w.add('union', spec, value, set);
  if (spec.strict) {
    for (const name in value) {
      if (w.full) break;
      if (Object.hasOwn(spec.fields, name)) continue;
      w.path.push(name);
      w.add('unknown', spec, value[name]);
      w.path.pop();
    }
  }
  return w.problems.length === before ? out : undefined;
}

function openStruct(spec: StructSpec, value: unknown, w: Walk): unknown {
  if (!isObject(value)) return w.add('type', spec, value);
  const before = w.problems.length;
  for (const name in spec.fields) {
    if (spec.fields[name].required && absent(value[name])) {
      w.missing(name, spec.fields[name].spec);
      if (w.full) return undefined;
    }
  }
  const out: Record<string, unknown> = {};
  let same = w.share;
  for (const name in value) {
    const v = value[name];
    if (absent(v)) {
      same = false;
      continue;
    }
    const field = spec.fields[name];
    if (field === undefined) {
      out[name] = v;
      continue;
    }
    const clean = w.at(name, field.spec, v);
    if (w.full) break;
    out[name] = clean;
    if (clean !== v) same = false;
  }
  return w.problems.length !== before ? undefined : same ? value : out;
}

/**
 * The farthest instant from the epoch a Date holds, in milliseconds (ECMAScript: "exactly
 * -100,000,000 days to 100,000,000 days"): a number beyond it names no date, and turning
 * it into one (toISOString) throws a RangeError, a failure retried instead of bad input.
 */
const DATE_RANGE_MS = 8.64e15;

/** Epoch milliseconds of an ISO-8601 string, an epoch number (seconds below 1e11, else ms; within a Date's range) or a Date. */
export function instantMillis(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') {
    const ms = Math.abs(v) < 1e11 ? v * 1000 : v;
    return Math.abs(ms) <= DATE_RANGE_MS ? ms : undefined;
  }
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) || !dayExists(v) ? undefined : ms;
}

/**
 * Whether the day of `yyyy-mm-dd…` is in its month: `Date.parse` takes days 29–31 of any
 * month and rolls over (`2025-02-30` is read as 2 March), a date no clock wrote.
 */
function dayExists(v: string): boolean {
  const day = (v.charCodeAt(8) - 48) * 10 + v.charCodeAt(9) - 48;
  if (day <= 28) return true;
  // the Gregorian calendar repeats every 400 years: day 0 of the next month is the month's last
  const year = 2000 + (Number(v.slice(0, 4)) % 400);
  return day <= new Date(Date.UTC(year, Number(v.slice(5, 7)), 0)).getUTCDate();
}

/**
 * An ISO-8601 date-time kept as its text: the canonical format's date-time members
 * (engine/context/canonical.ts), and the adapters' members that become one, so these
 * are refused where they are written. (`{kind: 'instant'}` also takes epoch numbers.)
 */
export const ISO_INSTANT: Spec = { kind: 'string', format: { name: 'an ISO-8601 date-time', test: (s) => instantMillis(s) !== undefined } };

/** The first `n` characters of `s` (whole code points: grammar/clip.ts), `...` when cut. */
export function clip(s: string, n = 60): string {
  return clipChars(s, n, n, '...');
}

// ---------------------------------------------------------------------------
// The API wording: `Actions[2].TaskAction.Name: length 600 exceeds 512`
// ---------------------------------------------------------------------------

/** A path as the AWS APIs print members: `Actions[2].TaskAction`, `Tags["k"]`, after `prefix`. */
export function dotted(path: readonly Segment[], prefix = ''): string {
  let s = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (typeof seg === 'string') s = s === '' ? seg : `${s}.${seg}`;
    else if ('entry' in seg) s += `[${JSON.stringify(seg.entry)}]`;
    else s += `[${JSON.stringify(seg.key)}] (key)`;
  }
  return s;
}

const TYPE_WORDS: Readonly<Record<Spec['kind'], string>> = {
  any: 'a value',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  instant: 'a date-time',
  scalar: 'a string, number or boolean',
  struct: 'an object',
  map: 'an object',
  list: 'a list',
};

const quoted = (v: unknown) => `'${clip(String(v))}'`;

/** What a value is, for a message: `the number 5`, `the string "x"`, `an array`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(clipChars(v, 40, 40, '…'))}`;
  return `${typeof v === 'number' ? 'the number' : typeof v} ${String(v)}`;
}
const unit = (spec: Spec) => (spec.kind === 'map' ? 'entries' : 'items');

const API_WORDS: Readonly<Record<ProblemCode, (p: Problem & { spec: any }) => string>> = {
  type: (p) => `must be ${TYPE_WORDS[p.spec.kind as Spec['kind']]}, got ${describeValue(p.received)}`,
  required: () => 'is required',
  enum: (p) => `${quoted(p.received)} is not one of ${p.spec.enum.join(', ')}`,
  'too-long': (p) => `length ${p.actual} exceeds ${p.spec.max}`,
  'too-short': (p) => `length ${p.actual} is below the minimum ${p.spec.min}`,
  pattern: (p) => `${quoted(p.received)} does not match ${p.spec.pattern.source}`,
  format: (p) => `${quoted(p.received)} is not ${p.spec.format.name}`,
  'not-integer': (p) => `must be a whole number, got ${p.received}`,
  'below-min': (p) => `${p.received} is below the minimum ${p.spec.min}`,
  'above-max': (p) => `${p.received} exceeds the maximum ${p.spec.max}`,
  'too-many': (p) => `has ${p.actual} ${unit(p.spec)}, at most ${p.spec.max} allowed`,
  'too-few': (p) => `has ${p.actual} ${unit(p.spec)}, at least ${p.spec.min} required`,
  union: (p) => `exactly one of ${Object.keys(p.spec.fields).join(', ')} must be set (got ${p.actual})`,
  unknown: (p) => `is not one of the members ${Object.keys(p.spec.fields).join(', ')}`,
};

/** One problem in the API wording: `Actions[2].TaskAction.Name: length 600 exceeds 512`. */
export function apiLine(problem: Problem, prefix = ''): string {
  return `${dotted(problem.path, prefix)}: ${API_WORDS[problem.code](problem as Problem & { spec: any })}`;
}

/**
 * `validate` for the API callers: pushes one `path: problem` line per problem into
 * `lines` (paths below the dotted `path`), and returns the clean value, or
 * undefined when invalid.
 */
export function check(spec: Spec, value: unknown, path: string, lines: string[]): unknown {
  const { value: clean, problems } = validate(spec, value);
  for (const p of problems) lines.push(apiLine(p, path));
  return clean;
}

/** The first problem of `value` against `spec` (`s3.bucket.name: is required`), or undefined when it fits. */
export function firstProblem(spec: Spec, value: unknown): string | undefined {
  const [problem] = validate(spec, value, { limit: 1 }).problems;
  return problem && apiLine(problem);
}
