/**
 * `connect-rules validate`: every located problem of a function for an event
 * source, as `file:line:col: message`; exit 0 and `valid` when there is none.
 * The input may be any rule input (engine/rulefiles/load.ts): a rule is checked as
 * CreateRule would check it (its function against its own event source, its
 * actions, its fields), a bare function against `--source` or its `on` line. A
 * `--source` wins over the rule's own source, as in eval, and its problems say both.
 */
import type { Command } from 'commander';
import { jsonErrors, runCommand, UsageError, writeJsonErrors, type Output } from '../io.ts';
import { overriddenSource, ownSource, parseSourceOption } from '../source-option.ts';
import type { RuleInput } from '../../engine/rulefiles/load.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { FUNCTION_INPUT } from './eval.ts';

const NOT_OVERRIDDEN = { note: '', warning: '' };

export interface ValidateOptions {
  function: string;
  source?: string;
  rule?: string;
  json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a rule function against the conditions of an event source, or rules as CreateRule would')
    .requiredOption('--function <path>', `what to check: ${FUNCTION_INPUT}, or a folder of them`)
    .option('--source <EventSourceName>', 'the trigger event source of a bare function, an EventSourceName or its short name (post-chat); a rule names its own and a text form may say `on post-chat`; given, it wins over both, as in eval')
    .option('--rule <name>', 'only the rule of this name')
    .option('--json', 'print one JSON object: {"valid": true, "rules": [names]}, or {"errors": [{file, line, column, message}]}')
    .action((options: ValidateOptions) => runCommand(() => validate(options), { json: options.json }));
}

/** What `connect-rules validate` runs: its output on `io`, its exit code answered. */
export async function validate(options: ValidateOptions, io: Output = process): Promise<number> {
  const source = parseSourceOption(options.source);
  // Loaded only when validate runs (every command's start stays small).
  const [{ checkAnyForm }, { checkRuleSet, nameClashes }, { loadRules }, { isObject }] = await Promise.all([
    import('../../grammar/text/index.ts'),
    import('../../engine/rulefiles/check.ts'),
    import('../../engine/rulefiles/load.ts'),
    import('../../engine/context/json.ts'),
  ]);
  /** The rule as if its TriggerEventSource were the given source (checked as CreateRule would check that rule). */
  const withSource = (rule: RuleInput, given: EventSourceName): RuleInput => {
    const trigger = rule.body?.TriggerEventSource;
    return { ...rule, source: given, body: { ...rule.body, TriggerEventSource: { ...(isObject(trigger) ? trigger : {}), EventSourceName: given } } };
  };
  const { rules: all, warnings } = loadRules(options.function);
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  const rules = options.rule === undefined ? all : all.filter((r) => r.name === options.rule);
  if (rules.length === 0) throw new UsageError(`${options.function}: no rule named ${JSON.stringify(options.rule)}`);
  // --source wins, as in eval; where the rule (or a text's `on` line) names another source, each problem of its function says both.
  const problemsOf = async (rule: RuleInput): Promise<string[]> => {
    if (rule.body) {
      const { problems, functionProblems } = checkRuleSet([source === undefined ? rule : withSource(rule, source)]);
      const { note, warning } = source === undefined ? NOT_OVERRIDDEN : overriddenSource(source, await ownSource(rule));
      if (warning && functionProblems.size === 0) io.stderr.write(`warning: ${rule.label}: ${warning}\n`);
      return problems.map((p) => (functionProblems.has(p) ? p + note : p));
    }
    const checked = checkAnyForm(rule.function, source);
    const { note, warning } = source === undefined ? NOT_OVERRIDDEN : overriddenSource(source, await ownSource(rule, checked));
    if (checked.errors.length) return checked.errors.map((e) => e.format(rule.label) + note);
    if (!checked.checkedSource) throw new UsageError(`${rule.label}: --source is required (the function does not name its event source)`);
    if (warning) io.stderr.write(`warning: ${rule.label}: ${warning}\n`);
    return [];
  };
  const problems: string[] = [];
  for (const rule of rules) problems.push(...(await problemsOf(rule)));
  // Names unique across the set (each rule alone was checked above).
  problems.push(...nameClashes(rules));
  if (options.json) {
    if (problems.length) writeJsonErrors(problems.flatMap(jsonErrors), io);
    else io.stdout.write(`${JSON.stringify({ valid: true, rules: rules.map((r) => r.name ?? r.label) }, null, 2)}\n`);
    return problems.length ? 2 : 0;
  }
  if (problems.length) {
    io.stderr.write(`${problems.join('\n')}\n`);
    return 2;
  }
  io.stdout.write(rules.length === 1 ? 'valid\n' : `valid: ${rules.length} rules\n`);
  return 0;
}

