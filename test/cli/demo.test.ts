/**
 * `npm start` (connect-rules demo): the bundled example rules against the bundled
 * events, with contact records joined by ContactId.
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

describe('connect-rules demo', () => {
  const run = runCli(['demo', '--json']);
  const report = JSON.parse(run.stdout);
  const byFile = (suffix: string) => report.events.find((e: any) => e.file.endsWith(suffix));

  it('runs the example rules against every example event and exits 0', () => {
    expect(run.status).toBe(0);
    expect(report.summary.events).toBe(report.events.length);
    expect(new Set(report.events.map((e: any) => e.source)).size).toBeGreaterThanOrEqual(13);
  });

  it('joins an analysis file with the contact record of its contact', () => {
    // UNHAPPY_AFTER_HOLD needs the number of holds, which only the CTR has.
    expect(byFile('analysis/voice-cancellation.json').matchedRules).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
    expect(byFile('realtime/voice-cancellation.json').matchedRules).toEqual(['REALTIME_REFUND_RETENTION']);
  });

  it('never evaluates a DRAFT rule', () => {
    const names = report.events.flatMap((e: any) => e.matchedRules);
    expect(names).not.toContain('NO_AGENT_GREETING');
    expect(report.summary.rules).toBe(15);
  });

  it('lists the actions of matched rules without running them', () => {
    const actions = byFile('canonical/OnCaseUpdate.json').actions;
    expect(actions).toEqual([{ rule: 'CASE_CLOSED_BILLING', type: 'END_ASSOCIATED_TASKS', status: 'not run (demo)' }]);
  });

  it('refuses a rules folder holding a rule the API would refuse', () => {
    const file = scratch({
      'bad.json': {
        Name: 'has spaces',
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[]}}',
        Actions: [],
        PublishStatus: 'PUBLISHED',
      },
    });
    const r = runCli(['demo', '--rules', file('bad.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toContain('Name');
  });
});
