/**
 * The language's front door: text in, a validated document or every located problem out.
 */
import type { FunctionDocument } from './ast.ts';
import type { EventSourceName } from './catalogue/types.ts';
import type { RuleLanguageError } from './errors.ts';
import { parseFunction } from './parse.ts';
import { unknownSourceError } from './text/source-name.ts';
import { conditionCountingFor, validateFunction } from './validate.ts';

export interface CheckResult {
  /** Present when the function has no problem at all. */
  readonly document?: FunctionDocument;
  readonly errors: readonly RuleLanguageError[];
}

/** Parses and validates a `Function` string for an event source. Never throws on bad input (an unknown source is its one problem). */
export function checkFunction(text: string, source: EventSourceName): CheckResult {
  const unknownSource = unknownSourceError(source);
  if (unknownSource) return { errors: [unknownSource] };
  const parsed = parseFunction(text, conditionCountingFor(source));
  if (!parsed.document) return { errors: parsed.errors };
  const errors = validateFunction(parsed.document, source);
  return errors.length ? { errors } : { document: parsed.document, errors: [] };
}
