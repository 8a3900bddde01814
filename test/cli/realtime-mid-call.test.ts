/**
 * A live call judged mid-call by every command (fidelity F17): the deployed pipeline
 * evaluates a contact's real-time rules after each SEGMENTS record and fires a rule at
 * the first where it holds, once per contact. `eval` used to judge the segments file by
 * its final state, so a rule true at 22 s and false by the end said NOT MATCHED where
 * replay and backtest fired it; rule tests (`connect-rules test`) and the REPL did the same.
 * The same file and rules through all five here (the REPL in a real terminal, as people use it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, scratch } from '../support/cli.ts';
import { PtyProgram, unavailableReason } from '../support/pty.ts';
import { freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';

const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CONTACT = 'c0ffee00-1111-4222-8333-444455556666';

const record = (type: 'STARTED' | 'SEGMENTS' | 'COMPLETED', segments?: unknown[]) => ({
  Version: '1.0.0',
  Channel: 'VOICE',
  AccountId: '111122223333',
  InstanceId: INSTANCE,
  ContactId: CONTACT,
  LanguageCode: 'en-US',
  EventType: type,
  ...(segments ? { Segments: segments } : {}),
});

let n = 0;
const said = (role: 'AGENT' | 'CUSTOMER', begin: number, end: number, sentiment: string, content: string) =>
  record('SEGMENTS', [{ Transcript: { Id: `item-${++n}`, ParticipantId: role, ParticipantRole: role, Content: content, BeginOffsetMillis: begin, EndOffsetMillis: end, Sentiment: sentiment } }]);

/** The customer is upset for the first 22 s, then pleased once the agent refunds the charge. */
const SEGMENTS = [
  record('STARTED'),
  said('CUSTOMER', 0, 8_000, 'NEGATIVE', 'My card was charged twice for the same order'),
  said('AGENT', 8_500, 12_000, 'NEUTRAL', 'Let me look into that for you'),
  said('CUSTOMER', 12_500, 22_000, 'NEGATIVE', 'This is the third time this has happened'),
  said('AGENT', 22_500, 30_000, 'POSITIVE', 'I have refunded the second charge'),
  said('CUSTOMER', 30_500, 40_000, 'POSITIVE', 'Thank you, that is great'),
  said('CUSTOMER', 40_500, 60_000, 'POSITIVE', 'You have been really helpful today'),
  record('COMPLETED'),
];

const RULES = {
  UPSET_20S: 'sentiment(customer, past 20s) = NEGATIVE',
  PLEASED_20S: 'sentiment(customer, past 20s) = POSITIVE',
  SAID_CANCEL: 'transcript.exact(customer) contains any ("cancel")',
};

const files = scratch({
  'segments.json': SEGMENTS,
  'live.rules-test.json': { rules: 'rules.json', cases: [{ name: 'upset, then pleased', event: 'segments.json', matches: ['UPSET_20S', 'PLEASED_20S'], doesNotMatch: ['SAID_CANCEL'] }] },
  'rules.json': Object.entries(RULES).map(([Name, condition]) => ({
    Name,
    TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
    Function: `on real-time-call\n${condition}\n`,
    Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
    PublishStatus: 'PUBLISHED',
  })),
});

const evalJson = (rule: string) => {
  const r = runCli(['eval', '--function', files('rules.json'), '--rule', rule, '--event', files('segments.json'), '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
};

describe('a real-time rule true mid-call and false at the end', () => {
  const db = sharedDynamoDb();

  it('eval says it matched at the record where the pipeline fires it, and that it no longer holds at the end', () => {
    expect(evalJson('UPSET_20S')).toMatchObject({ matched: true, matchedAtRecord: 3, holdsAtEnd: false, records: 8, segmentsRecords: 6 });
    expect(evalJson('PLEASED_20S')).toMatchObject({ matched: true, matchedAtRecord: 6, holdsAtEnd: true });
    const never = evalJson('SAID_CANCEL');
    expect(never).toMatchObject({ matched: false, records: 8, segmentsRecords: 6 });
    expect(never).not.toHaveProperty('matchedAtRecord');
  });

  it('says so in words, and --explain shows the trace of that state', () => {
    const r = runCli(['eval', '--function', files('rules.json'), '--rule', 'UPSET_20S', '--event', files('segments.json'), '--explain']);
    expect(r.status).toBe(0);
    const [verdict, where, ...trace] = r.stdout.split('\n');
    expect(verdict).toBe(
      `MATCHED: OnRealTimeCallAnalysisAvailable for contact ${CONTACT} at record 3 of 0-7 (the first after which it held: the pipeline fires it there; it no longer holds after the last record)`,
    );
    expect(where).toBe('trace after record 3:');
    // the window of that moment: the customer's two negative items (by the end it reads POSITIVE)
    expect(trace.join('\n')).toContain('$.ContactLens.RealTimeCall.Sentiment.State: "NEGATIVE" → true');

    const never = runCli(['eval', '--function', files('rules.json'), '--rule', 'SAID_CANCEL', '--event', files('segments.json'), '--explain']);
    expect(never.stdout.split('\n').slice(0, 2)).toEqual([
      `NOT MATCHED: OnRealTimeCallAnalysisAvailable for contact ${CONTACT} after none of its 6 SEGMENTS records`,
      'trace after record 6, the last SEGMENTS record:',
    ]);
  });

  it('backtest fires the same rules', () => {
    const r = runCli(['backtest', '--rules', files('rules.json'), files('segments.json'), '--json', '--workers', '0']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    const matched = Object.fromEntries(report.rules.map((rule: { name: string; matched: number }) => [rule.name, rule.matched]));
    expect(matched).toEqual({ UPSET_20S: 1, PLEASED_20S: 1, SAID_CANCEL: 0 });
  });

  it('a rule test expects what the pipeline fires', () => {
    const r = runCli(['test', files('live.rules-test.json')]);
    expect(r.stdout).toMatch(/✔ upset, then pleased/);
    expect(r.status).toBe(0);
  });

  it('replay fires each after the record eval names', () => {
    const r = runCli(['replay', files('segments.json'), '--rules', files('rules.json'), '--dry-run', '--json', '--endpoint', db.endpoint], { env: freshTableEnv() });
    expect(r.status).toBe(0);
    const fired = JSON.parse(r.stdout)
      .events.filter((e: { matchedRules?: string[] }) => (e.matchedRules ?? []).length > 0)
      .map((e: { file: string; matchedRules: string[] }) => [e.file.replace(/^.*#/, ''), e.matchedRules]);
    expect(fired).toEqual([
      ['3', ['UPSET_20S']],
      ['6', ['PLEASED_20S']],
    ]);
  });

  const noPty = unavailableReason();
  it.skipIf(noPty !== undefined)(`the REPL, in a real terminal, judges a typed function as eval does${noPty ? ` (skipped: ${noPty})` : ''}`, async () => {
    const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...plainEnv } = process.env;
    const repl = new PtyProgram(process.execPath, [BIN, 'repl', '--event', files('segments.json')], {
      // its own history file, not the user's
      env: { ...plainEnv, NO_COLOR: '1', CONNECT_RULES_HOME: mkdtempSync(join(tmpdir(), 'connect-rules-home-')) },
    });
    const PROMPT = /real-time-call> $/;
    try {
      await repl.waitFor(PROMPT);
      const upset = (await repl.enter(RULES.UPSET_20S, PROMPT)).split('\n').map((l) => l.trim());
      expect(upset).toContain(
        `MATCHED: OnRealTimeCallAnalysisAvailable for contact ${CONTACT} at record 3 of 0-7 (the first after which it held: the pipeline fires it there; it no longer holds after the last record)`,
      );
      expect(upset).toContain('trace after record 3:');
      expect(upset).toContain('$.ContactLens.RealTimeCall.Sentiment.State: "NEGATIVE" → true');

      const never = (await repl.enter(RULES.SAID_CANCEL, PROMPT)).split('\n').map((l) => l.trim());
      expect(never).toContain(`NOT MATCHED: OnRealTimeCallAnalysisAvailable for contact ${CONTACT} after none of its 6 SEGMENTS records`);
      expect(never).toContain('trace after record 6, the last SEGMENTS record:');
      repl.type('.exit\r');
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }
  });
});
