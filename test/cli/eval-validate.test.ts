/**
 * The CLI contract other tools rely on (issue: foundation): `eval` and `validate` —
 * verdicts, JSON output, explain trace, exit codes and located messages. The real
 * binary (`runCli`) shows each output form (a thrown refusal under --json too), exit
 * code, colour switch and the parse once, and eval's --source; the other cases run
 * the same command body in-process (`runInProcess`: same text, same exit code,
 * without 0.3-0.5 s of CPU for a Node start each), which does not run the commands'
 * actions (what they hand on to runCommand).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, scratch } from '../support/cli.ts';
import { runInProcess } from '../support/cli-in-process.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

const INSTANCE = 'a1b2c3d4-0000-4000-8000-000000000001';

const postCallEvent = {
  EventSourceName: 'OnPostCallAnalysisAvailable',
  InstanceId: INSTANCE,
  ContactLens: {
    PostCall: {
      ContactId: 'c-1',
      Queue: { QueueId: 'q-sales' },
      Transcript: [
        { Id: 't1', ParticipantRole: 'AGENT', Content: 'Thank you for calling, how can I help?', BeginOffsetMillis: 0, EndOffsetMillis: 3000 },
        { Id: 't2', ParticipantRole: 'CUSTOMER', Content: 'I want to cancel my account, and get my refunds.', BeginOffsetMillis: 3500, EndOffsetMillis: 8000 },
      ],
      TotalConversationDurationMillis: 8000,
    },
  },
};

const cancelInSales = {
  Version: '2022-11-25',
  RuleFunction: {
    Operator: 'AND',
    Operands: [
      {
        Operator: 'CONTAINS_ANY',
        Operands: ['cancel my account'],
        ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
        FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }] },
        Negate: false,
      },
      { Operator: 'CONTAINS_ANY', Operands: ['q-sales'], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false },
    ],
  },
};

const inSupport = {
  Version: '2022-11-25',
  RuleFunction: {
    Operator: 'AND',
    Operands: [{ Operator: 'CONTAINS_ANY', Operands: ['q-support'], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false }],
  },
};

/** Broken on purpose: a missing comma on line 3, column 5 (before "Operands"). */
const brokenText = '{"Version":"2022-11-25",\n "RuleFunction":{"Operator":"AND"\n    "Operands":[]}}';

const file = scratch({
  'event.json': postCallEvent,
  'cancel.json': cancelInSales,
  'support.json': inSupport,
  'broken.json': brokenText,
  'unknown-op.json': {
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [{ Operator: 'NUMBER_GREATER', Operands: [3], ComparisonValue: '$.ContactLens.PostCall.Agent.NumberOfHolds', Negate: false }],
    },
  },
  'hold-over-half.json': {
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        { Operator: 'NumberGreaterOrEqualTo', Operands: [50], ComparisonValue: '$.ContactLens.PostCall.Agent.CustomerHoldDurationPct', Negate: false },
      ],
    },
  },
  'not-json.json': 'this is not json',
  'cancel.rule': 'transcript.exact(customer) contains any ("cancel my account") and queue in ("q-sales")\n',
  'typo.rule': 'queue in ("q-sales") and\n  queu in ("x")\n',
  'bye-chat.rule': 'on post-chat\ntranscript.exact(customer) contains any ("bye")\n',
  'comments.rule': '# cancellations, to write\n',
  'on-only.rule': 'on post-call\n',
  'binary.rule': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]).toString('latin1'),
  'queue.rule': 'queue in ("q-sales")\n',
  'chat.rule': 'on post-chat\ntranscript.exact(customer) contains any ("bill")\n',
  'ctr.json': { ContactId: 'c-1', Channel: 'VOICE', InitiationMethod: 'INBOUND', InstanceARN: `arn:aws:connect:eu-west-2:111122223333:instance/${INSTANCE}`, Queue: { ARN: 'arn:aws:connect:eu-west-2:111122223333:instance/x/queue/q-sales', Name: 'Sales' }, Attributes: {} },
  'bye.rule': 'transcript.exact(customer) contains any ("bye")\n',
});

describe('connect-rules eval', () => {
  it('prints a match as JSON with the source and exits 0', () => {
    const r = runCli(['eval', '--function', file('cancel.json'), '--event', file('event.json'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ matched: true, source: 'OnPostCallAnalysisAvailable', instanceId: INSTANCE });
    expect(out.trace).toBeUndefined();
  });

  it('exits 0 on a function that does not match, and says so', async () => {
    const r = await runInProcess(['eval', '--function', file('support.json'), '--event', file('event.json'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).matched).toBe(false);
  });

  it('with --explain --json includes the trace with the resolved values', async () => {
    const r = await runInProcess(['eval', '--function', file('support.json'), '--event', file('event.json'), '--json', '--explain']);
    const { trace } = JSON.parse(r.stdout);
    expect(trace.operator).toBe('AND');
    expect(trace.children[0]).toMatchObject({ path: '$.ContactLens.PostCall.Queue.QueueId', value: 'q-sales', raw: false, result: false });
  });

  it('without --json prints a readable verdict and trace naming the matched words', () => {
    const r = runCli(['eval', '--function', file('cancel.json'), '--event', file('event.json'), '--explain']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MATCHED: OnPostCallAnalysisAvailable for contact c-1/);
    expect(r.stdout).toContain('cancel my account');
    expect(r.stdout).toContain('t2');
  });

  it('colours the verdict (green matched, red not matched) only when asked by FORCE_COLOR or a terminal, never under NO_COLOR', () => {
    const run = (rule: string, env: Record<string, string>) => runCli(['eval', '--function', file(rule), '--event', file('event.json')], { env }).stdout;
    expect(run('cancel.json', { NO_COLOR: '', FORCE_COLOR: '1' })).toMatch(/^\u001b\[32mMATCHED\u001b\[39m: OnPostCallAnalysisAvailable/);
    expect(run('support.json', { NO_COLOR: '', FORCE_COLOR: '1' })).toMatch(/^\u001b\[31mNOT MATCHED\u001b\[39m: OnPostCallAnalysisAvailable/);
    // Piped (stdout is not a terminal) and not forced; forced but NO_COLOR set.
    expect(run('cancel.json', { NO_COLOR: '', FORCE_COLOR: '' })).toMatch(/^MATCHED: OnPostCallAnalysisAvailable/);
    expect(run('support.json', { NO_COLOR: '1', FORCE_COLOR: '1' })).toMatch(/^NOT MATCHED: OnPostCallAnalysisAvailable/);
  });

  it('--explain colours each true condition green and each false one red, under the same switches as the verdict', async () => {
    const run = async (env: Record<string, string>) => (await runInProcess(['eval', '--function', file('cancel.json'), '--event', file('event.json'), '--explain'], { env })).stdout;
    const coloured = await run({ NO_COLOR: '', FORCE_COLOR: '1' });
    // cancelInSales holds on this event: its AND and both conditions are true.
    expect(coloured.match(/\u001b\[32m✔\u001b\[39m/g)).toHaveLength(3);
    const notMatched = (await runInProcess(['eval', '--function', file('support.json'), '--event', file('event.json'), '--explain'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout;
    expect(notMatched).toMatch(/\u001b\[31m✘\u001b\[39m AND/);
    expect(notMatched).toMatch(/\u001b\[31m✘\u001b\[39m Queue/);
    const plain = await run({ NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toMatch(/^✔ AND/m);
  });

  it('--explain shows a derived fraction to 2 decimals; --json keeps the exact value', async () => {
    // 70 s of hold over 48 s of agent interaction + 70 s of hold: 59.322...%.
    const inputs = ['--function', file('hold-over-half.json'), '--event', `${FIXTURES}/analysis/voice-customer-interrupts.json`, '--contact', `${FIXTURES}/contact/ctr-voice-customer-interrupts.json`, '--explain'];
    const text = await runInProcess(['eval', ...inputs]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/^MATCHED: OnPostCallAnalysisAvailable/);
    expect(text.stdout).toContain('$.ContactLens.PostCall.Agent.CustomerHoldDurationPct: 59.32 → true');
    const json = JSON.parse((await runInProcess(['eval', ...inputs, '--json'])).stdout);
    const value = json.trace.children[0].value as number;
    expect(value).toBeGreaterThan(59.322);
    expect(value).toBeLessThan(59.323);
  });

  it('refuses a malformed function with exit 2 and a located message', () => {
    const r = runCli(['eval', '--function', file('broken.json'), '--event', file('event.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file('broken.json')}:3:5:`);
    expect(r.stdout).toBe('');
  });

  it('refuses an event that is not an event with exit 2', async () => {
    const bad = await runInProcess(['eval', '--function', file('cancel.json'), '--event', file('not-json.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not-json.json');
    const missing = await runInProcess(['eval', '--function', file('cancel.json'), '--event', file('nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('with --json prints a refusal as {"errors": [{file, line, column, message}]} on stdout', async () => {
    const located = await runInProcess(['eval', '--function', file('typo.rule'), '--event', file('event.json'), '--json']);
    expect(located.status).toBe(2);
    expect(located.stderr).toBe('');
    expect(JSON.parse(located.stdout)).toEqual({
      errors: [{ file: file('typo.rule'), line: 2, column: 3, message: 'unknown condition `queu` on post-call (did you mean `queue`?)' }],
    });
    // The binary: a refusal thrown (not returned) comes out as JSON only if eval's action hands --json to runCommand.
    const missing = runCli(['eval', '--function', file('cancel.json'), '--event', file('nope.json'), '--json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('');
    expect(JSON.parse(missing.stdout)).toEqual({ errors: [{ file: file('nope.json'), line: null, column: null, message: 'no such file' }] });
    const notJson = await runInProcess(['eval', '--function', file('cancel.json'), '--event', file('not-json.json'), '--json']);
    const [problem, ...more] = JSON.parse(notJson.stdout).errors;
    expect(more).toEqual([]);
    expect(problem).toMatchObject({ file: file('not-json.json'), line: 1, column: 1 });
    expect(problem.message).toMatch(/^not valid JSON: /);
    const broken = scratch({ 'broken-event.json': brokenText })('broken-event.json');
    const placed = await runInProcess(['eval', '--function', file('cancel.json'), '--event', broken]);
    expect(placed.status).toBe(2);
    expect(placed.stderr).toBe(`${broken}:3:5: not valid JSON: Expected ',' or '}' after property value\n`);
  });

  it("names the token V8 only quotes in a cut excerpt: `unexpected '}'`, not `..\"0\"` (F-c)", async () => {
    const broken = scratch({ 'broken.json': '{"Version":"1.1.0",\n "x": }' })('broken.json');
    const placed = await runInProcess(['eval', '--function', file('cancel.json'), '--event', broken]);
    expect(placed.status).toBe(2);
    expect(placed.stderr).toBe(`${broken}:2:7: not valid JSON: unexpected '}'\n`);
  });

  it('says a file with no condition has none, instead of a syntax error', async () => {
    const comments = await runInProcess(['eval', '--function', file('comments.rule'), '--event', file('event.json')]);
    expect(comments.status).toBe(2);
    expect(comments.stderr).toBe(`${file('comments.rule')}:2:1: no condition: the text holds only comments; write one such as \`queue in ("q-1")\`\n`);
    const onOnly = await runInProcess(['validate', '--function', file('on-only.rule')]);
    expect(onOnly.stderr).toBe(`${file('on-only.rule')}:2:1: no condition: the text holds only the \`on\` line; write one such as \`queue in ("q-1")\`\n`);
  });

  it('refuses a binary file in one line, without its bytes', async () => {
    const asFunction = await runInProcess(['eval', '--function', file('binary.rule'), '--event', file('event.json')]);
    expect(asFunction.status).toBe(2);
    expect(asFunction.stderr).toBe(`${file('binary.rule')}: not a text file (the control byte 0x7f at line 1, column 1); a rule is JSON, YAML or the readable text form\n`);
    const asEvent = await runInProcess(['eval', '--function', file('queue.rule'), '--event', file('binary.rule')]);
    expect(asEvent.stderr).toBe(`${file('binary.rule')}: not a text file (the control byte 0x7f at line 1, column 1); expected JSON\n`);
  });

  it('says a contact record given as --event belongs to --contact', async () => {
    const r = await runInProcess(['eval', '--function', file('queue.rule'), '--event', file('ctr.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${file('ctr.json')}: a contact record (CTR or DescribeContact response), not an event: give it with --contact, and the contact's analysis file or event with --event\n`);
    // And the other way round: an event given as --contact belongs to --event.
    const swapped = await runInProcess(['eval', '--function', file('queue.rule'), '--event', file('event.json'), '--contact', file('event.json')]);
    expect(swapped.status).toBe(2);
    expect(swapped.stderr).toBe(
      `${file('event.json')}: a canonical trigger event, not a contact record: give it with --event, and the contact's CTR or DescribeContact response with --contact\n`,
    );
  });

  it('warns of a key written twice in the event or contact file, and reads the last, as replay and the Lambdas do', async () => {
    const text = JSON.stringify(postCallEvent, null, 2).replace('"Queue": {', '"Queue": { "QueueId": "q-support" },\n      "Queue": {');
    const twice = scratch({ 'twice.json': text, 'ctr.json': '{"ContactId": "c-1", "Channel": "CHAT",\n "Channel": "VOICE"}' });
    const r = await runInProcess(['eval', '--function', file('queue.rule'), '--event', twice('twice.json'), '--contact', twice('ctr.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('MATCHED: OnPostCallAnalysisAvailable for contact c-1\n');
    const last = 'the last is read, as the Lambda runtime reads an event';
    expect(r.stderr).toBe(
      `warning: ${twice('twice.json')}:8:7: duplicate key "Queue" at ContactLens.PostCall.Queue (first written at line 7, column 7): ${last}\n` +
        `warning: ${twice('ctr.json')}:2:2: duplicate key "Channel" (first written at line 1, column 22): ${last}\n`,
    );
    // The REPL started on the same files says the same, on standard error, and reads the same.
    const repl = runCli(['repl', '--event', twice('twice.json'), '--contact', twice('ctr.json')], { input: 'queue in ("q-sales")\n' });
    expect(repl.stderr).toBe(r.stderr);
    expect(repl.stdout).toMatch(/(^|\n)MATCHED: OnPostCallAnalysisAvailable/);
  });

  it('warns when a condition of the contact record reads missing without --contact', async () => {
    const { Queue: _queue, ...withoutQueue } = postCallEvent.ContactLens.PostCall;
    const noQueue = scratch({ 'event.json': { ...postCallEvent, ContactLens: { PostCall: withoutQueue } } })('event.json');
    const r = await runInProcess(['eval', '--function', file('queue.rule'), '--event', noQueue]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('NOT MATCHED: OnPostCallAnalysisAvailable for contact c-1\n');
    expect(r.stderr).toBe('warning: $.ContactLens.PostCall.Queue.QueueId reads missing: it comes from the contact record; give the CTR or DescribeContact response with --contact\n');
    const withContact = await runInProcess(['eval', '--function', file('queue.rule'), '--event', noQueue, '--contact', file('ctr.json')]);
    expect(withContact.stderr).toBe('');
    expect(withContact.stdout).toBe('MATCHED: OnPostCallAnalysisAvailable for contact c-1\n');
  });

  it('warns when a real-time condition on the contact did not apply, not yet known without --contact', async () => {
    const at = scratch({ 'gold.txt': 'on real-time-call\nattribute "CustomerTier" = "Gold"\n' });
    const segments = resolve(FIXTURES, 'realtime/voice-cancellation.json');
    const r = await runInProcess(['eval', '--function', at('gold.txt'), '--event', segments]);
    expect(r.stdout).toMatch(/^NOT MATCHED: OnRealTimeCallAnalysisAvailable/);
    expect(r.stderr).toBe(
      'warning: $.ContactLens.RealTimeCall.ContactAttribute.CustomerTier did not apply: it is not yet known in this real-time session; give the CTR or DescribeContact response with --contact\n',
    );
    const withContact = await runInProcess(['eval', '--function', at('gold.txt'), '--event', segments, '--contact', resolve(FIXTURES, 'contact/ctr-voice-cancellation.json')]);
    expect(withContact.stderr).toBe('');
    expect(withContact.stdout).toMatch(/^MATCHED: OnRealTimeCallAnalysisAvailable/);
  });

  it("reads a DescribeContact response's AI agents, and says a CTR has none", async () => {
    const agent = '30682191-2312-4c27-9fc1-752e7a399d52';
    const condition = {
      Operator: 'CONTAINS_ANY',
      Operands: [`${agent}:2`],
      ComparisonValue: '$.ContactLens.PostCall.AiAgent.IdWithVersion',
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'AiAgentUseCase', Data: { Value: 'SelfService' } }] },
      Negate: false,
    };
    const describe = JSON.parse(readFileSync(resolve(FIXTURES, 'contact/describe-contact-voice-cancellation.json'), 'utf8'));
    describe.Contact.WisdomInfo = { AiAgents: [{ AiAgentVersionId: `${agent}:2`, AiUseCase: 'SelfService', AiAgentEscalated: false }] };
    const at = scratch({ 'ai.json': { Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [condition] } }, 'describe.json': describe });
    const call = resolve(FIXTURES, 'analysis/voice-cancellation.json');
    const matched = await runInProcess(['eval', '--function', at('ai.json'), '--event', call, '--contact', at('describe.json')]);
    expect(matched.stderr).toBe('');
    expect(matched.stdout).toMatch(/^MATCHED: OnPostCallAnalysisAvailable/);
    const fromCtr = await runInProcess(['eval', '--function', at('ai.json'), '--event', call, '--contact', resolve(FIXTURES, 'contact/ctr-voice-cancellation.json')]);
    expect(fromCtr.stdout).toMatch(/^NOT MATCHED/);
    expect(fromCtr.stderr).toBe(
      'warning: $.ContactLens.PostCall.AiAgent.IdWithVersion reads missing: a contact record (CTR) carries no AI agents; give the DescribeContact response with --contact\n',
    );
    const alone = await runInProcess(['eval', '--function', at('ai.json'), '--event', call]);
    expect(alone.stderr).toContain('give the DescribeContact response (its Contact.WisdomInfo.AiAgents; a CTR has none) with --contact');
  });

  it('says a post-chat rule is for chat when the event is a call', async () => {
    const r = await runInProcess(['eval', '--function', file('chat.rule'), '--event', file('event.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${file('chat.rule')}: the rule is for OnPostChatAnalysisAvailable (post-chat) and ${file('event.json')} is OnPostCallAnalysisAvailable (post-call); evaluate it on an event of its source\n`,
    );
  });

  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('0.1.0\n');
  });

  it('eval --help (eval started alone) prints the help the whole program gives for eval', () => {
    const alone = runCli(['eval', '--help']);
    const whole = runCli(['help', 'eval']);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toMatch(/^Usage: connect-rules eval \[options\]\n/);
    expect(alone.stdout).toContain('--instance-id <id>');
    expect(alone.stdout).toBe(whole.stdout);
  });

  it('eval without --event says so and shows its help, as every command does', () => {
    const r = runCli(['eval', '--function', file('cancel.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: required option '--event <file>' not specified\n/);
    expect(r.stderr).toContain('Usage: connect-rules eval [options]');
  });

  it('an in-process run takes the options as the binary does (the command\'s own definition): it refuses what the binary refuses', async () => {
    await expect(runInProcess(['eval', '--function', file('cancel.json')])).rejects.toThrow(/required option '--event <file>' not specified/);
    await expect(runInProcess(['validate', '--function', file('cancel.json'), '--evnt', file('event.json')])).rejects.toThrow(/unknown option '--evnt'/);
  });

  it('checks a text against a --source other than its `on` line, naming both, with no hint of the word as written', async () => {
    const r = await runInProcess(['eval', '--function', file('chat.rule'), '--event', file('event.json'), '--source', 'post-call']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${file('chat.rule')}:2:1: \`transcript.exact\` ($.ContactLens.PostChat.ExactMatch.Transcript) is not a condition of OnPostCallAnalysisAvailable (given by --source; the \`on\` line names OnPostChatAnalysisAvailable)\n`,
    );
  });

  it('names the `on` line of a text form held in a JSON string, as validate does', async () => {
    const held = scratch({ 'held.json': JSON.stringify('on post-call\n\nqueue in ("q-sales")\n') })('held.json');
    const caseCreated = ['--event', `${FIXTURES}/eventbridge/cases-case-created.json`, '--instance-id', INSTANCE];
    for (const [command, ...rest] of [['eval', ...caseCreated], ['validate']]) {
      const r = await runInProcess([command, '--function', held, ...rest, '--source', 'OnCaseCreate']);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${held} (Function string):3:1: \`queue\` ($.ContactLens.PostCall.Queue.QueueId) is not a condition of OnCaseCreate (given by --source; the \`on\` line names OnPostCallAnalysisAvailable)\n`);
    }
  });

  it('refuses a --source that disagrees with the event', () => {
    // The binary: eval's action, not the test's helper, hands --source to the command.
    const r = runCli(['eval', '--function', file('cancel.json'), '--event', file('event.json'), '--source', 'OnPostChatAnalysisAvailable']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file('event.json')}: the input is a canonical OnPostCallAnalysisAvailable event, which feeds OnPostCallAnalysisAvailable, not OnPostChatAnalysisAvailable\n`);
  });
});

describe('the readable text form', () => {
  it('eval takes a function in the text form', () => {
    const r = runCli(['eval', '--function', file('cancel.rule'), '--event', file('event.json'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).matched).toBe(true);
  });

  it('validate locates a text-form mistake and suggests the closest name', async () => {
    const r = await runInProcess(['validate', '--function', file('typo.rule'), '--source', 'OnPostCallAnalysisAvailable']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file('typo.rule')}:2:3:`);
    expect(r.stderr).toContain('did you mean `queue`');
  });

  it('validate refuses an event source named twice, once, and reads the conditions in the first', async () => {
    const twice = scratch({ 'twice-on.rule': 'on post-call\non metrics\nqueue in ("q-1")\n' })('twice-on.rule');
    const r = await runInProcess(['validate', '--function', twice]);
    expect(r.stderr).toBe(`${twice}:2:1: the event source is named twice\n`);
    expect(r.status).toBe(2);
  });
});

describe('connect-rules eval on the other payloads replay reads', () => {
  const EXAMPLES = resolve(import.meta.dirname, '../../examples/rules');
  const closedBilling = `${EXAMPLES}/case-closed-billing.json`;
  const caseUpdated = `${FIXTURES}/eventbridge/cases-case-updated.json`;

  it('evaluates a Cases EventBridge event, asking for --instance-id since it names only its Cases domain', () => {
    const without = runCli(['eval', '--function', closedBilling, '--event', caseUpdated]);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/cases-case-updated\.json \(Cases CASE\.UPDATED\) names no Amazon Connect instance \(its Cases domain \S+ is mapped to none\): give it with --instance-id\n$/);
    const r = runCli(['eval', '--function', closedBilling, '--event', caseUpdated, '--instance-id', INSTANCE, '--explain']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MATCHED: OnCaseUpdate\n/);
    expect(r.stdout).toContain('$.Case.Fields.status: "closed" → true');
    const json = JSON.parse(runCli(['eval', '--function', closedBilling, '--event', caseUpdated, '--instance-id', INSTANCE, '--json']).stdout);
    expect(json).toMatchObject({ matched: true, source: 'OnCaseUpdate', instanceId: INSTANCE });
  });

  it('names both sources when the Cases event feeds another source than the rule', async () => {
    const r = await runInProcess(['eval', '--function', closedBilling, '--event', `${FIXTURES}/eventbridge/cases-case-created.json`, '--instance-id', INSTANCE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the rule is for OnCaseUpdate (case) and');
    expect(r.stderr).toContain('cases-case-created.json is OnCaseCreate (case)');
  });

  it('evaluates an evaluation export file as OnContactEvaluationSubmit', async () => {
    const r = await runInProcess(['eval', '--function', `${EXAMPLES}/evaluation-low-section-score.json`, '--event', `${FIXTURES}/evaluation/evaluation-voice-cancellation.json`, '--explain']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MATCHED: OnContactEvaluationSubmit for contact /);
    expect(r.stdout).toContain('$.ContactLens.ContactEvaluation.Section.Score: 75 → true');
  });

  it('warns, as validate does, that a rule valid against another --source was evaluated as that one', async () => {
    const r = await runInProcess(['eval', '--function', closedBilling, '--event', `${FIXTURES}/eventbridge/cases-case-created.json`, '--instance-id', INSTANCE, '--source', 'OnCaseCreate']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('NOT MATCHED: OnCaseCreate\n');
    expect(r.stderr).toBe(`warning: ${closedBilling} (Function): checked against --source OnCaseCreate; the rule's own source is OnCaseUpdate\n`);
  });

  it('warns that --contact is not read for a Cases event', async () => {
    const r = await runInProcess(['eval', '--function', closedBilling, '--event', caseUpdated, '--instance-id', INSTANCE, '--contact', file('ctr.json')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('warning: --contact is not read: OnCaseUpdate events carry no contact record\n');
  });

  it('says what to do with a payload that holds no single trigger event', async () => {
    const contactEvent = await runInProcess(['eval', '--function', closedBilling, '--event', `${FIXTURES}/eventbridge/contact-event-voice-connected.json`]);
    expect(contactEvent.status).toBe(2);
    expect(contactEvent.stderr).toContain('an Amazon Connect contact event: no rule is evaluated on it');
    expect(contactEvent.stderr).toContain('connect-rules replay');
    const batch = scratch({ 'kinesis.json': { Records: [{ eventSource: 'aws:kinesis', kinesis: { data: 'e30=' } }] } })('kinesis.json');
    const r = await runInProcess(['eval', '--function', closedBilling, '--event', batch]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${batch}: a Kinesis Lambda event; a batch of records: run it with \`connect-rules replay\`, which reads each record\n`);
  });
});

describe('connect-rules validate', () => {
  it('piped into a reader that leaves before it prints (`| head`): no EPIPE stack, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'validate', '--function', resolve(import.meta.dirname, '../../examples/rules'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('prints valid and exits 0 for a valid function', () => {
    const r = runCli(['validate', '--function', file('cancel.json'), '--source', 'OnPostCallAnalysisAvailable']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('valid');
  });

  it('names every problem as file:line:col and exits 2', () => {
    const r = runCli(['validate', '--function', file('unknown-op.json'), '--source', 'OnPostCallAnalysisAvailable']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file('unknown-op.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .*NUMBER_GREATER`));
  });

  it('refuses a path of another source', async () => {
    const r = await runInProcess(['validate', '--function', file('cancel.json'), '--source', 'OnPostChatAnalysisAvailable']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.ContactLens.PostCall.ExactMatch.Transcript');
  });

  // F18. AWS (OnPostCallAnalysisAvailable and siblings): queue "Operands – A list of queue IDs",
  // agent "Operands – A list of agent IDs". The value compared is the id, so an ARN copied from
  // the console would validate and never match; it is refused at the operand, naming its id.
  describe('refuses an ARN where AWS documents ids, naming the id inside it', () => {
    const ID = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
    const arnOf = (resource: string) => `arn:aws:connect:us-east-1:111122223333:instance/4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/${resource}/${ID}`;
    const ruleOn = (path: string, operand: string) => ({
      Version: '2022-11-25',
      RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS_ANY', Operands: ['an-id', operand], ComparisonValue: path, Negate: false }] },
    });
    it.each([
      ['OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.Queue.QueueId', 'queue'],
      ['OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.Agent.AgentId', 'agent'],
      ['OnPostChatAnalysisAvailable', '$.ContactLens.PostChat.Queue.QueueId', 'queue'],
      ['OnPostChatAnalysisAvailable', '$.ContactLens.PostChat.Agent.AgentId', 'agent'],
      ['OnRealTimeCallAnalysisAvailable', '$.ContactLens.RealTimeCall.Queue.QueueId', 'queue'],
      ['OnRealTimeCallAnalysisAvailable', '$.ContactLens.RealTimeCall.Agent.AgentId', 'agent'],
      ['OnEmailAnalysisAvailable', '$.ContactLens.Email.Queue.QueueId', 'queue'],
      ['OnEmailAnalysisAvailable', '$.ContactLens.Email.Agent.AgentId', 'agent'],
      ['OnContactEvaluationSubmit', '$.ContactLens.ContactEvaluation.Agent.AgentId', 'agent'],
      ['OnCaseCreate', '$.Case.Fields.assigned_queue', 'queue'],
      ['OnCaseUpdate', '$.Case.Fields.assigned_queue', 'queue'],
    ])('%s %s', async (source, path, resource) => {
      const rule = scratch({ 'rule.json': ruleOn(path, arnOf(resource)) })('rule.json');
      const r = await runInProcess(['validate', '--function', rule, '--source', source]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .*takes ${resource} ids: ${ID}, not the ${resource}'s ARN$`, 'm'));
      const plain = scratch({ 'rule.json': ruleOn(path, ID) })('rule.json');
      expect((await runInProcess(['validate', '--function', plain, '--source', source])).stdout).toBe('valid\n');
    });

    it('eval refuses it on the canonical post-call event, whose queue is that id, instead of NOT MATCHED', async () => {
      const event = resolve(FIXTURES, 'canonical/OnPostCallAnalysisAvailable.json');
      const queueId = JSON.parse(readFileSync(event, 'utf8')).ContactLens.PostCall.Queue.QueueId as string;
      const queueArn = `arn:aws:connect:us-east-1:111122223333:instance/4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/queue/${queueId}`;
      const rule = scratch({ 'rule.json': ruleOn('$.ContactLens.PostCall.Queue.QueueId', queueArn) })('rule.json');
      const r = await runInProcess(['eval', '--function', rule, '--event', event]);
      expect(r.status).toBe(2);
      expect(r.stdout).not.toContain('NOT MATCHED');
      expect(r.stderr).toContain(`takes queue ids: ${queueId}, not the queue's ARN`);
    });

    it("still takes a user's ARN on a case's assigned user, which holds the ARN", async () => {
      const rule = scratch({ 'rule.json': ruleOn('$.Case.Fields.assigned_user', arnOf('agent')) })('rule.json');
      expect((await runInProcess(['validate', '--function', rule, '--source', 'OnCaseCreate'])).stdout).toBe('valid\n');
    });
  });

  it('takes the source from a text form that starts with `on post-chat`', async () => {
    const r = await runInProcess(['validate', '--function', file('bye-chat.rule')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('valid\n');
    expect(r.status).toBe(0);
  });

  it('takes the short names of the text form as --source', async () => {
    const chat = await runInProcess(['validate', '--function', file('bye.rule'), '--source', 'post-chat']);
    expect(chat.stdout).toBe('valid\n');
    const call = await runInProcess(['validate', '--function', file('cancel.json'), '--source', 'post-call']);
    expect(call.stdout).toBe('valid\n');
    const wrong = await runInProcess(['validate', '--function', file('cancel.json'), '--source', 'post-chat']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('$.ContactLens.PostCall.ExactMatch.Transcript');
  });

  it('says which sources a short name of several sources names', async () => {
    const r = await runInProcess(['validate', '--function', file('bye.rule'), '--source', 'case']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('event source "case" names 2 sources; one of: OnCaseCreate, OnCaseUpdate\n');
  });

  it('with --json prints {"valid": true, "rules": [names]} for valid rules and exits 0', () => {
    const r = runCli(['validate', '--function', resolve(import.meta.dirname, '../../examples/rules'), '--rule', 'BILLING_CASE_SLA', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, rules: ['BILLING_CASE_SLA'] });
  });

  it('with --json prints every problem as {file, line, column, message} on stdout and exits 2', async () => {
    const broken = await runInProcess(['validate', '--function', file('broken.json'), '--source', 'post-call', '--json']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toBe('');
    expect(JSON.parse(broken.stdout).errors).toEqual([{ file: file('broken.json'), line: 3, column: 5, message: expect.stringContaining("expected ','") }]);

    // The binary: a refusal thrown (not returned) comes out as JSON only if validate's action hands --json to runCommand.
    const usage = runCli(['validate', '--function', file('cancel.json'), '--source', 'OnSomething', '--json']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('');
    expect(JSON.parse(usage.stdout).errors[0]).toMatchObject({ line: null, column: null, message: expect.stringContaining('unknown event source "OnSomething"') });
  });

  it('tells a sentiment-shift rule written in the rule\'s own AND to nest it, and the nested form it names is valid', async () => {
    const shift = 'opening sentiment(customer) >= 2 and closing sentiment(customer) <= -2';
    const loose = scratch({ 'shift.rule': `on post-call\n${shift}\n` })('shift.rule');
    const r = await runInProcess(['validate', '--function', loose]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${loose}:2:1:`);
    expect(r.stderr).toContain('Sentiment score shift compound condition, a group of its own');
    expect(r.stderr).not.toContain('must stand in an AND group');
    const nested = scratch({ 'shift.rule': `on post-call\nall of (${shift})\n` })('shift.rule');
    expect((await runInProcess(['validate', '--function', nested])).stdout).toBe('valid\n');
  });

  it('checks a rule against a --source other than its own, as eval does, and names both sources', async () => {
    const rule = scratch({
      'rule.json': { Name: 'CANCEL', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: JSON.stringify(cancelInSales), Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }, { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'CANCEL' } }], PublishStatus: 'PUBLISHED' },
    })('rule.json');
    expect((await runInProcess(['validate', '--function', rule, '--source', 'post-call'])).stdout).toBe('valid\n');
    const r = await runInProcess(['validate', '--function', rule, '--source', 'OnCaseCreate']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\S+rule\.json \(Function\):1:\d+: .*\$\.ContactLens\.PostCall\.ExactMatch\.Transcript is a condition of OnPostCallAnalysisAvailable, not OnCaseCreate \(given by --source; the rule's own source is OnPostCallAnalysisAvailable\)$/);
    // The note is for the function's problems, as in eval; an action's problem is about the given source alone.
    expect(lines.find((l) => l.includes('GENERATE_EVENTBRIDGE_EVENT'))).toMatch(/not supported for event source OnCaseCreate \(supported: [^)]*\)$/);
  });

  it('says once, as eval does, that a rule valid against another --source was checked against that one', async () => {
    const rule = resolve(import.meta.dirname, '../../examples/rules/case-created-billing-sla.json');
    const r = await runInProcess(['validate', '--function', rule, '--source', 'OnCaseUpdate']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('valid\n');
    expect(r.stderr).toBe(`warning: ${rule} (Function): checked against --source OnCaseUpdate; the rule's own source is OnCaseCreate\n`);
  });

  it('names the `on` line, not the rule, when a text-form Function supplies the source its rule body does not', async () => {
    const rule = scratch({
      'rule.json': { Name: 'Q', TriggerEventSource: { EventSourceName: 'OnSomethingElse' }, Function: 'on post-call\n\nqueue in ("q-sales")\n', Actions: [], PublishStatus: 'PUBLISHED' },
    })('rule.json');
    const r = await runInProcess(['validate', '--function', rule, '--source', 'OnCaseCreate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${rule} (Function):3:1: \`queue\` ($.ContactLens.PostCall.Queue.QueueId) is not a condition of OnCaseCreate (given by --source; the \`on\` line names OnPostCallAnalysisAvailable)\n`);
  });

  it('checks a text form against a --source other than its `on` line, naming both and suggesting no name as typed', async () => {
    const text = scratch({ 'queue.rule': 'on post-call\n\nqueue in ("q-sales")\n' })('queue.rule');
    const r = await runInProcess(['validate', '--function', text, '--source', 'OnCaseCreate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${text}:3:1: \`queue\` ($.ContactLens.PostCall.Queue.QueueId) is not a condition of OnCaseCreate (given by --source; the \`on\` line names OnPostCallAnalysisAvailable)\n`,
    );
  });

  it('names a rule whose Name an earlier rule of the folder has, after every rule\'s own problems', async () => {
    const body = (name: string, fn: object) => ({
      Name: name,
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: JSON.stringify(fn),
      Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
      PublishStatus: 'PUBLISHED',
    });
    const folder = scratch({
      'a.json': body('CANCEL', cancelInSales),
      'b.json': body('CANCEL', inSupport),
      'c.json': body('HOLDS', { Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'NUMBER_GREATER', Operands: [3], ComparisonValue: '$.ContactLens.PostCall.Agent.NumberOfHolds', Negate: false }] } }),
    })('');
    const r = await runInProcess(['validate', '--function', folder]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+c\.json \(Function\):1:\d+: .*NUMBER_GREATER/);
    expect(lines[1]).toBe(`${folder}/b.json (rule CANCEL): the name CANCEL is also the name of ${folder}/a.json (rule CANCEL); rule names are unique in an instance`);
    expect((await runInProcess(['validate', '--function', folder, '--rule', 'CANCEL'])).status, 'both rules named CANCEL are checked, and clash').toBe(2);
    expect((await runInProcess(['validate', '--function', folder, '--rule', 'HOLDS', '--json'])).stdout).not.toContain('unique in an instance');
  });

  it('refuses an unknown source name', async () => {
    const r = await runInProcess(['validate', '--function', file('cancel.json'), '--source', 'OnSomething']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown event source "OnSomething"');
  });
});
