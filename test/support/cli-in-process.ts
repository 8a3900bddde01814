/**
 * Runs the body of `connect-rules eval` or `validate` in the test's own process: the
 * same command code (cli/commands/eval-run.ts, validate.ts) writing the same text to
 * buffers and answering the same exit code, without starting Node and loading the
 * CLI again (~0.3-0.5 s of CPU a run; eval-validate.test.ts started it 79 times).
 * For the verdicts and messages of the rule language. What only the binary shows
 * (commander's usage errors and their exit code 1, --help, colours on a terminal,
 * the bundle started alone) stays with `runCli` (cli.ts), once per behaviour.
 */
import { Command, CommanderError } from 'commander';
import { registerEval } from '../../cli/commands/eval.ts';
import { evaluate, type EvalOptions } from '../../cli/commands/eval-run.ts';
import { registerValidate, validate, type ValidateOptions } from '../../cli/commands/validate.ts';
import { commandStatus, type Output } from '../../cli/io.ts';
import type { Register } from '../../cli/program.ts';
import type { CliResult } from './cli.ts';

/** Each command run in-process: how the CLI declares it (its options, required ones and names as commander parses them) and its body. */
const COMMANDS: Record<string, { register: Register; run: (options: never, io: Output) => Promise<number> }> = {
  eval: { register: registerEval, run: (options: EvalOptions, io) => evaluate(options, io) },
  validate: { register: registerValidate, run: (options: ValidateOptions, io) => validate(options, io) },
};

/** `args` parsed by the command's own commander definition, its action replaced by one that hands back the options. */
function parseOptions(register: Register, args: readonly string[]): Record<string, unknown> {
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  let parsed: Record<string, unknown> | undefined;
  program.commands[0]!.action((options: Record<string, unknown>) => void (parsed = options));
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    // The binary's usage error (exit 1): a test of it runs the CLI (runCli).
    if (err instanceof CommanderError) throw new Error(`runInProcess: the CLI would refuse ${JSON.stringify(args)}: ${err.message}`);
    throw err;
  }
  return parsed!;
}

/**
 * `args` as given to runCli (`['eval', '--function', f, '--event', e, ...]`), parsed as
 * the CLI parses them: a flag the command does not take, or a required one left out,
 * throws. `env` is given to the command as its environment (io.env, with NO_COLOR set
 * as runCli sets it), not set in process.env; standard output is not a terminal.
 */
export async function runInProcess(args: readonly string[], options: { env?: Readonly<Record<string, string>> } = {}): Promise<CliResult> {
  const command = COMMANDS[args[0]!];
  if (!command) throw new Error(`runInProcess runs eval or validate, not ${args[0]}`);
  const values = parseOptions(command.register, args);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  };
  const status = await commandStatus(() => command.run(values as never, io), { json: values.json === true }, io);
  return { status, stdout, stderr };
}
