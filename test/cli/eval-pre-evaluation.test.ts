/**
 * `eval` honours a rule's PreEvaluationFilters as the pipeline, backtest and rule
 * tests do (AWS, API reference PreEvaluationFilters: "All conditions must be met for
 * the event to be evaluated by the rule."): a contact whose tags fail them, or whose
 * tags are unknown, is NOT EVALUATED, said with the filters and the tags; --explain's
 * first line says why, and --json says `evaluated`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';
import { runInProcess } from '../support/cli-in-process.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const EVENT = resolve(FIXTURES, 'analysis/voice-cancellation.json');
const CTR = JSON.parse(readFileSync(resolve(FIXTURES, 'contact/ctr-voice-cancellation.json'), 'utf8')) as Record<string, unknown>;
const CONTACT = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';

/** The customer says "refund" on the fixture call: the conditions alone match. */
const refundForSales = {
  Name: 'refund-sales',
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  // The readable text form (docs/text-form.md), which a rule's Function may be written in.
  Function: 'transcript.exact(customer) contains any ("refund")',
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
  PreEvaluationFilters: { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Dept', FilterValue: 'Sales', Operator: 'EQUALS' }] },
};

const file = scratch({
  'rule.json': refundForSales,
  'bad-filter.json': { ...refundForSales, PreEvaluationFilters: { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Dept', FilterValue: 'Sales', Operator: 'LIKE' }] } },
  'support.json': { ...CTR, Tags: { Dept: 'Support' } },
  'sales.json': { ...CTR, Tags: { Dept: 'Sales' } },
});

/** eval's command body in-process (test/support/cli-in-process.ts); the first case runs the binary (the filters' chunk of its bundle). */
const evalRule = (rule: string, ...more: string[]) => runInProcess(['eval', '--function', file(rule), '--event', EVENT, ...more]);
const evalRuleCli = (rule: string, ...more: string[]) => runCli(['eval', '--function', file(rule), '--event', EVENT, ...more]);

describe('eval: a rule with PreEvaluationFilters', () => {
  it('is NOT EVALUATED on a contact whose tags fail the filters, though its conditions alone match; --explain says why first', () => {
    const r = evalRuleCli('rule.json', '--contact', file('support.json'), '--explain');
    expect(r.status).toBe(0);
    const [verdict, first, trace] = r.stdout.split('\n');
    expect(verdict).toBe(`NOT EVALUATED: OnPostCallAnalysisAvailable for contact ${CONTACT} (PreEvaluationFilters tag Dept = "Sales"; contact tags {Dept: "Support"})`);
    expect(first).toBe(
      'not evaluated: the filters are applied before the conditions (AWS: "All conditions must be met for the event to be evaluated by the rule."): ' +
        'PreEvaluationFilters tag Dept = "Sales"; contact tags {Dept: "Support"}; the conditions alone: MATCHED',
    );
    expect(trace).toMatch(/^✔ AND/);
  });

  it('is NOT EVALUATED when the contact tags are unknown, as in the pipeline: no --contact, or a record without Tags', async () => {
    expect((await evalRule('rule.json')).stdout).toBe(
      `NOT EVALUATED: OnPostCallAnalysisAvailable for contact ${CONTACT} (PreEvaluationFilters tag Dept = "Sales"; contact tags unknown (no contact record: give it with --contact))\n`,
    );
    const untagged = scratch({ 'ctr.json': CTR })('ctr.json');
    expect((await evalRule('rule.json', '--contact', untagged)).stdout).toMatch(/^NOT EVALUATED: .*contact tags unknown \(the contact record has no Tags\)\)\n$/);
  });

  it('is evaluated when the contact tags pass: the verdict of its conditions, --explain first says the filters held', async () => {
    const r = await evalRule('rule.json', '--contact', file('sales.json'), '--explain');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `MATCHED: OnPostCallAnalysisAvailable for contact ${CONTACT}`,
      'evaluated: PreEvaluationFilters tag Dept = "Sales"; contact tags {Dept: "Sales"}',
    ]);
  });

  it('--json says whether it was evaluated and why; a not-evaluated rule is not matched', async () => {
    const out = async (contact: string) => JSON.parse((await evalRule('rule.json', '--contact', file(contact), '--json')).stdout) as Record<string, unknown>;
    expect(await out('support.json')).toMatchObject({ matched: false, evaluated: false, preEvaluation: 'PreEvaluationFilters tag Dept = "Sales"; contact tags {Dept: "Support"}' });
    expect(await out('sales.json')).toMatchObject({ matched: true, evaluated: true });
  });

  it('refuses malformed filters as CreateRule does, naming the rule and the member (exit 2)', async () => {
    const r = await evalRule('bad-filter.json', '--contact', file('sales.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PreEvaluationFilters.AndConditions[0].Operator');
    expect(r.stderr).toContain('bad-filter.json');
    expect(r.stdout).toBe('');
  });
});
