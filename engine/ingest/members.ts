/**
 * The members an EventBridge adapter needs, checked by the schema kernel
 * (engine/schema) and worded as the context words its inputs (`expected a string,
 * got the number 5 (at /detail/contactId)`) unless the adapter words them its own way:
 * the adapter's BadInputError, which the pipeline reports and dead-letters, instead of
 * dropping the member without a word. Adapters check in stages, so an event they
 * ignore is never refused for members they would only have needed to turn it into a
 * trigger event.
 */
import { describe, expected, pointerOf } from '../context/problems.ts';
import { validate, type Problem, type Segment, type Spec } from '../schema/check.ts';
import { BadInputError } from './errors.ts';

export interface ReadMembersOptions {
  /** The words of a problem (undefined, or not given: the context's). */
  readonly word?: (problem: Problem) => string | undefined;
  /** Where a problem's path is in the event as written (default: as checked). */
  readonly locate?: (path: readonly Segment[]) => readonly Segment[];
}

const contextWords = (problem: Problem): string =>
  problem.code === 'required' ? `missing ${String(problem.path[problem.path.length - 1])}` : `expected ${expected(problem.spec)}, got ${describe(problem.received)}`;

/** The clean copy of `value` (found at `base` in the event) against `spec`, or the BadInputError of its first problem. */
export function readMembers<T = unknown>(spec: Spec, value: unknown, base: readonly string[], label: string, options: ReadMembersOptions = {}): T {
  const { value: clean, problems } = validate(spec, value, { limit: 1, base });
  const [problem] = problems;
  if (!problem) return clean as T;
  const pointer = pointerOf(options.locate ? options.locate(problem.path) : problem.path);
  throw new BadInputError('invalid-payload', `${label}: ${options.word?.(problem) ?? contextWords(problem)} (at ${pointer})`, pointer);
}
