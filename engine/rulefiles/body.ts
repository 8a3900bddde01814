/**
 * A loaded rule as the rules API takes it: its Function as JSON text (printed from
 * the text form when written so) and its CreateRule body. Apart from load.ts so that
 * loading a rule (`eval`, `validate`) does not load the text form's parser.
 */
import type { RuleLanguageError } from '../../grammar/errors.ts';
import { printFunction } from '../../grammar/print.ts';
import { parseAnyForm } from '../../grammar/text/index.ts';
import { RuleInputError, sourceOf, type RuleInput } from './load.ts';

/** The Function as the JSON text the API takes: as written when JSON, printed canonically from the text form. */
export function functionJson(rule: RuleInput): { json: string; errors?: undefined } | { json?: undefined; errors: readonly RuleLanguageError[] } {
  if (rule.form === 'json') return { json: rule.function };
  const { document, errors } = parseAnyForm(rule.function, { source: sourceOf(rule) });
  return document ? { json: printFunction(document) } : { errors };
}

/**
 * The CreateRule body of a rule, its Function as JSON text. A bare function, or a
 * text-form Function that does not parse, is a RuleInputError naming the file.
 */
export function createRuleBody(rule: RuleInput): Record<string, unknown> {
  if (!rule.body) {
    throw new RuleInputError(
      `${rule.origin.file}: a bare Function, not a rule; a rule is a CreateRule body (Name, TriggerEventSource, Function, Actions, PublishStatus)`,
    );
  }
  const fn = functionJson(rule);
  if (fn.errors) throw new RuleInputError(fn.errors.map((e) => e.format(rule.label)).join('\n'));
  return { ...rule.body, Function: fn.json };
}
