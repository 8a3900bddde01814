/**
 * The package test's watchdog (test/support/watched-run.ts): a command is given up on
 * when its process tree makes no progress, and killed with its group; the work of its
 * children counts as its own. No figure of time decides a verdict.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processStat } from '../../storage/process-stat.ts';
import { treeSample, watchedRun } from '../support/watched-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'connect-rules-watched-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMITS = { cpuMs: Infinity, stallMs: 1_000, progressCpuMs: 100, wallMs: 600_000 };

describe('watchedRun', () => {
  it('a command that hangs (its child sleeps) is given up on with what it printed, and its whole group killed', async () => {
    const pids = join(dir, 'pids');
    const err = await watchedRun('sh', ['-c', `sleep 600 & echo $! > ${pids}; echo packaging...; sleep 600`], {}, LIMITS).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^sh -c .* was given up on: it made no progress \(less than 0\.1 s of CPU, no output\) for \d+\.\d s while not stopped \(the limit is 1\.0 s\).*Its last output:\npackaging\.\.\.\n$/s);
    const sleeper = Number(readFileSync(pids, 'utf8'));
    for (;;) {
      // Killed; a zombie until whatever adopted it reaps it.
      const state = processStat(sleeper)?.state;
      if (state === undefined || state === 'Z') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 300_000);

  it('the tree sample sums the CPU of the processes below the root, not only the root', async () => {
    const { spawn } = await import('node:child_process');
    const root = spawn('sh', ['-c', 'sh -c "while :; do :; done" & wait'], { stdio: 'ignore', detached: true }); // `& wait`: a shell that execs its last command (bash) would leave no child
    try {
      for (;;) {
        const tree = treeSample(root.pid!)!;
        if (tree.cpuMs >= 200) {
          expect(processStat(root.pid!)!.cpuMs).toBeLessThan(tree.cpuMs);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      process.kill(-root.pid!, 'SIGKILL');
    }
  }, 300_000);
});
