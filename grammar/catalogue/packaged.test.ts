/**
 * A packaged ingestion function holds the catalogue of only the sources it evaluates
 * (deploy/actions.ts `packagedFunctionDefine`, grammar/catalogue/index.ts
 * `packagedSourceVar`): the readers' bundles hold no row of the metrics, third-party,
 * real-time or email catalogues, and still have every row of their own sources.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../build/build.ts';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';
import { cascadedSources, packagedFunctionDefine } from '../../deploy/actions.ts';
import { FUNCTIONS } from '../../deploy/functions.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES } from './index.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-catalogue-packaged-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Row names that only `source`'s catalogue has (unbundled, every catalogue is whole). */
const ownNames = (source: (typeof EVENT_SOURCE_NAMES)[number]) => {
  const others = new Set(EVENT_SOURCE_NAMES.filter((s) => s !== source).flatMap((s) => CATALOGUE[s].conditions.map((c) => c.name)));
  return [...new Set(CATALOGUE[source].conditions.map((c) => c.name))].filter((n) => !others.has(n));
};

const READERS = ['ingestAnalysis', 'ingestContactRecords', 'ingestSweep'];

describe('the catalogue packaged per function', () => {
  it.each(READERS)('%s holds the rows of only the sources it evaluates', async (key) => {
    const spec = FUNCTIONS.find((f) => f.key === key)!;
    const evaluated = cascadedSources(spec.runsActionsOf!);
    const entry = `
import { CATALOGUE } from './grammar/catalogue/index.ts';
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(CATALOGUE).map(([s, c]) => [s, { rows: c.conditions.length, packaged: c.packaged ?? true }]))));
`;
    const options = lambdaBuildOptions();
    const bundle = async (name: string, define: Record<string, string>) => {
      const file = join(out, `${key}-${name}.mjs`);
      await build({ ...options, define: { ...options.define, ...define }, stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' }, outfile: file });
      return file;
    };
    const file = await bundle('packaged', packagedFunctionDefine(spec.runsActionsOf!));
    const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH }, cwd: out });
    const seen = JSON.parse(stdout) as Record<string, { rows: number; packaged: boolean }>;
    const code = readFileSync(file, 'utf8');
    // A row's name is in the bundle when its row is: the names of the whole catalogue's bundle that one with no source leaves out.
    const whole = readFileSync(await bundle('whole', {}), 'utf8');
    const none = readFileSync(await bundle('none', packagedFunctionDefine([])), 'utf8');
    const rowNames = (s: (typeof EVENT_SOURCE_NAMES)[number]) => ownNames(s).filter((n) => whole.includes(JSON.stringify(n)) && !none.includes(JSON.stringify(n)));

    const documented = EVENT_SOURCE_NAMES.filter((s) => CATALOGUE[s].conditions.length > 0);
    const leftOut = documented.filter((s) => !evaluated.includes(s));
    expect(leftOut).toEqual(expect.arrayContaining(['OnMetricDataUpdate', 'OnZendeskTicketCreate', 'OnSalesforceCaseCreate', 'OnRealTimeCallAnalysisAvailable', 'OnEmailAnalysisAvailable']));
    // Names the check can see: most rows share theirs with kept sources or build them (metric rows), so a few.
    expect(leftOut.flatMap(rowNames).length).toBeGreaterThan(0);
    for (const s of leftOut) {
      expect(seen[s], s).toEqual({ rows: 0, packaged: false });
      expect(rowNames(s).filter((n) => code.includes(JSON.stringify(n))), `${s}'s rows in the bundle`).toEqual([]);
    }
    for (const s of documented.filter((d) => evaluated.includes(d))) {
      expect(seen[s], s).toEqual({ rows: CATALOGUE[s].conditions.length, packaged: true });
      expect(rowNames(s).filter((n) => !code.includes(JSON.stringify(n))), `${s}'s rows missing from the bundle`).toEqual([]);
    }
  }, 60_000);

  it('a function evaluating every source (ingestCanonical) keeps every catalogue', () => {
    const spec = FUNCTIONS.find((f) => f.key === 'ingestCanonical')!;
    const define = packagedFunctionDefine(spec.runsActionsOf!);
    expect(Object.entries(define).filter(([k, v]) => k.includes('PACKAGED_SOURCE_') && v !== '"yes"')).toEqual([]);
  });
});
