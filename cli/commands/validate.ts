/**
 * `connect-rules validate`: every located problem of a function for an event
 * source, as `file:line:col: message`; exit 0 and `valid` when there is none.
 */
import type { Command } from 'commander';
import { readText, runCommand, UsageError } from '../io.ts';
import { parseSourceOption } from './eval.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a rule function against the conditions of an event source')
    .requiredOption('--function <file>', 'the rule function: the JSON of the Function string, or its readable text form')
    .requiredOption('--source <EventSourceName>', 'the trigger event source of the rule')
    .action((options: { function: string; source: string }) =>
      runCommand(async () => {
        const source = parseSourceOption(options.source);
        if (!source) throw new UsageError('--source is required');
        const { checkAnyForm } = await import('../../grammar/text/index.ts');
        const { errors } = checkAnyForm(readText(options.function), source);
        if (errors.length) {
          process.stderr.write(`${errors.map((e) => e.format(options.function)).join('\n')}\n`);
          return 2;
        }
        process.stdout.write('valid\n');
        return 0;
      }),
    );
}
