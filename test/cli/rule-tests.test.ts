/**
 * `connect-rules test`: the shipped example tests pass; failing cases print the
 * trace of the rule that disagreed and exit 1; `--junit` writes XML that validates
 * against the JUnit schema CI servers read (test/fixtures/junit/junit.xsd, checked
 * with libxml2's xmllint compiled to WebAssembly).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { runCli, scratch } from '../support/cli.ts';
import { categoryRule } from '../support/rule-shapes.ts';

const SCHEMA = readFileSync(resolve(import.meta.dirname, '../fixtures/junit/junit.xsd'), 'utf8');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

async function validJUnit(xml: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: SCHEMA }] });
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

/** `connect-rules test` of `name`, a YAML test file of `yaml` and a case of a missing event and a misspelt rule name, run in a scratch folder with `files`. */
function testOf(name: string, yaml: readonly string[], files: Record<string, string> = {}): { lines: string[]; stdout: string; status: number | null } {
  const text = [`rules: ${EXAMPLES}/rules`, 'cases:', '  - event: missing.json', '    matches: [ACCOUNT_CANCELATION]', ...yaml, ''].join('\n');
  const path = scratch({ [name]: text, ...files });
  const out = runCli(['test', path(name)], { cwd: path('.') });
  return { lines: out.stdout.split('\n'), stdout: out.stdout, status: out.status };
}

/** The first lines `connect-rules test` prints of `testOf`'s file: not valid, its first case's two problems. */
const missingAndMisspelt = (name: string): string[] => [
  `✘ ${name}: not a valid test file`,
  `  ${name}:3:12: cases[0].event: cannot read missing.json (ENOENT)`,
  `  ${name}:4:15: cases[0].matches[0]: no rule named ACCOUNT_CANCELATION in ${EXAMPLES}/rules (did you mean ACCOUNT_CANCELLATION?)`,
];

describe('connect-rules test', () => {
  it('passes the example tests of the example rules, and writes a valid JUnit report', async () => {
    const path = scratch({});
    const out = runCli(['test', 'examples', '--junit', path('junit/report.xml')]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^examples\/realtime\.rules-test\.json\n {2}✔ /m);
    expect(out.stdout).toMatch(/^examples\/rules\.rules-test\.yaml\n {2}✔ a customer who wants to close the account/m);
    expect(out.stdout).toMatch(/\n12 passed, 0 failed \(2 files\)\n$/);
    expect(out.status).toBe(0);
    const xml = readFileSync(path('junit/report.xml'), 'utf8');
    await validJUnit(xml);
    expect(xml).toMatch(/<testsuites name="connect-rules test" tests="12" failures="0" errors="0"/);
  });

  it('runs the example tests from a `cp -r` copy of the examples, whose events are files, not links into the repository (F-d)', () => {
    const copy = scratch({})('my-rules');
    expect(spawnSync('cp', ['-r', EXAMPLES, copy]).status).toBe(0);
    const out = runCli(['test', copy]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/\n12 passed, 0 failed \(2 files\)\n$/);
    expect(out.status).toBe(0);
  });

  it('reports every problem of a test file\'s cases at once, each located, in the order of the file', () => {
    const { lines, ...out } = testOf('all.rules-test.yaml', [`  - event: ${EXAMPLES}/events/04-analysis-voice-cancellation.json`, '  - event: broken.json', '    doesNotMatch: [NOPE]'], {
      'broken.json': '{"Channel": ',
    });
    expect(lines.slice(0, 5)).toEqual([
      ...missingAndMisspelt('all.rules-test.yaml'),
      '  all.rules-test.yaml:5:5: cases[1]: expects nothing (give matches, doesNotMatch or actions)',
      '  all.rules-test.yaml:6:12: cases[2].event: broken.json:1:13: not valid JSON: unexpected end of the text',
    ]);
    expect(lines[5]).toMatch(/^ {2}all\.rules-test\.yaml:7:20: cases\[2\]\.doesNotMatch\[0\]: no rule named NOPE in .*\/rules \(it holds .*ACCOUNT_CANCELLATION/);
    expect(out.stdout).toMatch(/\n\n0 passed, 1 failed \(1 file\)\n$/);
    expect(out.status).toBe(1);
  });

  it('lists the shape\'s problems with the names and files of the cases in one round, in the order of the file', () => {
    const { lines, ...out } = testOf('mixed.rules-test.yaml', [
      '    sourc: OnPostCallAnalysisAvailable',
      '  - 7',
      `  - event: ${EXAMPLES}/events/04-analysis-voice-cancellation.json`,
      '    doesNotMatch: [NOPE, 5]',
    ]);
    expect(lines.slice(0, 5)).toEqual([
      ...missingAndMisspelt('mixed.rules-test.yaml'),
      '  mixed.rules-test.yaml:5:12: cases[0].sourc: not a member of a case (did you mean source?)',
      '  mixed.rules-test.yaml:6:5: cases[1]: expected an object, got the number 7',
    ]);
    expect(lines[5]).toMatch(/^ {2}mixed\.rules-test\.yaml:8:20: cases\[2\]\.doesNotMatch\[0\]: no rule named NOPE in .*\/rules \(it holds /);
    expect(lines[6]).toBe('  mixed.rules-test.yaml:8:26: cases[2].doesNotMatch[1]: expected a rule name, got the number 5');
    expect(lines[7]).toBe('');
    expect(out.status).toBe(1);
  });

  describe('a key written twice in an event file', () => {
    const event = readFileSync(`${EXAMPLES}/events/04-analysis-voice-cancellation.json`, 'utf8');
    // a Channel written twice: the last (VOICE) is the one read
    const twice = event.replace('{', '{\n  "Channel": "CHAT",');
    const second = twice.split('\n').findIndex((line, i) => i > 1 && /^\s*"Channel"/.test(line));
    const warning = `warning: twice.json:${second + 1}:${twice.split('\n')[second]!.indexOf('"') + 1}: duplicate key "Channel" (first written at line 2, column 3): the last is read, as the Lambda runtime reads an event\n`;
    const twiceCase = (name: string) => ({ name, event: 'twice.json', contact: `${EXAMPLES}/events/05-ctr-voice-cancellation.json`, matches: ['ACCOUNT_CANCELLATION'] });

    it('is warned of once, at the second, however many cases use the file, and the cases run on the last (as the pipeline reads it)', () => {
      const path = scratch({ 'dup.rules-test.json': { rules: `${EXAMPLES}/rules`, cases: [twiceCase('one'), twiceCase('two')] }, 'twice.json': twice });
      const out = runCli(['test', path('dup.rules-test.json')], { cwd: path('.') });
      expect(out.stderr).toBe(warning);
      expect(out.stdout).toMatch(/\n2 passed, 0 failed \(1 file\)\n$/);
      expect(out.status).toBe(0);
    });

    it('is warned of in the words of each test file naming it: a file named by two relative paths is named as each wrote it', () => {
      const path = scratch({ 'dup.rules-test.json': { rules: `${EXAMPLES}/rules`, cases: [twiceCase('one')] }, 'twice.json': twice });
      mkdirSync(path('sub'));
      writeFileSync(path('sub/dup.rules-test.json'), JSON.stringify({ rules: `${EXAMPLES}/rules`, cases: [{ ...twiceCase('two'), event: '../twice.json' }] }));
      const out = runCli(['test', path('.')], { cwd: path('.') });
      expect(out.stderr).toBe(warning + warning.replace('warning: twice.json:', 'warning: ../twice.json:'));
      expect(out.stdout).toMatch(/\n2 passed, 0 failed \(2 files\)\n$/);
      expect(out.status).toBe(0);
    });

    it('is warned of when the test file has other problems too', () => {
      const path = scratch({ 'dup.rules-test.json': { rules: `${EXAMPLES}/rules`, cases: [twiceCase('one'), { event: 'missing.json', matches: ['ACCOUNT_CANCELLATION'] }] }, 'twice.json': twice });
      const out = runCli(['test', path('dup.rules-test.json')], { cwd: path('.') });
      expect(out.stderr).toBe(warning);
      expect(out.stdout).toMatch(/^✘ dup\.rules-test\.json: not a valid test file\n {2}dup\.rules-test\.json:.*cases\[1\]\.event: cannot read missing\.json \(ENOENT\)\n/);
      expect(out.status).toBe(1);
    });
  });

  it('warns of a file of a folder it cannot read and goes on; a test file it cannot read is that file\'s error (F-d)', () => {
    const examples = readFileSync(`${EXAMPLES}/realtime.rules-test.json`, 'utf8');
    const path = scratch({ 'ok.rules-test.json': examples.replace('"rules": "rules"', `"rules": "${EXAMPLES}/rules"`).replaceAll('"events/', `"${EXAMPLES}/events/`) });
    mkdirSync(path('events'));
    symlinkSync('../../gone/01-event.json', path('events/01-event.json'));
    symlinkSync('gone.rules-test.json', path('gone-link.rules-test.json'));
    const out = runCli(['test', path('.')], { cwd: path('.') });
    expect(out.stderr).toBe('warning: events/01-event.json: a link to ../../gone/01-event.json, which does not exist; skipped (not a test file)\n');
    expect(out.stdout).toContain('✘ gone-link.rules-test.json: not a valid test file\n  gone-link.rules-test.json: a link to gone.rules-test.json, which does not exist\n');
    expect(out.stdout).toMatch(/^ok\.rules-test\.json\n {2}✔ /m);
    expect(out.stdout).toMatch(/\n\d+ passed, 1 failed \(2 files\)\n$/);
    expect(out.status).toBe(1);
    // A path given that cannot be read still stops the run.
    const given = runCli(['test', 'events/01-event.json'], { cwd: path('.') });
    expect(given).toMatchObject({ status: 2, stderr: 'events/01-event.json: a link to ../../gone/01-event.json, which does not exist\n' });
  });

  it('prints each disagreement with the trace of its rule, exits 1, and reports failures and errors in JUnit', async () => {
    const path = scratch({
      'wrong.rules-test.json': {
        rules: `${EXAMPLES}/rules`,
        cases: [
          {
            name: 'expects the wrong things',
            event: `${EXAMPLES}/events/04-analysis-voice-cancellation.json`,
            contact: `${EXAMPLES}/events/05-ctr-voice-cancellation.json`,
            matches: ['SUPERVISOR_REQUEST'],
            doesNotMatch: ['ACCOUNT_CANCELLATION'],
          },
          {
            name: 'expects another task name',
            event: `${EXAMPLES}/events/04-analysis-voice-cancellation.json`,
            contact: `${EXAMPLES}/events/05-ctr-voice-cancellation.json`,
            actions: [{ rule: 'ACCOUNT_CANCELLATION', type: 'CREATE_TASK', request: { Name: 'Retention follow-up someone else' } }],
          },
          { name: 'passes', event: `${EXAMPLES}/events/08-analysis-voice-redacted.json`, matches: ['SUPERVISOR_REQUEST'] },
          { name: 'an event that is not one', event: { hello: 'world' }, matches: ['SUPERVISOR_REQUEST'] },
        ],
      },
      'broken.rules-test.yaml': 'rules: rules\ncases: [{event: x.json, matches: [NOPE]}]\n',
    });
    const out = runCli(['test', path('wrong.rules-test.json'), path('broken.rules-test.yaml'), '--junit', path('report.xml')]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('  ✘ expects the wrong things\n    expected SUPERVISOR_REQUEST to match; it did not:\n        ✘ ');
    expect(out.stdout).toMatch(/expected ACCOUNT_CANCELLATION not to match; it did:\n {8}✔ AND/);
    expect(out.stdout).toMatch(/the CREATE_TASK action of ACCOUNT_CANCELLATION would send other values:\n {8}expected \(at least\): \{"Name":"Retention follow-up someone else"\}\n {8}actual: \{"Name":"Retention follow-up b3e9a7c1/);
    expect(out.stdout).toContain('  ✔ passes');
    expect(out.stdout).toMatch(/✘ .*broken\.rules-test\.yaml: not a valid test file/);
    expect(out.stdout).toMatch(/\n1 passed, 4 failed \(2 files\)\n$/);
    const xml = readFileSync(path('report.xml'), 'utf8');
    await validJUnit(xml);
    expect(xml).toMatch(/<testsuites name="connect-rules test" tests="5" failures="2" errors="2"/);
    expect(xml).toContain('<failure message="expected SUPERVISOR_REQUEST to match; it did not:" type="RuleTestFailure">');
  });

  it('a test file with mistakes lists each, at its line and column, and exits 1', () => {
    const path = scratch({
      'typo.rules-test.yaml': `rules: ${EXAMPLES}/rules\ncases:\n  - event: ${EXAMPLES}/events/04-analysis-voice-cancellation.json\n    doesNotMatchs: [SUPERVISOR_REQUEST]\n    matches: [ACCOUNT_CANCELATION]\n`,
    });
    const out = runCli(['test', path('typo.rules-test.yaml')]);
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(
      /✘ .*typo\.rules-test\.yaml: not a valid test file\n {2}.*typo\.rules-test\.yaml:4:20: cases\[0\]\.doesNotMatchs: not a member of a case \(did you mean doesNotMatch\?\)\n/,
    );
  });
});

describe("connect-rules test: a post-chat First period counts from the contact's start, not the participant's join (the rule set and its phrase index, as the pipeline evaluates)", () => {
  // AWS's chat example (admin guide, Create Contact Lens rules): the agent did not greet in its first response
  const rule = (name: string, first: number) =>
    categoryRule(name, 'OnPostChatAnalysisAvailable', {
      Operator: 'CONTAINS_ANY',
      Operands: ['hi', 'hello'],
      ComparisonValue: '$.ContactLens.PostChat.ExactMatch.Transcript',
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'PostChatContactPeriodSeconds', Data: { First: first } }, { Type: 'ParticipantRole', Data: 'AGENT' }] },
      Negate: true,
    });

  it("the agent of chat-billing.json joined 38 s into the chat and greeted 12 s later: ungreeted in the chat's first 30 s, greeted in its first 60 s", () => {
    const chat = readFileSync(resolve(import.meta.dirname, '../fixtures/analysis/chat-billing.json'), 'utf8');
    const path = scratch({
      'chat.json': chat,
      'join.rules-test.json': { rules: 'rules', cases: [{ event: 'chat.json', matches: ['NO_GREETING_30'], doesNotMatch: ['NO_GREETING_60'] }] },
    });
    mkdirSync(path('rules'));
    writeFileSync(path('rules/no-greeting-30.json'), JSON.stringify(rule('NO_GREETING_30', 30)));
    writeFileSync(path('rules/no-greeting-60.json'), JSON.stringify(rule('NO_GREETING_60', 60)));
    const out = runCli(['test', path('join.rules-test.json')], { cwd: path('.') });
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/\n1 passed, 0 failed \(1 file\)\n$/);
    expect(out.status).toBe(0);
  });
});
