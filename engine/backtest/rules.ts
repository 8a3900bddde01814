/**
 * The rules a backtest or a rule test evaluates: every shape the project reads rules
 * in (engine/rulefiles: CreateRule bodies, arrays of them, DescribeRule responses,
 * CloudFormation templates, folders), checked by the rules API's own CreateRule
 * validation, as StoredRules of any PublishStatus (a DRAFT is exactly what one
 * backtests before publishing). Plain data, so it crosses to worker threads; each
 * thread compiles it (evaluator.ts).
 */
import { checkRuleSet, placeOf } from '../rulefiles/check.ts';
import { loadRules, RuleInputError } from '../rulefiles/load.ts';
import type { StoredRule } from '../rules/model.ts';
import type { FunctionDocument } from '../../grammar/ast.ts';

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
  /** The Function, parsed and validated once by checkRuleSet (threads compile it without parsing it again); a text form's spans are in its text. */
  readonly document: FunctionDocument;
}

/**
 * Throws RuleInputError (a user error: the CLI prints it) listing every problem of
 * every rule, each line naming its file, as validate, replay and push do (one
 * collector: engine/rulefiles/check.ts). `side`: a prefix of the rule ids, so the
 * rules and a baseline never share one.
 */
export function loadRuleSet(path: string, side: 'rules' | 'baseline' = 'rules', cwd = process.cwd()): RuleSetSpec {
  const loaded = loadRules(path, { cwd });
  const checked = checkRuleSet(loaded.rules);
  if (checked.problems.length) throw new RuleInputError(checked.problems.join('\n'));
  const rules = checked.rules.map(({ rule, request, document }, i): BacktestRule => {
    const file = placeOf(rule);
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
      document,
      ...(request.PreEvaluationFilters ? { PreEvaluationFilters: request.PreEvaluationFilters } : {}),
    };
  });
  return { path, rules, warnings: loaded.warnings };
}
