import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs a test's bundle (one built as a Lambda function is) in a child process with `args`,
 * its clients pointed at `server` (`ENDPOINT`) and signing with example keys, and parses
 * the JSON it writes.
 */
export async function runBundleAgainst<T>(bundle: string, server: Server, args: readonly string[]): Promise<T> {
  const env = {
    PATH: process.env.PATH,
    ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const { stdout } = await run(process.execPath, [bundle, ...args], { env, cwd: dirname(bundle) });
  return JSON.parse(stdout) as T;
}
