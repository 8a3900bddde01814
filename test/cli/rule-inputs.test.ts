/**
 * Every rule input shape by every command that takes rules or a function: eval,
 * validate, fmt and export read each shape (a rule gives its
 * Function and event source; `--rule` picks one of several), and a file that is no
 * rule input is refused by each command with the list of shapes accepted.
 * (push: test/cli/rules-as-code.test.ts; the REPL's .load: cli/repl/session.test.ts.)
 * fmt, export, replay, push, backtest and test run the real binary; eval and validate
 * their command body in-process (test/support/cli-in-process.ts; their binary's
 * wiring is test/cli/eval-validate.test.ts's), as does `run` below.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { runInProcess } from '../support/cli-in-process.ts';
import { ruleBody, SHAPED_FUNCTION, SHAPED_TEXT, writeRuleShapes, writeWrongShape } from '../support/rule-shapes.ts';

const SHAPES = writeRuleShapes();
const eventDir = mkdtempSync(join(tmpdir(), 'rule-inputs-'));
const EVENT = join(eventDir, 'event.json');
writeFileSync(
  EVENT,
  JSON.stringify({ EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: 'a1b2c3d4-0000-4000-8000-000000000001', ContactLens: { PostCall: { ContactId: 'c-1', Queue: { QueueId: 'q-1' } } } }),
);
const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-0000-4000-8000-000000000001';
const pick = (rules: readonly string[]) => (rules.length > 1 ? ['--rule', 'SHAPED'] : []);
/** eval and validate in-process, any other command through the binary. */
const run = (args: readonly string[]): Promise<CliResult> => (args[0] === 'eval' || args[0] === 'validate' ? runInProcess(args) : Promise.resolve(runCli(args)));

describe.each(Object.entries(SHAPES))('%s', (_shape, { path, rules }) => {
  it('eval takes its function (and a rule\'s event source)', async () => {
    const r = await runInProcess(['eval', '--function', path, ...pick(rules), '--event', EVENT, '--json']);
    expect(r.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, source: 'OnPostCallAnalysisAvailable' });
  });

  it('validate checks it (a rule as CreateRule would)', async () => {
    const r = await runInProcess(['validate', '--function', path, ...(rules.length ? [] : ['--source', 'OnPostCallAnalysisAvailable'])]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(rules.length > 1 ? `valid: ${rules.length} rules\n` : 'valid\n');
  });

  it('fmt prints its function in the text form', () => {
    const r = runCli(['fmt', path, ...pick(rules), '--to', 'text']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(SHAPED_TEXT);
  });

  it(rules.length ? 'export writes its rules as a template' : 'export refuses it: a bare function is not a rule', () => {
    const r = runCli(['export', '--rules', path, '--format', 'cloudformation', '--instance-arn', ARN]);
    if (rules.length) {
      expect(r.status).toBe(0);
      expect(Object.values(JSON.parse(r.stdout).Resources).map((x: any) => x.Properties.Name)).toEqual(rules);
    } else {
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(': a bare Function, not a rule; a rule is a CreateRule body (Name, TriggerEventSource, Function, Actions, PublishStatus)');
    }
  });
});

describe('a file that is no rule input', () => {
  const wrong = writeWrongShape();
  const ACCEPTED = /ctr\.json: not a rule input \(an object with ContactId, Channel, Queue\); expected a rule Function \(its JSON object, the escaped JSON string of it as DescribeRule returns it, or the readable text form\), a CreateRule request body, a JSON array of CreateRule bodies, a DescribeRule response \{"Rule": \{\.\.\.\}\}, a CloudFormation template \(JSON or YAML\) with AWS::Connect::Rule resources, or a folder of such files/;

  it.each([
    ['eval', ['eval', '--function', wrong, '--event', EVENT]],
    ['validate', ['validate', '--function', wrong]],
    ['fmt', ['fmt', wrong]],
    ['export', ['export', '--rules', wrong, '--format', 'cloudformation', '--instance-arn', ARN]],
    ['replay', ['replay', EVENT, '--rules', wrong]],
    ['push', ['push', '--rules', wrong, '--instance-id', 'i-1', '--plan']],
  ])('is refused by %s, naming the shapes accepted', async (_name, args) => {
    const r = await run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(ACCEPTED);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['fmt', ['fmt'], 'holds 2 rules (OTHER, SHAPED); one function is wanted here'],
    ['eval', ['eval', '--event', EVENT, '--rule', 'NOPE', '--function'], 'no rule named "NOPE"; it holds OTHER, SHAPED'],
  ])('%s on a folder of several rules names the folder, not its first file', async (_name, args, problem) => {
    const folder = SHAPES.folder!.path;
    const r = await run([...args, folder]);
    expect(r.status).toBe(2);
    expect(r.stderr.replace(/^warning: .*\n/gm, '')).toBe(`${folder}: ${problem}\n`);
  });

  it('a folder: files of other kinds are skipped with a warning naming them', async () => {
    const r = await runInProcess(['validate', '--function', SHAPES.folder!.path]);
    expect(r.stderr).toBe(`warning: ${join(SHAPES.folder!.path, 'README.md')}: skipped: not a rule file (.json, .txt, .rule, .yaml, .yml)\n`);
  });
});

describe('a folder of two bad rules', () => {
  // One rule whose JSON Function has two syntax errors, one whose text Function lacks a `)`.
  const cwd = mkdtempSync(join(tmpdir(), 'bad-rules-'));
  mkdirSync(join(cwd, 'bad'));
  writeFileSync(join(cwd, 'bad', 'syntax.json'), JSON.stringify({ ...ruleBody('SYNTAX'), Function: JSON.stringify(SHAPED_FUNCTION).replace('"Operands":[{', '"Operands":[,,{') }));
  writeFileSync(join(cwd, 'bad', 'text.json'), JSON.stringify({ ...ruleBody('TEXT'), Function: 'on post-call\nqueue in ("q-1" and holds >= 1' }));
  writeFileSync(join(cwd, 'bad.rules-test.yaml'), `rules: bad\ncases:\n  - event: ${JSON.stringify(EVENT)}\n    matches: [SYNTAX]\n`);
  const PROBLEMS = [
    "bad/syntax.json (Function):1:70: expected a value or ']' but found ','",
    "bad/syntax.json (Function):1:71: expected a value but found ','",
    'bad/text.json (Function):2:17: expected `)` but found `and`',
  ];

  it.each([
    ['validate', ['validate', '--function', 'bad'], []],
    ['replay', ['replay', EVENT, '--rules', 'bad'], []],
    ['push', ['push', '--rules', 'bad', '--instance-id', 'i-1', '--plan'], ['push: nothing sent: 3 problems in bad']],
    ['export', ['export', '--rules', 'bad', '--format', 'cloudformation', '--instance-arn', ARN], []],
    ['backtest', ['backtest', '--rules', 'bad', EVENT, '--workers', '0'], []],
  ])('%s lists every problem of every rule, each line naming its file', (_name, args, after) => {
    const r = runCli(args, { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([...PROBLEMS, ...after]);
    expect(r.stdout).toBe('');
  });

  it('test lists them too, under the test file whose rules they are', () => {
    const r = runCli(['test', '.'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(['✘ bad.rules-test.yaml: not a valid test file', ...PROBLEMS.map((p) => `  ${p}`), '', '0 passed, 1 failed (1 file)', ''].join('\n'));
  });
});

describe('a CloudFormation template whose "Json" action items are strings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-json-items-'));
  const template = join(dir, 'template.json');
  const item = (actions: Record<string, string[]>) => ({
    Resources: {
      RuleA: {
        Type: 'AWS::Connect::Rule',
        Properties: { Name: 'A', InstanceArn: ARN, TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: JSON.stringify(SHAPED_FUNCTION), PublishStatus: 'PUBLISHED', Actions: actions },
      },
    },
  });

  it('a key written twice or a text that is not JSON is refused, located in its string, every problem at once', async () => {
    writeFileSync(template, JSON.stringify(item({ AssignContactCategoryActions: ['{"a": 1, "a": 2}'], EndAssociatedTasksActions: ['{"a": '] })));
    const r = await runInProcess(['validate', '--function', template]);
    expect(r.stderr).toBe(
      `${template} Resources.RuleA: Properties.Actions.AssignContactCategoryActions[0]: its JSON string:1:10: duplicate key "a" (first written at line 1, column 2)\n` +
        `${template} Resources.RuleA: Properties.Actions.EndAssociatedTasksActions[0]: its JSON string:1:7: not valid JSON: unexpected end of the text\n`,
    );
    expect(r.status).toBe(2);
  });

  it('the string of an empty object is read as the object', async () => {
    writeFileSync(template, JSON.stringify(item({ AssignContactCategoryActions: ['{}'] })));
    const r = await runInProcess(['validate', '--function', template]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
