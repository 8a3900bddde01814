/**
 * `kill <pid>` of a replay (SIGTERM, as a CI job's timeout or a supervisor sends it)
 * stops its embedded DynamoDB Local too: Node emits no 'exit' on a signal, and the
 * java process used to outlive the command.
 */
import { spawn, execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';

/** The pids of `pid`'s child processes named java. */
function javaChildren(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'java')
      .map(([child]) => Number(child));
  } catch {
    return []; // ps exits 1 when there is no child
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connect-rules replay, ended by a signal', () => {
  it('stops its embedded DynamoDB Local and ends by that signal', async () => {
    const replay = spawn(process.execPath, [BIN, 'replay', 'examples/events', '--rules', 'examples/rules', '--users', 'examples/users.json'], { stdio: 'ignore' });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => replay.once('exit', (_code, signal) => resolve(signal)));
    try {
      const java = await until('the embedded java', () => javaChildren(replay.pid!)[0]);
      replay.kill('SIGTERM');
      expect(await ended).toBe('SIGTERM');
      await until('the java process to end', () => (alive(java) ? undefined : true), 20_000);
    } finally {
      if (replay.exitCode === null && replay.signalCode === null) replay.kill('SIGKILL');
    }
  });
});
