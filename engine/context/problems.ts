/**
 * The context builders' wording of the schema kernel's problems (engine/schema): a
 * JSON pointer and `expected a string, got the number 5`, `missing InstanceId`,
 * thrown as InputFormatError. The canonical loader and the `Reader` of json.ts
 * word through here, so every context input reads the same way.
 */
import { describeValue, type Problem, type Segment, type Spec } from '../schema/check.ts';
import { InputFormatError } from './errors.ts';

/** `pointer` + `/key`, escaped per RFC 6901 (the usual key, with neither `~` nor `/`, as it is: no regular expression). */
export function at(pointer: string, key: string | number): string {
  const k = String(key);
  return `${pointer}/${k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k}`;
}

const segmentKey = (s: Segment): string | number => (typeof s === 'object' ? ('entry' in s ? s.entry : s.key) : s);

/** The JSON pointer of a problem's path under `base`. */
export function pointerOf(path: readonly Segment[], base = ''): string {
  let p = base;
  for (const s of path) p = at(p, segmentKey(s));
  return p;
}

/** What a value is, in the words of every message that says what was given (the kernel's). */
export const describe = describeValue;

/** What a spec asks for, in the context's words (`a string id`, `true or false`). */
export function expected(spec: Spec): string {
  switch (spec.kind) {
    case 'string':
      if (spec.enum) return `one of ${spec.enum.join(', ')}`;
      if (spec.format) return `${spec.format.name} string`;
      return spec.fromNumber ? 'a string id' : 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'instant':
      return 'a date-time (ISO-8601 text or epoch number)';
    case 'scalar':
      return 'a string, number or boolean';
    case 'struct':
    case 'map':
      return 'an object';
    case 'list':
      return 'an array';
    case 'any':
      return 'a value';
  }
}

/** A problem of the input labelled `file` as the InputFormatError the context throws. */
export function problemError(file: string, problem: Problem, base = ''): InputFormatError {
  const pointer = pointerOf(problem.path, base);
  if (problem.code === 'required') return new InputFormatError(file, pointer, `missing ${segmentKey(problem.path[problem.path.length - 1])}`);
  return new InputFormatError(file, pointer, `expected ${expected(problem.spec)}, got ${describe(problem.received)}`);
}
