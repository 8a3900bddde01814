/**
 * `connect-rules replay` through the real binary (what `npm start` runs): the
 * bundled example events in the real formats against the example rules, on an
 * embedded DynamoDB Local; bad inputs reported without stopping the run; a rule the
 * API refuses; a persistent DynamoDB (`--endpoint`) replayed twice. Runs that are not
 * about the embedded DynamoDB Local use the run's shared one, on fresh tables each.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../cli/commands/replay.ts';
import { runCli, runCliAsync, scratch } from '../support/cli.ts';
import { freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';
import { fixture } from '../support/fixtures.ts';
import { kinesisEvent, kinesisRecord, sequenceNumber } from '../support/lambda-envelopes.ts';

const fx = (path: string): Record<string, unknown> => fixture(path);

const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

const db = sharedDynamoDb();
/** `--endpoint` of the shared DynamoDB Local, and the environment naming fresh tables on it. */
const onSharedDb = (): [string[], { env: Record<string, string> }] => [['--endpoint', db.endpoint], { env: freshTableEnv() }];

describe('replay of the bundled examples (npm start)', () => {
  const run = runCli(['replay', 'examples/events', '--rules', 'examples/rules', '--users', 'examples/users.json', '--json']);
  const report = JSON.parse(run.stdout || '{}');
  const entries = (file: string) => report.events.filter((e: any) => e.file.replace(/#\d+$/, '').endsWith(file));

  it('runs every example through the pipeline, covering every source, and exits 0', () => {
    expect(run.status).toBe(0);
    // Nothing on stderr: not even the AWS SDK's notice about its releases after January 2027 (Node 20).
    expect(run.stderr).toBe('');
    expect(new Set(report.events.map((e: any) => e.source))).toEqual(
      new Set([
        'ContactEvent',
        'ContactTraceRecord',
        'OnRealTimeCallAnalysisAvailable',
        'OnRealTimeChatAnalysisAvailable',
        'OnPostCallAnalysisAvailable',
        'OnPostChatAnalysisAvailable',
        'OnEmailAnalysisAvailable',
        'OnContactEvaluationSubmit',
        'OnCaseCreate',
        'OnCaseUpdate',
        'OnSlaBreach',
        'OnZendeskTicketCreate',
        'OnZendeskTicketStatusUpdate',
        'OnSalesforceCaseCreate',
        'OnMetricDataUpdate',
      ]),
    );
    expect(report.summary).toMatchObject({ files: 18, errors: 0, duplicates: 3, pending: 2, rules: { loaded: 16, published: 15, instances: [INSTANCE] } });
    for (const e of report.events) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['file', 'source', 'instanceId', 'matchedRules', 'actions']));
      for (const a of e.actions) expect(Object.keys(a).sort()).toEqual(['detail', 'request', 'rule', 'status', 'type']);
    }
    // Each action's resolved request, variables injected (the same values as backtest).
    const task = report.events.flatMap((e: any) => e.actions).find((a: any) => a.rule === 'ACCOUNT_CANCELLATION' && a.type === 'CREATE_TASK');
    expect(task.request).toMatchObject({
      Name: 'Retention follow-up b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      References: { contact: { Type: 'URL', Value: 'https://example.invalid/contact/b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a' } },
    });
  });

  it('every action of the examples succeeds (cases of upstream Cases events are mirrored locally)', () => {
    const actions = report.events.flatMap((e: any) => e.actions);
    expect(actions.length).toBeGreaterThan(15);
    expect(actions.filter((a: any) => a.status !== 'SUCCEEDED')).toEqual([]);
  });

  it('an analysis before its CTR is evaluated when the CTR arrives, joined with it', () => {
    const [pending, evaluated] = entries('04-analysis-voice-cancellation.json');
    expect(pending).toMatchObject({ status: 'pending', source: 'OnPostCallAnalysisAvailable' });
    // UNHAPPY_AFTER_HOLD needs the number of holds, which only the CTR has
    expect(evaluated).toMatchObject({
      status: 'evaluated',
      matchedRules: ['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD'],
      trigger: 'contact record arrived (examples/events/05-ctr-voice-cancellation.json)',
      contactRecord: 'ctr',
    });
    expect(evaluated.actions.map((a: any) => `${a.rule}:${a.type}:${a.status}`)).toEqual([
      'ACCOUNT_CANCELLATION:ASSIGN_CONTACT_CATEGORY:SUCCEEDED',
      'ACCOUNT_CANCELLATION:GENERATE_EVENTBRIDGE_EVENT:SUCCEEDED',
      'ACCOUNT_CANCELLATION:CREATE_TASK:SUCCEEDED',
      'ACCOUNT_CANCELLATION:SEND_NOTIFICATION:SUCCEEDED',
      'UNHAPPY_AFTER_HOLD:ASSIGN_CONTACT_CATEGORY:SUCCEEDED',
    ]);
    // the CTR first, then the analysis: evaluated on arrival
    expect(entries('07-analysis-chat-billing.json')).toMatchObject([{ status: 'evaluated', matchedRules: ['SLOW_FIRST_RESPONSE_REFUND'] }]);
    // no CTR ever: evaluated at the end, without one
    expect(entries('08-analysis-voice-redacted.json').at(-1)).toMatchObject({ matchedRules: ['SUPERVISOR_REQUEST'], contactRecord: 'none', trigger: 'end of replay: no contact record came' });
  });

  it('a real-time rule fires once per contact, with the queue the contact event gave', () => {
    const stream = entries('02-realtime-voice-cancellation.json');
    expect(stream.flatMap((e: any) => e.matchedRules)).toEqual(['REALTIME_REFUND_RETENTION']);
    expect(stream.filter((e: any) => e.status === 'duplicate')).toHaveLength(1);
    expect(entries('03-realtime-chat-billing.json').flatMap((e: any) => e.matchedRules)).toEqual(['REALTIME_CHAT_LATE_FEE']);
    expect(entries('03-realtime-chat-billing.json').filter((e: any) => e.alreadyFired?.includes('REALTIME_CHAT_LATE_FEE')).length).toBeGreaterThan(0);
  });

  it('never evaluates a DRAFT rule; runs each upstream event once', () => {
    expect(report.events.flatMap((e: any) => e.matchedRules)).not.toContain('NO_AGENT_GREETING');
    expect(entries('11-cases-case-updated.json')).toMatchObject([{ matchedRules: ['CASE_CLOSED_BILLING'], actions: [{ rule: 'CASE_CLOSED_BILLING', type: 'END_ASSOCIATED_TASKS' }] }]);
    expect(entries('18-cases-case-created-redelivered.json')).toMatchObject([{ status: 'duplicate', source: 'OnCaseCreate', actions: [] }]);
    for (const [file, rule] of [
      ['09-evaluation-voice-cancellation.json', 'LOW_COMPLIANCE_SECTION'],
      ['12-cases-sla-overdue.json', 'HIGH_PRIORITY_SLA_BREACHED'],
      ['13-zendesk-ticket-created.json', 'ZENDESK_VIP_INCIDENT'],
      ['14-zendesk-status-changed.json', 'ZENDESK_STATUS_NOT_SOLVED'],
      ['15-salesforce-case-created.json', 'SALESFORCE_DUPLICATE_CHARGE'],
      ['16-metric-snapshot.json', 'BILLING_QUEUE_BACKLOG'],
      ['17-email-analysis.json', 'EMAIL_LONG_HANDLING'],
    ]) {
      expect(entries(file!).flatMap((e: any) => e.matchedRules)).toEqual([rule]);
    }
  });

  it('prints a readable report: per event its matched rules and actions, folded streams, totals', () => {
    const text = formatReport(report.events, report.summary, { rules: report.summary.rules, loaded: [], dynamoDb: 'embedded DynamoDB Local', dryRun: false, ms: 1234 });
    expect(text).toContain('Replaying 18 files against 16 rules (15 published) in instance 4f1b2c3d');
    expect(text).toMatch(/examples\/events\/02-realtime-voice-cancellation\.json\n {2}#0 {2}● stored/);
    expect(text).toMatch(/ {2}#1-#4 {2}OnRealTimeCallAnalysisAvailable {2}contact b3e9a7c1… {2}no rule fired/);
    expect(text).toContain('    ✔ ACCOUNT_CANCELLATION\n        ASSIGN_CONTACT_CATEGORY  SUCCEEDED');
    expect(text).toContain('= duplicate  OnCaseCreate  a redelivery: already evaluated, nothing runs again');
    expect(text).toMatch(/\n31 trigger events evaluated, \d+ rule evaluations, 15 matches, 22 actions \(/);
  });

  it('ends the readable report with per-rule totals and the files it did not read, with the reason', () => {
    // The example folder holds only what the demo reads (its note is examples/README.md).
    expect(report.summary.skipped).toEqual([]);
    const skipped = [{ file: 'events/notes.md', reason: 'not a .json file' }];
    const loaded = [
      { file: 'a.json', name: 'ACCOUNT_CANCELLATION', source: 'OnPostCallAnalysisAvailable', publishStatus: 'PUBLISHED', ruleId: 'r1', how: 'created' },
      { file: 'b.json', name: 'NO_AGENT_GREETING', source: 'OnPostCallAnalysisAvailable', publishStatus: 'DRAFT', ruleId: 'r2', how: 'created' },
      { file: 'c.json', name: 'REALTIME_CHAT_LATE_FEE', source: 'OnRealTimeChatAnalysisAvailable', publishStatus: 'PUBLISHED', ruleId: 'r3', how: 'created' },
    ] as const;
    const text = formatReport(report.events, report.summary, {
      rules: report.summary.rules,
      loaded,
      skipped,
      dynamoDb: 'embedded DynamoDB Local',
      dryRun: false,
      ms: 1234,
    });
    const again = report.events.filter((e: any) => e.alreadyFired?.includes('REALTIME_CHAT_LATE_FEE')).length;
    expect(again).toBeGreaterThan(0);
    expect(text).toContain(
      '\nPer rule:\n' +
        '  ACCOUNT_CANCELLATION    1 match; actions: 4 succeeded\n' +
        '  NO_AGENT_GREETING       DRAFT: not evaluated\n' +
        `  REALTIME_CHAT_LATE_FEE  1 match, matched again ${again} (already fired); actions: 2 succeeded\n` +
        '\nNot read: 1 file\n  events/notes.md: not a .json file\n',
    );
    expect(formatReport(report.events, report.summary, { rules: report.summary.rules, loaded, skipped: [], dynamoDb: 'embedded DynamoDB Local', dryRun: false, ms: 1 })).not.toContain('Not read');
  });
});

describe('replay of bad inputs', () => {
  const file = scratch({
    'a-broken.json': '{"Channel": "VOICE", ',
    'b-unknown.json': { hello: 'world' },
    'c-other-instance.json': { ...fx('canonical/OnCaseCreate.json'), InstanceId: 'another-instance', EventId: 'x-1' },
    'd-cases.json': [fx('canonical/OnCaseCreate.json'), fx('canonical/OnCaseCreate.json')],
  });
  const [endpoint, tables] = onSharedDb();
  const run = runCli(['replay', file('a-broken.json'), file('b-unknown.json'), file('c-other-instance.json'), file('d-cases.json'), '--rules', 'examples/rules', '--instance-id', INSTANCE, '--dry-run', '--json', ...endpoint], tables);
  const report = JSON.parse(run.stdout || '{}');

  it('reports each bad file and goes on; exit code 1', () => {
    expect(run.status).toBe(1);
    const byName = (n: string) => report.events.filter((e: any) => e.file.includes(n));
    expect(byName('a-broken.json')).toMatchObject([{ status: 'error', error: { reason: 'malformed-json', message: expect.stringContaining('not valid JSON') } }]);
    expect(byName('b-unknown.json')).toMatchObject([{ status: 'error', error: { reason: 'unknown-format' } }]);
    expect(byName('c-other-instance.json')).toMatchObject([{ status: 'error', error: { reason: 'unknown-instance', message: expect.stringContaining('another-instance') } }]);
    // the same event twice in one file: evaluated once, recorded (dry run), the copy a duplicate
    expect(byName('d-cases.json')).toMatchObject([
      { status: 'evaluated', matchedRules: ['BILLING_CASE_SLA'], actions: [{ type: 'ASSIGN_SLA', status: 'RECORDED' }] },
      { status: 'duplicate' },
    ]);
    expect(report.summary).toMatchObject({ errors: 3, duplicates: 1, evaluated: 1 });
  });

  it('refuses batches nested past the limit, one located error at the file, and reads the rest', () => {
    const deep = 100_000;
    const kinesisOfDeep = kinesisEvent(kinesisRecord(null, sequenceNumber(1), { raw: `${'['.repeat(deep)}${']'.repeat(deep)}` }));
    const events = scratch({ 'a-case.json': fx('canonical/OnCaseCreate.json'), 'b-deep.json': `${'['.repeat(deep)}${']'.repeat(deep)}`, 'c-kinesis.json': kinesisOfDeep });
    const [endpoint, tables] = onSharedDb();
    const r = runCli(['replay', events(''), '--rules', 'examples/rules', '--dry-run', '--json', ...endpoint], tables);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|PromiseRejectCallback/);
    const out = JSON.parse(r.stdout);
    const errors = out.events.filter((e: any) => e.status === 'error');
    expect(errors.map((e: any) => [e.file.replace(/^.*\//, ''), e.error.message.replace(/^.*\//, '')])).toEqual([
      ['b-deep.json#0#0#0', 'b-deep.json#0#0#0: a list of payloads inside 3 others; batches nest at most 3 deep (a file\'s list of Lambda events of lists of payloads)'],
      ['c-kinesis.json#0#0#0', 'c-kinesis.json#0#0#0: a list of payloads inside 3 others; batches nest at most 3 deep (a file\'s list of Lambda events of lists of payloads)'],
    ]);
    expect(out.events.filter((e: any) => e.status === 'evaluated')).toMatchObject([{ source: 'OnCaseCreate', matchedRules: ['BILLING_CASE_SLA'] }]);
  });

  it('warns of a key written twice in an event file, as eval does, and reads the last', () => {
    const event = fx('canonical/OnCaseCreate.json');
    const text = JSON.stringify(event, null, 2).replace('{\n', `{\n  "InstanceId": "another-instance",\n`);
    const events = scratch({ 'case.json': text });
    const [endpoint, tables] = onSharedDb();
    const r = runCli(['replay', events('case.json'), '--rules', 'examples/rules', '--dry-run', '--json', ...endpoint], tables);
    expect(r.stderr).toMatch(/^warning: .*case\.json:\d+:3: duplicate key "InstanceId" \(first written at line 2, column 3\): the last is read, as the Lambda runtime reads an event\n/);
    expect(JSON.parse(r.stdout).events).toMatchObject([{ source: 'OnCaseCreate', matchedRules: ['BILLING_CASE_SLA'] }]);
    expect(r.status).toBe(0);
  });

  it('lists a file of a folder that is not JSON, a link to nothing or a named pipe, as not read, and reads the rest (exit 0)', () => {
    const events = scratch({ 'case.json': fx('canonical/OnCaseCreate.json'), 'notes.md': '# my notes\n' });
    // What `cp -r` of a folder of relative links leaves: a link whose target is not there.
    symlinkSync('../gone/ctr.json', events('ctr.json'));
    execFileSync('mkfifo', [events('pipe.json')]);
    const [endpoint, tables] = onSharedDb();
    const r = runCli(['replay', events(''), '--rules', 'examples/rules', '--dry-run', '--json', ...endpoint], tables);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.skipped).toEqual([
      { file: expect.stringMatching(/connect-rules-\w+\/ctr\.json$/), reason: 'a link to ../gone/ctr.json, which does not exist' },
      { file: expect.stringMatching(/connect-rules-\w+\/notes\.md$/), reason: 'not a .json file' },
      { file: expect.stringMatching(/connect-rules-\w+\/pipe\.json$/), reason: 'a named pipe, not a regular file' },
    ]);
    expect(out.events).toMatchObject([{ source: 'OnCaseCreate', matchedRules: ['BILLING_CASE_SLA'] }]);
  });

  it('refuses a rule the API refuses, naming its file, before starting anything', () => {
    const rules = scratch({
      'bad.json': {
        Name: 'has spaces',
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[]}}',
        Actions: [],
        PublishStatus: 'PUBLISHED',
      },
    });
    const r = runCli(['replay', 'examples/events', '--rules', rules('bad.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toContain('Name');
    expect(r.stdout).toBe('');
  });
});

describe('rules written in the readable text form', () => {
  const body = (fn: string) => ({
    Name: 'TEXT_FORM_CASE_RULE',
    TriggerEventSource: { EventSourceName: 'OnCaseCreate' },
    Function: fn,
    Actions: [{ ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'case_reason', Value: { StringValue: 'Checked' } }] } }],
    PublishStatus: 'PUBLISHED',
  });

  it('are loaded (stored as JSON) and evaluated like JSON ones', () => {
    const rules = scratch({ 'text.json': body('status = "open" and reason = "Billing"') });
    const events = scratch({ 'case.json': fx('canonical/OnCaseCreate.json') });
    const [endpoint, tables] = onSharedDb();
    const r = runCli(['replay', events('case.json'), '--rules', rules('text.json'), '--dry-run', '--json', ...endpoint], tables);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).events[0]).toMatchObject({ source: 'OnCaseCreate', matchedRules: ['TEXT_FORM_CASE_RULE'] });
  });

  it('with a mistake: refused before anything runs, located in the Function', () => {
    const rules = scratch({ 'typo.json': body('status = "open" and\n  reasn = "Billing"') });
    const r = runCli(['replay', 'examples/events', '--rules', rules('typo.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/typo\.json \(Function\):2:3: /);
    expect(r.stdout).toBe('');
  });
});

describe('replay on a persistent DynamoDB (--endpoint)', () => {
  it('a second replay of the same events runs nothing again; the rules are updated in place', async () => {
    const dir = scratch({});
    const events = dir('events.json');
    writeFileSync(events, JSON.stringify([fx('eventbridge/cases-case-updated.json'), fx('contact/ctr-voice-cancellation.json')]));
    const [endpoint, tables] = onSharedDb();
    const args = ['replay', events, '--rules', 'examples/rules', '--json', ...endpoint];
    const first = await runCliAsync(args, tables);
    expect(first.status).toBe(0);
    const one = JSON.parse(first.stdout);
    expect(one.events.map((e: any) => e.status)).toEqual(['evaluated', 'stored']);
    expect(one.events[0].actions).toMatchObject([{ type: 'END_ASSOCIATED_TASKS', status: 'SUCCEEDED' }]);
    const second = await runCliAsync(args, tables);
    expect(second.status).toBe(0);
    const two = JSON.parse(second.stdout);
    expect(two.events.map((e: any) => e.status)).toEqual(['duplicate', 'duplicate']);
    expect(two.summary).toMatchObject({ actions: 0, rules: { loaded: 16 } });
  });
});
