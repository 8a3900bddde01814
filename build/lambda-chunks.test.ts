/**
 * lambda-chunks.ts: a split Lambda build puts its chunks in `<bundle>.chunks/`, which
 * serverless-esbuild zips with that function alone; a build of one `outfile` is not
 * split; a split build of several entries is refused.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaChunks } from './lambda-chunks.ts';

const dir = mkdtempSync(join(tmpdir(), 'connect-rules-lambda-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'later.ts'), 'export const later = () => "loaded later";\n');
writeFileSync(join(dir, 'handler-a.ts'), 'export const handler = async () => (await import("./later.ts")).later();\n');
writeFileSync(join(dir, 'handler-b.ts'), 'export const handler = async () => (await import("./later.ts")).later();\n');

const OPTIONS: BuildOptions = { bundle: true, format: 'esm', platform: 'node', splitting: true, outExtension: { '.js': '.mjs' }, plugins: [lambdaChunks], logLevel: 'silent' };
const files = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();

describe('lambdaChunks', () => {
  it("puts each function's chunks beside its bundle, in a folder named after it", async () => {
    const out = join(dir, 'functions');
    // as serverless-esbuild builds: one entry per build, every function into the same folder
    for (const entry of ['handler-a.ts', 'handler-b.ts']) await build({ ...OPTIONS, entryPoints: [join(dir, entry)], outdir: out });
    const built = files(out);
    expect(built.filter((f) => !f.includes('.chunks/'))).toEqual(['handler-a.mjs', 'handler-b.mjs']);
    expect(built.filter((f) => f.startsWith('handler-a.chunks/'))).toEqual([expect.stringMatching(/^handler-a\.chunks\/later-[A-Z0-9]+\.mjs$/)]);
    expect(built.filter((f) => f.startsWith('handler-b.chunks/'))).toHaveLength(1);
    const handler = (await import(join(out, 'handler-a.mjs'))) as { handler: () => Promise<string> };
    expect(await handler.handler()).toBe('loaded later');
  });

  it('names the folder after the entry name given (the bench: { ingestRealtime: file })', async () => {
    const out = join(dir, 'named');
    await build({ ...OPTIONS, entryPoints: { ingestRealtime: join(dir, 'handler-a.ts') }, outdir: out });
    expect(files(out).map((f) => f.replace(/-[A-Z0-9]+\.mjs$/, ''))).toEqual(['ingestRealtime.chunks/later', 'ingestRealtime.mjs']);
  });

  it('does not split a build of one output file', async () => {
    const out = join(dir, 'single');
    await build({ ...OPTIONS, entryPoints: [join(dir, 'handler-a.ts')], outfile: join(out, 'handler.mjs') });
    expect(files(out)).toEqual(['handler.mjs']);
  });

  it('refuses a split build of several entries, whose chunks no one function could hold', async () => {
    const both = build({ ...OPTIONS, entryPoints: [join(dir, 'handler-a.ts'), join(dir, 'handler-b.ts')], outdir: join(dir, 'both') });
    // esbuild reports the plugin's error as its own, with the message
    await expect(both).rejects.toThrow('a Lambda bundle is built from one entry, so that its chunks are its own; got 2: handler-a, handler-b');
  });
});
