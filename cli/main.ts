/**
 * `connect-rules`: the command-line entry, with every command. Each command lives
 * in its own module under cli/commands and registers itself on the program
 * (cli/program.ts); the order here is the order `--help` lists them.
 */
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
import { runProgram } from './program.ts';

await runProgram([
  registerEval,
  registerValidate,
  registerServe,
  registerFmt,
  registerRepl,
  registerOutbox,
  registerReplay,
  registerBacktest,
  registerTest,
  registerPull,
  registerPush,
  registerExport,
  registerContacts,
  // Last: the script lists every command registered before it.
  registerCompletion,
]);
