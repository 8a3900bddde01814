/**
 * A rule set checked as the rules API would check each CreateRule, before anything
 * is sent anywhere: every problem of every rule, each line naming the file (and
 * place in it) and the rule. A function's problems are located in the text the
 * user wrote (the `.txt` beside a body, the text-form Function), not in its JSON.
 */
import type { FunctionDocument } from '../../grammar/ast.ts';
import { printFunction } from '../../grammar/print.ts';
import { checkAnyForm } from '../../grammar/text/index.ts';
import { InvalidRequestException } from '../api/errors.ts';
import type { CreateRuleRequest } from '../rules/model.ts';
import { validateCreateRule } from '../rules/validate-request.ts';
import { sourceOf, type RuleInput } from './load.ts';

export interface CheckedRule {
  readonly rule: RuleInput;
  /** The validated CreateRule body (the API's clean copy: only the model's fields). */
  readonly request: CreateRuleRequest;
  /**
   * Its Function, parsed and validated once, as written: for a text form, its spans
   * are in the text (the user's lines, as `eval --explain` gives them), not in the JSON
   * of `request.Function`.
   */
  readonly document: FunctionDocument;
}

export interface RuleSetCheck {
  readonly rules: CheckedRule[];
  /** One line per problem; empty when every rule is valid. */
  readonly problems: string[];
  /** Those of `problems` that are a function's own (located in its text), for a caller that adds to them. */
  readonly functionProblems: ReadonlySet<string>;
}

/** The file of a rule and the place in it: `rules/a.json [2]`. */
export function placeOf(rule: RuleInput): string {
  return `${rule.origin.file}${rule.origin.at ? ` ${rule.origin.at}` : ''}`;
}

/** Where a rule is, for messages: `rules/a.json [2] (rule NAME)`. */
export function whereIs(rule: RuleInput): string {
  return `${placeOf(rule)}${rule.name !== undefined ? ` (rule ${rule.name})` : ''}`;
}

/** At most this many problems of one rule are listed (the message stays readable). */
const MAX_PROBLEMS_PER_RULE = 50;

/** The first rule seen of each Name, for the one rule that names are unique in an instance. */
class NamesSeen {
  private readonly first = new Map<string, RuleInput>();

  /** The problem of `rule` when an earlier rule has its Name. */
  clash(rule: RuleInput): string | undefined {
    if (rule.name === undefined) return undefined;
    const first = this.first.get(rule.name);
    if (!first) {
      this.first.set(rule.name, rule);
      return undefined;
    }
    return `${whereIs(rule)}: the name ${rule.name} is also the name of ${whereIs(first)}; rule names are unique in an instance`;
  }
}

/** The rules (bodies) of a set whose Name an earlier one has, for a caller that checked each rule alone. */
export function nameClashes(rules: readonly RuleInput[]): string[] {
  const seen = new NamesSeen();
  return rules.flatMap((rule) => (rule.body ? (seen.clash(rule) ?? []) : []));
}

export function checkRuleSet(rules: readonly RuleInput[]): RuleSetCheck {
  const checked: CheckedRule[] = [];
  const problems: string[] = [];
  const functionProblems = new Set<string>();
  const names = new NamesSeen();
  for (const rule of rules) {
    const where = whereIs(rule);
    if (!rule.body) {
      problems.push(`${rule.origin.file}: a bare Function, not a rule; a rule is a CreateRule body (Name, TriggerEventSource, Function, Actions, PublishStatus)`);
      continue;
    }
    // The function parsed once, in the form it was written, and checked for its source: its problems point at the user's lines.
    const fn = checkAnyForm(rule.function, sourceOf(rule));
    const functionErrors = fn.errors;
    const json = rule.form === 'json' ? rule.function : fn.document && printFunction(fn.document);
    const own = functionErrors.slice(0, MAX_PROBLEMS_PER_RULE).map((e) => e.format(rule.label));
    problems.push(...own);
    for (const p of own) functionProblems.add(p);
    try {
      // The rest as CreateRule checks it (a placeholder where a text function has problems).
      const request = validateCreateRule({ ...rule.body, Function: json ?? '-' }, () => []);
      if (functionErrors.length === 0) checked.push({ rule, request, document: fn.document! });
    } catch (err) {
      if (!(err instanceof InvalidRequestException)) throw err;
      problems.push(...err.problems.slice(0, MAX_PROBLEMS_PER_RULE).map((p) => `${where}: ${p}`));
    }
    const clash = names.clash(rule);
    if (clash) problems.push(clash);
  }
  return { rules: problems.length ? [] : checked, problems, functionProblems };
}
