/**
 * The engine's entry for rule functions as text: validate and compile a `Function`
 * string (or a set of them) for an event source, ready to evaluate trigger events
 * many times.
 */
import type { FunctionDocument } from '../grammar/ast.ts';
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { InvalidRuleFunctionError, type FunctionProblems, type RuleLanguageError } from '../grammar/errors.ts';
import { describeGiven, requireDocument, requireFunctionText } from '../grammar/given.ts';
import { checkAnyForm } from '../grammar/text/index.ts';
import { unknownSourceError } from '../grammar/text/source-name.ts';
import { validateFunction } from '../grammar/validate.ts';
import { compileFunction, type CompiledFunction, type CompileOptions } from './compile/index.ts';
import { compileRuleSet, type CompiledRuleSet, type RuleSetOptions } from './ruleset/index.ts';

export type { CompiledFunction, ExplainResult, ExplainTrace } from './compile/index.ts';
export { formatTrace } from './compile/trace.ts';

/**
 * `text` is the JSON or the readable text form, read as compileRules reads a rule's.
 * Throws `InvalidRuleFunctionError` listing every located problem when the function is invalid.
 */
export function compileRuleFunction(text: string, source: EventSourceName, options?: CompileOptions & { file?: string }): CompiledFunction {
  requireFunctionText(text, 'compileRuleFunction');
  return compileFunction(validDocument(text, source, options?.file ?? 'Function'), source, options);
}

export interface RuleInput {
  readonly name: string;
  readonly source: EventSourceName;
  /** The rule's Function: JSON or the readable text form, or a document (parseAnyForm(text).document), validated here for `source` either way. */
  readonly function: string | FunctionDocument;
}

/**
 * Validates each rule's Function and compiles them into one rule set (engine/ruleset).
 * Throws InvalidRuleFunctionError with every problem of every invalid rule (a set is
 * mended in one pass, not one rule per run), each named `rule NAME`.
 */
export function compileRules(rules: readonly RuleInput[], options: RuleSetOptions = {}): CompiledRuleSet {
  // A plain-JavaScript caller's mistakes: say what was given, not a crash inside the bundle.
  if (!Array.isArray(rules)) throw new TypeError(`compileRuleSet takes an array of rules ({ name, source, function }), got ${describeGiven(rules)}`);
  const invalid: FunctionProblems[] = [];
  const members = rules.map((rule, i) => {
    if (typeof rule !== 'object' || rule === null) throw new TypeError(`compileRuleSet rules[${i}] takes a rule ({ name, source, function }), got ${describeGiven(rule)}`);
    // A match answers with names: a rule without one would answer `undefined`.
    if (typeof rule.name !== 'string') throw new TypeError(`compileRuleSet rules[${i}] takes a name as a string, got ${describeGiven(rule.name)}`);
    const where = `rule ${rule.name}`;
    if (typeof rule.function !== 'string') {
      // The library's name for this entry (lib/index.ts), as its caller wrote it.
      requireDocument(rule.function, `compileRuleSet ${where}`);
      // A document is checked as its text would be (revC C2: one built by parseAnyForm, which does not
      // validate, or for another source, compiled to a rule that matched every event or crashed unlocated).
      const errors = documentProblems(rule.function, rule.source);
      if (errors.length) invalid.push({ where, errors });
      return { ...rule, function: rule.function };
    }
    const checked = checkGiven(rule.function, rule.source);
    if (!checked.document) invalid.push({ where, errors: checked.errors });
    return { ...rule, function: checked.document! };
  });
  if (invalid.length) throw InvalidRuleFunctionError.ofFunctions(invalid);
  return compileRuleSet(members, options);
}

/** The function in either form, validated for `source`; InvalidRuleFunctionError naming `where` otherwise. */
function validDocument(text: string, source: EventSourceName, where: string): FunctionDocument {
  const checked = checkGiven(text, source);
  if (!checked.document) throw new InvalidRuleFunctionError(checked.errors, where);
  return checked.document;
}

/**
 * checkAnyForm reads a missing source as "the one the text's `on` line names"; these entries take
 * the source as an argument, so a plain-JavaScript caller's missing one is its one problem (revC C4:
 * it crashed inside the compiler, where null and other non-names were already refused).
 */
function checkGiven(text: string, source: EventSourceName | undefined): { document?: FunctionDocument; errors: readonly RuleLanguageError[] } {
  return source === undefined ? { errors: [unknownSourceError(source)!] } : checkAnyForm(text, source);
}

/** Every problem of a document as a rule function of `source` (an unknown source is its one problem). */
function documentProblems(doc: FunctionDocument, source: EventSourceName | undefined) {
  const unknownSource = unknownSourceError(source);
  return unknownSource ? [unknownSource] : validateFunction(doc, source!);
}
