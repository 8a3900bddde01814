/**
 * Loaded with `node --import` into a CLI run (test/cli/replay-signal.test.ts): the
 * moment a child named SIGNAL_AFTER_SPAWN (`java`, `javac`) has been spawned, and
 * before the command's next statement runs, writes `spawned <name> <pid>` to stderr
 * and sends this process SIGTERM: a `kill <replay>` landing in the narrowest window
 * of the start, made certain instead of rare.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

const name = process.env.SIGNAL_AFTER_SPAWN;
const spawn = childProcess.spawn;
childProcess.spawn = function spawnThenSignal(command, ...rest) {
  const child = spawn.call(this, command, ...rest);
  if (command === name) {
    process.stderr.write(`spawned ${command} ${child.pid}\n`);
    process.kill(process.pid, 'SIGTERM');
  }
  return child;
};
// The CLI's bundles import { spawn } from node:child_process: point that binding here too.
syncBuiltinESMExports();
