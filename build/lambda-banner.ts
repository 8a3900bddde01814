/**
 * serverless.yml's banner (the `require` that the bundles' CommonJS interop and
 * `builtins-by-require.ts` call, made with `createRequire`) only in the output files
 * that name `require`. esbuild writes a banner at the top of every output, and a split
 * Lambda bundle is a dozen files (build/lambda-chunks.ts): 135 bytes each, 1.3 KB of
 * ingestAnalysis's code budget, for chunks that never call it. The test is
 * conservative: any `require` in the rest of a file (a string too) keeps its banner.
 * The banner is the first line, which maps to nothing, so the file's source map loses
 * its first line's (empty) mappings with it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

const REQUIRE = /\brequire\b/;

/** `code` without its first line `banner`, or unchanged where the rest names `require`. */
export function withoutUnusedBanner(code: string, banner: string): string {
  const head = `${banner}\n`;
  return code.startsWith(head) && !REQUIRE.test(code.slice(head.length)) ? code.slice(head.length) : code;
}

/** A source map without the mappings of its first line (the banner's: none). */
export function withoutFirstLine(map: string): string {
  const json = JSON.parse(map) as { mappings: string };
  if (!json.mappings.startsWith(';')) throw new Error('a banner line with mappings: not a banner esbuild wrote');
  return JSON.stringify({ ...json, mappings: json.mappings.slice(1) });
}

export const bannerWhereRequired: Plugin = {
  name: 'banner-where-required',
  setup(build) {
    const banner = build.initialOptions.banner?.js;
    if (!banner || !build.initialOptions.splitting) return;
    // Which files were written: serverless-esbuild writes them (no outputFiles) and reads no metafile of ours.
    build.initialOptions.metafile = true;
    const root = build.initialOptions.absWorkingDir ?? process.cwd();
    build.onEnd(async (result) => {
      // A build kept in memory (write: false) is left as esbuild made it.
      if (result.errors.length > 0 || result.outputFiles) return;
      for (const file of Object.keys(result.metafile!.outputs).filter((f) => f.endsWith('.mjs') || f.endsWith('.js'))) {
        const path = join(root, file);
        const code = await readFile(path, 'utf8');
        const kept = withoutUnusedBanner(code, banner);
        if (kept === code) continue;
        await writeFile(path, kept);
        if (result.metafile!.outputs[`${file}.map`]) await writeFile(`${path}.map`, withoutFirstLine(await readFile(`${path}.map`, 'utf8')));
      }
    });
  },
};

