/**
 * The `connect-rules` program: its name, version and help, the commands given,
 * and the parse. `cli/main.ts` runs it with every command; a command built to
 * start alone (build/build.ts, ALONE) runs it with its own, which prints the same
 * help and takes the same options.
 */
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };

/** How each command module adds itself to the program (cli/commands/*). */
export type Register = (program: Command) => void;

export async function runProgram(registers: readonly Register[]): Promise<void> {
  const program = new Command()
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
