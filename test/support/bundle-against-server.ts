import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BundleRun {
  /** More of the child's environment (or less: a variable given as undefined is unset). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Node's options before the bundle (`--import`). */
  readonly nodeOptions?: readonly string[];
}

/**
 * Runs a test's bundle (one built as a Lambda function is) in a child process with `args`,
 * its clients pointed at `server` (`ENDPOINT`: a test's HTTP server, or an endpoint URL such
 * as DynamoDB Local's) and signing with example keys, and parses the JSON it writes. A
 * process that exits non-zero rejects with execFile's error (its `code` and `stderr`).
 */
export async function runBundleAgainst<T>(bundle: string, server: Server | string, args: readonly string[], { env = {}, nodeOptions = [] }: BundleRun = {}): Promise<T> {
  const endpoint = typeof server === 'string' ? server : `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const childEnv = {
    PATH: process.env.PATH,
    ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  };
  const { stdout } = await run(process.execPath, [...nodeOptions, bundle, ...args], { env: childEnv, cwd: dirname(bundle) });
  return JSON.parse(stdout) as T;
}
