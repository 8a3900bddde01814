/**
 * Small readers for untrusted JSON: absent and `null` are `undefined`; a value of the
 * wrong type is an InputFormatError at its JSON pointer.
 */
import { InputFormatError } from './errors.ts';
import { at, describe } from './problems.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export { at, describe } from './problems.ts';

/** Reads members of one input, failing with its label. */
export class Reader {
  constructor(readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new InputFormatError(this.file, pointer, problem);
  }

  private wrong(pointer: string, expected: string, v: unknown): never {
    return this.fail(pointer, `expected ${expected}, got ${describe(v)}`);
  }

  object(v: unknown, pointer: string): JsonObject | undefined {
    if (v === undefined || v === null) return undefined;
    return isObject(v) ? v : this.wrong(pointer, 'an object', v);
  }

  array(v: unknown, pointer: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) ? v : this.wrong(pointer, 'an array', v);
  }

  string(v: unknown, pointer: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : this.wrong(pointer, 'a string', v);
  }

  /** A finite number; a numeric string is accepted (some exports write numbers as strings). */
  number(v: unknown, pointer: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return this.wrong(pointer, 'a number', v);
  }

  /**
   * `string(v, parent + "/" + key)`, building the pointer only when `v` is wrong:
   * a transcript has thousands of members, and their pointers cost more than the check.
   */
  stringAt(v: unknown, parent: string, key: string): string | undefined {
    return typeof v === 'string' ? v : v === undefined || v === null ? undefined : this.string(v, `${parent}/${key}`);
  }

  /** `number(v, parent + "/" + key)`, building the pointer only when `v` is not a finite number. */
  numberAt(v: unknown, parent: string, key: string | number): number | undefined {
    return typeof v === 'number' && Number.isFinite(v) ? v : v === undefined || v === null ? undefined : this.number(v, `${parent}/${key}`);
  }

  /** A map of strings (non-string values are an error). */
  stringMap(v: unknown, pointer: string): Record<string, string> | undefined {
    const obj = this.object(v, pointer);
    if (!obj) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(obj)) {
      const s = this.string(value, at(pointer, key));
      if (s !== undefined) out[key] = s;
    }
    return out;
  }

  /** An instant: ISO-8601 text, epoch seconds or milliseconds (number), or a Date; as epoch milliseconds. */
  instant(v: unknown, pointer: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    const ms = instantMillis(v);
    return ms === undefined ? this.wrong(pointer, 'a date-time (ISO-8601 text or epoch number)', v) : ms;
  }
}

/** Epoch milliseconds of an ISO-8601 string, an epoch number (seconds below 1e11, else ms) or a Date. */
export function instantMillis(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) < 1e11 ? v * 1000 : v) : undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
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

/** Drops members whose value is `undefined` (shallow), so absent stays absent in JSON. */
export function compact<T extends JsonObject>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** `compact`, then `undefined` when nothing is left. */
export function nonEmpty<T extends JsonObject>(obj: T): T | undefined {
  compact(obj);
  return Object.keys(obj).length > 0 ? obj : undefined;
}
