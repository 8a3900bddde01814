/**
 * The README's `create-rule.mjs` as a user runs it: saved in a folder where
 * `@aws-sdk/client-connect` resolves, run from the clone (it reads an example rule),
 * against the local API (this file's tables), and run again: the second run finds
 * the name taken and updates that rule instead of dying with a stack.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ListRulesCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { connectClient, startApi } from '../support/rules-api.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
/** The port the README's `serve` listens on, which the snippet names. */
const README_ENDPOINT = 'http://127.0.0.1:8080';

let api: LocalRulesApi;
let folder: string;

beforeAll(async () => {
  api = await startApi();
  folder = mkdtempSync(join(tmpdir(), 'connect-rules-readme-'));
  // Where the user saves it, `@aws-sdk/client-connect` resolves: the clone's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
});

afterAll(async () => {
  await api?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The README's one block that imports CreateRuleCommand. */
function snippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('CreateRuleCommand'));
  expect(blocks).toHaveLength(1);
  expect(blocks[0]).toContain(README_ENDPOINT);
  return blocks[0]!.replace(README_ENDPOINT, api.url);
}

describe("README's create-rule.mjs", () => {
  it('creates the example rule, and on a second run updates it (the name is taken) instead of failing', async () => {
    const file = join(folder, 'create-rule.mjs');
    writeFileSync(file, snippet());
    const first = await run(process.execPath, [file], { cwd: ROOT });
    const [created, listed] = first.stdout.trimEnd().split('\n');
    expect(created).toMatch(/^created ACCOUNT_CANCELLATION \S+$/);
    expect(listed).toBe("[ 'ACCOUNT_CANCELLATION' ]");
    const ruleId = created!.split(' ')[2];

    const second = await run(process.execPath, [file], { cwd: ROOT });
    expect(second.stdout.trimEnd().split('\n')).toEqual([`updated ACCOUNT_CANCELLATION ${ruleId} (a rule of that name was there)`, "[ 'ACCOUNT_CANCELLATION' ]"]);
    expect(second.stderr).not.toMatch(/Exception|    at /);

    const client = connectClient(api.url);
    try {
      const InstanceId = /const InstanceId = '([^']+)'/.exec(snippet())![1]!;
      const { RuleSummaryList } = await client.send(new ListRulesCommand({ InstanceId }));
      expect(RuleSummaryList!.map((r) => [r.Name, r.RuleId])).toEqual([['ACCOUNT_CANCELLATION', ruleId]]);
    } finally {
      client.destroy();
    }
  }, 60_000);
});
