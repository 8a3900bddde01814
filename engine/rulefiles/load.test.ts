/**
 * Every rule input shape, read from files as users have them, and shapes that are
 * none of them refused with the list of what is accepted.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuleBody } from './body.ts';
import { loadOneFunction, loadRules, RuleInputError } from './load.ts';

const FUNCTION = { Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS_ANY', Operands: ['q-1'], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false }] } };
const FUNCTION_TEXT = JSON.stringify(FUNCTION);
const TEXT_FORM = 'on post-call\nqueue contains any ("q-1")\n';
const body = (name: string, extra: object = {}) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: FUNCTION_TEXT,
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
  ...extra,
});

function folder(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rulefiles-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const load = (files: Record<string, string | object>, path = '') => {
  const dir = folder(files);
  return loadRules(path || '.', { cwd: dir });
};

describe('loadRules: each shape', () => {
  it('a bare Function object, its escaped JSON string, and the text form', () => {
    const [obj] = load({ 'f.json': FUNCTION }, 'f.json').rules;
    expect(obj).toMatchObject({ form: 'json', origin: { file: 'f.json', shape: 'function' }, label: 'f.json' });
    expect(JSON.parse(obj!.function)).toEqual(FUNCTION);

    const [str] = load({ 'f.json': JSON.stringify(FUNCTION_TEXT) }, 'f.json').rules;
    expect(str).toMatchObject({ function: FUNCTION_TEXT, form: 'json', origin: { shape: 'function-string' } });

    const [txt] = load({ 'f.txt': TEXT_FORM }, 'f.txt').rules;
    expect(txt).toMatchObject({ function: TEXT_FORM, form: 'text', origin: { shape: 'text' } });
  });

  it('a CreateRule body, a list of them, and a DescribeRule response', () => {
    const [one] = load({ 'r.json': body('A', { Tags: { team: 'qa' } }) }, 'r.json').rules;
    expect(one).toMatchObject({ name: 'A', source: 'OnPostCallAnalysisAvailable', function: FUNCTION_TEXT, publishStatus: 'PUBLISHED', tags: { team: 'qa' }, origin: { shape: 'create-rule' } });

    const list = load({ 'r.json': [body('A'), body('B')] }, 'r.json').rules;
    expect(list.map((r) => [r.name, r.origin.at, r.origin.shape])).toEqual([
      ['A', '[0]', 'create-rule-list'],
      ['B', '[1]', 'create-rule-list'],
    ]);

    const described = { Rule: { ...body('C'), RuleId: 'r-1', RuleArn: 'arn:aws:connect:us-east-1:111122223333:instance/i/rule/r-1', CreatedTime: '2025-01-01T00:00:00Z', LastUpdatedTime: '2025-01-01T00:00:00Z', LastUpdatedBy: 'x', Tags: {} } };
    const [d] = load({ 'd.json': described }, 'd.json').rules;
    expect(d!.origin.shape).toBe('describe-rule');
    // Only the CreateRule fields: the identity and timestamps are the instance's, an empty Tags is none.
    expect(createRuleBody(d!)).toEqual(body('C'));
  });

  it('a Function in the text form inside a body becomes canonical JSON for the API', () => {
    const [r] = load({ 'r.json': body('T', { Function: TEXT_FORM }) }, 'r.json').rules;
    expect(r!.form).toBe('text');
    expect(JSON.parse(String(createRuleBody(r!).Function))).toEqual(FUNCTION);
  });

  it('CloudFormation templates, JSON and YAML with short-form tags', () => {
    const arn = 'arn:aws:connect:us-east-1:111122223333:instance/11111111-2222-3333-4444-555555555555';
    const yaml = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Instance: { Type: String }',
      'Resources:',
      '  Topic: { Type: AWS::SNS::Topic }',
      '  RuleA:',
      '    Type: AWS::Connect::Rule',
      '    Properties:',
      '      Name: A',
      '      InstanceArn: !Ref Instance',
      '      TriggerEventSource: { EventSourceName: OnPostCallAnalysisAvailable }',
      `      Function: '${FUNCTION_TEXT}'`,
      '      PublishStatus: DRAFT',
      '      Actions:',
      '        TaskActions:',
      '          - Name: Call back',
      `            ContactFlowArn: !Sub "\${Instance}/contact-flow/flow-1"`,
      '      Tags: [{ Key: team, Value: qa }]',
    ].join('\n');
    const [y] = load({ 't.yaml': yaml }, 't.yaml').rules;
    expect(y).toMatchObject({ name: 'A', origin: { shape: 'cloudformation', at: 'Resources.RuleA' } });
    expect(createRuleBody(y!)).toEqual({
      ...body('A', { PublishStatus: 'DRAFT', Tags: { team: 'qa' } }),
      Actions: [{ ActionType: 'CREATE_TASK', TaskAction: { Name: 'Call back', ContactFlowId: 'flow-1' } }],
    });

    const json = { Resources: { R: { Type: 'AWS::Connect::Rule', Properties: { ...body('B'), InstanceArn: arn, Actions: { EventBridgeActions: [{ Name: 'ev' }] } } } } };
    const [j] = load({ 't.json': json }, 't.json').rules;
    expect(createRuleBody(j!).Actions).toEqual([{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'ev' } }]);
  });

  it('a folder: .json and .JSON bodies, a NAME.txt Function beside NAME.json, bare .txt, other files skipped with a warning', () => {
    const { Function: _, ...noFunction } = body('PAIRED');
    const { rules, warnings } = load({
      'a.json': body('A'),
      'B.JSON': body('B'),
      'sub/paired.json': noFunction,
      'sub/paired.txt': TEXT_FORM,
      'loose.txt': TEXT_FORM,
      'notes.md': '# notes',
    });
    expect(rules.map((r) => r.name ?? r.origin.file)).toEqual(['B', 'A', 'loose.txt', 'PAIRED']);
    const paired = rules.find((r) => r.name === 'PAIRED')!;
    expect(paired).toMatchObject({ form: 'text', label: join('sub', 'paired.txt'), origin: { functionFile: join('sub', 'paired.txt') } });
    expect(JSON.parse(String(createRuleBody(paired).Function))).toEqual(FUNCTION);
    expect(warnings).toEqual(['notes.md: skipped: not a rule file (.json, .txt, .rule, .yaml, .yml)']);
  });

  it('text given directly instead of a path', () => {
    expect(loadRules(JSON.stringify(body('X'))).rules[0]!.name).toBe('X');
    expect(loadRules(TEXT_FORM).rules[0]!.origin).toEqual({ file: '<text>', shape: 'text' });
  });
});

describe('loadRules: refusals', () => {
  const refused = (files: Record<string, string | object>, path: string) => {
    try {
      load(files, path);
    } catch (err) {
      expect(err).toBeInstanceOf(RuleInputError);
      return (err as Error).message;
    }
    throw new Error('not refused');
  };

  it('a wrong shape names the shapes accepted', () => {
    const message = refused({ 'x.json': { Foo: 1 } }, 'x.json');
    expect(message).toMatch(/^x\.json: not a rule input \(an object with Foo\); expected a rule Function/);
    expect(message).toContain('a CreateRule request body, a JSON array of CreateRule bodies, a DescribeRule response');
    expect(message).toContain('a CloudFormation template (JSON or YAML) with AWS::Connect::Rule resources');
    expect(refused({ 'x.json': [body('A'), 7] }, 'x.json')).toMatch(/^x\.json\[1\]: not a CreateRule body \(a number\); expected/);
    expect(refused({ 't.json': { Resources: { T: { Type: 'AWS::SNS::Topic' } } } }, 't.json')).toMatch(/^t\.json: a CloudFormation template without AWS::Connect::Rule resources; expected/);
    expect(refused({ 'e.json': '  ' }, 'e.json')).toMatch(/^e\.json: empty; expected/);
    expect(refused({ 'n.md': 'x' }, '')).toMatch(/^\.: no rule files in the folder; expected/);
  });

  it('a body without a Function, a Function twice, a template value it cannot read', () => {
    const { Function: _, ...noFunction } = body('N');
    expect(refused({ 'n.json': noFunction }, 'n.json')).toBe('n.json: rule N has no Function');
    expect(refused({ 'p.json': body('P'), 'p.txt': TEXT_FORM }, '')).toMatch(/^p\.json and p\.txt: both hold the Function of rule P; keep one/);
    const yaml = `Resources:\n  R:\n    Type: AWS::Connect::Rule\n    Properties:\n      Name: !Ref N\n      Function: x\n`;
    expect(refused({ 't.yml': yaml }, 't.yml')).toBe('t.yml Resources.R: Properties.Name: must be a literal string to be read as a rule, not {"Ref":"N"}');
    // One line, located once: not the yaml package's own " at line 2, column 7:" and excerpt as well.
    expect(refused({ 'b.yaml': 'Resources:\n  - : :\n  x' }, 'b.yaml')).toBe('b.yaml:2:7: not valid YAML: Nested mappings are not allowed in compact mappings');
  });

  it('a key written twice in a JSON rule file, at the second, as the YAML form refuses it (not the last taken)', () => {
    const text = JSON.stringify(body('D'), null, 2).replace('"PublishStatus": "PUBLISHED"', '"PublishStatus": "DRAFT",\n  "PublishStatus": "PUBLISHED"');
    expect(refused({ 'd.json': text }, 'd.json')).toBe('d.json:14:3: duplicate key "PublishStatus" (first written at line 13, column 3)');
    // In a list, in a template's resource, in a body whose Function is its NAME.txt (and with the key escaped).
    expect(refused({ 'l.json': `[${JSON.stringify(body('A'))},\n{"Name": "B", "N\\u0061me": "C"}]` }, 'l.json')).toBe('l.json:2:15: duplicate key "Name" at [1].Name (first written at line 2, column 2)');
    const template = `{"Resources": {"R": {"Type": "AWS::Connect::Rule",\n "Type": "AWS::SNS::Topic", "Properties": ${JSON.stringify(body('T'))}}}}`;
    expect(refused({ 't.json': template }, 't.json')).toBe('t.json:2:2: duplicate key "Type" at Resources.R.Type (first written at line 1, column 22)');
    const { Function: _, ...noFunction } = body('P');
    const paired = JSON.stringify(noFunction).replace('{"Name"', '{"Actions": [],\n"Name"');
    expect(refused({ 'p.json': paired, 'p.txt': TEXT_FORM }, '')).toBe('p.json:2:83: duplicate key "Actions" (first written at line 1, column 2)');
    const yaml = `Resources:\n  R:\n    Type: AWS::Connect::Rule\n    Type: AWS::SNS::Topic\n`;
    expect(refused({ 't.yaml': yaml }, 't.yaml')).toMatch(/^t\.yaml:4:5: not valid YAML: Map keys must be unique/);
  });

  it('a bare function is not a rule where a body is needed', () => {
    const [f] = load({ 'f.txt': TEXT_FORM }, 'f.txt').rules;
    expect(() => createRuleBody(f!)).toThrow('f.txt: a bare Function, not a rule; a rule is a CreateRule body (Name, TriggerEventSource, Function, Actions, PublishStatus)');
  });
});

describe('loadOneFunction', () => {
  it("a rule body gives its Function and source; several rules need a name", () => {
    const dir = folder({ 'one.json': body('ONE'), 'two.json': [body('A'), body('B')] });
    expect(loadOneFunction('one.json', { cwd: dir })).toMatchObject({ function: FUNCTION_TEXT, source: 'OnPostCallAnalysisAvailable' });
    expect(() => loadOneFunction('two.json', { cwd: dir })).toThrow('two.json: holds 2 rules (A, B); one function is wanted here');
    expect(loadOneFunction('two.json', { cwd: dir, name: 'B' }).name).toBe('B');
    expect(() => loadOneFunction('two.json', { cwd: dir, name: 'Z' })).toThrow('two.json: no rule named "Z"; it holds A, B');
  });

  it('a folder of several rules is named as given, not by its first file', () => {
    const dir = folder({ 'rules/a.json': body('A'), 'rules/sub/b.json': [body('B'), body('C')] });
    expect(() => loadOneFunction('rules', { cwd: dir })).toThrow(new RuleInputError('rules: holds 3 rules (A, B, C); one function is wanted here'));
    expect(() => loadOneFunction('rules', { cwd: dir, name: 'Z' })).toThrow(new RuleInputError('rules: no rule named "Z"; it holds A, B, C'));
    // A folder whose rules are all in one file: that file holds them.
    expect(() => loadOneFunction('rules/sub', { cwd: dir })).toThrow(new RuleInputError('rules/sub/b.json: holds 2 rules (B, C); one function is wanted here'));
  });
});
