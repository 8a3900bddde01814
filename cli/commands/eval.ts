/**
 * `connect-rules eval`: one function against one event, with the verdict and,
 * on request, the explain trace. Exit 0 when the evaluation ran (matched or not),
 * 2 when the function or an input is invalid.
 */
import type { Command } from 'commander';
import { runCommand } from '../io.ts';
import type { EvalOptions } from './eval-run.ts';

/** What `--function` takes (engine/rulefiles/load.ts). */
export const FUNCTION_INPUT =
  'a Function (JSON, its escaped JSON string, or the readable text form), a CreateRule body, a list of them, a DescribeRule response or a CloudFormation template (a rule gives its Function and event source)';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a rule function against an event (a Contact Lens analysis file or a canonical trigger event)')
    .requiredOption('--function <file>', `the rule function or a rule: ${FUNCTION_INPUT}`)
    .option('--rule <name>', 'the rule to take the function of, when the input holds several')
    .requiredOption('--event <file>', 'the event: a Contact Lens analysis file (voice or chat), real-time segments, an evaluation export, a Cases, Zendesk or Salesforce EventBridge event, a metric snapshot or a canonical trigger event')
    .option('--contact <file>', 'the contact trace record or DescribeContact response of the contact')
    .option('--source <EventSourceName>', 'the trigger event source, an EventSourceName or its short name (post-call); inferred from the event when omitted')
    .option('--instance-id <id>', 'the Amazon Connect instance of an event that names none (a Cases event names its Cases domain)')
    .option('--explain', 'show why each condition is true or false')
    .option('--json', 'print one JSON object (a refusal: {"errors": [{file, line, column, message}]})')
    .action((options: EvalOptions) =>
      // What it runs is loaded here, not at the top: `--help` and the other commands stay fast.
      runCommand(async () => (await import('./eval-run.ts')).evaluate(options), { json: options.json }),
    );
}
