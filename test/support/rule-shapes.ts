/**
 * The same rule written in every shape engine/rulefiles reads, as files in a fresh
 * folder, for the tests that show each command takes each shape. Every shape holds
 * the rule SHAPED (post-call, queue q-1); those that hold several add OTHER.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SHAPED_FUNCTION = {
  Version: '2022-11-25',
  RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS_ANY', Operands: ['q-1'], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false }] },
};
export const SHAPED_TEXT = 'on post-call\nqueue in ("q-1")\n';
const FUNCTION_STRING = JSON.stringify(SHAPED_FUNCTION);

/** A PUBLISHED rule of `source` (a rule file's body) whose function is `function` (a JSON string) and whose action assigns its category. */
const categoryRuleOf = (name: string, source: string, fn: string) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: source },
  Function: fn,
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
});

/** A PUBLISHED rule of `source` whose function is the AND of `conditions` (the JSON form), assigning its category. */
export const categoryRule = (name: string, source: string, ...conditions: readonly object[]) =>
  categoryRuleOf(name, source, JSON.stringify({ Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: conditions } }));

export const ruleBody = (name: string) => categoryRuleOf(name, 'OnPostCallAnalysisAvailable', FUNCTION_STRING);

const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-0000-4000-8000-000000000001';
const resource = (name: string) => ({ Type: 'AWS::Connect::Rule', Properties: { ...ruleBody(name), InstanceArn: ARN, Actions: { AssignContactCategoryActions: [{}] } } });
const yamlResource = (id: string, name: string) =>
  [
    `  ${id}:`,
    '    Type: AWS::Connect::Rule',
    '    Properties:',
    `      Name: ${name}`,
    '      InstanceArn: !Sub "arn:aws:connect:${AWS::Region}:${AWS::AccountId}:instance/i-1"',
    '      TriggerEventSource: { EventSourceName: OnPostCallAnalysisAvailable }',
    `      Function: '${FUNCTION_STRING}'`,
    '      PublishStatus: PUBLISHED',
    '      Actions:',
    '        AssignContactCategoryActions: [{}]',
  ].join('\n');

/** Shape → path, and whether it holds rules (a bare function is not a rule) and how many. */
export interface ShapeFile {
  readonly path: string;
  readonly rules: readonly string[];
}

export function writeRuleShapes(): Record<string, ShapeFile> {
  const dir = mkdtempSync(join(tmpdir(), 'rule-shapes-'));
  const put = (name: string, content: unknown) => {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return join(dir, name);
  };
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'folder', 'SHAPED.json'), JSON.stringify(ruleBody('SHAPED')));
  writeFileSync(join(dir, 'folder', 'OTHER.JSON'), JSON.stringify(ruleBody('OTHER')));
  writeFileSync(join(dir, 'folder', 'README.md'), 'not a rule');
  return {
    'bare Function JSON': { path: put('function.json', SHAPED_FUNCTION), rules: [] },
    'escaped Function string': { path: put('function-string.json', JSON.stringify(FUNCTION_STRING)), rules: [] },
    'text form': { path: put('function.txt', SHAPED_TEXT), rules: [] },
    'CreateRule body': { path: put('body.json', ruleBody('SHAPED')), rules: ['SHAPED'] },
    'array of CreateRule bodies': { path: put('bodies.json', [ruleBody('SHAPED'), ruleBody('OTHER')]), rules: ['SHAPED', 'OTHER'] },
    'DescribeRule response': {
      path: put('describe.json', { Rule: { ...ruleBody('SHAPED'), RuleId: 'r-1', RuleArn: `${ARN}/rule/r-1`, CreatedTime: '2025-01-01T00:00:00Z', LastUpdatedTime: '2025-01-01T00:00:00Z', LastUpdatedBy: 'arn:aws:iam::111122223333:user/x', Tags: {} } }),
      rules: ['SHAPED'],
    },
    folder: { path: join(dir, 'folder'), rules: ['OTHER', 'SHAPED'] },
    'CloudFormation JSON': { path: put('stack.json', { AWSTemplateFormatVersion: '2010-09-09', Resources: { RuleShaped: resource('SHAPED'), Topic: { Type: 'AWS::SNS::Topic' } } }), rules: ['SHAPED'] },
    'CloudFormation YAML': { path: put('stack.yaml', ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', yamlResource('RuleShaped', 'SHAPED'), yamlResource('RuleOther', 'OTHER')].join('\n')), rules: ['SHAPED', 'OTHER'] },
  };
}

/** Not a rule input: a contact trace record. */
export function writeWrongShape(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rule-shapes-'));
  writeFileSync(join(dir, 'ctr.json'), JSON.stringify({ ContactId: 'c-1', Channel: 'VOICE', Queue: { Name: 'q' } }));
  return join(dir, 'ctr.json');
}
