/**
 * Runs the body of `connect-rules eval` or `validate` in the test's own process: the
 * same command code (cli/commands/eval-run.ts, validate.ts) writing the same text to
 * buffers and answering the same exit code, without starting Node and loading the
 * CLI again (~0.3-0.5 s of CPU a run; eval-validate.test.ts started it 79 times).
 * For the verdicts and messages of the rule language. What only the binary shows
 * (commander's parse and usage errors, exit code 1, --help, colours on a terminal,
 * the bundle started alone) stays with `runCli` (cli.ts), once per behaviour.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { evaluate } from '../../cli/commands/eval-run.ts';
import { validate } from '../../cli/commands/validate.ts';
import { commandStatus } from '../../cli/io.ts';
import type { CliResult } from './cli.ts';

const value = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

/** Each command run in-process: its options as the CLI declares them (cli/commands/eval.ts, validate.ts). */
const COMMANDS = {
  eval: {
    options: { function: value, rule: value, event: value, contact: value, source: value, 'instance-id': value, explain: flag, json: flag },
    run: (o: Record<string, string | boolean | undefined>, io: Parameters<typeof evaluate>[1]) =>
      evaluate({ ...o, instanceId: o['instance-id'] } as unknown as Parameters<typeof evaluate>[0], io),
  },
  validate: {
    options: { function: value, source: value, rule: value, json: flag },
    run: (o: Record<string, string | boolean | undefined>, io: Parameters<typeof validate>[1]) => validate(o as unknown as Parameters<typeof validate>[0], io),
  },
} satisfies Record<string, { options: ParseArgsConfig['options']; run: unknown }>;

/**
 * `args` as given to runCli (`['eval', '--function', f, '--event', e, ...]`); a flag
 * the command does not take throws. `env` is added to this process's environment,
 * with NO_COLOR set as runCli sets it; standard output is not a terminal.
 */
export async function runInProcess(args: readonly string[], options: { env?: Readonly<Record<string, string>> } = {}): Promise<CliResult> {
  const [name, ...rest] = args;
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) throw new Error(`runInProcess runs eval or validate, not ${name}`);
  const { values } = parseArgs({ args: rest, options: command.options as ParseArgsConfig['options'], strict: true }) as { values: Record<string, string | boolean | undefined> };
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  };
  const status = await commandStatus(() => command.run(values, io), { json: values.json === true }, io);
  return { status, stdout, stderr };
}
