/**
 * A function packaged without the OnMetricDataUpdate catalogue (the readers: they
 * evaluate no metric rule) holds none of the metric rules' validation or compilation
 * (grammar/validate-metric.ts, engine/compile/metric-leaves.ts, the tables of
 * grammar/catalogue/metrics.ts), and still refuses a metric rule naming the packaging;
 * ingestMetrics keeps all of it and evaluates the rule.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { modulesWithCode } from '../../test/support/bundle-modules.ts';
import { ROOT } from '../../build/build.ts';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';
import { packagedFunctionDefine } from '../../deploy/actions.ts';
import { FUNCTIONS } from '../../deploy/functions.ts';
import { handlerModule } from '../../deploy/spec.ts';
import { AGENT_ACTIVITY_WINDOW_FILTERS, END_DIMENSION_FILTER_TYPES, GROUPING_FILTER, THRESHOLD_FILTER } from '../../grammar/catalogue/metrics.ts';
import { DIMENSION_OF_FILTER } from './metric-leaves.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-metric-packaged-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The modules that only metric rules need. */
const METRIC_MODULES = /(grammar\/validate-metric|grammar\/catalogue\/metrics|engine\/compile\/metric-leaves)\.ts$/;
/** Strings of the metric tables that no other part of a bundle spells. */
const METRIC_CONSTANTS = [...END_DIMENSION_FILTER_TYPES, ...AGENT_ACTIVITY_WINDOW_FILTERS, GROUPING_FILTER, THRESHOLD_FILTER, ...Object.values(DIMENSION_OF_FILTER).filter((d) => d.startsWith('AGENT_HIERARCHY'))];

interface Bundled {
  readonly code: string;
  readonly modules: string[];
}

/** A function's bundle as `npm run package` makes it (every chunk's code, maps apart). */
async function functionBundle(key: string): Promise<Bundled> {
  const spec = FUNCTIONS.find((f) => f.key === key)!;
  const options = lambdaBuildOptions();
  const result = await build({ ...options, entryPoints: { [key]: join(ROOT, `${handlerModule(spec)}.ts`) }, outdir: join(out, key) });
  return read(result.metafile!);
}

function read(metafile: Metafile): Bundled {
  const files = Object.keys(metafile.outputs).filter((f) => !f.endsWith('.map'));
  return { code: files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n'), modules: modulesWithCode(metafile) };
}

const constantsIn = (code: string) => METRIC_CONSTANTS.filter((c) => code.includes(JSON.stringify(c)));

const rule = JSON.parse(readFileSync(join(ROOT, 'examples/rules/metric-billing-queue-backlog.json'), 'utf8')) as { Name: string; Function: string };
const snapshot = readFileSync(join(ROOT, 'test/fixtures/canonical/OnMetricDataUpdate.json'), 'utf8');

/** Compiles the metric rule and matches the snapshot in a bundle packaged as `key` is: the matched names, or the error. */
async function metricRuleIn(key: string): Promise<{ matched?: string[]; error?: string; modules: string[] }> {
  const spec = FUNCTIONS.find((f) => f.key === key)!;
  const entry = `
import { compileRules } from './engine/index.ts';
try {
  const set = compileRules([{ name: ${JSON.stringify(rule.Name)}, source: 'OnMetricDataUpdate', function: ${JSON.stringify(rule.Function)} }]);
  process.stdout.write(JSON.stringify({ matched: set.match(${snapshot}) }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.name + ': ' + error.message }));
}
`;
  const file = join(out, `${key}-rule.mjs`);
  const options = lambdaBuildOptions();
  const result = await build({ ...options, define: { ...options.define, ...packagedFunctionDefine(spec.runsActionsOf!) }, stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' }, outfile: file });
  const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH }, cwd: out });
  return { ...(JSON.parse(stdout) as { matched?: string[]; error?: string }), modules: modulesWithCode(result.metafile!) };
}

describe('metric rules packaged per function', () => {
  it('ingestMetrics holds the metric modules and tables', async () => {
    const metrics = await functionBundle('ingestMetrics');
    expect(metrics.modules.filter((m) => METRIC_MODULES.test(m)).sort()).toEqual([
      'engine/compile/metric-leaves.ts',
      'grammar/catalogue/metrics.ts',
      'grammar/validate-metric.ts',
    ]);
    expect(constantsIn(metrics.code)).toEqual(METRIC_CONSTANTS);
  }, 120_000);

  it.each(['ingestAnalysis', 'ingestContactRecords', 'ingestSweep'])('%s holds no metric module or constant', async (key) => {
    const reader = await functionBundle(key);
    expect(reader.modules.filter((m) => METRIC_MODULES.test(m))).toEqual([]);
    expect(constantsIn(reader.code)).toEqual([]);
  }, 120_000);

  it('a reader refuses a metric rule naming its packaging; ingestMetrics evaluates it', async () => {
    const reader = await metricRuleIn('ingestContactRecords');
    expect(reader.error).toMatch(/^InvalidRuleFunctionError: rule BILLING_QUEUE_BACKLOG:1:\d+: this function was packaged without the catalogue of OnMetricDataUpdate: it does not evaluate that event source/);
    expect(reader.modules.filter((m) => METRIC_MODULES.test(m))).toEqual([]);

    const metrics = await metricRuleIn('ingestMetrics');
    expect(metrics).toMatchObject({ matched: [rule.Name] });
  }, 120_000);
});
