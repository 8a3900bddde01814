/**
 * `connect-rules backtest` as a user runs it: the readable report, `--json` in its
 * documented shape, `--csv` rows, the skipped files named, `--explain`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

const CONTACT = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';
/** The queues of the example events: the call's, and the one of the chat (named by its record) and of the email (no record). */
const RETENTION = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
const BILLING = 'e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b';

describe('connect-rules backtest', () => {
  it('prints per rule the contacts evaluated and matched, and the files it skipped', () => {
    const out = runCli(['backtest', '--rules', 'examples/rules', 'examples/events', '--workers', '0']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Backtest of 16 rules \(examples\/rules\) on 18 files: 11 contacts evaluated/);
    expect(out.stdout).toMatch(/^ACCOUNT_CANCELLATION\s+OnPostCallAnalysisAvailable\s+2\s+1\s+50\.0%$/m);
    expect(out.stdout).toContain(`CREATE_TASK "Retention follow-up ${CONTACT}"`);
    // The example folder holds only what the demo reads (its note is examples/README.md)...
    expect(out.stdout).not.toContain('Skipped:');
    // ...and a folder's file that is not JSON is still listed.
    const mine = scratch({ 'case.json': JSON.parse(readFileSync('examples/events/10-cases-case-created.json', 'utf8')), 'notes.md': '# my notes\n' });
    const withNotes = runCli(['backtest', '--rules', 'examples/rules', mine(''), '--workers', '0']);
    expect(withNotes.status).toBe(0);
    expect(withNotes.stdout).toMatch(/\nSkipped: 1 \(1 not-read\)\n {2}\S*connect-rules-\w+\/notes\.md: not a \.json file\n/);
  });

  it('--json prints {summary, rules, changes} in the documented shape; --csv writes a row per rule and contact', () => {
    const path = scratch({});
    const csv = path('out.csv');
    const out = runCli(['backtest', '--rules', 'examples/rules', '--baseline', 'examples/rules/post-call-account-cancellation.json', 'examples/events', '--json', '--csv', csv, '--workers', '0']);
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json.summary).sort()).toEqual(['contacts', 'files', 'seconds', 'skipped']);
    expect(json.summary).toMatchObject({ contacts: 11, files: 18, skipped: 0 });
    expect(Object.keys(json.rules[0]).sort()).toEqual(['contacts', 'evaluated', 'matched', 'name', 'source']);
    expect(json.rules.find((r: any) => r.name === 'ACCOUNT_CANCELLATION')).toEqual({
      name: 'ACCOUNT_CANCELLATION',
      source: 'OnPostCallAnalysisAvailable',
      evaluated: 2,
      matched: 1,
      contacts: [CONTACT],
    });
    // The baseline holds one rule of the sixteen: the other fifteen newly match.
    expect(json.changes.some((c: any) => c.rule === 'ACCOUNT_CANCELLATION')).toBe(false);
    expect(json.changes.find((c: any) => c.rule === 'REALTIME_REFUND_RETENTION')).toMatchObject({ in: 'rules', newlyMatched: [CONTACT], noLongerMatched: [] });
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('rule,source,contact,time,queue_id,queue_name,change,actions');
    const matches = json.rules.reduce((n: number, r: any) => n + r.matched, 0);
    expect(rows.length - 1).toBe(matches);
    const row = rows.find((r) => r.startsWith('ACCOUNT_CANCELLATION,'))!;
    expect(row).toContain(`,${CONTACT},2025-03-11T14:02:07.000Z,${RETENTION},Retention,kept,`);
    expect(row).toContain(`Retention follow-up ${CONTACT}`);
    // The queue column holds ids only: the email contact, with no contact record, has its queue's id and no name.
    expect(rows.find((r) => r.startsWith('EMAIL_LONG_HANDLING,'))).toContain(`,1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b,2025-03-16T10:12:40Z,${BILLING},,new,`);
    // Matches per queue are counted by id, and the chat's contact record names that queue.
    expect(json.details.queues).toEqual({ [RETENTION]: 'Retention', [BILLING]: 'BillingQueue' });
    const byQueue = (rule: string) => json.details.rules.find((r: any) => r.name === rule).byQueue;
    expect(byQueue('EMAIL_LONG_HANDLING')).toEqual({ [BILLING]: 1 });
    expect(byQueue('SLOW_FIRST_RESPONSE_REFUND')).toEqual({ [BILLING]: 1 });
  });

  it('--explain prints the trace of every rule for the contact, each evaluation under a header naming its source, input, time and matches', () => {
    const out = runCli(['backtest', '--rules', 'examples/rules', 'examples/events', '--workers', '0', '--explain', CONTACT]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`Contact ${CONTACT}: 9 evaluation`));
    expect(out.stdout).toMatch(/MATCHED: ACCOUNT_CANCELLATION\n {2}✔ AND/);
    const headers = out.stdout.split('\n').filter((l) => l.startsWith('-- Evaluation'));
    // The real-time segments of one file, one evaluation per record; the segment that fired is told from the others.
    expect(headers).toHaveLength(9);
    expect(headers[0]).toBe('-- Evaluation 1 of 9: OnRealTimeCallAnalysisAvailable, examples/events/02-realtime-voice-cancellation.json#1; matched: none');
    expect(headers[6]).toBe('-- Evaluation 7 of 9: OnRealTimeCallAnalysisAvailable, examples/events/02-realtime-voice-cancellation.json#8; matched: REALTIME_REFUND_RETENTION');
    expect(headers[7]).toBe('-- Evaluation 8 of 9: OnPostCallAnalysisAvailable, examples/events/04-analysis-voice-cancellation.json; matched: ACCOUNT_CANCELLATION, UNHAPPY_AFTER_HOLD');
    expect(headers[8]).toMatch(/^-- Evaluation 9 of 9: OnContactEvaluationSubmit, examples\/events\/09-evaluation-voice-cancellation\.json, at 2025-03-12T15:30:00\.\d+Z; matched: LOW_COMPLIANCE_SECTION$/);
    // each header is followed by the traces of that evaluation only
    expect(out.stdout).toContain(`${headers[6]}\nMATCHED: REALTIME_REFUND_RETENTION\n`);
  });

  it('--explain locates the conditions of a text-form Function in its text, as eval --explain does', () => {
    const rule = JSON.parse(readFileSync('examples/rules/post-call-supervisor-request.json', 'utf8'));
    rule.Function = 'on post-call\ntranscript.exact(customer) contains any ("supervisor", "manager") or\ntranscript.pattern(any, language EN) matches any (pattern("escalat*"))\n';
    const path = scratch({ 'text-rule.json': rule });
    const out = runCli(['backtest', '--rules', path('text-rule.json'), 'examples/events', '--workers', '0', '--explain', CONTACT]);
    expect(out.status).toBe(0);
    const trace = out.stdout.split('NOT MATCHED: SUPERVISOR_REQUEST\n').at(-1)!.split('\n');
    expect(trace[0]).toBe('  ✘ OR (2:1) = false');
    expect(trace[1]).toMatch(/^ {4}✘ Words or phrases: exact match CONTAINS_ANY .* \(2:1\)$/);
    expect(trace[3]).toMatch(/^ {4}✘ Words or phrases: pattern match CONTAINS_ANY .* \(3:1\)$/);
  });

  it('--json: refused rules are the {"errors": [...]} object validate --json prints, on stdout', () => {
    const path = scratch({ 'bad.json': [{ Name: 'X', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: '{}', Actions: [], PublishStatus: 'PUBLISHED' }] });
    const out = runCli(['backtest', '--json', '--rules', path('bad.json'), 'examples/events', '--workers', '0']);
    expect(out.status).toBe(2);
    const file = path('bad.json');
    expect(JSON.parse(out.stdout)).toEqual({
      errors: [
        { file: `${file} [0] (Function)`, line: 1, column: 1, message: 'missing "Version" (the language version, "2022-11-25")' },
        { file: `${file} [0] (Function)`, line: 1, column: 1, message: 'missing "RuleFunction" (the root AND / OR group of the rule)' },
        { file: `${file} [0] (rule X)`, line: null, column: null, message: 'Actions: at least one action is required' },
      ],
    });
    expect(JSON.parse(runCli(['validate', '--json', '--function', file]).stdout)).toEqual(JSON.parse(out.stdout));
  });

  it('refuses a rule the rules API would refuse, naming its file and every problem', () => {
    const path = scratch({ 'bad.json': [{ Name: 'X', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: '{}', Actions: [], PublishStatus: 'PUBLISHED' }] });
    const out = runCli(['backtest', '--rules', path('bad.json'), 'examples/events']);
    expect(out.status).toBe(2);
    const file = path('bad.json');
    expect(out.stderr).toBe(
      [
        `${file} [0] (Function):1:1: missing "Version" (the language version, "2022-11-25")`,
        `${file} [0] (Function):1:1: missing "RuleFunction" (the root AND / OR group of the rule)`,
        `${file} [0] (rule X): Actions: at least one action is required`,
        '',
      ].join('\n'),
    );
  });
});
