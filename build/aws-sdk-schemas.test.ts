/**
 * The schema-key plugin: the same schemas, and the unused ones gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { awsSdkSchemaKeys, inlineSchemaKeys } from './aws-sdk-schemas.ts';
import { bundleStdin } from '../test/support/bundle-stdin.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-schemas-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const bundle = (name: string, contents: string, plugins: Plugin[]) => bundleStdin(out, name, contents, plugins);

/** Schemas hold thunks (`() => Shape$`) and error classes: compare those by their source text. */
const canonical = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));

describe('inlineSchemaKeys', () => {
  it('writes computed keys that name string constants as those strings, and nothing else', () => {
    const source = ['const _h = "http";', 'const _e = "error\\"s";', 'export var A$ = [9, n0, _h, { [_h]: ["POST", "/x", 200], [_e]: 1, [other]: 2 }];'].join('\n');
    expect(inlineSchemaKeys(source)).toBe(['const _h = "http";', 'const _e = "error\\"s";', 'export var A$ = [9, n0, _h, { "http": ["POST", "/x", 200], "error\\"s": 1, [other]: 2 }];'].join('\n'));
  });

  for (const client of ['client-connect', 'client-dynamodb', 'client-s3']) {
    it(`leaves every schema of @aws-sdk/${client} as it was`, async () => {
      const all = `export * from '@aws-sdk/${client}/dist-es/schemas/schemas_0.js';`;
      const [before, after] = await Promise.all([bundle(`${client}-plain`, all, []), bundle(`${client}-inlined`, all, [awsSdkSchemaKeys])]);
      const [a, b] = await Promise.all([import(pathToFileURL(before.file).href), import(pathToFileURL(after.file).href)]);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(Object.keys(a).length).toBeGreaterThan(100);
      for (const key of Object.keys(a)) expect(canonical(b[key]), key).toBe(canonical(a[key]));
    }, 60_000);
  }

  it('lets a client that uses one command leave the other schemas out', async () => {
    const one = "export { ConnectClient, SubmitContactEvaluationCommand } from '@aws-sdk/client-connect';";
    const [plain, inlined] = await Promise.all([bundle('one-plain', one, []), bundle('one-inlined', one, [awsSdkSchemaKeys])]);
    expect(plain.bytes - inlined.bytes).toBeGreaterThan(150 * 1024);
  }, 60_000);
});
