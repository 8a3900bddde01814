/**
 * Each file reader bundled as `npm run package` bundles it (build/lambda-build-options.ts)
 * holds only the role of the contact join it runs (engine/pipeline/join/): what the
 * others run, and the whole join (engine/pipeline/contact-join.ts), stay out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../build/build.ts';
import { lambdaBuildOptions } from '../build/lambda-build-options.ts';
import { modulesWithCode } from '../test/support/bundle-modules.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-contact-ingestors-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ROLES = ['engine/pipeline/join/record.ts', 'engine/pipeline/join/arrival.ts', 'engine/pipeline/join/sweep.ts'];

/** The project modules with code in the function's bundle, every chunk counted. */
async function modulesOf(handler: string): Promise<string[]> {
  const result = await build({ ...lambdaBuildOptions(), entryPoints: [join(ROOT, handler)], outdir: join(out, handler) });
  return modulesWithCode(result.metafile!).filter((input) => !input.includes('node_modules/'));
}

describe('a file reader bundled holds only the role of the contact join it runs', () => {
  it.each([
    ['functions/ingest-contact-records.ts', 'engine/pipeline/join/record.ts'],
    ['functions/ingest-analysis.ts', 'engine/pipeline/join/arrival.ts'],
    ['functions/ingest-evaluations.ts', 'engine/pipeline/join/arrival.ts'],
    ['functions/ingest-sweep.ts', 'engine/pipeline/join/sweep.ts'],
  ])('%s: %s', async (handler, role) => {
    const modules = await modulesOf(handler);
    expect(modules).toContain('engine/pipeline/join/subjects.ts');
    expect(ROLES.filter((r) => modules.includes(r))).toEqual([role]);
    expect(modules).not.toContain('engine/pipeline/contact-join.ts');
    // Storing a DescribeContact response in a CTR's shape is the contact records' role.
    expect(modules.includes('engine/contacts/model.ts')).toBe(role === 'engine/pipeline/join/record.ts');
  }, 60_000);
});
