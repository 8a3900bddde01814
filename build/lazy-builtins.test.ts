/**
 * The Lambda bundles load the built-ins of paths they never take when those paths
 * run, not at init (builtins-by-require.ts `lazyBuiltins`): web streams (@middy/core) and `vm`
 * (jsonpath-plus), and both still work when read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './build.ts';
import { lambdaBuildOptions } from './lambda-build-options.ts';
import { lazyBuiltins } from './builtins-by-require.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-lazy-builtins-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const options = lambdaBuildOptions();

/** A middy handler and a JSONPath lookup, as the ingestion functions have them, with the built-ins loaded at each step. */
const ENTRY = `
import middy from '@middy/core';
import { JSONPath } from 'jsonpath-plus';
export async function main(loaded) {
  const handler = middy(async (event) => ({ id: JSONPath({ path: '$.contact.id', json: event, eval: false, wrap: false }) }));
  const response = await handler({ contact: { id: 'c-1' } }, {});
  const afterRun = loaded();
  const script = JSONPath({ path: '$.items[?(@.n > 1)].n', json: { items: [{ n: 1 }, { n: 2 }] }, eval: 'native' });
  return { response, afterRun, script, afterScript: loaded() };
}
`;
/** Imports the bundle (its ES imports of built-ins included) after noting what was loaded before. */
const IMPORT = (file: string) => `
const before = new Set(process.moduleLoadList);
const loaded = () => process.moduleLoadList.filter((m) => !before.has(m) && /^NativeModule (stream\\/web|vm)$/.test(m));
const { main } = await import(${JSON.stringify('file://' + file)});
const atInit = loaded();
process.stdout.write(JSON.stringify({ atInit, ...(await main(loaded)) }));
`;

async function runBundle(name: string, plugins: NonNullable<Parameters<typeof build>[0]['plugins']>) {
  const file = join(out, `${name}.mjs`);
  await build({ ...options, plugins, stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' }, outfile: file });
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT(file)], { env: { PATH: process.env.PATH }, cwd: out });
  return JSON.parse(stdout) as { atInit: string[]; response: unknown; afterRun: string[]; script: unknown; afterScript: string[] };
}

describe('built-ins of paths the Lambda functions never take', () => {
  it('are not loaded at init nor by a handler that does not take them; a path that reads one loads it', async () => {
    const seen = await runBundle('lazy', options.plugins!);
    expect(seen.atInit).toEqual([]);
    expect(seen.response).toEqual({ id: 'c-1' });
    expect(seen.afterRun).toEqual([]);
    expect(seen.script).toEqual([2]);
    expect(seen.afterScript).toEqual(['NativeModule vm']);
  }, 60_000);

  it('are loaded at init without the plugin', async () => {
    const seen = await runBundle('eager', options.plugins!.filter((p) => p !== lazyBuiltins));
    expect(seen.atInit.sort()).toEqual(['NativeModule stream/web', 'NativeModule vm']);
  }, 60_000);
});
