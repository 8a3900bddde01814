/**
 * The entry points of the grammar: text → FunctionDocument, with every problem
 * as a located error. Nothing here throws on bad input; only `parseFunctionOrThrow`
 * throws, and only the one error that carries them all.
 */
import type { FunctionDocument } from './ast.ts';
import { buildFunctionDocument } from './build-ast.ts';
import { ANY_SOURCE, conditionLimitError, type ConditionCounting } from './condition-limit.ts';
import { InvalidRuleFunctionError, RuleSyntaxError, UNKNOWN_SPAN, type RuleLanguageError } from './errors.ts';
import { parseJson, type JsonParseResult } from './json/parser.ts';
import { LineIndex } from './json/positions.ts';
import { readStrictJson } from './json/reader.ts';
import { jsonShape } from './json/shape.ts';

export type { JsonParseResult } from './json/parser.ts';
export type { JsonMember, JsonNode } from './json/tree.ts';
export { toPlainJson } from './json/tree.ts';

export interface ParseFunctionResult {
  /** Present only when `errors` is empty. */
  readonly document?: FunctionDocument;
  /** Syntax errors, then (when the JSON could be read as meant) structure errors, each in text order. */
  readonly errors: readonly RuleLanguageError[];
}

/**
 * Parses strict JSON (a leading UTF-8 BOM is allowed) into a located JSON tree.
 * For callers that need positions in other JSON texts of the rules API.
 * Well-formed JSON is read without Chevrotain (json/reader.ts, the same tree);
 * the Chevrotain parser is built only to say what is wrong with a malformed text.
 */
export function parseJsonLocated(text: string): JsonParseResult {
  try {
    if (typeof text !== 'string') {
      return { errors: [new RuleSyntaxError(`expected the text of a JSON document, got ${typeof text}`, UNKNOWN_SPAN)], intact: false, lines: new LineIndex('') };
    }
    const lines = new LineIndex(text);
    const read = readStrictJson(text, lines);
    return read.value !== undefined ? { value: read.value, errors: [], intact: true, lines } : parseJson(text);
  } catch (e) {
    // A bug of ours must not take the rule-creation path down: report it where the user looks.
    return { errors: [internalError(e)], intact: false, lines: new LineIndex(String(text)) };
  }
}

/**
 * Parses the `Function` string of a rule into its AST, reporting every problem found.
 * A function past the condition limit is refused before it is parsed (one error, at
 * the first condition past it: grammar/condition-limit.ts); `counting` is the source's
 * way of counting (grammar/validate.ts `conditionCountingFor`) when it is known.
 */
export function parseFunction(text: string, counting?: ConditionCounting): ParseFunctionResult {
  if (typeof text === 'string') {
    const tooMany = conditionLimitError(jsonShape(text), new LineIndex(text), counting ?? ANY_SOURCE);
    if (tooMany) return { errors: [tooMany] };
  }
  const json = parseJsonLocated(text);
  // Structure errors on a tree that recovery had to patch would mostly be echoes of the syntax errors.
  if (json.value === undefined || !json.intact) return { errors: json.errors };
  try {
    const built = buildFunctionDocument(json.value);
    const errors = [...json.errors, ...built.errors];
    return errors.length === 0 && built.document !== undefined ? { document: built.document, errors } : { errors };
  } catch (e) {
    return { errors: [...json.errors, internalError(e)] };
  }
}

/** Like parseFunction, but returns the document or throws InvalidRuleFunctionError with all the errors. */
export function parseFunctionOrThrow(text: string, file?: string): FunctionDocument {
  const { document, errors } = parseFunction(text);
  if (document === undefined) throw new InvalidRuleFunctionError(errors, file);
  return document;
}

function internalError(e: unknown): RuleSyntaxError {
  return new RuleSyntaxError(`internal error while parsing the rule function: ${e instanceof Error ? e.message : String(e)}`, UNKNOWN_SPAN);
}
