/**
 * The Lambda bundles load the built-ins of paths they never take when those paths
 * run, not at init (builtins-by-require.ts `lazyBuiltins`): web streams (@middy/core's
 * streamed responses), which still work when read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundle } from '../test/support/bundle-stdin.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';
import { lazyBuiltins } from './builtins-by-require.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-lazy-builtins-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const options = lambdaBuildOptions();

/**
 * A middy handler as the functions have them, then one with a streamed response (which
 * reads `ReadableStream`; the Lambda runtime's `awslambda` global stood in for), with the
 * built-ins loaded at each step.
 */
const ENTRY = `
import middy from '@middy/core';
import { Writable } from 'node:stream';
export async function main(loaded) {
  const handler = middy(async (event) => ({ id: event.contact.id }));
  const response = await handler({ contact: { id: 'c-1' } }, {});
  const afterRun = loaded();
  globalThis.awslambda = { streamifyResponse: (f) => f };
  const streamed = middy(async () => 'streamed body', { streamifyResponse: true });
  const chunks = [];
  await streamed({}, new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } }), {});
  return { response, afterRun, streamedBody: chunks.join(''), afterStream: loaded() };
}
`;
/** Imports the bundle (its ES imports of built-ins included) after noting what was loaded before. */
const IMPORT = (file: string) => `
const before = new Set(process.moduleLoadList);
const loaded = () => process.moduleLoadList.filter((m) => !before.has(m) && /^NativeModule stream\\/web$/.test(m));
const { main } = await import(${JSON.stringify('file://' + file)});
const atInit = loaded();
process.stdout.write(JSON.stringify({ atInit, ...(await main(loaded)) }));
`;

async function runBundle(name: string, plugins: NonNullable<Parameters<typeof build>[0]['plugins']>) {
  const file = join(out, `${name}.mjs`);
  await lambdaBundle(ENTRY, file, { plugins });
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT(file)], { env: { PATH: process.env.PATH }, cwd: out });
  return JSON.parse(stdout) as { atInit: string[]; response: unknown; afterRun: string[]; streamedBody: string; afterStream: string[] };
}

describe('built-ins of paths the Lambda functions never take', () => {
  it('are not loaded at init nor by a handler that does not take them; a path that reads one loads it', async () => {
    const seen = await runBundle('lazy', options.plugins!);
    expect(seen.atInit).toEqual([]);
    expect(seen.response).toEqual({ id: 'c-1' });
    expect(seen.afterRun).toEqual([]);
    expect(seen.streamedBody).toBe('streamed body');
    expect(seen.afterStream).toEqual(['NativeModule stream/web']);
  }, 60_000);

  it('are loaded at init without the plugin', async () => {
    const seen = await runBundle('eager', options.plugins!.filter((p) => p !== lazyBuiltins));
    expect(seen.atInit).toEqual(['NativeModule stream/web']);
  }, 60_000);
});
