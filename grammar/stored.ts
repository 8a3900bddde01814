/**
 * The language's front door without Chevrotain, for functions that were checked
 * once already: the stored rules the pipeline compiles (the rules API refused every
 * Function it could not read when the rule was created or updated). Well-formed
 * JSON gets exactly the document, structure and validation errors of
 * `checkFunction` (grammar/index.ts); a malformed text gets one located syntax
 * error saying where reading stopped, not the parser's worded diagnosis, which
 * would take Chevrotain into every Lambda bundle (`npm run bench`).
 */
import type { FunctionDocument } from './ast.ts';
import { buildFunctionDocument } from './build-ast.ts';
import type { EventSourceName } from './catalogue/types.ts';
import { InvalidRuleFunctionError, RuleSyntaxError, type RuleLanguageError } from './errors.ts';
import type { CheckResult } from './index.ts';
import { conditionLimitError } from './condition-limit.ts';
import { LineIndex } from './json/positions.ts';
import { readStrictJson } from './json/reader.ts';
import { jsonShape } from './json/shape.ts';
import { conditionCountingFor, validateFunction } from './validate.ts';

/**
 * `checkFunction` of a well-formed JSON text (the same document or errors), without
 * Chevrotain; undefined when the text is not well-formed JSON, whose errors only
 * `checkFunction` words.
 */
export function checkWellFormedFunction(text: string, source: EventSourceName): CheckResult | undefined {
  const lines = new LineIndex(text);
  // Past the condition limit: refused before the located tree is built (grammar/condition-limit.ts).
  // No shape is not "malformed": jsonShape also gives none for well-formed JSON whose
  // RuleFunction is not a group, which the structure check below words.
  const shape = jsonShape(text);
  const tooMany = shape && conditionLimitError(shape, lines, conditionCountingFor(source));
  if (tooMany) return { errors: [tooMany] };
  const read = readStrictJson(text, lines);
  if (read.value === undefined) return undefined;
  const built = buildFunctionDocument(read.value);
  if (!built.document) return { errors: built.errors };
  const errors = validateFunction(built.document, source);
  return errors.length ? { errors } : { document: built.document, errors };
}

/** Parses and validates a well-formed JSON `Function` for `source`; throws `InvalidRuleFunctionError` (every problem, located) otherwise. */
export function requireStoredFunction(text: string, source: EventSourceName, file = 'Function'): FunctionDocument {
  const checked = checkWellFormedFunction(text, source);
  if (checked?.document) return checked.document;
  const errors: readonly RuleLanguageError[] = checked?.errors ?? [malformed(text)];
  throw new InvalidRuleFunctionError(errors, file);
}

function malformed(text: string): RuleSyntaxError {
  const read = readStrictJson(text);
  const at = read.value === undefined ? read.failedAt : 0;
  return new RuleSyntaxError('not well-formed JSON from here (`connect-rules validate` says what is wrong)', read.lines.span(at, at + 1));
}
