/**
 * The rules a backtest or a rule test evaluates: every format `replay` accepts
 * (CreateRule bodies one per file, JSON arrays of them, folders), checked by the
 * rules API's own CreateRule validation, as StoredRules (any PublishStatus: a DRAFT
 * is exactly what one backtests before publishing). Plain data, so it crosses to
 * worker threads; each side compiles it (evaluator.ts).
 */
import { readFileSync } from 'node:fs';
import { readRuleBodies, ReplayUsageError } from '../pipeline/replay.ts';
import { checkRuleFunction } from '../rules/function-check.ts';
import { InvalidRequestException } from '../rules/errors.ts';
import type { StoredRule } from '../rules/model.ts';
import { validateCreateRule } from '../rules/validate-request.ts';

export interface RuleSetSpec {
  /** The path the rules were read from. */
  readonly path: string;
  readonly rules: readonly BacktestRule[];
}

export interface BacktestRule extends StoredRule {
  /** The file (and `#n` in an array) the rule came from. */
  readonly file: string;
}

/**
 * Throws ReplayUsageError (a user error: the CLI prints it) naming the file of a bad rule.
 * `side`: a prefix of the rule ids, so the rules and the baseline never share one. */
export function loadRuleSet(path: string, side: 'rules' | 'baseline' = 'rules', cwd = process.cwd()): RuleSetSpec {
  const bodies = readRuleBodies(path, (file) => readFileSync(file, 'utf8'), cwd);
  const names = new Map<string, string>();
  const rules = bodies.map(({ file, body }, i): BacktestRule => {
    let request;
    try {
      request = validateCreateRule(body, checkRuleFunction);
    } catch (err) {
      if (err instanceof InvalidRequestException) throw new ReplayUsageError(`${file}: ${err.message}`);
      throw err;
    }
    const first = names.get(request.Name);
    if (first) throw new ReplayUsageError(`${file}: a rule named ${request.Name} is already in ${first} (names identify rules in the report)`);
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
      ...(request.PreEvaluationFilters ? { PreEvaluationFilters: request.PreEvaluationFilters } : {}),
    };
  });
  return { path, rules };
}
