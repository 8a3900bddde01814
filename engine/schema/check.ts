/**
 * The one way this project checks untrusted JSON (API request bodies, delivered
 * payloads and their Lambda envelopes): a shape is a `Spec` value, `check` walks
 * the value against it and collects one located line per problem,
 * `Actions[2].TaskAction.Name: length 600 exceeds 512`, returning a clean copy that
 * holds only the members the spec names (undefined when anything is wrong). Each
 * caller turns the lines into its own typed error (InvalidRequestException,
 * BadInputError...). A few dozen lines instead of a schema library: the handlers'
 * bundles carry no zod.
 */

export type Spec =
  /** Anything (a payload member the reader does not look into). */
  | { readonly kind: 'any' }
  | { readonly kind: 'string'; readonly min?: number; readonly max?: number; readonly pattern?: RegExp; readonly enum?: readonly string[] }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, Field>>; readonly union?: boolean }
  | { readonly kind: 'list'; readonly items: Spec; readonly min?: number; readonly max?: number }
  | { readonly kind: 'map'; readonly key: Spec & { kind: 'string' }; readonly value: Spec; readonly min?: number; readonly max?: number };

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

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON `null` is treated as absent, as the AWS deserializers do. */
export const absent = (v: unknown): boolean => v === undefined || v === null;

const mapKeyPath = (path: string, key: string) => `${path}[${JSON.stringify(key)}]`;

/**
 * Checks `value` against `spec`, pushing `path: problem` lines into `problems`, and
 * returns the clean value (only the fields the spec knows), or undefined when invalid.
 */
export function check(spec: Spec, value: unknown, path: string, problems: string[]): unknown {
  switch (spec.kind) {
    case 'any':
      return value;
    case 'string': {
      if (typeof value !== 'string') {
        problems.push(`${path}: must be a string`);
        return undefined;
      }
      if (spec.enum && !spec.enum.includes(value)) {
        problems.push(`${path}: '${clip(value)}' is not one of ${spec.enum.join(', ')}`);
        return undefined;
      }
      const len = codePoints(value);
      if (spec.max !== undefined && len > spec.max) {
        problems.push(`${path}: length ${len} exceeds ${spec.max}`);
        return undefined;
      }
      if (spec.min !== undefined && len < spec.min) {
        problems.push(`${path}: length ${len} is below the minimum ${spec.min}`);
        return undefined;
      }
      if (spec.pattern && !spec.pattern.test(value)) {
        problems.push(`${path}: '${clip(value)}' does not match ${spec.pattern.source}`);
        return undefined;
      }
      return value;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push(`${path}: must be a number`);
        return undefined;
      }
      if (spec.integer && !Number.isInteger(value)) {
        problems.push(`${path}: must be a whole number, got ${value}`);
        return undefined;
      }
      if (spec.min !== undefined && value < spec.min) {
        problems.push(`${path}: ${value} is below the minimum ${spec.min}`);
        return undefined;
      }
      if (spec.max !== undefined && value > spec.max) {
        problems.push(`${path}: ${value} exceeds the maximum ${spec.max}`);
        return undefined;
      }
      return value;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') {
        problems.push(`${path}: must be a boolean`);
        return undefined;
      }
      return value;
    }
    case 'struct': {
      if (!isObject(value)) {
        problems.push(`${path}: must be an object`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      const before = problems.length;
      const set: string[] = [];
      for (const [name, field] of Object.entries(spec.fields)) {
        const v = value[name];
        const fieldPath = path === '' ? name : `${path}.${name}`;
        if (absent(v)) {
          if (field.required) problems.push(`${fieldPath}: is required`);
          continue;
        }
        set.push(name);
        const clean = check(field.spec, v, fieldPath, problems);
        if (clean !== undefined) out[name] = clean;
      }
      if (spec.union && set.length !== 1) {
        problems.push(`${path}: exactly one of ${Object.keys(spec.fields).join(', ')} must be set (got ${set.length})`);
      }
      return problems.length === before ? out : undefined;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        problems.push(`${path}: must be a list`);
        return undefined;
      }
      if (spec.max !== undefined && value.length > spec.max) {
        problems.push(`${path}: has ${value.length} items, at most ${spec.max} allowed`);
        return undefined;
      }
      if (spec.min !== undefined && value.length < spec.min) {
        problems.push(`${path}: has ${value.length} items, at least ${spec.min} required`);
        return undefined;
      }
      const before = problems.length;
      const out = value.map((item, i) => check(spec.items, item, `${path}[${i}]`, problems));
      return problems.length === before ? out : undefined;
    }
    case 'map': {
      if (!isObject(value)) {
        problems.push(`${path}: must be an object`);
        return undefined;
      }
      const entries = Object.entries(value).filter(([, v]) => !absent(v));
      if (spec.max !== undefined && entries.length > spec.max) {
        problems.push(`${path}: has ${entries.length} entries, at most ${spec.max} allowed`);
        return undefined;
      }
      if (spec.min !== undefined && entries.length < spec.min) {
        problems.push(`${path}: has ${entries.length} entries, at least ${spec.min} required`);
        return undefined;
      }
      const before = problems.length;
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const keyPath = mapKeyPath(path, k);
        check(spec.key, k, `${keyPath} (key)`, problems);
        const clean = check(spec.value, v, keyPath, problems);
        if (clean !== undefined) out[k] = clean;
      }
      return problems.length === before ? out : undefined;
    }
  }
}

export function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** The first problem of `value` against `spec` (`s3.bucket.name: is required`), or undefined when it fits. */
export function firstProblem(spec: Spec, value: unknown): string | undefined {
  const problems: string[] = [];
  check(spec, value, '', problems);
  return problems[0];
}
