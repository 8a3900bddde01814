/**
 * `connect-rules repl` as people use it: in a real pseudo-terminal (typing,
 * Tab, arrow keys, colours, history kept across sessions) and with piped input
 * (scripts: every function evaluated, exit code 2 when one is invalid).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, scratch } from '../../test/support/cli.ts';
import { KEYS, PtyProgram, unavailableReason } from '../../test/support/pty.ts';

const EVENT = resolve(import.meta.dirname, '../../test/fixtures/canonical/OnPostCallAnalysisAvailable.json');
const ANALYSIS = resolve(import.meta.dirname, '../../test/fixtures/analysis/voice-cancellation.json');
const CTR = resolve(import.meta.dirname, '../../test/fixtures/contact/ctr-voice-cancellation.json');
/** Another call, contact 5e7a9c1e-... */
const OTHER_CALL = resolve(import.meta.dirname, '../../test/fixtures/analysis/voice-customer-interrupts.json');
/** The queue of the fixture contact. */
const QUEUE = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
const PROMPT = /post-call> $/;
const CONTINUE = /\.\.\.> $/;

const noPty = unavailableReason();

describe.skipIf(noPty !== undefined)(`in a real terminal${noPty ? ` (skipped: ${noPty})` : ''}`, () => {
  // Neither colour variable set, as in a plain terminal (Node 22 warns on the
  // terminal when both are set, even empty).
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...plainEnv } = process.env;
  const start = (home: string) => new PtyProgram(process.execPath, [BIN, 'repl', '--event', EVENT], { env: { ...plainEnv, CONNECT_RULES_HOME: home } });

  it('evaluates what is typed, in colour, completes with Tab, reads multi-line JSON, shows a caret under errors, keeps history', async () => {
    const home = mkdtempSync(join(tmpdir(), 'connect-rules-home-'));
    const repl = start(home);
    try {
      await repl.waitFor(/connect-rules repl, event .*OnPostCallAnalysisAvailable[\s\S]*post-call> $/);

      // A function in the text form: verdict and trace at once, in colour.
      let from = repl.raw.length;
      let seen = await repl.enter(`queue in ("${QUEUE}") and holds >= 1`, PROMPT);
      expect(seen).toContain('MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a');
      expect(seen).toMatch(/✔ AND \(1:1\) = true/);
      expect(repl.raw.slice(from)).toContain('\u001b[32mMATCHED\u001b[39m');

      // Tab completes a name of several words.
      from = repl.raw.length;
      repl.type('rout');
      repl.type(KEYS.tab);
      await repl.waitFor(/routing profile$/, from);
      seen = await repl.enter(' in ("rp-1")', PROMPT);
      expect(seen).toContain('NOT MATCHED');
      expect(seen).toMatch(/✘ Routing profile CONTAINS_ANY \["rp-1"\]/);
      expect(repl.raw.slice(from)).toContain('\u001b[31mNOT MATCHED\u001b[39m');

      // Tab after a space offers what comes next: one candidate is typed, several are listed.
      from = repl.raw.length;
      repl.type('queue in ');
      repl.type(KEYS.tab);
      await repl.waitFor(/queue in \($/, from);
      // A second Tab, as a person presses it: not in the same read as the first.
      await repl.typeRead(`"x") ${KEYS.tab}`);
      repl.type(KEYS.tab);
      await repl.waitFor(/and\s+or\s[\s\S]*queue in \("x"\) $/, from);
      seen = await repl.enter('or holds >= 1', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);

      // After a condition and a space, Tab offers only that condition's operators: the one
      // a transcript match takes is typed at once.
      from = repl.raw.length;
      repl.type('transcript.exact(customer) ');
      repl.type(KEYS.tab);
      await repl.waitFor(/transcript\.exact\(customer\) contains any$/, from);
      seen = await repl.enter(' ("cancel my account")', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
      // Inside its filter list, Tab offers the filters that condition takes: a role, then a period.
      from = repl.raw.length;
      repl.type('transcript.exact(c');
      repl.type(KEYS.tab);
      await repl.waitFor(/transcript\.exact\(customer$/, from);
      repl.type(', f');
      repl.type(KEYS.tab);
      await repl.waitFor(/transcript\.exact\(customer, first$/, from);
      seen = await repl.enter(' 60s) contains any ("cancel my account")', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
      // Several are listed, and only those: a number takes >= and <=, no word operator.
      from = repl.raw.length;
      await repl.typeRead(`holds ${KEYS.tab}`);
      repl.type(KEYS.tab);
      await repl.waitFor(/>=\s+<=\s[\s\S]*holds $/, from);
      expect(repl.raw.slice(from)).not.toMatch(/contains|matches|\bis\b|\bin\b/);
      seen = await repl.enter('>= 1', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);

      // JSON over several lines: the prompt says more is expected until the braces balance.
      await repl.enter('{"Version": "2022-11-25", "RuleFunction": {"Operator": "AND", "Operands": [', CONTINUE);
      seen = await repl.enter(
        '  {"Operator": "NumberGreaterOrEqualTo", "Operands": [2], "ComparisonValue": "$.ContactLens.PostCall.Interruptions.Instances"}]}}',
        PROMPT,
      );
      expect(seen).toContain('MATCHED: OnPostCallAnalysisAvailable');
      seen = await repl.enter('.text', PROMPT);
      expect(seen).toContain('on post-call\ninterruptions >= 2');

      // An error: where it is, with a caret under the column, and a suggestion.
      seen = await repl.enter('queue inn ("a")', PROMPT);
      expect(seen).toContain('error 1:7: unexpected word `inn` (did you mean `in`?)');
      expect(seen).toContain('  queue inn ("a")\n        ^~~');

      seen = await repl.enter('.paths', PROMPT);
      expect(seen).toMatch(new RegExp(`queue +\\$\\.ContactLens\\.PostCall\\.Queue\\.QueueId = "${QUEUE}"`));

      // Ctrl+C drops a half-typed function.
      await repl.enter('holds >= 1 and', CONTINUE);
      from = repl.raw.length;
      repl.type(KEYS.ctrlC);
      await repl.waitFor(/\(input discarded\)[\s\S]*post-call> $/, from);

      repl.type(KEYS.ctrlD);
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }

    // The history outlives the session: the up arrow brings back the last line.
    const history = readFileSync(join(home, 'repl_history'), 'utf8');
    expect(history).toContain('.paths');
    const again = start(home);
    try {
      await again.waitFor(PROMPT);
      const from = again.raw.length;
      again.type(KEYS.up);
      await again.waitFor(/holds >= 1 and$/, from);
      again.type(KEYS.up);
      await again.waitFor(/\.paths$/, from);
      let seen = await again.enter('', PROMPT);
      expect(seen).toContain('interruptions');
      // The JSON typed over two lines came back as one entry, evaluated whole again.
      for (const shown of [/\.paths$/, /holds >= 1 and$/, /queue inn \("a"\)$/, /\.text$/, /\{"Version": "2022-11-25"[\s\S]*Interruptions\.Instances"\}\]\}\}$/]) {
        const at = again.raw.length;
        again.type(KEYS.up);
        await again.waitFor(shown, at);
      }
      seen = await again.enter('', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
      expect(seen).not.toMatch(CONTINUE);
      again.type(KEYS.ctrlD);
      expect(await again.exit()).toBe(0);
    } finally {
      again.kill();
    }
  });

  it('runs a dot-command typed while a function waits for its rest, completes inside lists what they take, cuts a long line around its error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'connect-rules-home-'));
    const repl = new PtyProgram(process.execPath, [BIN, 'repl', '--event', EVENT], { env: { ...process.env, CONNECT_RULES_HOME: home, NO_COLOR: '1' } });
    /** Types `text`, then Tab twice as a person presses it, each in a read of its own (a list of candidates shows at the second). */
    const tabTwice = async (text: string) => {
      await repl.typeRead(text + KEYS.tab);
      await repl.typeRead(KEYS.tab);
    };
    try {
      await repl.waitFor(PROMPT);
      // After an operator the function goes on, as .help says; a command typed then runs (it was read as function text).
      let seen = await repl.enter('.help', PROMPT);
      expect(seen).toContain('unfinished there (after `and`, `or`, `not`, a name, an operator such as `>=` or `in`, `(` or `,`)');
      await repl.enter('holds >=', CONTINUE);
      seen = await repl.enter('.load nope.json', CONTINUE);
      expect(seen).toContain('error nope.json: no such file');
      expect(seen).not.toContain('unexpected character');
      seen = await repl.enter('1', PROMPT);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
      // One history entry for the function, the command its own.
      let from = repl.raw.length;
      repl.type(KEYS.up);
      await repl.waitFor(/holds >= 1$/, from);
      repl.type(KEYS.up);
      await repl.waitFor(/\.load nope\.json$/, from);
      repl.type(KEYS.ctrlC);
      await repl.waitFor(/\(input discarded\)[\s\S]*post-call> $/, from);

      // Inside an operand list: the condition's own values; for ids nothing, not the names of conditions.
      from = repl.raw.length;
      repl.type('disconnect reason in (CUSTOMER_D');
      repl.type(KEYS.tab);
      await repl.waitFor(/disconnect reason in \(CUSTOMER_DISCONNECT$/, from);
      seen = await repl.enter(')', PROMPT);
      expect(seen).toMatch(/(^|\n)(NOT )?MATCHED: OnPostCallAnalysisAvailable/);
      // What the screen shows from the first Tab to the verdict: no list of candidates.
      from = repl.raw.length;
      await tabTwice('queue in (');
      await repl.enter(`"${QUEUE}")`, PROMPT);
      seen = await repl.waitFor(PROMPT, from);
      expect(seen).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
      expect(seen).not.toMatch(/routing profile|transcript\.exact|all of \(/);
      // A group's `with (` list: a post-call group takes no filter, so nothing is offered.
      from = repl.raw.length;
      await tabTwice('all of (holds >= 1) with (');
      await repl.enter(')', PROMPT);
      seen = await repl.waitFor(PROMPT, from);
      expect(seen).toContain('all of (holds >= 1) with ()');
      expect(seen).not.toMatch(/routing profile|transcript\.exact/);

      // A one-line JSON function of 700 columns: the part around the error, the caret under its token.
      const holds = '{"Operator": "NumberGreaterOrEqualTo", "Operands": [1], "ComparisonValue": "$.ContactLens.PostCall.Agent.NumberOfHolds", "Negate": false}, ';
      const long = `{"Version": "2022-11-25", "RuleFunction": {"Operator": "AND", "Operands": [${holds.repeat(5)}{"Operator": "CONTAINS_SOME", "Operands": ["x"], "ComparisonValue": "$.ContactLens.PostCall.Queue.QueueId", "Negate": false}]}}`;
      seen = await repl.enter(long, PROMPT);
      const lines = seen.split('\n');
      const at = lines.findIndex((l) => /^error 1:\d+: /.test(l));
      expect(Number(/^error 1:(\d+)/.exec(lines[at]!)![1])).toBeGreaterThan(600);
      const [shown, caret] = [lines[at + 1]!, lines[at + 2]!];
      expect(shown.length).toBeLessThanOrEqual(80);
      expect(shown).toMatch(/^ {2}…/);
      expect(shown.slice(caret.indexOf('^'), caret.length)).toBe('"CONTAINS_SOME"');

      repl.type(KEYS.ctrlD);
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }
  });

  it('goes from call to call: .load of another call lets the contact record go, .contact none, .reset', async () => {
    const home = mkdtempSync(join(tmpdir(), 'connect-rules-home-'));
    const repl = new PtyProgram(process.execPath, [BIN, 'repl', '--event', ANALYSIS], { env: { ...process.env, CONNECT_RULES_HOME: home, NO_COLOR: '1' } });
    try {
      await repl.waitFor(PROMPT);
      await repl.enter(`.contact ${CTR}`, PROMPT);
      let seen = await repl.enter(`queue in ("${QUEUE}")`, PROMPT);
      expect(seen).toContain('MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a');
      seen = await repl.enter(`.load ${OTHER_CALL}`, PROMPT);
      expect(seen).toContain(
        `notice contact ${CTR} no longer used: the contact record is for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a, the analysis file for contact 5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c3e (at /ContactId) (.contact <file> for this one)`,
      );
      expect(seen).toContain('NOT MATCHED: OnPostCallAnalysisAvailable for contact 5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c3e');
      await repl.enter(`.load ${ANALYSIS}`, PROMPT);
      await repl.enter(`.contact ${CTR}`, PROMPT);
      seen = await repl.enter('.contact none', PROMPT);
      expect(seen).toContain('no contact record');
      expect(seen).toContain('NOT MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a');
      seen = await repl.enter('.reset', /rules> $/);
      expect(seen).toContain('reset');
      seen = await repl.enter('.source', /rules> $/);
      expect(seen).toContain('no source yet');
      repl.type('.exit\r');
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }
  });

  it('refuses a function nested past the limit, located, and the session goes on', async () => {
    const home = mkdtempSync(join(tmpdir(), 'connect-rules-home-'));
    const repl = new PtyProgram(process.execPath, [BIN, 'repl', '--event', EVENT], { env: { ...process.env, CONNECT_RULES_HOME: home, NO_COLOR: '1' } });
    try {
      await repl.waitFor(PROMPT);
      // Pasted at once: 500 parentheses overflowed the parser's stack while the line was read, and the session died.
      let seen = await repl.enter(`${'('.repeat(500)}queue in ("x")${')'.repeat(500)}`, PROMPT);
      expect(seen).toContain('error 1:129: nesting is deeper than 128 levels');
      seen = await repl.enter(`${'not '.repeat(2_000)}holds >= 1`, PROMPT);
      expect(seen).toContain('error 1:513: nesting is deeper than 128 levels');
      seen = await repl.enter('holds >= 1', PROMPT);
      expect(seen).toContain('MATCHED: OnPostCallAnalysisAvailable');
      repl.type('.exit\r');
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }
  });

  it('turns colour off for NO_COLOR', async () => {
    const home = mkdtempSync(join(tmpdir(), 'connect-rules-home-'));
    const repl = new PtyProgram(process.execPath, [BIN, 'repl', '--event', EVENT], { env: { ...process.env, CONNECT_RULES_HOME: home, NO_COLOR: '1' } });
    try {
      await repl.waitFor(PROMPT);
      const from = repl.raw.length;
      await repl.enter('holds >= 1', PROMPT);
      expect(repl.raw.slice(from)).toContain('MATCHED');
      expect(repl.raw.slice(from)).not.toContain('\u001b[32m');
      repl.type('.exit\r');
      expect(await repl.exit()).toBe(0);
    } finally {
      repl.kill();
    }
  });
});

describe('with piped input', () => {
  it('evaluates each function, text or JSON, one per line or over several, and exits 0', () => {
    const input = [
      '# text functions end at the end of a line, unless the next line goes on with `and` / `or`',
      'transcript.exact(customer) contains any ("refund", "cancel")',
      `  and queue in ("${QUEUE}")`,
      'holds >= 5',
      '{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[',
      '  {"Operator":"EQUALS","Operands":[],"ComparisonValue":"$.ContactLens.PostCall.Queue.QueueId"}]}}',
      '.explain off',
      'attribute "CustomerTier" = "Gold"',
    ].join('\n');
    const { status, stdout, stderr } = runCli(['repl', '--event', EVENT], { input });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const verdicts = stdout.split('\n').filter((l) => /^(NOT )?MATCHED/.test(l));
    expect(verdicts.map((v) => v.split(':')[0])).toEqual(['MATCHED', 'NOT MATCHED', 'NOT MATCHED', 'MATCHED']);
    expect(stdout).toContain('matched "cancel"');
    expect(stdout).not.toContain('\u001b[');
  });

  it('runs a dot-command on the line after an unfinished function, which the end of input then ends', () => {
    const { status, stdout } = runCli(['repl', '--event', EVENT], { input: 'holds >= \n.load nope.json\n' });
    expect(stdout.split('\n')[0]).toBe('error nope.json: no such file');
    expect(stdout).not.toContain('unexpected character');
    // `holds >=` with nothing after it, at the end of the input: its own error.
    expect(stdout).toMatch(/^error 1:10: /m);
    expect(status).toBe(2);
  });

  it('exits 2 when a function is invalid, with the error located', () => {
    const { status, stdout } = runCli(['repl', '--source', 'OnPostChatAnalysisAvailable'], { input: 'talk time(agent) >= 5\nqueue in ("q")\n' });
    expect(status).toBe(2);
    expect(stdout).toContain('error 1:1: `talk time` ($.ContactLens.PostChat.TalkTime.TotalTimeSecs) is not a condition of OnPostChatAnalysisAvailable');
    expect(stdout).toContain('valid for OnPostChatAnalysisAvailable');
  });

  it('runs the dot-commands: load an analysis file with its contact record, pick a source, save both forms', () => {
    const file = scratch({});
    const input = [
      `.load ${ANALYSIS}`,
      `.contact ${CTR}`,
      'sentiment score(customer) <= -1',
      `.save ${file('rule.json')}`,
      `.save ${file('rule.rule')}`,
      '.json',
      '.source OnPostCalAnalysisAvailable',
      '.nope',
    ].join('\n');
    const { status, stdout } = runCli(['repl'], { input });
    expect(stdout).toContain(`loaded ${ANALYSIS}: OnPostCallAnalysisAvailable`);
    expect(stdout).toMatch(/^MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1/m);
    expect(JSON.parse(readFileSync(file('rule.json'), 'utf8')).RuleFunction.Operands[0].ComparisonValue).toBe('$.ContactLens.PostCall.Sentiment.OverallScore');
    expect(readFileSync(file('rule.rule'), 'utf8')).toBe('on post-call\nsentiment score(customer) <= -1\n');
    expect(stdout).toContain('"Operator": "NumberLessOrEqualTo"');
    expect(stdout).toContain('error unknown event source "OnPostCalAnalysisAvailable" (did you mean `OnPostCallAnalysisAvailable`?)');
    expect(stdout).toContain('error unknown command .nope');
    expect(status).toBe(2);
  });

  it('switches calls with a contact record loaded, drops the record with .contact none, starts again with .reset', () => {
    const input = [
      `.load ${ANALYSIS}`,
      `.contact ${CTR}`,
      '.explain off',
      `queue in ("${QUEUE}")`,
      `.load ${OTHER_CALL}`,
      `.load ${ANALYSIS}`,
      `.contact ${CTR}`,
      '.contact none',
      '.reset',
      '.source',
    ].join('\n');
    const { status, stdout } = runCli(['repl'], { input });
    expect(stdout.split('\n').filter((l) => l !== '')).toEqual([
      `loaded ${ANALYSIS}: OnPostCallAnalysisAvailable`,
      `contact ${CTR}`,
      'explain off',
      'MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      `notice contact ${CTR} no longer used: the contact record is for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a, the analysis file for contact 5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c3e (at /ContactId) (.contact <file> for this one)`,
      `loaded ${OTHER_CALL}: OnPostCallAnalysisAvailable`,
      'NOT MATCHED: OnPostCallAnalysisAvailable for contact 5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c3e',
      `loaded ${ANALYSIS}: OnPostCallAnalysisAvailable`,
      'NOT MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      `contact ${CTR}`,
      'MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      'no contact record',
      'NOT MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      'reset',
      'no source yet',
    ]);
    expect(status).toBe(0);
  });

  it('refuses a contact record given as the event, saying where it goes', () => {
    const { status, stderr } = runCli(['repl', '--event', CTR], { input: '' });
    expect(status).toBe(2);
    expect(stderr).toBe(`${CTR}: a contact record (CTR or DescribeContact response), not an event: give it with --contact, and the contact's analysis file or event with --event\n`);
  });

  it('refuses a missing event file before reading any input', () => {
    const { status, stderr } = runCli(['repl', '--event', 'no-such.json'], { input: '' });
    expect(status).toBe(2);
    expect(stderr).toContain('no-such.json: no such file');
    expect(existsSync('no-such.json')).toBe(false);
  });
});
