/**
 * The rules a backtest or a rule test evaluates: every shape the project reads rules
 * in (engine/rulefiles: CreateRule bodies, arrays of them, DescribeRule responses,
 * CloudFormation templates, folders), checked by the rules API's own CreateRule
 * validation, as StoredRules of any PublishStatus (a DRAFT is exactly what one
 * backtests before publishing). Plain data, so it crosses to worker threads; each
 * thread compiles it (evaluator.ts).
 */
import { createRuleBody } from '../rulefiles/body.ts';
import { loadRules, RuleInputError } from '../rulefiles/load.ts';
import { checkRuleFunction } from '../rules/function-check.ts';
import { InvalidRequestException } from '../api/errors.ts';
import type { StoredRule } from '../rules/model.ts';
import { validateCreateRule, type FunctionChecker } from '../rules/validate-request.ts';
import type { FunctionDocument } from '../../grammar/ast.ts';
import { checkFunction } from '../../grammar/index.ts';

export interface RuleSetSpec {
  /** The path the rules were read from. */
  readonly path: string;
  readonly rules: readonly BacktestRule[];
  /** Files of a folder that were skipped, by name. */
  readonly warnings: readonly string[];
}

export interface BacktestRule extends StoredRule {
  /** Where the rule came from: the file, and the place in it. */
  readonly file: string;
  /** The Function, parsed and validated once (threads compile it without parsing it again). */
  readonly document: FunctionDocument;
}

/**
 * Throws RuleInputError (a user error: the CLI prints it) naming the file of a bad
 * rule. `side`: a prefix of the rule ids, so the rules and a baseline never share one.
 */
export function loadRuleSet(path: string, side: 'rules' | 'baseline' = 'rules', cwd = process.cwd()): RuleSetSpec {
  const loaded = loadRules(path, { cwd });
  const names = new Map<string, string>();
  const rules = loaded.rules.map((input, i): BacktestRule => {
    const file = input.origin.at ? `${input.origin.file} ${input.origin.at}` : input.origin.file;
    let request;
    let document: FunctionDocument | undefined;
    // CreateRule's own checks; the function's document kept from its check.
    const checker: FunctionChecker = (text, source) => {
      const checked = checkFunction(text, source);
      if (checked.document) document = checked.document;
      return checked.document ? [] : checkRuleFunction(text, source);
    };
    try {
      request = validateCreateRule(createRuleBody(input), checker);
    } catch (err) {
      if (err instanceof InvalidRequestException) throw new RuleInputError(`${file}: ${err.message}`);
      throw err;
    }
    const first = names.get(request.Name);
    if (first) throw new RuleInputError(`${file}: a rule named ${request.Name} is already in ${first} (names identify rules in the report)`);
    names.set(request.Name, file);
    const at = new Date(0);
    return {
      file,
      Name: request.Name,
      RuleId: `${side}-${i}`,
      RuleArn: `${side}/${request.Name}`,
      TriggerEventSource: request.TriggerEventSource,
      Function: request.Function,
      Actions: request.Actions,
      PublishStatus: request.PublishStatus,
      CreatedTime: at,
      LastUpdatedTime: at,
      LastUpdatedBy: 'backtest',
      InstanceId: '*',
      Version: 1,
      document: document!,
      ...(request.PreEvaluationFilters ? { PreEvaluationFilters: request.PreEvaluationFilters } : {}),
    };
  });
  return { path, rules, warnings: loaded.warnings };
}
