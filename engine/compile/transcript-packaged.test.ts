/**
 * A Lambda bundle packaged without transcript matching (a function whose sources have
 * no transcript condition: deploy/packaged-transcript.ts) holds none of it, still
 * evaluates its own rules, and refuses a rule of a transcript source naming the cause.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { modulesWithCode } from '../../test/support/bundle-modules.ts';
import { ROOT } from '../../build/build.ts';
import { lambdaBuildOptions } from '../../build/lambda-build-options.ts';
import { needsTranscript } from '../../deploy/packaged-transcript.ts';
import { cascadedSources, packagedFunctionDefine } from '../../deploy/actions.ts';
import { FUNCTIONS } from '../../deploy/functions.ts';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'connect-rules-transcript-packaged-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const rule = (file: string) => JSON.parse(readFileSync(join(ROOT, 'examples/rules', file), 'utf8')) as { Name: string; Function: string; TriggerEventSource: { EventSourceName: string } };
const caseEvent = (queue: string) => {
  const event = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/canonical/OnCaseCreate.json'), 'utf8')) as { Case: { Fields: Record<string, unknown> } };
  event.Case.Fields.assigned_queue = queue;
  return event;
};
/** The rule's queue (examples/rules/case-created-billing-sla.json). */
const BILLING_QUEUE = 'e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b';

describe('transcript matching packaged per function', () => {
  it('is left out only of functions whose sources have no transcript condition', () => {
    const without = FUNCTIONS.filter((f) => f.runsActionsOf && !needsTranscript(cascadedSources(f.runsActionsOf))).map((f) => f.key);
    expect(without).toEqual(['ingestEvaluations', 'ingestCases', 'ingestMetrics', 'ingestThirdParty']);
  });

  it('a bundle without it evaluates rules of its sources and refuses a rule of a transcript source, naming the cause', async () => {
    const sla = rule('case-created-billing-sla.json');
    const cancel = rule('post-call-account-cancellation.json');
    const entry = `
import { compileRules } from './engine/index.ts';
const set = compileRules([{ name: ${JSON.stringify(sla.Name)}, source: 'OnCaseCreate', function: ${JSON.stringify(sla.Function)} }]);
let transcript;
try {
  compileRules([{ name: ${JSON.stringify(cancel.Name)}, source: ${JSON.stringify(cancel.TriggerEventSource.EventSourceName)}, function: ${JSON.stringify(cancel.Function)} }]);
  transcript = 'compiled';
} catch (error) {
  transcript = error.name + ': ' + error.message;
}
process.stdout.write(JSON.stringify({ billing: set.match(${JSON.stringify(caseEvent(BILLING_QUEUE))}), other: set.match(${JSON.stringify(caseEvent('another-queue'))}), transcript }));
`;
    const file = join(out, 'cases.mjs');
    const options = lambdaBuildOptions();
    const result = await build({ ...options, define: { ...options.define, ...packagedFunctionDefine(['OnCaseCreate', 'OnCaseUpdate', 'OnSlaBreach']) }, stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' }, outfile: file });
    expect(modulesWithCode(result.metafile!).filter((p) => /engine\/(compile\/transcript-leaves|transcript\/(phrase-index|pattern|select))\.ts$/.test(p))).toEqual([]);

    const { stdout } = await run(process.execPath, [file], { env: { PATH: process.env.PATH }, cwd: out });
    const seen = JSON.parse(stdout) as { billing: string[]; other: string[]; transcript: string };
    expect(seen.billing).toEqual([sla.Name]);
    expect(seen.other).toEqual([]);
    // The source's catalogue is left out too (grammar/catalogue/index.ts), so the rule is refused before its transcript condition is met.
    expect(seen.transcript).toMatch(/^InvalidRuleFunctionError: rule ACCOUNT_CANCELLATION:1:\d+: this function was packaged without the catalogue of OnPostCallAnalysisAvailable: it does not evaluate that event source/);
  }, 60_000);
});
