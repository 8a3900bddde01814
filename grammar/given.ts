/**
 * Refusing what a plain-JavaScript caller of the library passes by mistake (types do
 * not check it there): a TypeError that says what was given and what is taken,
 * instead of a crash inside the bundle.
 */
import type { FunctionDocument } from './ast.ts';

/** What a value is, as a caller would recognise it: `undefined`, `a string`, `an object with keys a, b`. */
export function describeGiven(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length ? `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}` : 'an empty object';
}

/** A hint for the mistakes the README's examples invite, keyed by a member the wrong value has. */
const HINTS: readonly (readonly [string, string])[] = [
  ['document', 'a parseAnyForm or checkFunction result? pass its .document, absent when .errors holds problems'],
  ['Function', 'a rule? pass its .Function'],
  ['function', 'a rule? pass its .function'],
];

const hintFor = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) return '';
  const hit = HINTS.find(([key]) => key in value);
  return hit ? ` (${hit[1]})` : '';
};

/** Throws unless `value` is a FunctionDocument (as parseAnyForm(text).document is). */
export function requireDocument(value: unknown, caller: string): asserts value is FunctionDocument {
  const doc = value as Partial<FunctionDocument> | null | undefined;
  if (typeof doc === 'object' && doc !== null && typeof doc.version === 'string' && doc.root?.kind === 'group') return;
  throw new TypeError(`${caller} takes a FunctionDocument (parseAnyForm(text).document), got ${describeGiven(value)}${hintFor(value)}`);
}

/** Throws unless `value` is the text of a Function (its JSON or the readable text form). */
export function requireFunctionText(value: unknown, caller: string): asserts value is string {
  if (typeof value === 'string') return;
  throw new TypeError(`${caller} takes the text of a Function (its JSON or the readable text form) as a string, got ${describeGiven(value)}${hintFor(value)}`);
}
