/**
 * `connect-rules serve` as a user runs it: a real child process with its embedded
 * DynamoDB Local, one CreateRule through the SDK, then SIGTERM: the process exits
 * and its java process is gone by then (reaped by serve, not left to whatever adopts it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateRuleCommand, DescribeRuleCommand } from '@aws-sdk/client-connect';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient, newInstanceId, realTimeRule } from '../support/rules-api.ts';
import { childrenNamed } from '../support/processes.ts';
import { STARTUP_LIMITS, watchProgress } from '../support/watched-run.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead for our purpose.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

let child: ChildProcess | undefined;
let javaPid: number | undefined;

afterAll(() => {
  // Its java too when the test failed before finding it: a serve killed outright cannot stop it.
  for (const java of child?.pid ? childrenNamed(child.pid, 'java') : []) process.kill(java, 'SIGKILL');
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (javaPid && alive(javaPid)) process.kill(javaPid, 'SIGKILL');
});

describe('connect-rules serve (child process)', () => {
  it('prints its URL, serves CreateRule to the SDK, and on SIGTERM exits and stops DynamoDB Local', async () => {
    const proc = spawn(process.execPath, ['bin/connect-rules.js', 'serve', '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CONNECT_RULES_ACCOUNT_ID: '444455556666' },
    });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await new Promise<string>((resolve, reject) => {
      const stopWatching = watchProgress(
        proc.pid!,
        STARTUP_LIMITS,
        (why) => reject(new Error(`serve printed no URL, given up on: ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`)),
        () => stdout.length + stderr.length,
      );
      void exited.then(stopWatching);
      proc.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /connect-rules API listening on (http:\/\/127\.0\.0\.1:\d+) \(DynamoDB: embedded\)/.exec(stdout);
        if (m) {
          stopWatching();
          resolve(m[1]!);
        }
      });
      void exited.then(({ code }) => reject(new Error(`serve exited (${code}) early.\nstdout: ${stdout}\nstderr: ${stderr}`)));
    });

    javaPid = childrenNamed(proc.pid!, 'java')[0];
    expect(javaPid, 'serve should run DynamoDB Local as its java child').toBeDefined();

    const client = connectClient(url);
    try {
      const instanceId = newInstanceId('serve');
      const created = await client.send(new CreateRuleCommand(realTimeRule(instanceId, 'served')));
      expect(created.RuleArn).toBe(`arn:aws:connect:us-east-1:444455556666:instance/${instanceId}/rule/${created.RuleId}`);
      const { Rule } = await client.send(new DescribeRuleCommand({ InstanceId: instanceId, RuleId: created.RuleId }));
      expect(Rule!.Name).toBe('served');
    } finally {
      client.destroy();
    }

    proc.kill('SIGTERM');
    const result = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('serve did not exit within 30 s of SIGTERM')), 30_000)),
    ]);
    expect(result).toEqual({ code: 0, signal: null });
    expect(stdout).toContain('shutting down (SIGTERM)');
    // At once, no waiting: serve stops its java and waits until it is reaped before it exits (storage/embedded-child.ts).
    expect(alive(javaPid), 'the java process of DynamoDB Local must be gone when serve has exited').toBe(false);
  }, STARTUP_LIMITS.wallMs + 60_000);
});
