/**
 * `connect-rules`: the command-line entry. Each command lives in its own module
 * under cli/commands and registers itself on the program.
 */
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerBacktest } from './commands/backtest.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerContacts } from './commands/contacts.ts';
import { registerEval } from './commands/eval.ts';
import { registerExport } from './commands/export.ts';
import { registerFmt } from './commands/fmt.ts';
import { registerOutbox } from './commands/outbox.ts';
import { registerPull } from './commands/pull.ts';
import { registerPush } from './commands/push.ts';
import { registerRepl } from './commands/repl.ts';
import { registerReplay } from './commands/replay.ts';
import { registerServe } from './commands/serve.ts';
import { registerTest } from './commands/test.ts';
import { registerValidate } from './commands/validate.ts';

const program = new Command()
  .name('connect-rules')
  .description('Amazon Connect Rules, run anywhere: evaluate, validate, serve and replay rule functions.')
  .version(packageJson.version)
  .showHelpAfterError();

registerEval(program);
registerValidate(program);
registerServe(program);
registerFmt(program);
registerRepl(program);
registerOutbox(program);
registerReplay(program);
registerBacktest(program);
registerTest(program);
registerPull(program);
registerPush(program);
registerExport(program);
registerContacts(program);
// Last: the script lists every command registered before it.
registerCompletion(program);

// `connect-rules ... | head`: once the reader has gone, what is left to print is dropped and the
// command ends as it would (its embedded DynamoDB Local stopped), not with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

await program.parseAsync(process.argv);
