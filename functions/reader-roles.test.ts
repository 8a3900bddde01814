/**
 * Each file reader bundled as `npm run package` bundles it (build/lambda-build-options.ts)
 * holds only the role of the contact join it runs (engine/pipeline/join/): what the
 * others run, and the whole join (engine/pipeline/contact-join.ts), stay out, also of
 * the chunks its init loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../build/build.ts';
import { lambdaBuildOptions } from '../build/lambda-build-options.ts';
import { initModulesWithCode, modulesWithCode } from '../test/support/bundle-modules.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-reader-roles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ROLES = ['engine/pipeline/join/record.ts', 'engine/pipeline/join/arrival.ts', 'engine/pipeline/join/sweep.ts'];

/** The project modules with code in the function's bundle, every chunk counted. */
async function modulesOf(handler: string): Promise<{ all: string[]; atInit: string[] }> {
  const result = await build({ ...lambdaBuildOptions(), entryPoints: [join(ROOT, handler)], outdir: join(out, handler) });
  const project = (modules: string[]) => modules.filter((input) => !input.includes('node_modules/'));
  return { all: project(modulesWithCode(result.metafile!)), atInit: project(initModulesWithCode(result.metafile!, handler)) };
}

describe('a file reader bundled holds only the role of the contact join it runs', () => {
  it.each([
    ['functions/ingest-contact-records.ts', 'engine/pipeline/join/record.ts'],
    ['functions/ingest-analysis.ts', 'engine/pipeline/join/arrival.ts'],
    ['functions/ingest-evaluations.ts', 'engine/pipeline/join/arrival.ts'],
    ['functions/ingest-sweep.ts', 'engine/pipeline/join/sweep.ts'],
  ])('%s: %s', async (handler, role) => {
    const { all: modules, atInit } = await modulesOf(handler);
    expect(modules).toContain('engine/pipeline/join/subjects.ts');
    expect(ROLES.filter((r) => modules.includes(r))).toEqual([role]);
    expect(modules).not.toContain('engine/pipeline/contact-join.ts');
    // Storing a DescribeContact response in a CTR's shape is the contact records' role.
    expect(modules.includes('engine/contacts/model.ts')).toBe(role === 'engine/pipeline/join/record.ts');
    // The word scan's WebAssembly module is the rule language's (a chunk loaded with the first
    // rule set) and the analysis text reader's, which only a file's arrival runs: esbuild put it
    // in a chunk init loads wherever the entry reached arrival.ts, used or not.
    expect(atInit.includes('engine/transcript/word-scan-wasm.ts')).toBe(role === 'engine/pipeline/join/arrival.ts');
  }, 60_000);
});
