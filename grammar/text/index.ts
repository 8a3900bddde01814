/**
 * The readable text form of the rule language (docs/text-form.md): parse it into
 * the same AST as the JSON form, print any AST as text, and read a rule function
 * written in either form.
 */
import type { FunctionDocument } from '../ast.ts';
import type { EventSourceName } from '../catalogue/types.ts';
import { detectForm, type FunctionForm } from '../form.ts';
import { catalogueFor, resolveCondition } from '../catalogue/index.ts';
import { RuleValidationError, type RuleLanguageError } from '../errors.ts';
import { requireFunctionText } from '../given.ts';
import { parseFunction } from '../parse.ts';
import { conditionCountingFor, validateFunction } from '../validate.ts';
import { aliasOfPath, familyOfPath, familyOfSource } from './aliases.ts';
import { hint } from './hints.ts';
import { unknownSourceError } from './source-name.ts';
import { parseText, type TextParseOptions } from './parser.ts';

export { parseText, type TextParseOptions, type TextParseResult } from './parser.ts';
export { printText, type TextPrintOptions } from './printer.ts';
export { FAMILIES, familyOfSource, familyOfPath, aliasOfPath, type Family, type SubjectAlias } from './aliases.ts';

export { detectForm, type FunctionForm } from '../form.ts';

export interface AnyFormResult {
  readonly document?: FunctionDocument;
  readonly errors: readonly RuleLanguageError[];
  readonly form: FunctionForm;
  /** The source named by an `on <EventSourceName>` line of a text. */
  readonly source?: EventSourceName;
  /** The text stops in the middle of a function (more input may complete it). */
  readonly incomplete: boolean;
}

/**
 * Parses a rule function written in either form. Never throws on a bad text; a value that
 * is no text (a plain-JavaScript caller's mistake) is refused with a TypeError saying what it got.
 */
export function parseAnyForm(text: string, options: TextParseOptions = {}): AnyFormResult {
  requireFunctionText(text, 'parseAnyForm');
  if (detectForm(text) === 'json') {
    const { document, errors } = parseFunction(text, options.source === undefined ? undefined : conditionCountingFor(options.source));
    // A JSON text whose last error is at its very end stops short (unbalanced braces).
    const end = text.trimEnd().length;
    const incomplete = !document && errors.length > 0 && errors.every((e) => e.span.start.offset >= end);
    return { ...(document ? { document } : {}), errors, form: 'json', incomplete };
  }
  return { ...parseText(text, options), form: 'text' };
}

export interface CheckAnyResult extends AnyFormResult {
  /** The source the function was checked against. */
  readonly checkedSource?: EventSourceName;
}

/**
 * Parses either form and validates it for `source` (or the source the text names):
 * the counterpart of `checkFunction` that also reads the text form.
 */
export function checkAnyForm(text: string, source?: EventSourceName): CheckAnyResult {
  requireFunctionText(text, 'checkAnyForm');
  // A source given that is none (a plain-JavaScript caller): no catalogue to read the function by.
  const unknownSource = source === undefined ? undefined : unknownSourceError(source);
  if (unknownSource) return { errors: [unknownSource], form: detectForm(text), incomplete: false };
  const parsed = parseAnyForm(text, { source });
  const checkedSource = source ?? parsed.source;
  if (!parsed.document || !checkedSource) return { ...parsed, checkedSource };
  const found = validateFunction(parsed.document, checkedSource);
  const errors = parsed.form === 'text' ? found.map((e) => inTextTerms(e, checkedSource)) : found;
  return errors.length ? { ...parsed, document: undefined, errors, checkedSource } : { ...parsed, checkedSource };
}

const UNSUPPORTED = /^Unsupported ComparisonValue: (\S+)/;

/**
 * A validation error about a path the text wrote by its name: say the name, and
 * suggest the closest name the source does have.
 */
function inTextTerms(error: RuleValidationError, source: EventSourceName): RuleValidationError {
  const path = UNSUPPORTED.exec(error.message)?.[1];
  const family = path === undefined ? undefined : familyOfPath(path);
  const named = family && path !== undefined ? aliasOfPath(family, path) : undefined;
  if (!named || path === undefined) return error;
  const catalogue = catalogueFor(source);
  const own = familyOfSource(source);
  const valid = (own?.subjects ?? [])
    .filter((a) => !a.keyed && resolveCondition(catalogue, `${own!.prefix}.${a.path}`))
    .map((a) => a.words);
  const name = named.key === undefined ? named.alias.words : `${named.alias.words} ${JSON.stringify(named.key)}`;
  return new RuleValidationError(`\`${name}\` (${path}) is not a condition of ${source}${hint(named.alias.words, valid)}`, error.span);
}
