/**
 * `connect-rules push`: make an instance's rules what the files say. Every rule is
 * checked first, as CreateRule would check it: if any is invalid nothing is sent
 * (exit 2, every problem located). Then the plan, by rule Name (create, update,
 * delete with --prune, unchanged), as a readable diff or `--json`; `--plan` stops
 * there. Otherwise CreateRule (ClientToken derived from the content), UpdateRule
 * and DeleteRule, each reported; a second push of the same files changes nothing.
 * A call that fails stops the push (exit 1) with what was done; run it again.
 */
import type { Command } from 'commander';
import { runCommand } from '../io.ts';
import type { Connection } from '../../storage/endpoints.ts';
import { overConnectApi, withConnectionOptions } from '../connection.ts';

interface PushOptions extends Connection {
  instanceId: string;
  rules: string;
  prune?: boolean;
  plan?: boolean;
  json?: boolean;
}

export function registerPush(program: Command): void {
  withConnectionOptions(
    program
      .command('push')
      .description('create, update and (with --prune) delete the rules of an Amazon Connect instance to match the files; --plan only shows what would change')
      .requiredOption('--instance-id <id>', 'the Amazon Connect instance')
      .requiredOption('--rules <path>', 'the rules: a folder of CreateRule bodies (as pull writes), a file or list of them, DescribeRule responses or a CloudFormation template')
      .option('--prune', 'delete the rules of the instance that are not in the files')
      .option('--plan', 'show the plan and change nothing')
      .option('--json', 'print {"create":[names],"update":[names],"delete":[names],"unchanged":[names]} (and "applied" calls)'),
  ).action((options: PushOptions) => runCommand(() => overConnectApi('push', options.endpoint, () => push(options)), { json: options.json }));
}

async function push(options: PushOptions): Promise<number> {
  const [{ loadRules, RuleInputError }, { checkRuleSet, placeOf }, { connectClientFor, fetchRemoteRules, ConnectCallError }, { computePlan, formatPlan, planSummary, isEmpty }, { applyPlan }] =
    await Promise.all([
      import('../../engine/rulefiles/load.ts'),
      import('../../engine/rulefiles/check.ts'),
      import('../../engine/sync/connect.ts'),
      import('../../engine/sync/plan.ts'),
      import('../../engine/sync/apply.ts'),
    ]);
  const { rules, warnings } = loadRules(options.rules);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const checked = checkRuleSet(rules);
  if (checked.problems.length) {
    // runCommand prints them, with --json as validate --json and backtest --json do (for a CI step reading stdout), and exits 2.
    const footer = `\npush: nothing sent: ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'} in ${options.rules}`;
    throw new RuleInputError(`${checked.problems.join('\n')}${options.json ? '' : footer}`);
  }
  const local = checked.rules.map(({ rule, request }) => ({ body: request, where: placeOf(rule), ...(rule.origin.functionFile ? { functionWhere: rule.origin.functionFile } : {}) }));

  const client = connectClientFor(options);
  try {
    const remote = await fetchRemoteRules(client, options.instanceId);
    const plan = computePlan(local, remote, { prune: Boolean(options.prune) });
    if (!options.json) process.stdout.write(formatPlan(plan, `Plan for instance ${options.instanceId}: ${local.length} rules in ${options.rules}, ${remote.length} in the instance`));
    if (options.plan || isEmpty(plan)) {
      if (options.json) process.stdout.write(`${JSON.stringify(planSummary(plan), null, 2)}\n`);
      return 0;
    }
    const applied: { operation: string; name: string; ruleId: string }[] = [];
    if (!options.json) process.stdout.write('\n');
    try {
      await applyPlan(client, options.instanceId, plan, (c) => {
        applied.push(c);
        if (!options.json) process.stdout.write(`${c.operation} ${c.name}: rule ${c.ruleId}\n`);
      });
    } catch (err) {
      if (!(err instanceof ConnectCallError)) throw err;
      if (options.json) process.stdout.write(`${JSON.stringify({ ...planSummary(plan), applied, error: err.message }, null, 2)}\n`);
      process.stderr.write(`push stopped: ${err.message}\n${applied.length} of the plan's calls were made; run the push again to carry on from what the instance now holds.\n`);
      return 1;
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ ...planSummary(plan), applied }, null, 2)}\n`);
    else process.stdout.write(`Done: ${applied.length} call${applied.length === 1 ? '' : 's'}.\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
