/**
 * A small declarative checker for the canonical trigger event: the shapes below are
 * docs/canonical-events.md in code. `check` returns a normalised copy (`null`
 * dropped: it counts as absent; ids given as numbers turned into strings) or throws
 * InputFormatError at the first value of the wrong shape. Members the schema does not
 * name are kept as they are: the format is open to additions.
 */
import { at, describe, instantMillis, isObject, type JsonObject } from './json.ts';
import { InputFormatError } from './errors.ts';

export type Schema =
  | 'string'
  /** a string, or a number turned into its decimal string (ticket ids). */
  | 'id'
  | 'number'
  | 'boolean'
  /** an ISO-8601 date-time string. */
  | 'instant'
  /** a string, number or boolean (case field values). */
  | 'scalar'
  | 'any'
  | { readonly enum: readonly string[] }
  | { readonly object: Readonly<Record<string, Schema>>; readonly required?: readonly string[] }
  | { readonly map: Schema; readonly key?: (key: string) => Schema | undefined }
  | { readonly array: Schema };

export const obj = (members: Record<string, Schema>, required?: string[]): Schema => ({ object: members, required });
export const mapOf = (value: Schema): Schema => ({ map: value });
export const arrayOf = (item: Schema): Schema => ({ array: item });

export function check(file: string, value: unknown, schema: Schema, pointer = ''): unknown {
  const wrong = (expected: string): never => {
    throw new InputFormatError(file, pointer, `expected ${expected}, got ${describe(value)}`);
  };
  if (typeof schema === 'string') {
    switch (schema) {
      case 'any':
        return value;
      case 'string':
        return typeof value === 'string' ? value : wrong('a string');
      case 'id':
        return typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : wrong('a string id');
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? value : wrong('a number');
      case 'boolean':
        return typeof value === 'boolean' ? value : wrong('true or false');
      case 'instant':
        return typeof value === 'string' && instantMillis(value) !== undefined ? value : wrong('an ISO-8601 date-time string');
      case 'scalar':
        return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          ? value
          : wrong('a string, number or boolean');
    }
  }
  if ('enum' in schema) {
    return typeof value === 'string' && schema.enum.includes(value) ? value : wrong(`one of ${schema.enum.join(', ')}`);
  }
  if ('array' in schema) {
    if (!Array.isArray(value)) return wrong('an array');
    return value.map((item, i) => check(file, item, schema.array, at(pointer, i)));
  }
  if (!isObject(value)) return wrong('an object');
  const out: JsonObject = {};
  if ('map' in schema) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null || member === undefined) continue;
      out[key] = check(file, member, schema.key?.(key) ?? schema.map, at(pointer, key));
    }
    return out;
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined || value[key] === null) {
      throw new InputFormatError(file, at(pointer, key), `missing ${key}`);
    }
  }
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    const memberSchema = schema.object[key];
    out[key] = memberSchema === undefined ? member : check(file, member, memberSchema, at(pointer, key));
  }
  return out;
}
