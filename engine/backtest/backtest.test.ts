/**
 * Backtest on generated calls (analysis files and contact records on disk), checked
 * against the engine's evaluation of each call and rule one by one, as `eval` does.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCall, ruleBodies, writeCalls } from '../../bench/calls.ts';
import { checkAnyForm } from '../../grammar/text/index.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { compileFunction } from '../compile/index.ts';
import { buildTriggerEvent } from '../context/index.ts';
import { loadRuleSet } from './rules.ts';
import { runBacktest } from './run.ts';

const CALLS = 40;
let dir: string;
let ids: string[];

/** Per rule name, the contacts it matches, evaluated one call and one rule at a time. */
function oneByOne(bodies: readonly Record<string, any>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const compiled = bodies.map((b) => {
    const source = b.TriggerEventSource.EventSourceName as EventSourceName;
    const { document } = checkAnyForm(b.Function, source);
    return { name: b.Name as string, fn: compileFunction(document!, source) };
  });
  for (const c of compiled) out.set(c.name, []);
  for (let i = 0; i < CALLS; i++) {
    const call = generateCall(i, 1, 3);
    const event = buildTriggerEvent({ event: call.analysis, contact: call.ctr });
    for (const c of compiled) if (c.fn.matches(event)) out.get(c.name)!.push(call.contactId);
  }
  for (const list of out.values()) list.sort();
  return out;
}

const rulesFile = (name: string, bodies: unknown[]) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(bodies));
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtest-'));
  ids = writeCalls(join(dir, 'calls'), CALLS, { seed: 1, minutes: 3 });
});

describe('backtest', () => {
  it('counts per rule what evaluating each call with each rule counts', async () => {
    const bodies = ruleBodies(30);
    const expected = oneByOne(bodies);
    const report = await runBacktest({ paths: [join(dir, 'calls')], rules: loadRuleSet(rulesFile('rules.json', bodies)), workers: 0 });
    expect(report.summary).toMatchObject({ contacts: CALLS, files: 2 * CALLS, skipped: 0 });
    expect([...expected.values()].some((l) => l.length > 0 && l.length < CALLS)).toBe(true);
    for (const rule of report.rules) {
      expect(rule.evaluated, rule.name).toBe(CALLS);
      expect(rule.contacts, rule.name).toEqual(expected.get(rule.name));
      expect(rule.matched).toBe(rule.contacts.length);
    }
  });

  it('joins each analysis with its contact record whatever the order of files and folders', async () => {
    const rules = loadRuleSet(rulesFile('rules.json', ruleBodies(30)));
    const alone = (await runBacktest({ paths: [join(dir, 'calls')], rules, workers: 0 })).rules;
    // CTRs after the analyses, folders given in reverse, and files mixed in one folder.
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    cpSync(join(dir, 'calls', 'analysis'), mixed, { recursive: true });
    cpSync(join(dir, 'calls', 'ctr'), join(dir, 'ctr-copy'), { recursive: true });
    for (const id of ids) renameSync(join(dir, 'ctr-copy', `${id}.json`), join(mixed, `${id}_0ctr.json`));
    const reversed = (await runBacktest({ paths: [join(dir, 'calls', 'ctr'), join(dir, 'calls', 'analysis')], rules, workers: 0 })).rules;
    const together = (await runBacktest({ paths: [mixed], rules, workers: 0 })).rules;
    expect(reversed).toEqual(alone);
    expect(together).toEqual(alone);
    // A join that failed would show: the queue and agent conditions need the CTR.
    expect(alone.some((r) => r.matched > 0 && r.matched < CALLS)).toBe(true);
  });

  it('reports against a baseline the contacts each rule newly matches and no longer matches', async () => {
    const now = ruleBodies(24, 42);
    const before = [...ruleBodies(24, 7).slice(0, 20), ...ruleBodies(26, 7).slice(24)];
    const a = oneByOne(now);
    const b = oneByOne(before);
    const report = await runBacktest({
      paths: [join(dir, 'calls')],
      rules: loadRuleSet(rulesFile('now.json', now)),
      baseline: loadRuleSet(rulesFile('before.json', before), 'baseline'),
      workers: 0,
    });
    const names = new Set([...a.keys(), ...b.keys()]);
    const expected = [...names]
      .map((rule) => {
        const x = new Set(a.get(rule) ?? []);
        const y = new Set(b.get(rule) ?? []);
        const side = a.has(rule) && b.has(rule) ? 'both' : a.has(rule) ? 'rules' : 'baseline';
        return { rule, in: side, newlyMatched: [...x].filter((c) => !y.has(c)).sort(), noLongerMatched: [...y].filter((c) => !x.has(c)).sort() };
      })
      .filter((c) => c.newlyMatched.length + c.noLongerMatched.length > 0)
      .sort((p, q) => (p.rule < q.rule ? -1 : 1));
    expect(expected.length).toBeGreaterThan(3);
    expect(report.changes.map(({ rule, in: side, newlyMatched, noLongerMatched }) => ({ rule, in: side, newlyMatched, noLongerMatched }))).toEqual(expected);
    for (const r of report.rules) expect(r.baseline?.matched, r.name).toBe(b.get(r.name)?.length ?? 0);
  });

  it('gives the same report on worker threads as on one thread, the rules loaded while the threads read the first files', async () => {
    const rules = loadRuleSet(rulesFile('rules.json', ruleBodies(30)));
    const one = await runBacktest({ paths: [join(dir, 'calls')], rules, workers: 0 });
    const two = await runBacktest({ paths: [join(dir, 'calls')], rules: () => ({ rules }), workers: 2 });
    expect(two.summary.workers).toBe(2);
    expect(two.rules).toEqual(one.rules);
    // Rules that fail to load when asked for: the run stops with their error.
    const broken = () => {
      throw new Error('rules.json: not a rule');
    };
    await expect(runBacktest({ paths: [join(dir, 'calls')], rules: broken, workers: 2 })).rejects.toThrow('rules.json: not a rule');
  }, 120_000);

  it('counts a contact record given twice (two files, or one file named twice) as a duplicate, evaluated once', async () => {
    const rules = loadRuleSet(rulesFile('rules.json', ruleBodies(30)));
    const alone = await runBacktest({ paths: [join(dir, 'calls')], rules, workers: 0 });
    const twice = join(dir, 'twice');
    mkdirSync(twice);
    const [id] = ids;
    cpSync(join(dir, 'calls', 'ctr', `${id}.json`), join(twice, 'copy.json'));
    const ctr = join(dir, 'calls', 'ctr', `${id}.json`);
    for (const paths of [[join(dir, 'calls'), twice], [join(dir, 'calls'), ctr]]) {
      const report = await runBacktest({ paths, rules, workers: 0 });
      expect(report.summary).toMatchObject({ contacts: CALLS, files: 2 * CALLS + 1, skipped: 0, duplicates: 1 });
      expect(report.rules).toEqual(alone.rules);
    }
    expect(alone.summary.duplicates).toBe(0);
  });

  it('names every file it skips, with the reason, and reads .JSON files', async () => {
    const folder = join(dir, 'odd');
    mkdirSync(folder);
    const call = generateCall(0, 1, 3);
    writeFileSync(join(folder, 'CTR.JSON'), JSON.stringify(call.ctr));
    writeFileSync(join(folder, 'analysis.json'), JSON.stringify(call.analysis));
    writeFileSync(join(folder, 'notes.jsonc'), '// a comment\n{}');
    writeFileSync(join(folder, 'README.md'), '# notes');
    writeFileSync(join(folder, 'broken.json'), '{"ContactId": ');
    writeFileSync(join(folder, 'other.json'), '{"hello": "world"}');
    const report = await runBacktest({ paths: [folder], rules: loadRuleSet(rulesFile('rules.json', ruleBodies(3))), workers: 0 });
    expect(report.summary).toMatchObject({ contacts: 1, files: 4, skipped: 4 });
    expect(report.skipped.map((s) => [basename(s.file), s.reason])).toEqual([
      ['README.md', 'not-read'],
      ['broken.json', 'malformed-json'],
      ['notes.jsonc', 'not-read'],
      ['other.json', 'unknown-format'],
    ]);
    expect(report.skipped.find((s) => s.file.endsWith('notes.jsonc'))?.message).toMatch(/JSON with comments/);
  });
});

describe('backtest on the example events', () => {
  it('fires a real-time rule once per contact and shows the injected requests of its actions', async () => {
    const report = await runBacktest({ paths: ['examples/events'], rules: loadRuleSet('examples/rules'), workers: 0 });
    const byName = new Map(report.rules.map((r) => [r.name, r]));
    expect(byName.get('REALTIME_REFUND_RETENTION')?.matched).toBe(1);
    const cancellation = byName.get('ACCOUNT_CANCELLATION')!;
    expect(cancellation.contacts).toEqual(['b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a']);
    const task = cancellation.examples[0]!.actions.find((a) => a.type === 'CREATE_TASK')!;
    expect(task.request).toMatchObject({
      Name: 'Retention follow-up b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      References: { contact: { Type: 'URL', Value: 'https://example.invalid/contact/b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a' } },
    });
    // The redelivered Cases event (18) is the event of 10: evaluated once.
    expect(byName.get('BILLING_CASE_SLA')?.matched).toBe(1);
    expect(report.summary.duplicates).toBeGreaterThan(0);
  });
});
