/**
 * The contacts API function bundled as `npm run package` bundles it: SearchContacts'
 * transcript matching (engine/contacts/transcript-search.ts: its word splitting and the
 * analysis-file reader) is a chunk loaded by the first search that names a transcript,
 * not code its init parses (DescribeContact and the other searches never run it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../build/build.ts';
import { lambdaBuildOptions } from '../build/lambda-build-options.ts';
import { initModulesWithCode, modulesWithCode } from '../test/support/bundle-modules.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-contacts-api-init-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('loads the transcript search with the first search that asks for it, not at init', async () => {
  const handler = 'functions/contacts-api-handler.ts';
  const metafile = (await build({ ...lambdaBuildOptions(), entryPoints: [join(ROOT, handler)], outdir: out })).metafile!;
  const atInit = initModulesWithCode(metafile, handler);
  const lazy = ['engine/contacts/transcript-search.ts', 'engine/contacts/search-words.ts', 'engine/ingest/analysis-text/read.ts', 'engine/transcript/word-scan-wasm.ts'];
  expect(lazy.filter((m) => modulesWithCode(metafile).includes(m))).toEqual(lazy);
  expect(lazy.filter((m) => atInit.includes(m))).toEqual([]);
  expect(atInit).toContain('engine/contacts/service.ts');
}, 60_000);
