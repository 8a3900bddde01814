/**
 * lazy-actions.ts names the packaged back ends without loading them, by the same test
 * of the same variable as action-backends.ts: both are held to agree, bundled for
 * each `actionsBackend` as packaging bundles them, and the start still refuses a
 * configured back end the bundle was not packaged with.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../build/build.ts';
import { packagedActionsDefine } from '../deploy/actions.ts';
import { PACKAGED_ACTIONS_BACKENDS } from './action-backends.ts';
import { PACKAGED_ACTIONS_BACKEND_NAMES } from './lazy-actions.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-lazy-actions-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ENTRY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PACKAGED_ACTIONS_BACKENDS } from './functions/action-backends.ts';
import { PACKAGED_ACTIONS_BACKEND_NAMES, lazyPackagedActionRunner } from './functions/lazy-actions.ts';
const dynamoDb = new DynamoDBClient({ region: 'us-east-1' });
const refused = {};
for (const backend of ['aws', 'local']) {
  process.env.CONNECT_RULES_ACTIONS_BACKEND = backend;
  try { lazyPackagedActionRunner({ dynamoDb }); } catch (err) { refused[backend] = err.name + ': ' + err.message; }
}
process.stdout.write(JSON.stringify({ factories: Object.keys(PACKAGED_ACTIONS_BACKENDS).sort(), names: [...PACKAGED_ACTIONS_BACKEND_NAMES].sort(), refused }));
`;

describe('the packaged actions back ends, by name', () => {
  it('are the back ends themselves, unbundled', () => {
    expect([...PACKAGED_ACTIONS_BACKEND_NAMES].sort()).toEqual(Object.keys(PACKAGED_ACTIONS_BACKENDS).sort());
  });

  it.each(['aws', 'local', 'none'])('are the back ends packaged for actionsBackend %s, and the start refuses any other', async (backend) => {
    const file = join(out, `${backend}.mjs`);
    await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      mainFields: ['module', 'main'],
      define: packagedActionsDefine(backend),
      outfile: file,
      logLevel: 'error',
    });
    const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const seen = JSON.parse(stdout) as { factories: string[]; names: string[]; refused: Record<string, string> };
    expect(seen.names).toEqual(seen.factories);
    expect(seen.names).toEqual(backend === 'none' ? [] : [backend]);
    expect(Object.keys(seen.refused).sort()).toEqual(['aws', 'local'].filter((b) => b !== backend));
    for (const message of Object.values(seen.refused)) expect(message).toMatch(/^ActionsBackendUnavailableError: CONNECT_RULES_ACTIONS_BACKEND is '(aws|local)', but this code holds /);
  }, 60_000);
});
