/**
 * The engine's entry for rule functions as text: validate and compile a `Function`
 * string (or a set of them) for an event source, ready to evaluate trigger events
 * many times.
 */
import type { FunctionDocument } from '../grammar/ast.ts';
import type { EventSourceName } from '../grammar/catalogue/types.ts';
import { InvalidRuleFunctionError, type FunctionProblems } from '../grammar/errors.ts';
import { describeGiven, requireDocument, requireFunctionText } from '../grammar/given.ts';
import { checkAnyForm } from '../grammar/text/index.ts';
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
  /** The rule's Function: JSON or the readable text form, or a document already validated for `source`. */
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
    if (typeof rule.function !== 'string') {
      // The library's name for this entry (lib/index.ts), as its caller wrote it.
      requireDocument(rule.function, `compileRuleSet rule ${rule.name}`);
      return { ...rule, function: rule.function };
    }
    const where = `rule ${rule.name}`;
    const checked = checkAnyForm(rule.function, rule.source);
    if (!checked.document) invalid.push({ where, errors: checked.errors });
    return { ...rule, function: checked.document! };
  });
  if (invalid.length) throw InvalidRuleFunctionError.ofFunctions(invalid);
  return compileRuleSet(members, options);
}

/** The function in either form, validated for `source`; InvalidRuleFunctionError naming `where` otherwise. */
function validDocument(text: string, source: EventSourceName, where: string): FunctionDocument {
  const checked = checkAnyForm(text, source);
  if (!checked.document) throw new InvalidRuleFunctionError(checked.errors, where);
  return checked.document;
}
