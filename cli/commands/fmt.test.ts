/**
 * `connect-rules fmt` through the real binary: each form to the other, the
 * round trip of every documented example through files, standard input, and located
 * errors with exit code 2.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFunction } from '../../grammar/parse.ts';
import { printFunction } from '../../grammar/print.ts';
import { DOC_EXAMPLES } from '../../test/support/doc-examples.ts';
import { runCli, scratch } from '../../test/support/cli.ts';

const canonical = (json: string): string => printFunction(parseFunction(json).document!);

describe('connect-rules fmt', () => {
  it('turns JSON into the text form and the text form into JSON', () => {
    const file = scratch({ 'a.json': DOC_EXAMPLES.A, 'b.rule': 'on post-call\nholds >= 3 and not transcript.exact(customer) contains any ("cancel")\n' });
    const text = runCli(['fmt', file('a.json')]);
    expect(text).toMatchObject({ status: 0, stderr: '' });
    expect(text.stdout).toBe('on real-time-call\ntranscript.exact(customer) contains any ("refund") and\nqueue in ("11111111-1234-5678-9123-12345678012")\n');

    const json = runCli(['fmt', file('b.rule')]);
    expect(json.status).toBe(0);
    expect(json.stdout).toBe(`${JSON.stringify(JSON.parse(json.stdout), null, 2)}\n`);
    expect(JSON.parse(json.stdout).RuleFunction.Operands[1]).toEqual({
      Operator: 'CONTAINS_ANY',
      Operands: ['cancel'],
      ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }] },
      Negate: true,
    });
  });

  // Every documented example round-trips in grammar/text/text.test.ts; through the binary, one of each kind
  // (each run of the binary costs a Node start-up): pattern operands, compound groups, metric groups.
  it('gives back the identical canonical JSON through files: JSON → text → JSON', { timeout: 120_000 }, () => {
    const file = scratch({});
    for (const name of ['E', 'F', 'S', 'T'] as const) {
      const json = DOC_EXAMPLES[name];
      writeFileSync(file(`${name}.json`), json);
      const text = runCli(['fmt', file(`${name}.json`)]);
      expect(text.status, name).toBe(0);
      writeFileSync(file(`${name}.rule`), text.stdout);
      const back = runCli(['fmt', file(`${name}.rule`), '--indent', '0']);
      expect(back.stdout, name).toBe(`${canonical(json)}\n`);
    }
  });

  it('prints the form --to asks for, reads standard input, and names relative paths with --source', () => {
    const file = scratch({ 'c.rule': 'queue in (a)' });
    expect(runCli(['fmt', file('c.rule')]).stderr).toContain('`queue` depends on the event source');
    const json = runCli(['fmt', file('c.rule'), '--source', 'OnEmailAnalysisAvailable', '--to', 'json', '--indent', '0']);
    expect(json.stdout).toContain('"ComparisonValue":"$.ContactLens.Email.Queue.QueueId"');
    const text = runCli(['fmt', '-', '--to', 'text'], { input: 'on post-call\nqueue in (a)   and holds>=1' });
    expect(text.stdout).toBe('on post-call\nqueue in ("a") and holds >= 1\n');
    const same = runCli(['fmt', '-', '--to', 'json', '--indent', '0'], { input: DOC_EXAMPLES.N });
    expect(same.stdout).toBe(`${canonical(DOC_EXAMPLES.N)}\n`);
  });

  it('exits 2 with located errors and suggestions (bad options: test/cli/exit-codes.test.ts)', () => {
    const file = scratch({ 'bad.rule': 'on post-call\ntranscript.exact(custmer) contains any ("a")\n', 'bad.json': '{"Version": "2022-11-25", "RuleFunction": ' });
    const bad = runCli(['fmt', file('bad.rule')]);
    expect(bad).toMatchObject({ status: 2, stdout: '' });
    expect(bad.stderr).toBe(`${file('bad.rule')}:2:18: unknown filter \`custmer\` (did you mean \`customer\`?)\n`);
    expect(runCli(['fmt', file('bad.json')]).stderr).toMatch(/bad\.json:1:\d+: /);
    expect(runCli(['fmt', file('missing.rule')]).status).toBe(2);
  });

  it('refuses, as validate does, a function its source cannot take, where it knows the source (F-i)', () => {
    const file = scratch({
      'bad-operand.txt': 'on post-call\nholds >= "three"\n',
      'no-source.txt': 'holds >= "three"\n',
      'realtime.json': DOC_EXAMPLES.A,
    });
    const expected = `${file('bad-operand.txt')}:2:10: NumberGreaterOrEqualTo on Number of holds takes a number, not a string "three"\n`;
    expect(runCli(['validate', '--function', file('bad-operand.txt')])).toMatchObject({ status: 2, stderr: expected });
    expect(runCli(['fmt', file('bad-operand.txt')])).toMatchObject({ status: 2, stdout: '', stderr: expected });
    // --source gives it as the `on` line does.
    const given = runCli(['fmt', file('no-source.txt'), '--source', 'post-call']);
    expect(given).toMatchObject({ status: 2, stdout: '' });
    expect(given.stderr).toContain(`${file('no-source.txt')}:1:10: NumberGreaterOrEqualTo on Number of holds takes a number`);
    // JSON read for another source than its own: its conditions are not that source's.
    const other = runCli(['fmt', file('realtime.json'), '--source', 'post-call']);
    expect(other).toMatchObject({ status: 2, stdout: '' });
    expect(other.stderr).toMatch(/^\S*realtime\.json:\d+:\d+: /);
  });

  it('locates an unknown, quoted or missing `on` source, and counts a metric rule as its `on` line names it, in fmt and eval', () => {
    const condition = (n: number) => `CONTACTS_IN_QUEUE(by queue ("q-1")) >= ${n}`;
    const group = (g: number) => `(\n${Array.from({ length: 11 }, (_, i) => `  ${condition(100 * g + i)}`).join(' and\n')}\n)`;
    const metricBody = `for each queue\n${group(0)} or\n${group(1)}\n`;
    const file = scratch({
      'typo.rule': '# a comment first\non post-cal\nholds >= 1\n',
      'unknown.rule': 'on "nowhere"\nholds >= 1\n',
      'missing.rule': '\n  queue in ("q-1")\n',
      'quoted.rule': `on "OnMetricDataUpdate"\n${metricBody}`,
      'named.rule': `on metrics\n${metricBody}`,
      'bare.rule': metricBody,
    });
    const event = resolve(import.meta.dirname, '../../test/fixtures/analysis/voice-cancellation.json');
    const fmt = (name: string, ...lines: string[]) =>
      expect(runCli(['fmt', file(name)]), name).toMatchObject({ status: 2, stdout: '', stderr: lines.map((l) => `${file(name)}:${l}\n`).join('') });
    // eval says the first problem of the function.
    const evaluated = (name: string, line: string) => expect(runCli(['eval', '--function', file(name), '--event', event]), name).toMatchObject({ status: 2, stderr: `${file(name)}:${line}\n` });
    const noSource = (line: string) => `${line}: \`holds\` depends on the event source: start the text with \`on <source>\` (such as \`on post-call\`) or give the source`;
    fmt('typo.rule', '2:4: unknown event source `post-cal` (did you mean `post-call`?)', noSource('3:1'));
    evaluated('typo.rule', '2:4: unknown event source `post-cal` (did you mean `post-call`?)');
    const families = 'post-call, real-time-call, post-chat, real-time-chat, email, evaluation, case, sla-breach, zendesk-ticket-create, zendesk-status-update, salesforce-case-create, metrics';
    fmt('unknown.rule', `1:4: unknown event source \`nowhere\`; one of: ${families}`, noSource('2:1'));
    evaluated('unknown.rule', `1:4: unknown event source \`nowhere\`; one of: ${families}`);
    fmt('missing.rule', '2:3: `queue` depends on the event source: start the text with `on <source>` (such as `on post-call`) or give the source');
    // As an OnMetricDataUpdate rule counts (a group's 11th condition, line 14), the source quoted or by its short name;
    // with no `on` line, the general 20 conditions (the 21st, line 25).
    for (const name of ['quoted.rule', 'named.rule']) {
      fmt(name, '14:3: a metric group holds at most 10 conditions, got 11');
      evaluated(name, '14:3: a metric group holds at most 10 conditions, got 11');
    }
    fmt('bare.rule', '25:3: a rule has at most 20 conditions; this is condition 21');
  });
});
