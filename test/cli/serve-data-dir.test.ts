/**
 * `connect-rules serve --data-dir DIR --dynamodb-port N`: the embedded DynamoDB
 * Local keeps its data in DIR on the port the user chose (both printed), so a rule
 * created before a restart is there after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRuleCommand, ListRulesCommand } from '@aws-sdk/client-connect';
import { afterAll, describe, expect, it } from 'vitest';
import { unusedPort } from '../support/ports.ts';
import { childrenNamed } from '../support/processes.ts';
import { BIN } from '../support/cli.ts';
import { connectClient, newInstanceId, realTimeRule } from '../support/rules-api.ts';
import { STARTUP_LIMITS, watchProgress } from '../support/watched-run.ts';

const running = new Set<ChildProcess>();
afterAll(() => {
  // Its java first: a serve killed outright cannot stop it (a failed start left it running for good).
  for (const proc of running) {
    for (const java of childrenNamed(proc.pid!, 'java')) process.kill(java, 'SIGKILL');
    proc.kill('SIGKILL');
  }
});

interface Served {
  readonly url: string;
  readonly stdout: () => string;
  stop(): Promise<number | null>;
}

/** `serve` as a child process, once it has printed its URL. */
function serve(args: readonly string[]): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--sla-sweep-seconds', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const stopWatching = watchProgress(
      proc.pid!,
      STARTUP_LIMITS,
      (why) => reject(new Error(`serve printed nothing, given up on: ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`)),
      () => stdout.length + stderr.length,
    );
    void exited.then(stopWatching);
    proc.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url && stdout.includes('DynamoDB Local on')) {
        stopWatching();
        resolve({
          url,
          stdout: () => stdout,
          stop: async () => {
            proc.kill('SIGTERM');
            const code = await exited;
            running.delete(proc);
            return code;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) early.\nstdout: ${stdout}\nstderr: ${stderr}`)));
  });
}

describe('connect-rules serve --data-dir --dynamodb-port', () => {
  it('keeps the rules across a restart, on the port given, and prints both', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'connect-rules-data-')), 'data');
    // Not one the system hands out for port 0: another file's server could take it while serve restarts.
    const port = await unusedPort();
    const instanceId = newInstanceId('data-dir');

    const first = await serve(['--data-dir', dir, '--dynamodb-port', String(port)]);
    expect(first.stdout()).toContain(`DynamoDB Local on http://127.0.0.1:${port}, data kept in ${dir}\n`);
    let client = connectClient(first.url);
    try {
      await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'kept')));
    } finally {
      client.destroy();
    }
    expect(await first.stop()).toBe(0);
    expect(readdirSync(dir).some((f) => f.endsWith('.db'))).toBe(true);

    const second = await serve(['--data-dir', dir, '--dynamodb-port', String(port)]);
    client = connectClient(second.url);
    try {
      const listed = await client.send(new ListRulesCommand({ InstanceId: instanceId }));
      expect(listed.RuleSummaryList!.map((r) => r.Name)).toEqual(['kept']);
    } finally {
      client.destroy();
      expect(await second.stop()).toBe(0);
    }
  }, 2 * STARTUP_LIMITS.wallMs + 60_000); // two starts

  // --data-dir with --endpoint, which is not its DynamoDB: a command-line mistake, test/cli/exit-codes.test.ts.
});
