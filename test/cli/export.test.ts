/**
 * `connect-rules export --format cloudformation` through the real binary: every
 * action type the resource has maps to its list, ids become the ARNs the resource
 * takes, the template passes cfn-lint where the machine has it, and export →
 * import → export gives the identical template (JSON and YAML). Action types the
 * resource lacks are refused by name; a template's rules come back as files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_MAPPINGS } from '../../engine/rulefiles/cloudformation.ts';
import { runCli } from '../support/cli.ts';

const ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/a1b2c3d4-0000-4000-8000-000000000001';
const fn = (path: string, value: string, operator = 'EQUALS') =>
  JSON.stringify({ Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [{ Operator: operator, Operands: [value], ComparisonValue: path, Negate: false }] } });
const postCall = fn('$.ContactLens.PostCall.Queue.QueueId', 'q-1', 'CONTAINS_ANY');

/** One rule per group of action types its source allows; together every type the resource has. */
const RULES = {
  'post-call.json': {
    Name: 'post-call.everything',
    TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
    Function: postCall,
    Actions: [
      { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} },
      { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'ESCALATE' } },
      {
        ActionType: 'CREATE_TASK',
        TaskAction: { Name: 'Call back', Description: 'Customer asked', ContactFlowId: 'flow-1', References: { recording: { Type: 'URL', Value: 'https://example.com/r' } } },
      },
      {
        ActionType: 'SEND_NOTIFICATION',
        SendNotificationAction: { DeliveryMethod: 'EMAIL', Subject: 'Heads up', Content: 'Look at $.ContactLens.PostCall.ContactId', ContentType: 'PLAIN_TEXT', Recipient: { UserIds: ['agent-1', 'agent-2'], UserTags: { team: 'billing' } } },
      },
      { ActionType: 'CREATE_CASE', CreateCaseAction: { TemplateId: 'tpl-1', Fields: [{ Id: 'title', Value: { StringValue: 'Refund' } }, { Id: 'urgent', Value: { BooleanValue: true } }] } },
      { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'form-1' } },
    ],
    PublishStatus: 'PUBLISHED',
    Tags: { team: 'qa', cost: 'centre-1' },
  },
  'case.json': {
    Name: 'CASE_CLOSED',
    TriggerEventSource: { EventSourceName: 'OnCaseUpdate' },
    Function: fn('$.Case.Fields.status', 'closed'),
    Actions: [
      { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'reason', Value: { EmptyValue: {} } }, { Id: 'score', Value: { DoubleValue: 2.5 } }] } },
      { ActionType: 'END_ASSOCIATED_TASKS', EndAssociatedTasksAction: {} },
    ],
    PublishStatus: 'DRAFT',
  },
  'zendesk.json': {
    Name: 'ZENDESK_NOT_SOLVED',
    TriggerEventSource: { EventSourceName: 'OnZendeskTicketStatusUpdate', IntegrationAssociationId: 'assoc-1' },
    Function: JSON.stringify({ Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'EQUALS', Operands: ['solved'], ComparisonValue: '$.ThirdParty.Zendesk.StatusUpdate.Status', Negate: true }] } }),
    Actions: [{ ActionType: 'CREATE_TASK', TaskAction: { Name: 'Ticket changed', ContactFlowId: 'flow-2' } }],
    PublishStatus: 'PUBLISHED',
  },
};

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

const exported = (rules: string, ...more: string[]) => runCli(['export', '--rules', rules, '--format', 'cloudformation', '--instance-arn', ARN, ...more]);

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const hasCfnLint = cfnLint.status === 0;

describe('export --format cloudformation', () => {
  const dir = folder(RULES);
  const json = exported(dir);

  it('maps every action type the resource has, and ids to ARNs under the instance', () => {
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const template = JSON.parse(json.stdout);
    expect(Object.keys(template.Resources)).toEqual(['RuleCaseClosed', 'RulePostCallEverything', 'RuleZendeskNotSolved']);
    expect(template.Resources.RulePostCallEverything).toEqual({
      Type: 'AWS::Connect::Rule',
      Properties: {
        Name: 'post-call.everything',
        InstanceArn: ARN,
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: postCall,
        Actions: {
          AssignContactCategoryActions: [{}],
          EventBridgeActions: [{ Name: 'ESCALATE' }],
          TaskActions: [{ Name: 'Call back', Description: 'Customer asked', ContactFlowArn: `${ARN}/contact-flow/flow-1`, References: { recording: { Type: 'URL', Value: 'https://example.com/r' } } }],
          SendNotificationActions: [
            { DeliveryMethod: 'EMAIL', Subject: 'Heads up', Content: 'Look at $.ContactLens.PostCall.ContactId', ContentType: 'PLAIN_TEXT', Recipient: { UserTags: { team: 'billing' }, UserArns: [`${ARN}/agent/agent-1`, `${ARN}/agent/agent-2`] } },
          ],
          CreateCaseActions: [{ TemplateId: 'tpl-1', Fields: [{ Id: 'title', Value: { StringValue: 'Refund' } }, { Id: 'urgent', Value: { BooleanValue: true } }] }],
          SubmitAutoEvaluationActions: [{ EvaluationFormArn: `${ARN}/evaluation-form/form-1` }],
        },
        PublishStatus: 'PUBLISHED',
        Tags: [
          { Key: 'cost', Value: 'centre-1' },
          { Key: 'team', Value: 'qa' },
        ],
      },
    });
    expect(template.Resources.RuleCaseClosed.Properties.Actions).toEqual({
      UpdateCaseActions: [{ Fields: [{ Id: 'reason', Value: { EmptyValue: {} } }, { Id: 'score', Value: { DoubleValue: 2.5 } }] }],
      EndAssociatedTasksActions: [{}],
    });
    expect(template.Resources.RuleZendeskNotSolved.Properties.TriggerEventSource).toEqual({
      EventSourceName: 'OnZendeskTicketStatusUpdate',
      IntegrationAssociationArn: `${ARN}/integration-association/assoc-1`,
    });
    // Every list of the resource was used above.
    const lists = Object.values(template.Resources).flatMap((r: any) => Object.keys(r.Properties.Actions));
    expect(new Set(lists)).toEqual(new Set(Object.values(ACTION_MAPPINGS).flatMap((m) => (m ? [m.list] : []))));
  });

  it.skipIf(!hasCfnLint)(`passes cfn-lint, JSON and YAML${hasCfnLint ? '' : ' (skipped: cfn-lint is not installed on this machine)'}`, () => {
    const out = folder({});
    writeFileSync(join(out, 'template.json'), json.stdout);
    expect(exported(dir, '--yaml', '--out', join(out, 'template.yaml')).status).toBe(0);
    for (const file of ['template.json', 'template.yaml']) {
      const lint = spawnSync('cfn-lint', ['--', join(out, file)], { encoding: 'utf8' });
      expect(`${lint.stdout}${lint.stderr}`, file).toBe('');
      expect(lint.status).toBe(0);
    }
  }, 120_000); // two cfn-lint runs: Python start-up alone took 15 s each on a loaded machine (the 30 s default timed out)

  it('export → import → export is identical, JSON and YAML', () => {
    const out = folder({ 'template.json': json.stdout });
    expect(exported(join(out, 'template.json')).stdout).toBe(json.stdout);
    const yaml = exported(dir, '--yaml');
    expect(yaml.status).toBe(0);
    expect(yaml.stdout).toMatch(/^AWSTemplateFormatVersion: 2010-09-09\n/);
    writeFileSync(join(out, 'template.yaml'), yaml.stdout);
    expect(exported(join(out, 'template.yaml'), '--yaml').stdout).toBe(yaml.stdout);
    expect(exported(join(out, 'template.yaml')).stdout).toBe(json.stdout);
  });

  it('says what it wrote with --out: the file and each resource with its rule', () => {
    const out = join(folder({}), 'rules.yaml');
    const r = exported(dir, '--yaml', '--out', out);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe(`wrote 3 rules into ${out}\n  RuleCaseClosed (CASE_CLOSED)\n  RulePostCallEverything (post-call.everything)\n  RuleZendeskNotSolved (ZENDESK_NOT_SOLVED)\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^AWSTemplateFormatVersion: 2010-09-09\n/);
  });

  it('exports every example rule but BILLING_CASE_SLA, whose ASSIGN_SLA the resource lacks (as README says beside its example)', () => {
    const all = exported('examples/rules');
    expect(all).toMatchObject({ status: 2, stdout: '' });
    expect(all.stderr).toBe(
      'examples/rules/case-created-billing-sla.json (rule BILLING_CASE_SLA): Actions[0]: ASSIGN_SLA has no counterpart in AWS::Connect::Rule (its Actions has AssignContactCategoryActions, EventBridgeActions, TaskActions, SendNotificationActions, CreateCaseActions, UpdateCaseActions, EndAssociatedTasksActions, SubmitAutoEvaluationActions)\nexport: nothing written\n',
    );
    expect(exported('examples/rules/post-call-account-cancellation.json').status).toBe(0);
  });

  it("imports a template's rules as files, as pull writes them", () => {
    const out = folder({ 'template.json': json.stdout });
    const files = join(out, 'rules');
    const r = runCli(['export', '--rules', join(out, 'template.json'), '--format', 'json', '--out', files]);
    expect(r.status).toBe(0);
    expect(readdirSync(files).sort()).toEqual(['CASE_CLOSED.json', 'ZENDESK_NOT_SOLVED.json', 'post-call.everything.json']);
    // The same rules (the API's order of action types, which RULES already follows).
    expect(JSON.parse(readFileSync(join(files, 'post-call.everything.json'), 'utf8'))).toEqual(RULES['post-call.json']);
    expect(JSON.parse(readFileSync(join(files, 'ZENDESK_NOT_SOLVED.json'), 'utf8'))).toEqual(RULES['zendesk.json']);
  });
});

describe('export refuses', () => {
  it('a rule with an action the resource has no list for, naming the rule and action; nothing written', () => {
    const sla = {
      Name: 'SLA',
      TriggerEventSource: { EventSourceName: 'OnCaseCreate' },
      Function: fn('$.Case.Fields.status', 'open'),
      Actions: [{ ActionType: 'ASSIGN_SLA', AssignSlaAction: { SlaAssignmentType: 'CASES', CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', TargetSlaMinutes: 60 } } }],
      PublishStatus: 'PUBLISHED',
    };
    const dir = folder({ 'sla.json': sla });
    const out = join(dir, 'template.json');
    const r = exported(dir, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'sla.json')} (rule SLA): Actions[0]: ASSIGN_SLA has no counterpart in AWS::Connect::Rule (its Actions has AssignContactCategoryActions,`);
    expect(readdirSync(dir)).toEqual(['sla.json']);
  });

  // A missing or malformed instance ARN is a command-line mistake: test/cli/exit-codes.test.ts.
  it('an invalid rule', () => {
    const dir = folder({ 'bad.json': { ...RULES['case.json'], PublishStatus: 'SOON' } });
    const bad = exported(dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json \(rule CASE_CLOSED\): PublishStatus: /);
  });
});
