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

/** Starts command.ts; resolves once its child is up, with how the command will end and whether its child was left then. */
async function startCommand(options: { exitAfterMs: number; graceMs: number }) {
  const command = spawn(process.execPath, ['--import', 'tsx', COMMAND, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let child: number | undefined;
  const ended = new Promise<{ signal: NodeJS.Signals | null; childLeft: boolean }>((done) =>
    command.once('exit', (_code, signal) => done({ signal, childLeft: child !== undefined && exists(child) })),
  );
  child = await new Promise<number>((found, failed) => {
    createInterface({ input: command.stdout }).once('line', (line) => found(Number(line)));
    void ended.then(() => failed(new Error('the command ended before its child was up')));
  });
  return { command, child, ended };
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
    const { command, child, ended } = await startCommand({ exitAfterMs: -1, graceMs: 600_000 });
    try {
      command.kill('SIGINT');
      // The child ignores SIGTERM and the grace period is long: the command waits.
      await new Promise((r) => setTimeout(r, 300));
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
