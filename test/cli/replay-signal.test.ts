/**
 * `kill <pid>` of a replay (SIGTERM, as a CI job's timeout or a supervisor sends it)
 * stops its embedded DynamoDB Local too, and waits for it: when the replay has ended,
 * its java is gone. Node emits no 'exit' on a signal, and the java process used to
 * outlive the command; later it was stopped but not waited for, so it lay a zombie
 * of PID 1 until that reaped it (in the CI more than 20 s). SIGINT, SIGHUP, a second
 * signal and the grace period: storage/embedded-child.ts's test.
 *
 * A signal can land at any moment of the start; the narrowest windows (right after
 * java, or javac, has been spawned, before the command's next statement) are made
 * certain by a preload (test/support/signal-after-spawn.mjs). The handlers used to be
 * installed only after the spawn: a signal there ended the replay by default and
 * orphaned its java (the clean-clone CI of session 13 saw it once on Node 22). A replay
 * stopped while javac compiles leaves no build folder in the temporary folder.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN } from '../support/cli.ts';
import { childrenNamed, exists } from '../support/processes.ts';

const REPLAY = [BIN, 'replay', 'examples/events', '--rules', 'examples/rules', '--users', 'examples/users.json'];
const SIGNAL_AFTER_SPAWN = resolve(import.meta.dirname, '../support/signal-after-spawn.mjs');
const hasJavac = (() => {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kills what a test started and left running; also after a timeout, when the test's own code never resumes. */
function killAll(replay: ChildProcess, child: number | undefined): void {
  if (replay.exitCode === null && replay.signalCode === null) replay.kill('SIGKILL');
  if (child !== undefined && exists(child)) process.kill(child, 'SIGKILL');
}

describe('connect-rules replay, ended by a signal', () => {
  it('stops its embedded DynamoDB Local, waits until it has exited, then ends by that signal', async () => {
    const replay = spawn(process.execPath, REPLAY, { stdio: 'ignore' });
    let java: number | undefined;
    onTestFinished(() => killAll(replay, java));
    // Looked at the moment the replay is seen to end: its java was reaped by then, not even a zombie is left.
    const ended = new Promise<{ signal: NodeJS.Signals | null; javaLeft: boolean }>((resolve) =>
      replay.once('exit', (_code, signal) => resolve({ signal, javaLeft: java !== undefined && exists(java) })),
    );
    java = await until('the embedded java', () => childrenNamed(replay.pid!, 'java')[0]);
    replay.kill('SIGTERM');
    expect(await ended).toEqual({ signal: 'SIGTERM', javaLeft: false });
  });

  /** Runs the replay with the preload signalling it right after `name` is spawned; how it ended and whether that child was left then. */
  async function signalledAfterSpawn(name: 'java' | 'javac', env: NodeJS.ProcessEnv = {}) {
    const replay = spawn(process.execPath, ['--import', SIGNAL_AFTER_SPAWN, ...REPLAY], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env, SIGNAL_AFTER_SPAWN: name },
    });
    let pid: number | undefined;
    onTestFinished(() => killAll(replay, pid));
    createInterface({ input: replay.stderr! }).on('line', (line) => {
      const spawned = new RegExp(`^spawned ${name} (\\d+)$`).exec(line);
      if (spawned) pid = Number(spawned[1]);
    });
    // 'close', not 'exit': the line naming the child is read by then. An orphaned child would still be running.
    const ended = new Promise<{ signal: NodeJS.Signals | null; childLeft: boolean }>((done) =>
      replay.once('close', (_code, signal) => done({ signal, childLeft: pid !== undefined && exists(pid) })),
    );
    return { ...(await ended), spawned: pid !== undefined };
  }

  it('a signal landing right after java is spawned still stops and waits for that java', async () => {
    expect(await signalledAfterSpawn('java')).toEqual({ signal: 'SIGTERM', childLeft: false, spawned: true });
  });

  // javac runs once per machine (its class is cached in the temporary folder): a fresh one makes this start compile.
  it.skipIf(!hasJavac)('a signal landing right after javac is spawned (the launcher compiled on first use) stops and waits for javac', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'replay-signal-'));
    try {
      expect(await signalledAfterSpawn('javac', { TMPDIR: tmp })).toEqual({ signal: 'SIGTERM', childLeft: false, spawned: true });
      // nor javac's build folder (its source and whatever it had compiled): nothing of the replay is left in the temporary folder
      expect(readdirSync(tmp).filter((name) => name.startsWith('connect-rules-dynamodb-local-build-'))).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
