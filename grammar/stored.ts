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
import { readStrictJson } from './json/reader.ts';
import { validateFunction } from './validate.ts';

/** Parses and validates a well-formed JSON `Function` for `source`; throws `InvalidRuleFunctionError` (every problem, located) otherwise. */
export function requireStoredFunction(text: string, source: EventSourceName, file = 'Function'): FunctionDocument {
  const read = readStrictJson(text);
  let errors: readonly RuleLanguageError[];
  if (read.value === undefined) {
    errors = [new RuleSyntaxError('not well-formed JSON from here (`connect-rules validate` says what is wrong)', read.lines.span(read.failedAt, read.failedAt + 1))];
  } else {
    const built = buildFunctionDocument(read.value);
    errors = built.document ? validateFunction(built.document, source) : built.errors;
    if (built.document && errors.length === 0) return built.document;
  }
  throw new InvalidRuleFunctionError(errors, file);
}
