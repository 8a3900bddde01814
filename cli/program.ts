/**
 * The `connect-rules` program: its name, version and help, the commands given,
 * and the parse. `cli/main.ts` runs it with every command; a command built to
 * start alone (build/build.ts, ALONE) runs it with its own, which prints the same
 * help and takes the same options.
 */
import { Command, type Option, type ParseOptionsResult } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { readStandardInput } from '../engine/rulefiles/read-input.ts';

/** How each command module adds itself to the program (cli/commands/*). */
export type Register = (program: Command) => void;

/** Commander's methods this program calls that its typings keep internal (commander 14). */
interface Internals {
  unknownOption(flag: string): never;
  missingMandatoryOptionValue(option: Option): never;
}

/**
 * Every command of the program (created through `createCommand`): a misspelt flag
 * is named, with commander's "Did you mean", before a required option it left
 * missing. Commander checks required options first, so `replay --rule x` said only
 * "required option '--rules <path>' not specified". Commander calls
 * `missingMandatoryOptionValue` only once help (asked for) has been shown and a
 * subcommand dispatched, so that is where the unknown flag is said instead.
 */
class CliCommand extends Command {
  /** What this command's own parse did not recognise (commander keeps it local to `_parseCommand`). */
  private unknown: string[] = [];

  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override parseOptions(argv: string[]): ParseOptionsResult {
    const parsed = super.parseOptions(argv);
    this.unknown = parsed.unknown;
    return parsed;
  }

  /** Commander's own: a required option left missing. An unknown flag is said first, in commander's words ("Did you mean" included). */
  missingMandatoryOptionValue(option: Option): never {
    const internals = Command.prototype as unknown as Internals;
    const flag = this.unknown[0];
    if (flag?.startsWith('-')) internals.unknownOption.call(this, flag);
    return internals.missingMandatoryOptionValue.call(this, option);
  }
}

/** Options (by attribute name) and arguments that take rules, where `-` is standard input (engine/rulefiles/load.ts). */
const RULE_INPUTS = new Set(['function', 'rules', 'baseline', 'file']);

/** Whether `command` is given `-` where it takes rules. */
function givenStandardInput(command: Command): boolean {
  const options = command.opts();
  if ([...RULE_INPUTS].some((name) => options[name] === '-')) return true;
  return command.registeredArguments.some((arg, i) => RULE_INPUTS.has(arg.name()) && command.processedArgs[i] === '-');
}

export async function runProgram(registers: readonly Register[]): Promise<void> {
  const program = new CliCommand()
    .name('connect-rules')
    .description('Amazon Connect Rules, run anywhere: evaluate, validate, serve and replay rule functions.')
    .version(packageJson.version)
    .showHelpAfterError();
  for (const register of registers) register(program);
  // Standard input is read before the command runs, asynchronously (its loaders are synchronous); an error is
  // the loader's to say, as it says every read failure.
  program.hook('preAction', async (_program, command) => {
    if (givenStandardInput(command)) await readStandardInput().catch(() => {});
  });

  // `connect-rules ... | head`: once the reader has gone, what is left to print is dropped and the
  // command ends as it would (its embedded DynamoDB Local stopped), not with an EPIPE stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }

  await program.parseAsync(process.argv);
}
