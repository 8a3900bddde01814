/**
 * The library as its users get it: `npm pack` (which builds, through `prepare`),
 * the tarball unpacked as node_modules/connect-rules of a project outside this
 * repository (test/library/consumer), then that project's plain-Node script and
 * its TypeScript, compiled strictly against the package's declarations, run.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConnectClient, SearchContactsCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const ANALYSIS = join(ROOT, 'examples/events/04-analysis-voice-cancellation.json');
const CONTACT = join(ROOT, 'examples/events/05-ctr-voice-cancellation.json');

let work: string;
let project: string;
let files: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'connect-rules-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 << 20 });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  files = packed.files.map((f) => f.path);

  project = join(work, 'consumer');
  cpSync(join(import.meta.dirname, 'consumer'), project, { recursive: true });
  const installed = join(project, 'node_modules/connect-rules');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the built CLI, library and declarations, and no sources, tests, benches or fixtures', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/connect-rules.js', 'dist/cli/main.js', 'dist/lib/index.js', 'dist/types/lib/index.d.ts', 'README.md', 'package.json']));
    const unwanted = files.filter((f) => /(^|\/)(test|tests|bench|fixtures|examples)\/|\.test\.|\.test-support\.|(^|\/)[^/]+\.ts$/.test(f) && !f.endsWith('.d.ts'));
    expect(unwanted).toEqual([]);
  });

  it('runs its CLI from the unpacked package: --version and eval', async () => {
    const bin = join(project, 'node_modules/connect-rules/bin/connect-rules.js');
    const version = await run(process.execPath, [bin, '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const fn = join(work, 'rule.txt');
    writeFileSync(fn, 'on post-call\ntranscript.exact(customer) contains any ("cancel my account")\n');
    const evaluated = await run(process.execPath, [bin, 'eval', '--function', fn, '--event', ANALYSIS, '--explain'], { cwd: work });
    expect(evaluated.stdout).toMatch(/^MATCHED: OnPostCallAnalysisAvailable/);
    expect(evaluated.stdout).toContain('matched "cancel my account"');
  });
});

describe('import from connect-rules', () => {
  it('works from plain Node', async () => {
    const { stdout } = await run(process.execPath, ['use.mjs', ANALYSIS, CONTACT], { cwd: project });
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ source: 'OnPostCallAnalysisAvailable', matched: ['cancellation'], explainDiscount: false, oneMatches: true, oneTraceKind: 'group', textMatches: true, textOtherPhrase: false });
    expect(out.invalid.isInvalidRuleFunctionError).toBe(true);
    // Its own name, not the bundler's `_InvalidRuleFunctionError` (a class that refers to itself).
    expect(out.invalid.name).toBe('InvalidRuleFunctionError');
    expect(out.invalid.errors.length).toBeGreaterThanOrEqual(1);
    expect(out.invalid.errors[0]).toMatchObject({ line: 2 });
    expect(out.setInvalid).toEqual({
      isInvalidRuleFunctionError: true,
      message: 'rule a:1:11: expected `)` but found the end of the text\nrule b:1:10: NumberGreaterOrEqualTo on Number of holds takes a number, not a string "x"',
      where: ['rule a', 'rule b'],
      lines: [1, 1],
    });
    expect(out.unknownSource).toEqual({
      isInvalidRuleFunctionError: true,
      message: 'Function:1:1: unknown event source "OnPostCall" (did you mean `OnPostCallAnalysisAvailable`?)',
    });
    // A JavaScript caller's mistakes: refused saying what was given, not a crash inside the bundle.
    const takesText = 'compileRuleFunction takes the text of a Function (its JSON or the readable text form) as a string, got';
    expect(out.refusals).toEqual({
      printTextOfParseResult: {
        type: 'TypeError',
        message:
          'printText takes a FunctionDocument (parseAnyForm(text).document), got an object with keys document, errors, incomplete, source, form (a parseAnyForm or checkFunction result? pass its .document, absent when .errors holds problems)',
      },
      printFunctionOfUndefined: { type: 'TypeError', message: 'printFunction takes a FunctionDocument (parseAnyForm(text).document), got undefined' },
      compileRuleFunctionOfUndefined: { type: 'TypeError', message: `${takesText} undefined` },
      compileRuleFunctionOfRule: { type: 'TypeError', message: `${takesText} an object with keys Name, Function (a rule? pass its .Function)` },
      parseAnyFormOfUndefined: { type: 'TypeError', message: 'parseAnyForm takes the text of a Function (its JSON or the readable text form) as a string, got undefined' },
      compileRuleSetFunctionNumber: { type: 'TypeError', message: 'compileRuleSet rule cancellation takes a FunctionDocument (parseAnyForm(text).document), got a number' },
      compileRuleSetFunctionRule: {
        type: 'TypeError',
        message: 'compileRuleSet rule cancellation takes a FunctionDocument (parseAnyForm(text).document), got an object with keys Name, Function (a rule? pass its .Function)',
      },
      compileRuleSetTwoOfOneName: { type: 'DuplicateRuleNameError', message: 'rules[2]: the name "cancellation" is also the name of rules[0]; the names of a rule set are unique' },
      compileRuleFunctionNoSource: { type: 'InvalidRuleFunctionError', message: expect.stringMatching(/^Function:1:1: no event source given \(undefined\): an EventSourceName is wanted; one of: OnPostCallAnalysisAvailable, /) },
      compileRuleSetNoSource: { type: 'InvalidRuleFunctionError', message: expect.stringMatching(/^rule a:1:1: no event source given \(undefined\)/) },
      compileRuleSetNoName: { type: 'TypeError', message: 'compileRuleSet rules[0] takes a name as a string, got undefined' },
      compileRuleSetInvalidDocument: {
        type: 'InvalidRuleFunctionError',
        message: 'rule doc:1:119: NumberGreaterOrEqualTo on Number of holds takes a number, not a string "x"\nrule doc:1:196: Negate: true is not allowed on Number of holds: the docs only allow false',
      },
      compileRuleSetDocumentOfOtherSource: {
        type: 'InvalidRuleFunctionError',
        message: expect.stringMatching(/^rule chat:2:4: Unsupported ComparisonValue: \$\.ContactLens\.PostChat\.Queue\.QueueId is a condition of OnPostChatAnalysisAvailable, not OnPostCallAnalysisAvailable/),
      },
    });
    // A rule evaluated alone on an event of another source: false, and why (not a trace of misses).
    const notOf = (why: string, at = '1:1') => `✘ AND (${at}) = false: not evaluated: ${why}`;
    expect(out.otherSource).toEqual({
      matches: false,
      explain: { matched: false, firstLine: notOf('the event is of OnPostCallAnalysisAvailable (its EventSourceName), the rule of OnPostChatAnalysisAvailable') },
      ownSource: true,
      // The JSON rule's root group is at its "RuleFunction".
      setExplain: notOf('the event is of OnPostCallAnalysisAvailable (its EventSourceName), the rule of OnPostChatAnalysisAvailable', '1:40'),
      nullEvent: [false, notOf('the event is null, not a trigger event')],
      noSourceEvent: [false, notOf('the event names no EventSourceName; the rule is of OnPostChatAnalysisAvailable')],
    });
    expect(out.printedText).toBe('on post-call\nholds >= 1\n');
    expect(out.checkedUnknownSource).toEqual(['unknown event source "OnPostCal" (did you mean `OnPostCallAnalysisAvailable`?)']);
  });

  it("runs the README's example as the README says: example.mjs beside analysis.json and ctr.json", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it as a library'));
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!;
    cpSync(ANALYSIS, join(project, 'analysis.json'));
    cpSync(CONTACT, join(project, 'ctr.json'));
    writeFileSync(join(project, 'example.mjs'), example);
    const { stdout } = await run(process.execPath, ['example.mjs'], { cwd: project });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('true');
    expect(lines[1]).toMatch(/^✔ AND /);
    expect(lines.slice(-3)).toEqual(["[ 'cancellation' ]", 'true', '1 1 missing "RuleFunction" (the root AND / OR group of the rule)']);
  });

  it('withContactCategories puts the criterion in the body the real SDK sends; a second call replaces it', async () => {
    const { withContactCategories } = (await import(join(project, 'node_modules/connect-rules/dist/lib/index.js'))) as typeof import('../../lib/index.ts');
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        bodies.push(JSON.parse(text));
        res.setHeader('content-type', 'application/json').end('{"Contacts": [], "TotalCount": 0}');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const client = new ConnectClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      const search = { InstanceId: 'i', TimeRange: { Type: 'INITIATION_TIMESTAMP' as const, StartTime: new Date(0), EndTime: new Date(1000) }, SearchCriteria: { Channels: ['VOICE' as const] } };
      expect(withContactCategories(client, { Categories: ['A'] })).toBe(client);
      await client.send(new SearchContactsCommand(search));
      withContactCategories(client, { Categories: ['B', 'C'], MatchType: 'MATCH_ALL' });
      await client.send(new SearchContactsCommand(search));
    } finally {
      client.destroy();
      server.close();
    }
    expect(bodies.map((b) => (b as { SearchCriteria: unknown }).SearchCriteria)).toEqual([
      { Channels: ['VOICE'], ContactCategories: { Categories: ['A'] } },
      { Channels: ['VOICE'], ContactCategories: { Categories: ['B', 'C'], MatchType: 'MATCH_ALL' } },
    ]);
    // By type only: the library bundle imports nothing (no SDK) for it.
    expect(readFileSync(join(project, 'node_modules/connect-rules/dist/lib/index.js'), 'utf8')).not.toMatch(/from\s*["'][^."']|import\(["'][^."']/);
  });

  it('type-checks strictly and runs from TypeScript', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', project]).catch((err: { stdout: string }) => {
      throw new Error(`tsc failed on the consumer:\n${err.stdout}`);
    });
    const { stdout } = await run(process.execPath, ['out/use.js', ANALYSIS, CONTACT], { cwd: project });
    expect(JSON.parse(stdout)).toMatchObject({ source: 'OnPostCallAnalysisAvailable', matched: ['cancellation'] });
    expect(JSON.parse(stdout).trace).toMatch(/^✔ /);
  }, 60_000);
});
