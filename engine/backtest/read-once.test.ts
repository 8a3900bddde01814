/**
 * Backtest's index pass on worker threads: files go to the workers in batches, so a
 * contact's analysis file and its contact record are indexed by different workers; a
 * large analysis file is placed from its first kilobytes, or read whole when those do
 * not name its contact. Each way, every contact is joined with its contact record:
 * the per-rule contacts equal those of each call evaluated with each rule alone.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCall, ruleBodies, type GeneratedCall } from '../../bench/calls.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { checkAnyForm } from '../../grammar/text/index.ts';
import { compileFunction } from '../compile/index.ts';
import { buildTriggerEvent } from '../context/index.ts';
import { HEAD_BYTES } from './group.ts';
import { SNIFF_MIN_CHARS } from './pieces.ts';
import { loadRuleSet } from './rules.ts';
import { INDEX_BATCH, runBacktest } from './run.ts';

// One index task holds the first INDEX_BATCH analyses; their contact records come in
// the next tasks, which the pool gives to the other worker (the least busy).
const CALLS = INDEX_BATCH + 8;
let dir: string;
let calls: GeneratedCall[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtest-read-once-'));
  calls = Array.from({ length: CALLS }, (_, i) => generateCall(i, 5, 10));
  mkdirSync(join(dir, 'calls', 'analysis'), { recursive: true });
  mkdirSync(join(dir, 'calls', 'ctr'), { recursive: true });
  calls.forEach((call, i) => {
    // Every third file has its transcript first: its head names no contact, so it is read whole.
    const { Transcript, ...rest } = call.analysis;
    const analysis = i % 3 === 0 ? { Transcript, ...rest } : call.analysis;
    writeFileSync(join(dir, 'calls', 'analysis', `${call.contactId}_analysis.json`), JSON.stringify(analysis));
    writeFileSync(join(dir, 'calls', 'ctr', `${call.contactId}.json`), JSON.stringify(call.ctr));
  });
});

describe('backtest index pass', () => {
  it('joins each contact whose contact record another worker indexed, large files placed by their head or read whole', async () => {
    const first = JSON.stringify(calls[0]!.analysis);
    expect(first.length).toBeGreaterThan(SNIFF_MIN_CHARS);
    expect(first.indexOf('"Transcript"')).toBeGreaterThan(0);
    expect(JSON.stringify({ Transcript: calls[0]!.analysis.Transcript }).length).toBeGreaterThan(HEAD_BYTES);

    const bodies = ruleBodies(30) as Record<string, any>[];
    /** Per rule, the calls it matches, each call and rule alone (with or without the contact records). */
    const oneByOne = (joined: boolean) => {
      const events = calls.map((c) => ({ id: c.contactId, event: buildTriggerEvent({ event: c.analysis, ...(joined ? { contact: c.ctr } : {}) }) }));
      return new Map(
        bodies.map((b) => {
          const source = b.TriggerEventSource.EventSourceName as EventSourceName;
          const fn = compileFunction(checkAnyForm(b.Function, source).document!, source);
          return [b.Name as string, events.filter((e) => fn.matches(e.event)).map((e) => e.id).sort()];
        }),
      );
    };
    const expected = oneByOne(true);
    // The queue and agent conditions need the contact record: a contact left unjoined would show.
    expect([...oneByOne(false)].some(([name, ids]) => JSON.stringify(ids) !== JSON.stringify(expected.get(name)))).toBe(true);
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(bodies));

    const report = await runBacktest({ paths: [join(dir, 'calls')], rules: loadRuleSet(rulesFile), workers: 2 });
    expect(report.summary).toMatchObject({ contacts: CALLS, files: 2 * CALLS, skipped: 0, workers: 2 });
    for (const rule of report.rules) expect(rule.contacts, rule.name).toEqual(expected.get(rule.name));
  }, 120_000);
});
