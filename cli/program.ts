/**
 * The `connect-rules` program: its name, version and help, the commands given,
 * and the parse. `cli/main.ts` runs it with every command; a command built to
 * start alone (build/build.ts, ALONE) runs it with its own, which prints the same
 * help and takes the same options.
 */
import { Command, type ParseOptionsResult } from 'commander';
import packageJson from '../package.json' with { type: 'json' };

/** How each command module adds itself to the program (cli/commands/*). */
export type Register = (program: Command) => void;

const HELP_FLAGS = new Set(['-h', '--help']);

/**
 * Every command of the program (created through `createCommand`): a misspelt flag
 * is named, with commander's "Did you mean", before a required option it left
 * missing. Commander checks required options first, so `replay --rule x` said only
 * "required option '--rules <path>' not specified". Help, asked for, still wins.
 */
class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override parseOptions(argv: string[]): ParseOptionsResult {
    const parsed = super.parseOptions(argv);
    const flag = parsed.unknown[0];
    const missing = this.options.some((o) => o.mandatory && this.getOptionValue(o.attributeName()) === undefined);
    if (flag?.startsWith('-') && missing && this.commands.length === 0 && !argv.some((a) => HELP_FLAGS.has(a))) {
      // Commander's own message (its "Did you mean" included), which its typings keep internal.
      (this as unknown as { unknownOption(flag: string): never }).unknownOption(flag);
    }
    return parsed;
  }
}

export async function runProgram(registers: readonly Register[]): Promise<void> {
  const program = new CliCommand()
    .name('connect-rules')
    .description('Amazon Connect Rules, run anywhere: evaluate, validate, serve and replay rule functions.')
    .version(packageJson.version)
    .showHelpAfterError();
  for (const register of registers) register(program);

  // `connect-rules ... | head`: once the reader has gone, what is left to print is dropped and the
  // command ends as it would (its embedded DynamoDB Local stopped), not with an EPIPE stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }

  await program.parseAsync(process.argv);
}
