/**
 * `connect-rules serve` refuses to listen beyond this machine unless told to: its
 * requests are not authenticated. A Host it does not know is refused (DNS
 * rebinding) unless named with `--allowed-host`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.ts';
import { freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';
import { STARTUP_LIMITS, watchProgress } from '../support/watched-run.ts';

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const proc of running) proc.kill('SIGTERM');
});

/** `serve` on the shared DynamoDB Local, once it has printed its port. */
function serve(args: readonly string[]): Promise<number> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--sla-sweep-seconds', '0', '--endpoint', sharedDynamoDb().endpoint, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...freshTableEnv() },
  });
  running.add(proc);
  let out = '';
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const stopWatching = watchProgress(proc.pid!, STARTUP_LIMITS, (why) => reject(new Error(`serve printed no URL, given up on: ${why}: ${out}`)), () => out.length);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) {
        stopWatching();
        resolve(Number(port));
      }
    });
    proc.once('exit', (code) => {
      stopWatching();
      reject(new Error(`serve exited (${code}): ${out}`));
    });
  });
}

/** A GET with exactly this Host header (fetch would not send a Host of our choosing): its status and message. */
function get(port: number, path: string, host: string): Promise<{ status: number; message: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, message: text ? String((JSON.parse(text) as { Message?: string }).Message ?? '') : '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('connect-rules serve --host', () => {
  it('a non-loopback address without --allow-remote: exit 1 (a command-line mistake) and why, nothing started', () => {
    const r = runCli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: --host 0.0.0.0 is not a loopback address');
    expect(r.stderr).toContain('--allow-remote');
    expect(r.stdout).toBe('');
  });
});

describe('connect-rules serve --allowed-host', () => {
  it('serves requests whose Host is a name given (each of several), and still refuses any other name, saying how to allow one', async () => {
    const port = await serve(['--allowed-host', 'rules.dev.test', '--allowed-host', 'Rules.Other.Test:8443']);
    const path = '/rules/4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    for (const host of [`rules.dev.test:${port}`, `rules.other.test:${port}`, `localhost:${port}`]) expect((await get(port, path, host)).status, host).toBe(200);
    const other = await get(port, path, `attacker.example:${port}`);
    expect(other.status).toBe(403);
    expect(other.message).toContain(`Host 'attacker.example:${port}' does not name this server`);
    expect(other.message).toContain('serve --allowed-host');
  }, STARTUP_LIMITS.wallMs + 60_000);

  it('a value that is not a host name (a URL) is a command-line mistake: exit 1 with the usage, nothing started', () => {
    const r = runCli(['serve', '--port', '0', '--allowed-host', 'http://rules.dev.test/']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: option '--allowed-host <name>' argument 'http:\/\/rules\.dev\.test\/' is invalid\. expected a host name such as /);
    expect(r.stderr).toContain('Usage: connect-rules serve [options]');
    expect(r.stdout).toBe('');
  });

  it('--help says what it is for', () => {
    const help = runCli(['serve', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--allowed-host <name> a DNS name a browser or tool uses to reach serve');
  });
});
