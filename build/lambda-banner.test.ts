/**
 * lambda-banner.ts: in a split Lambda build, the `require` banner stays only in the
 * files that name `require`; the others lose it and their source map its line, and the
 * bundle still loads and runs every chunk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bannerWhereRequired, withoutFirstLine, withoutUnusedBanner } from './lambda-banner.ts';
import { lambdaChunks } from './lambda-chunks.ts';

const BANNER = "import { createRequire as __connectRulesCreateRequire } from 'node:module'; const require = __connectRulesCreateRequire(import.meta.url);";
const dir = mkdtempSync(join(tmpdir(), 'connect-rules-lambda-banner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'later.mjs'), 'export const later = (n) => `later ${n}`;\n');
// A CommonJS module: its `require` of a built-in is the banner's.
writeFileSync(join(dir, 'cores.cjs'), "module.exports = () => require('node:os').availableParallelism() > 0;\n");
writeFileSync(join(dir, 'handler.mjs'), "import cores from './cores.cjs';\nexport const handler = async () => [cores(), (await import('./later.mjs')).later(1)];\n");

const OPTIONS: BuildOptions = { bundle: true, format: 'esm', platform: 'node', splitting: true, outExtension: { '.js': '.mjs' }, sourcemap: true, banner: { js: BANNER }, logLevel: 'silent' };

async function bundle(name: string, plugins: BuildOptions['plugins']): Promise<string> {
  const out = join(dir, name);
  await build({ ...OPTIONS, plugins, entryPoints: { handler: join(dir, 'handler.mjs') }, outdir: out });
  return out;
}
const chunkOf = (out: string): string => join(out, 'handler.chunks', readdirSync(join(out, 'handler.chunks')).find((f) => f.startsWith('later-') && f.endsWith('.mjs'))!);
const mappings = (file: string): string => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { mappings: string }).mappings;

describe('bannerWhereRequired', () => {
  it('keeps the banner where `require` is named and takes it, with its source-map line, from the other files', async () => {
    const before = await bundle('before', [lambdaChunks]);
    const after = await bundle('after', [lambdaChunks, bannerWhereRequired]);
    expect(readFileSync(chunkOf(before), 'utf8').startsWith(BANNER)).toBe(true);
    expect(readFileSync(chunkOf(after), 'utf8')).toBe(readFileSync(chunkOf(before), 'utf8').slice(BANNER.length + 1));
    expect(`;${mappings(chunkOf(after))}`).toBe(mappings(chunkOf(before)));
    // esbuild's CommonJS runtime (`__require`, in a chunk of its own) calls `require`: that chunk keeps it, the entry does not.
    const banners = (out: string) =>
      readdirSync(out, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.mjs') && readFileSync(join(out, f), 'utf8').startsWith(BANNER))
        .map((f) => f.replace(/-[A-Z0-9]+\.mjs$/, ''));
    expect(banners(before).sort()).toEqual(['handler.chunks/chunk', 'handler.chunks/later', 'handler.mjs']);
    expect(banners(after)).toEqual(['handler.chunks/chunk']);
    const { handler } = (await import(join(after, 'handler.mjs'))) as { handler: () => Promise<unknown[]> };
    expect(await handler()).toEqual([true, 'later 1']);
  });
});

describe('withoutUnusedBanner', () => {
  it('takes the first line off only when it is the banner and nothing after names require', () => {
    expect(withoutUnusedBanner(`${BANNER}\nexport const a = 1;\n`, BANNER)).toBe('export const a = 1;\n');
    expect(withoutUnusedBanner(`${BANNER}\nconst m = require("node:os");\n`, BANNER)).toBe(`${BANNER}\nconst m = require("node:os");\n`);
    // Conservative: a string naming it keeps the banner too.
    expect(withoutUnusedBanner(`${BANNER}\nthrow Error("Dynamic require of x");\n`, BANNER)).toContain(BANNER);
    expect(withoutUnusedBanner('export const a = 1;\n', BANNER)).toBe('export const a = 1;\n');
  });

  it("refuses a map whose first line has mappings (not esbuild's banner line)", () => {
    expect(withoutFirstLine('{"version":3,"mappings":";AAAA"}')).toBe('{"version":3,"mappings":"AAAA"}');
    expect(() => withoutFirstLine('{"version":3,"mappings":"AAAA;"}')).toThrow('a banner line with mappings');
  });
});
