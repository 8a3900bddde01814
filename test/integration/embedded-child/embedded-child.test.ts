/**
 * A command's embedded child (DynamoDB Local's java) ends before the command does:
 * on a stop signal the command waits until the child has exited (reaped, not even a
 * zombie left), then ends by that signal; a second signal or the grace period kills
 * a child that does not stop. The commands are real processes (command.ts) with a
 * real Node child; the replay with its java: test/cli/replay-signal.test.ts.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { exists } from '../../support/processes.ts';

const COMMAND = resolve(import.meta.dirname, 'command.ts');

/** Starts command.ts; resolves once its child is up, with how the command will end, whether its child was left then, and the command's next output line. */
async function startCommand(options: { exitAfterMs: number; graceMs: number }) {
  const command = spawn(process.execPath, ['--import', 'tsx', COMMAND, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let child: number | undefined;
  const ended = new Promise<{ signal: NodeJS.Signals | null; childLeft: boolean }>((done) =>
    command.once('exit', (_code, signal) => done({ signal, childLeft: child !== undefined && exists(child) })),
  );
  const lines = createInterface({ input: command.stdout })[Symbol.asyncIterator](); // keeps the lines no one waits for yet
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the command ended before its next line');
    return line.value;
  };
  child = Number(await nextLine());
  return { command, child, ended, nextLine };
}

describe('storage/embedded-child: a command ended by a signal', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('on %s it waits until its child has exited, then ends by that signal', async (signal) => {
    const { command, ended } = await startCommand({ exitAfterMs: 300, graceMs: 600_000 });
    try {
      command.kill(signal);
      expect(await ended).toEqual({ signal, childLeft: false });
    } finally {
      command.kill('SIGKILL');
    }
  });

  it('a second signal while it waits kills the child and ends the command', async () => {
    const { command, child, ended, nextLine } = await startCommand({ exitAfterMs: -1, graceMs: 600_000 });
    try {
      command.kill('SIGINT');
      // Once the command has acted on the first signal (its child says it got SIGTERM), not before: two SIGINTs still pending together are one.
      expect(await nextLine()).toBe('child got SIGTERM');
      // The child ignores SIGTERM and the grace period is long: the command waits.
      expect(command.exitCode === null && command.signalCode === null).toBe(true);
      expect(exists(child)).toBe(true);
      command.kill('SIGINT');
      expect(await ended).toEqual({ signal: 'SIGINT', childLeft: false });
    } finally {
      command.kill('SIGKILL');
      if (exists(child)) process.kill(child, 'SIGKILL');
    }
  });

  it('a child that ignores SIGTERM is killed after the grace period, then the command ends', async () => {
    const { command, child, ended } = await startCommand({ exitAfterMs: -1, graceMs: 500 });
    try {
      command.kill('SIGTERM');
      expect(await ended).toEqual({ signal: 'SIGTERM', childLeft: false });
    } finally {
      command.kill('SIGKILL');
      if (exists(child)) process.kill(child, 'SIGKILL');
    }
  });
});
