/**
 * `connect-rules fmt <file>`: a rule function in the other form: JSON becomes the
 * readable text form (docs/text-form.md) and text becomes canonical JSON, or the
 * form `--to` asks for (JSON → JSON canonicalises; text → text reformats).
 * Exit 2 with `file:line:col: message` when the function cannot be read, or, when
 * the source is known (`--source`, the `on` line, the rule's own), when validate
 * would refuse it: a converted function CreateRule refuses helps no one (probe F-i).
 * Past 20 conditions a function is refused without a source too: no source accepts
 * it, and reading it would cost its whole tree (grammar/condition-limit.ts).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { FunctionForm } from '../../grammar/text/index.ts';
import { runCommand } from '../io.ts';
import { parseSourceOption } from '../source-option.ts';

interface FmtOptions {
  to?: FunctionForm;
  source?: string;
  indent: number;
  rule?: string;
}

function parseIndent(value: string): number {
  const indent = Number(value);
  if (!/^\d+$/.test(value) || indent > 10) throw new InvalidArgumentError('expected a whole number from 0 to 10');
  return indent;
}

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('convert a rule function between its JSON and readable text forms (prints the other form); a function Connect would refuse is not converted (checked as validate checks it where the source is known; past 20 conditions for every source)')
    .argument('<file>', 'the rule function, JSON (or its escaped string) or text, or a rule (CreateRule body, DescribeRule response, CloudFormation template) whose Function to print (`-` for standard input)')
    .option('--rule <name>', 'the rule whose Function to print, when the input holds several')
    .addOption(new Option('--to <form>', 'the form to print: json or text (default: the other one)').choices(['json', 'text']))
    .option('--source <EventSourceName>', 'the event source: names relative paths of a text without an `on` line, and the `on` line printed')
    .option('--indent <n>', 'JSON indentation (0: one line, the canonical compact form)', parseIndent, 2)
    .action((file: string, options: FmtOptions) =>
      runCommand(async () => {
        const source = parseSourceOption(options.source);
        const indent = options.indent;
        const [{ printFunction }, { checkAnyForm, printText }, { loadOneFunction, sourceOf }] = await Promise.all([
          import('../../grammar/print.ts'),
          import('../../grammar/text/index.ts'),
          import('../../engine/rulefiles/load.ts'),
        ]);
        const rule = loadOneFunction(file, { name: options.rule });
        // Checked as validate checks a function, where a source is known; else read only (and refused past 20 conditions, as for every source).
        const parsed = checkAnyForm(rule.function, source ?? sourceOf(rule));
        if (!parsed.document) {
          process.stderr.write(`${parsed.errors.map((e) => e.format(rule.label)).join('\n')}\n`);
          return 2;
        }
        const to: FunctionForm = options.to ?? (parsed.form === 'json' ? 'text' : 'json');
        process.stdout.write(to === 'json' ? `${printFunction(parsed.document, { indent })}\n` : printText(parsed.document, { source: source ?? parsed.source ?? sourceOf(rule) }));
        return 0;
      }),
    );
}
