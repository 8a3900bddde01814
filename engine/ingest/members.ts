/**
 * The members an EventBridge adapter needs, checked by the schema kernel
 * (engine/schema) and worded as the context words its inputs (`expected a string,
 * got the number 5 (at /detail/contactId)`): the adapter's BadInputError, which the
 * pipeline reports and dead-letters, instead of dropping the member without a word.
 * Adapters check in stages, so an event they ignore is never refused for members
 * they would only have needed to turn it into a trigger event.
 */
import { describe, expected, pointerOf } from '../context/problems.ts';
import { validate, type Segment, type Spec } from '../schema/check.ts';
import { BadInputError } from './errors.ts';

/** Throws the BadInputError of the first problem of `value` (found at `base` in the event) against `spec`. */
export function checkMembers(spec: Spec, value: unknown, base: readonly string[], label: string, locate: (path: readonly Segment[]) => readonly Segment[] = (p) => p): void {
  const [problem] = validate(spec, value, { limit: 1, base }).problems;
  if (!problem) return;
  const pointer = pointerOf(locate(problem.path));
  const what = problem.code === 'required' ? `missing ${String(problem.path[problem.path.length - 1])}` : `expected ${expected(problem.spec)}, got ${describe(problem.received)}`;
  throw new BadInputError('invalid-payload', `${label}: ${what} (at ${pointer})`, pointer);
}
