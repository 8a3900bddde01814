/**
 * Runs the real `connect-rules` binary as a user would, and writes scratch input
 * files for it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/connect-rules.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly input?: string;
  readonly cwd?: string;
  /** Added to this process's environment (which holds the test file's table names). */
  readonly env?: Readonly<Record<string, string>>;
}

const childEnv = (options: CliOptions): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', ...options.env });

/** Runs the binary to its end, blocking (fine where nothing in this process must answer meanwhile). */
export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input,
    cwd: options.cwd,
    env: childEnv(options),
    // Generous: a JVM (replay's embedded DynamoDB Local) starts slowly on a busy 2-core machine.
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the binary without blocking this process's event loop. */
export function runCliAsync(args: readonly string[], options: Omit<CliOptions, 'input'> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: childEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** A fresh folder with the given files (objects are written as JSON). */
export function scratch(files: Record<string, unknown>): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'connect-rules-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return (name) => join(dir, name);
}
