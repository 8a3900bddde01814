/**
 * The checking of rule test files (docs/rule-tests.md): every refusal names the
 * file and the member that is wrong, and what was expected there. Each case is one
 * test file written to a scratch folder beside the example rules and events.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch } from '../../test/support/cli.ts';
import { loadRuleTestFile, RuleTestFileError, RunFiles, runTestFile } from './rule-tests.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const RULES = `${EXAMPLES}/rules`;
const EVENT = `${EXAMPLES}/events/04-analysis-voice-cancellation.json`;

/** The message loading `content` as `name` refuses with (RuleTestFileError). */
function refusal(content: unknown, name = 't.rules-test.json', extra: Record<string, unknown> = {}): string {
  const path = scratch({ [name]: content, ...extra });
  try {
    loadRuleTestFile(path(name), name);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleTestFileError);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}

const file = (...cases: unknown[]) => ({ rules: RULES, cases });
const ok = { event: EVENT, matches: ['ACCOUNT_CANCELLATION'] };

describe('rule test files: what is refused, and where', () => {
  it('accepts a valid file, its cases in order, an event path or inline, a contact, matches, doesNotMatch and actions', () => {
    const path = scratch({
      'ok.rules-test.json': file(
        { name: 'first', ...ok, contact: { Contact: { Id: 'c' } }, doesNotMatch: ['SUPERVISOR_REQUEST'] },
        { event: { Version: '1.0' }, actions: [{ rule: 'ACCOUNT_CANCELLATION', type: 'CREATE_TASK', request: { Name: 'x' } }] },
      ),
    });
    const test = loadRuleTestFile(path('ok.rules-test.json'), 'ok.rules-test.json');
    expect(test.cases.map((c) => [c.name, c.eventLabel, c.contactLabel, c.matches, c.doesNotMatch, c.actions])).toEqual([
      ['first', EVENT, 'ok.rules-test.json: cases[0].contact (inline)', ['ACCOUNT_CANCELLATION'], ['SUPERVISOR_REQUEST'], []],
      ['case 2', 'ok.rules-test.json: cases[1].event (inline)', undefined, [], [], [{ rule: 'ACCOUNT_CANCELLATION', type: 'CREATE_TASK', request: { Name: 'x' } }]],
    ]);
  });

  it('a file that does not parse: file:line:col, its format and the reason, in one line (probe P 22)', () => {
    expect(refusal('{"rules": ', 'a.rules-test.json')).toBe('a.rules-test.json:1:11: not valid JSON: unexpected end of the text');
    expect(refusal('{"rules": "r",\n "cases": [}', 'a.rules-test.json')).toBe("a.rules-test.json:2:12: not valid JSON: unexpected '}'");
    expect(refusal('rules: [a\n', 'b.rules-test.yaml')).toBe('b.rules-test.yaml:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    const misindented = 'rules: x\ncases:\n  - name: a\n    event: e.json\n   matches: [A]\n';
    expect(refusal(misindented, 'c.rules-test.yml')).toBe('c.rules-test.yml:5:1: not valid YAML: Sequence item without - indicator');
  });

  it('a key written twice, at the second, in JSON as in YAML (not the last taken)', () => {
    const json = '{"rules": "r",\n "cases": [{"event": "e.json", "matches": ["A"], "matches": []}]}';
    expect(refusal(json, 'd.rules-test.json')).toBe('d.rules-test.json:2:50: duplicate key "matches" at cases[0].matches (first written at line 2, column 32)');
    expect(refusal('rules: r\ncases: []\ncases: []\n', 'd.rules-test.yaml')).toMatch(/^d\.rules-test\.yaml:3:1: not valid YAML: Map keys must be unique/);
  });

  it('a file without rules or cases shows the shape expected', () => {
    for (const doc of [[], { cases: [] }, { rules: RULES }, { rules: 5, cases: [] }, { rules: RULES, cases: {} }]) {
      expect(refusal(doc)).toContain('t.rules-test.json');
      expect(refusal(doc)).toContain('{"rules": "<path of the rules>", "cases": [...]}');
    }
  });

  it('a case that is not an object', () => {
    expect(refusal(file(ok, 'x'))).toMatch(/^t\.rules-test\.json.*cases\[1\]: expected an object/);
  });

  it('an event or contact that is neither a path nor an object, or is missing', () => {
    expect(refusal(file({ ...ok, event: 5 }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.event: expected a file path or an inline JSON object/);
    expect(refusal(file({ matches: ['ACCOUNT_CANCELLATION'] }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.event: /);
    expect(refusal(file({ ...ok, contact: true }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.contact: expected a file path or an inline JSON object/);
  });

  it('an event file that cannot be read, or is not JSON', () => {
    expect(refusal(file({ ...ok, event: 'missing.json' }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.event: cannot read missing\.json \(ENOENT\)/);
    expect(refusal(file({ ...ok, event: 'bad.json' }), 't.rules-test.json', { 'bad.json': '{nope' })).toMatch(
      /^t\.rules-test\.json.*cases\[0\]\.event: bad\.json:1:2: not valid JSON: /,
    );
  });

  it('a source that is not an event source', () => {
    expect(refusal(file({ ...ok, source: 'OnPostCall' }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.source: .*not an event source/);
  });

  it('matches and doesNotMatch that are not lists of names', () => {
    expect(refusal(file({ ...ok, matches: 'ACCOUNT_CANCELLATION' }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.matches.*: expected a list of rule names/);
    expect(refusal(file({ ...ok, doesNotMatch: [1] }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.doesNotMatch\[0\]: expected a rule name, got the number 1/);
  });

  it('actions that are not a list of {rule, type, request}', () => {
    expect(refusal(file({ ...ok, actions: {} }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.actions: expected a list of \{rule, type, request\}/);
    expect(refusal(file({ ...ok, actions: [{ rule: 'ACCOUNT_CANCELLATION' }] }))).toMatch(/^t\.rules-test\.json.*cases\[0\]\.actions\[0\].*: expected /);
    expect(refusal(file({ ...ok, actions: [{ rule: 'ACCOUNT_CANCELLATION', type: 'CREATE_TASK', request: [] }] }))).toMatch(
      /^t\.rules-test\.json.*cases\[0\]\.actions\[0\]\.request: expected an object of the values the request holds/,
    );
  });

  it('a rule name the rules do not hold, listing those they do', () => {
    const message = refusal(file({ ...ok, matches: ['NOPE'] }));
    expect(message).toMatch(/^t\.rules-test\.json.*cases\[0\].*: no rule named NOPE in .*rules \(it holds .*ACCOUNT_CANCELLATION/);
    expect(refusal(file({ ...ok, actions: [{ rule: 'NOPE', type: 'CREATE_TASK' }] }))).toMatch(/cases\[0\].*: no rule named NOPE/);
  });

  it('a case that expects nothing', () => {
    expect(refusal(file({ event: EVENT }))).toMatch(/^t\.rules-test\.json.*cases\[0\]: expects nothing \(give matches, doesNotMatch or actions\)/);
  });
});

describe('rule test files: located on the kernel (line and column, every problem, did you mean)', () => {
  const yaml = (body: string) => `rules: ${RULES}\ncases:\n${body}`;

  it('lists every problem of the file, in its order, each at its line and column, with a suggestion for a typo', () => {
    const message = refusal(
      yaml(
        `  - event: ${EVENT}\n` +
          '    matches: [ACCOUNT_CANCELLATION, 5]\n' +
          '    doesNotMatchs: [SUPERVISOR_REQUEST]\n' +
          '    source: OnPostCall\n' +
          '    actions:\n' +
          '      - {rule: ACCOUNT_CANCELLATION, type: CREATE_TASKS}\n' +
          '  - 7\n' +
          '  - name: 3\n' +
          `    event: ${EVENT}\n`,
      ),
      'e.rules-test.yaml',
    );
    expect(message.split('\n')).toEqual([
      'e.rules-test.yaml:4:37: cases[0].matches[1]: expected a rule name, got the number 5',
      'e.rules-test.yaml:5:20: cases[0].doesNotMatchs: not a member of a case (did you mean doesNotMatch?)',
      'e.rules-test.yaml:6:13: cases[0].source: "OnPostCall" is not an event source (did you mean OnPostCallAnalysisAvailable?)',
      'e.rules-test.yaml:8:44: cases[0].actions[0].type: "CREATE_TASKS" is not an action type (did you mean CREATE_TASK?)',
      'e.rules-test.yaml:9:5: cases[1]: expected an object, got the number 7',
      'e.rules-test.yaml:10:5: cases[2]: expects nothing (give matches, doesNotMatch or actions)',
      'e.rules-test.yaml:10:11: cases[2].name: expected a string, got the number 3',
    ]);
  });

  it('JSON files are located too, a missing member at its parent', () => {
    expect(refusal({ cases: [] }, 'b.rules-test.json').split('\n')).toEqual([
      'b.rules-test.json:1:1: rules: expected the path of the rules, relative to the test file ({"rules": "<path of the rules>", "cases": [...]}), got nothing',
      'b.rules-test.json:2:12: cases: expected at least one case, got none (a test file that tests nothing passes whatever the rules do)',
    ]);
    expect(refusal(file({ ...ok, event: 5 }))).toBe('t.rules-test.json:5:16: cases[0].event: expected a file path or an inline JSON object, got the number 5');
  });

  it('the checks that need the rules or the folder are located at the member', () => {
    expect(refusal(yaml(`  - event: ${EVENT}\n    matches: [ACCOUNT_CANCELATION]\n`), 'f.rules-test.yaml')).toBe(
      `f.rules-test.yaml:4:15: cases[0].matches[0]: no rule named ACCOUNT_CANCELATION in ${RULES} (did you mean ACCOUNT_CANCELLATION?)`,
    );
    expect(refusal(yaml('  - event: missing.json\n    matches: [ACCOUNT_CANCELLATION]\n'), 'g.rules-test.yaml')).toBe(
      'g.rules-test.yaml:3:12: cases[0].event: cannot read missing.json (ENOENT)',
    );
    expect(refusal(yaml(`  - event: ${EVENT}\n`), 'h.rules-test.yaml')).toBe('h.rules-test.yaml:3:5: cases[0]: expects nothing (give matches, doesNotMatch or actions)');
  });

  it('carries the location of its first problem', () => {
    const path = scratch({ 'l.rules-test.yaml': yaml('  - 7\n') });
    expect(() => loadRuleTestFile(path('l.rules-test.yaml'), 'l.rules-test.yaml')).toThrow(
      expect.objectContaining({ location: { file: 'l.rules-test.yaml', line: 3, column: 5, path: 'cases[0]' } }),
    );
  });

  it('carries the line and column of a syntax error or a key written twice, JSON or YAML, as its message says them', () => {
    const located = (content: string, name: string) => {
      const path = scratch({ [name]: content });
      try {
        loadRuleTestFile(path(name), name);
      } catch (err) {
        const { location, message } = err as RuleTestFileError;
        expect(message.startsWith(`${location.file}:${location.line}:${location.column}: `)).toBe(true);
        return location;
      }
      throw new Error('the file was accepted');
    };
    expect(located('{"rules": "r",\n "cases": [}', 'a.rules-test.json')).toEqual({ file: 'a.rules-test.json', line: 2, column: 12 });
    expect(located('{"rules": "r",\n "rules": "s", "cases": []}', 'b.rules-test.json')).toEqual({ file: 'b.rules-test.json', line: 2, column: 2 });
    expect(located('rules: [a\n', 'c.rules-test.yaml')).toEqual({ file: 'c.rules-test.yaml', line: 2, column: 1 });
    expect(located(`a: &a [x, x]\n${Array.from({ length: 8 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}]`).join('\n')}\n`, 'd.rules-test.yaml')).toMatchObject({
      file: 'd.rules-test.yaml',
      line: 2,
    });
  });
});

describe('rule test runs: each event or contact file read once', () => {
  // two test files whose cases name one event file (a key written twice in it, to be warned of)
  const text = readFileSync(EVENT, 'utf8').replace('{', '{\n  "Channel": "VOICE",');
  const ctr = readFileSync(`${EXAMPLES}/events/05-ctr-voice-cancellation.json`, 'utf8');
  const test = (name: string) => ({
    rules: RULES,
    cases: [
      { name, event: 'call.json', contact: 'ctr.json', matches: ['ACCOUNT_CANCELLATION'] },
      { name: `${name} again`, event: 'call.json', contact: 'ctr.json', doesNotMatch: ['SUPERVISOR_REQUEST'] },
    ],
  });
  const verdicts = (r: ReturnType<typeof runTestFile>) => r.cases.map((c) => [c.name, c.passed, c.failures]);

  it('one run judges every case naming a file on the text it first read, and warns of it once per test file', () => {
    const path = scratch({ 'call.json': text, 'ctr.json': ctr, 'a.rules-test.json': test('a'), 'b.rules-test.json': test('b') });
    const run = new RunFiles();
    const a = runTestFile(path('a.rules-test.json'), 'a.rules-test.json', run);
    expect(verdicts(a)).toEqual([['a', true, []], ['a again', true, []]]);
    expect(a.warnings).toEqual([expect.stringMatching(/^call\.json:\d+:\d+: duplicate key "Channel"/)]);
    // the file changes during the run (a generator rewrites it): the run's cases still judge one text
    writeFileSync(path('call.json'), '{}');
    const b = runTestFile(path('b.rules-test.json'), 'b.rules-test.json', run);
    expect(verdicts(b)).toEqual([['b', true, []], ['b again', true, []]]);
    expect(b.warnings).toEqual(a.warnings);
    // the next run reads it again
    expect(runTestFile(path('b.rules-test.json'), 'b.rules-test.json', new RunFiles()).cases.map((c) => c.passed)).toEqual([false, false]);
  });

  it('an event file that is not JSON is the case\'s located problem, in a run as alone (never scanned for keys written twice)', () => {
    const path = scratch({ 'call.json': '{"cut short', 'ctr.json': ctr, 'a.rules-test.json': test('a') });
    expect(runTestFile(path('a.rules-test.json'), 'a.rules-test.json', new RunFiles()).error).toMatch(/^a\.rules-test\.json:\d+:\d+: cases\[0\]\.event: call\.json:1:12: not valid JSON/);
  });

  it('past what a run keeps, a file is read where named again', () => {
    const path = scratch({ 'call.json': text, 'ctr.json': ctr, 'a.rules-test.json': test('a') });
    const run = new RunFiles(10);
    expect(runTestFile(path('a.rules-test.json'), 'a.rules-test.json', run).cases.every((c) => c.passed)).toBe(true);
    writeFileSync(path('call.json'), '{}');
    expect(runTestFile(path('a.rules-test.json'), 'a.rules-test.json', run).cases.map((c) => c.passed)).toEqual([false, false]);
  });
});
