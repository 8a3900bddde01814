/**
 * The REPL's session and completer without a terminal: how lines become
 * functions, what is printed for each, colours, and what Tab offers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeStyle, styleFor } from './colour.ts';
import { complete } from './completer.ts';
import type { EventSourceName } from '../../grammar/catalogue/index.ts';
import { ReplSession } from './session.ts';
import { mergeHistoryEntry } from './terminal.ts';
import { writeRuleShapes } from '../../test/support/rule-shapes.ts';

const EVENT = resolve(import.meta.dirname, '../../test/fixtures/canonical/OnPostCallAnalysisAvailable.json');
const METRICS = resolve(import.meta.dirname, '../../test/fixtures/canonical/OnMetricDataUpdate.json');

const session = (event = EVENT): ReplSession => {
  const s = new ReplSession(makeStyle(false));
  s.eventFile = event;
  s.rebuildEvent();
  return s;
};

describe('ReplSession', () => {
  it('.load reads every event format eval reads (Cases, Zendesk, Salesforce, evaluation export, metrics), through eval\'s reader', () => {
    const s = new ReplSession(makeStyle(false));
    const load = (file: string) => s.line(`.load ${resolve(import.meta.dirname, '../../examples/events', file)}`).replace(/\S*examples\/events\//, '');
    // A Cases event names a Cases domain, not an instance: said as eval says it.
    expect(load('10-cases-case-created.json')).toMatch(/^error 10-cases-case-created\.json \(Cases CASE\.CREATED\) names no Amazon Connect instance .*: give it with --instance-id\n$/);
    s.instanceId = 'instance-1';
    expect(load('10-cases-case-created.json')).toBe('loaded 10-cases-case-created.json: OnCaseCreate\n');
    expect(load('13-zendesk-ticket-created.json')).toMatch(/^loaded 13-zendesk-ticket-created\.json: OnZendeskTicketCreate\n/);
    expect(load('15-salesforce-case-created.json')).toMatch(/^loaded 15-salesforce-case-created\.json: OnSalesforceCaseCreate\n/);
    expect(load('09-evaluation-voice-cancellation.json')).toMatch(/^loaded 09-evaluation-voice-cancellation\.json: OnContactEvaluationSubmit\n/);
    expect(load('16-metric-snapshot.json')).toBe('loaded 16-metric-snapshot.json: OnMetricDataUpdate\n');
  });

  it('a bug in a dot-command is thrown with its stack and the pending function waits; a bug reading a function is one error line', () => {
    const s = session();
    expect(s.line('{"Version": "2022-11-25",')).toBe('');
    s.rerun = () => {
      throw new TypeError('a bug in .source');
    };
    expect(() => s.line('.source OnPostCallAnalysisAvailable')).toThrow(new TypeError('a bug in .source'));
    expect(s.pending).toBe(true);
    s.evaluate = () => {
      throw new TypeError('a bug in evaluate');
    };
    // the end of piped input flushes the pending function
    expect(s.flush()).toBe('error this function could not be read: a bug in evaluate\n');
    expect([s.pending, s.failures]).toEqual([false, 1]);
    expect(s.line('queue in ("q")')).toBe('error this function could not be read: a bug in evaluate\n');
  });

  it('ends a text function at the end of a line unless it needs more', () => {
    const s = session();
    expect(s.line('holds >= 1 and')).toBe('');
    expect(s.pending).toBe(true);
    expect(s.prompt()).toBe('      ...> ');
    expect(s.line('(interruptions >= 1 or')).toBe('');
    expect(s.line('no queue)')).toMatch(/^MATCHED: OnPostCallAnalysisAvailable/);
    expect(s.pending).toBe(false);
    expect(s.prompt()).toBe('post-call> ');
  });

  it('ends a JSON function when its braces balance, and any function at an empty line', () => {
    const s = session();
    expect(s.line('{"Version": "2022-11-25",')).toBe('');
    expect(s.line('"RuleFunction": {"Operator": "OR", "Operands": [')).toBe('');
    expect(s.line('')).toMatch(/^error 2:\d+: /);
    expect(s.line('.break')).toMatch(/^error unknown command|^$/);
    expect(s.failures).toBeGreaterThan(0);
  });

  it('goes on after an operator or a name as .help says, and runs a dot-command typed meanwhile, the function waiting', () => {
    const s = session();
    expect(s.line('.help')).toContain('unfinished there (after `and`, `or`, `not`, a name, an operator such as `>=` or `in`, `(` or `,`)');
    expect(s.line('holds >=')).toBe('');
    expect(s.pending).toBe(true);
    // A command, not function text (it was `error 2:1: unexpected character .`).
    expect(s.line('.load nope.json')).toBe('error nope.json: no such file\n');
    expect(s.line('  .explain off')).toBe('explain off\n');
    expect(s.pending).toBe(true);
    expect(s.prompt()).toBe('      ...> ');
    expect(s.line('1')).toBe('MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a\n');
    // `.break` drops it; with nothing pending it says nothing.
    expect(s.line('queue in')).toBe('');
    expect(s.line('.break')).toBe('(input discarded)\n');
    expect(s.pending).toBe(false);
    expect(s.line('.break')).toBe('');
  });

  it('keeps a function typed over several lines as one history entry, the commands typed meanwhile as their own', () => {
    const history = ['1', '.paths', 'holds >=', 'older'];
    expect(mergeHistoryEntry(history, ['holds >=', '.paths', '1'])).toBe(true);
    expect(history).toEqual(['holds >= 1', '.paths', 'older']);
    // One line of function text and a command: nothing to join.
    expect(mergeHistoryEntry(['.paths', 'holds >= 1'], ['holds >= 1', '.paths'])).toBe(false);
  });

  it('looks ahead in piped input: a next line starting with `and` / `or` / `)` carries on', () => {
    const s = session();
    expect(s.line('holds >= 1', '  and no queue')).toBe('');
    expect(s.line('  and no queue', 'holds >= 1')).toMatch(/^NOT MATCHED/);
  });

  it('takes the text form\'s short names in .source', () => {
    const s = new ReplSession(makeStyle(false));
    expect(s.line('.source post-chat')).toBe('source OnPostChatAnalysisAvailable\n');
    expect(s.prompt()).toBe('post-chat> ');
    expect(s.line('.source case')).toBe('error event source "case" names 2 sources; one of: OnCaseCreate, OnCaseUpdate\n');
    // as --source takes them: any case, the closest name for a typo
    expect(s.line('.source onpostcallanalysisavailable')).toBe('source OnPostCallAnalysisAvailable\n');
    expect(s.line('.source post-cal')).toBe('error unknown event source "post-cal" (did you mean `post-call`?)\n');
  });

  it('prints the trace with explain on, the verdict alone with it off', () => {
    const s = session();
    const on = s.line('interruptions >= 3');
    expect(on.split('\n').slice(0, 3)).toEqual([
      'MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
      '✔ AND (1:1) = true',
      '  ✔ Interruptions NumberGreaterOrEqualTo [3] (1:1)',
    ]);
    s.line('.explain off');
    expect(s.line('interruptions >= 4')).toBe('NOT MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a\n');
  });

  it('shows errors with a caret under the span, on the right line', () => {
    const s = session();
    s.line('holds >= 1 and');
    expect(s.line('queue in ("a") adn holds >= 2')).toBe(
      'error 2:16: unexpected `adn` after the end of a condition (did you mean `and`?)\n  queue in ("a") adn holds >= 2\n                 ^~~\n',
    );
  });

  it("shows the part of a long line around the error's column, so neither it nor the caret wraps", () => {
    const s = new ReplSession(makeStyle(false));
    s.line('.source OnCaseCreate');
    const rule = resolve(import.meta.dirname, '../../examples/rules/post-call-account-cancellation.json');
    const out = s.line(`.load ${rule}`).split('\n');
    // The source it is checked against is not the rule's own: said before the errors.
    expect(out[0]).toBe(`loaded rule ACCOUNT_CANCELLATION from ${rule} (OnPostCallAnalysisAvailable); checked against OnCaseCreate (.source), not its own source`);
    const at = out.findIndex((l) => l.startsWith('error 1:'));
    expect(out[at]).toMatch(/^error 1:\d{3}: Unsupported ComparisonValue: \$\.ContactLens\.PostCall\.ExactMatch\.Transcript is a condition of OnPostCallAnalysisAvailable/);
    const [shown, caret] = [out[at + 1]!, out[at + 2]!];
    expect(shown.length).toBeLessThanOrEqual(80);
    expect(shown).toMatch(/^ {2}….*…$/);
    // The caret and its span under the path the message names.
    const start = caret.indexOf('^');
    expect(shown.slice(start, caret.length)).toBe('"$.ContactLens.PostCall.ExactMatch.Transcript"');
  });

  it('without an event: checks against the source, or says what is missing', () => {
    const s = new ReplSession(makeStyle(false));
    expect(s.line('queue in ("a")')).toContain('`queue` depends on the event source');
    expect(s.line('{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[]}}')).toContain('parsed; no event source yet');
    expect(s.line('on post-chat')).toBe('');
    expect(s.line('queue in ("a")')).toBe('valid for OnPostChatAnalysisAvailable; .load <event> to evaluate it\n');
    expect(s.effectiveSource).toBe('OnPostChatAnalysisAvailable');
  });

  it('.load re-runs the current function; .source and .load errors leave the session as it was', () => {
    const s = new ReplSession(makeStyle(false));
    s.line('.source OnPostCallAnalysisAvailable');
    s.line('holds >= 1');
    expect(s.line(`.load ${EVENT}`)).toMatch(/^loaded .*: OnPostCallAnalysisAvailable\nMATCHED/);
    expect(s.line('.source OnPostChatAnalysisAvailable')).toMatch(/^error /);
    expect(s.effectiveSource).toBe('OnPostCallAnalysisAvailable');
    expect(s.line('.load nowhere.json')).toBe('error nowhere.json: no such file\n');
    // A contact record is not an event: said, with where it goes.
    const ctr = resolve(import.meta.dirname, '../../examples/events/05-ctr-voice-cancellation.json');
    expect(s.line(`.load ${ctr}`)).toBe(
      `error ${ctr}: a contact record (CTR or DescribeContact response), not an event: give it with .contact <file>, and the contact's analysis file or event with .load <file>\n`,
    );
    // And an event is not a contact record.
    expect(s.line(`.contact ${EVENT}`)).toBe(
      `error ${EVENT}: a canonical trigger event, not a contact record: give it with .load <file>, and the contact's CTR or DescribeContact response with .contact <file>\n`,
    );
    expect(s.eventFile).toBe(EVENT);
    expect(s.line('.explain maybe')).toBe('error expected .explain on or .explain off\n');
  });

  it('.load takes the function of a rule in any shape: a DescribeRule response, a template by rule name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repl-rules-'));
    const fn = '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[{"Operator":"NumberGreaterOrEqualTo","Operands":[1],"ComparisonValue":"$.ContactLens.PostCall.Agent.NumberOfHolds","Negate":false}]}}';
    const rule = { Name: 'HOLDS', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: fn, Actions: [], PublishStatus: 'DRAFT' };
    writeFileSync(join(dir, 'described.json'), JSON.stringify({ Rule: { ...rule, RuleId: 'r-1' } }));
    const s = new ReplSession(makeStyle(false));
    // No event yet: the rule's own source is taken.
    expect(s.line(`.load ${join(dir, 'described.json')}`)).toBe(`loaded rule HOLDS from ${join(dir, 'described.json')} (OnPostCallAnalysisAvailable)\nvalid for OnPostCallAnalysisAvailable; .load <event> to evaluate it\n`);
    expect(s.line(`.load ${EVENT}`)).toMatch(/^loaded .*: OnPostCallAnalysisAvailable\nMATCHED/);

    const yaml = ['Resources:', ...['A', 'B'].flatMap((n) => [`  Rule${n}:`, '    Type: AWS::Connect::Rule', '    Properties:', `      Name: ${n}`, '      TriggerEventSource: { EventSourceName: OnPostCallAnalysisAvailable }', `      Function: '${fn.replace('[1]', n === 'A' ? '[1]' : '[9]')}'`, '      PublishStatus: DRAFT', '      Actions: { EventBridgeActions: [{ Name: x }] }'])].join('\n');
    writeFileSync(join(dir, 'stack.yaml'), yaml);
    expect(s.line(`.load ${join(dir, 'stack.yaml')}`)).toBe(`error ${join(dir, 'stack.yaml')} holds 2 rules (A, B): .load ${join(dir, 'stack.yaml')} <rule name>\n`);
    expect(s.line(`.load ${join(dir, 'stack.yaml')} B`)).toMatch(/^loaded rule B from .*stack\.yaml \(OnPostCallAnalysisAvailable\)\nNOT MATCHED/);
  });

  it('.load of a rule with PreEvaluationFilters: NOT EVALUATED until the contact record\'s tags pass them, as eval and the pipeline; a function typed has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repl-filters-'));
    const fn = '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[{"Operator":"NumberGreaterOrEqualTo","Operands":[1],"ComparisonValue":"$.ContactLens.PostCall.Agent.NumberOfHolds","Negate":false}]}}';
    const filters = { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Dept', FilterValue: 'Sales', Operator: 'EQUALS' }] };
    const rule = { Name: 'HOLDS', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: fn, Actions: [], PublishStatus: 'DRAFT', PreEvaluationFilters: filters };
    writeFileSync(join(dir, 'rule.json'), JSON.stringify(rule));
    const ctr = (tags: Record<string, string>) => {
      const path = join(dir, `${Object.values(tags).join('')}.json`);
      writeFileSync(path, JSON.stringify({ ContactId: contactId, InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/i', Channel: 'VOICE', Tags: tags }));
      return path;
    };
    const s = session();
    // The event's own contact: a record of another is refused.
    const contactId = (Object.values(s.event!.ContactLens as Record<string, { ContactId: string }>)[0]!).ContactId;
    s.explain = false;
    const verdict = (out: string) => out.split('\n').find((l) => /MATCHED|EVALUATED/.test(l));
    expect(s.line(`.load ${join(dir, 'rule.json')}`)).toContain('; PreEvaluationFilters tag Dept = "Sales"\n');
    expect(verdict(s.rerun())).toMatch(/^NOT EVALUATED: OnPostCallAnalysisAvailable.* \(PreEvaluationFilters tag Dept = "Sales"; contact tags unknown \(no contact record: give it with \.contact <file>\)\)$/);
    expect(verdict(s.line(`.contact ${ctr({ Dept: 'Support' })}`))).toMatch(/^NOT EVALUATED: .*contact tags \{Dept: "Support"\}\)$/);
    s.explain = true;
    expect(s.rerun().split('\n')[1]).toMatch(/^not evaluated: the filters are applied before the conditions .*; the conditions alone: MATCHED$/);
    s.explain = false;
    const sales = ctr({ Dept: 'Sales' });
    expect(verdict(s.line(`.contact ${sales}`))).toMatch(/^MATCHED: /);
    // The record the event was built with decides, not the file as it is now: gone, or edited, it changes nothing until `.contact` again.
    writeFileSync(sales, JSON.stringify({ ContactId: contactId, InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/i', Channel: 'VOICE', Tags: { Dept: 'Support' } }));
    expect(verdict(s.rerun())).toMatch(/^MATCHED: /);
    rmSync(sales);
    expect(verdict(s.rerun())).toMatch(/^MATCHED: /);
    // The same function typed (the contact file still gone): not the rule, no filters.
    expect(verdict(s.line(fn))).toMatch(/^MATCHED: /);
  });

  it('.load of a rule whose function does not parse leaves the current function with its own filters (none), not the refused rule\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repl-filters-'));
    const fn = '{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[{"Operator":"NumberGreaterOrEqualTo","Operands":[1],"ComparisonValue":"$.ContactLens.PostCall.Agent.NumberOfHolds","Negate":false}]}}';
    const rule = (name: string, fn: string, extra: object) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ Name: name, TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: fn, Actions: [], PublishStatus: 'DRAFT', ...extra }));
      return path;
    };
    const filters = { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Dept', FilterValue: 'Sales', Operator: 'EQUALS' }] };
    const s = session();
    s.explain = false;
    const verdict = (out: string) => out.split('\n').find((l) => /MATCHED|EVALUATED/.test(l));
    expect(verdict(s.line(`.load ${rule('GOOD', fn, {})}`))).toMatch(/^MATCHED: /);
    expect(s.line(`.load ${rule('BAD', fn.slice(0, -2), { PreEvaluationFilters: filters })}`)).toMatch(/\nerror /);
    expect(verdict(s.rerun())).toMatch(/^MATCHED: /);
    expect(verdict(s.line('.source OnPostCallAnalysisAvailable'))).toMatch(/^MATCHED: /);
  });

  it.each(Object.entries(writeRuleShapes()))('.load takes the function of a %s', (_shape, { path, rules }) => {
    const s = session();
    const out = s.line(`.load ${path}${rules.length > 1 ? ' SHAPED' : ''}`);
    expect(out).toMatch(new RegExp(`^loaded ${rules.length ? 'rule SHAPED' : 'function'} from .*\\n(MATCHED|NOT MATCHED): OnPostCallAnalysisAvailable`));
    expect(s.line('.text')).toBe('on post-call\nqueue in ("q-1")\n');
  });

  it('.paths lists names, paths and the event values, metric rows included', () => {
    const post = session().line('.paths');
    expect(post).toMatch(/^ {2}holds +\$\.ContactLens\.PostCall\.Agent\.NumberOfHolds = 1$/m);
    expect(post).toMatch(/^ {2}attribute "CustomerTier" +\$\.ContactLens\.PostCall\.ContactAttribute\.CustomerTier = "Gold"$/m);
    expect(post).toMatch(/transcript\.exact +\$\.ContactLens\.PostCall\.ExactMatch\.Transcript = \d+ transcript items/);
    const metrics = session(METRICS).line('.paths');
    expect(metrics).toMatch(/CONTACTS_IN_QUEUE +\$\.MetricData\.CONTACTS_IN_QUEUE = \S/);
  });

  it('.paths shows a derived fraction as the explain trace does, to 2 decimals', () => {
    const fixtures = resolve(import.meta.dirname, '../../test/fixtures');
    const s = session(`${fixtures}/analysis/voice-customer-interrupts.json`);
    s.line(`.contact ${fixtures}/contact/ctr-voice-customer-interrupts.json`);
    // 70 s of hold over 48 s of interaction + 70 s of hold: 59.322...%.
    expect(s.line('.paths')).toMatch(/^ {2}hold percent +\$\.ContactLens\.PostCall\.Agent\.CustomerHoldDurationPct = 59\.32$/m);
  });

  it('.load and .contact warn of a key written twice and read the last, as eval does', () => {
    const fixtures = resolve(import.meta.dirname, '../../test/fixtures');
    const dir = mkdtempSync(join(tmpdir(), 'repl-twice-'));
    const event = join(dir, 'twice.json');
    // The analysis file says CHAT, then VOICE: read as a call, as replay and the Lambdas read it.
    writeFileSync(event, readFileSync(`${fixtures}/analysis/voice-customer-interrupts.json`, 'utf8').replace('"Channel": "VOICE",', '"Channel": "CHAT",\n  "Channel": "VOICE",'));
    const contact = join(dir, 'ctr.json');
    writeFileSync(contact, readFileSync(`${fixtures}/contact/ctr-voice-customer-interrupts.json`, 'utf8').replace(/^\{/, '{"Channel": "CHAT",'));
    const s = new ReplSession(makeStyle(false));
    const last = 'the last is read, as the Lambda runtime reads an event';
    expect(s.line(`.load ${event}`)).toBe(
      `warning ${event}:8:3: duplicate key "Channel" (first written at line 7, column 3): ${last}\nloaded ${event}: OnPostCallAnalysisAvailable\n`,
    );
    expect((s.event as unknown as { ContactLens: { PostCall: { Channel: string } } }).ContactLens.PostCall.Channel).toBe('VOICE');
    const loaded = s.line(`.contact ${contact}`);
    expect(loaded).toMatch(new RegExp(`^warning ${contact.replace(/[.\\/]/g, '\\$&')}:\\d+:\\d+: duplicate key "Channel" \\(first written at line 1, column 2\\): ${last}\\ncontact `));
  });

  it('.json and .text print the current function in either form', () => {
    const s = session();
    expect(s.line('.json')).toBe('error no function yet: type one first\n');
    s.line('not holds >= 2');
    expect(JSON.parse(s.line('.json')).RuleFunction.Operands[0]).toMatchObject({ Operator: 'NumberGreaterOrEqualTo', Negate: true });
    expect(s.line('.text')).toBe('on post-call\nnot holds >= 2\n');
    expect(s.line('.help')).toContain('.paths');
  });
});

describe('colours', () => {
  it('are on for a terminal unless NO_COLOR is set', () => {
    expect(styleFor({ isTTY: true }, {}).enabled).toBe(true);
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).enabled).toBe(false);
    expect(styleFor({ isTTY: true }, { NO_COLOR: '' }).enabled).toBe(true);
    expect(styleFor({ isTTY: false }, {}).enabled).toBe(false);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '1' }).enabled).toBe(true);
    expect(styleFor({ isTTY: true }, { FORCE_COLOR: '0' }).enabled).toBe(true);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '0' }).enabled).toBe(false);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }).enabled).toBe(false);
    expect(makeStyle(true).green('x')).toBe('\u001b[32mx\u001b[39m');
  });
});

describe('completion', () => {
  const P = 'OnPostCallAnalysisAvailable';
  it('completes names of several words, operators, filters and enum operands', () => {
    expect(complete('rout', P)).toEqual([['routing profile'], 'rout']);
    expect(complete('holds >= 1 and disconnect r', P)).toEqual([['disconnect reason'], 'disconnect r']);
    expect(complete('transcript.exact(customer) con', P)).toEqual([['contains any'], 'con']);
    expect(complete('queue in ("a") o', P)[0]).toEqual(['or']);
    expect(complete('holds >= 1 and con', P)[0]).toEqual(['conversation']);
    expect(complete('transcript.exact(cust', P)[0]).toContain('customer');
    expect(complete('disconnect reason in (CUSTOMER_D', P)[0]).toEqual(['CUSTOMER_DISCONNECT']);
    expect(complete('sentiment(customer) = NEG', P)[0]).toEqual(['NEGATIVE']);
    expect(complete('attr', P)[0]).toEqual(['attribute "']);
  });

  it('after a space, offers what may come next: a condition, an operator, an operand list or value, a connective', () => {
    const next = (line: string) => complete(line, P);
    for (const start of ['', 'holds >= 1 and ', 'not ', 'all of (', 'queue in ("a") or (']) {
      const [hits, replaced] = next(start);
      expect(replaced).toBe('');
      expect(hits).toEqual(expect.arrayContaining(['queue', 'routing profile', 'sentiment', 'not', 'all of (']));
      expect(hits).not.toContain('and');
    }
    expect(next('queue ')).toEqual([['in'], '']);
    expect(next('sentiment(customer) ')).toEqual([['is', '='], '']);
    expect(next('queue in ')).toEqual([['('], '']);
    expect(next('sentiment(customer) = ')).toEqual([['POSITIVE', 'NEGATIVE', 'NEUTRAL'], '']);
    // The condition's own values whatever names it: a `$.` path too.
    expect(next('$.ContactLens.PostCall.Sentiment.State(customer) = ')).toEqual([['POSITIVE', 'NEGATIVE', 'NEUTRAL'], '']);
    expect(next('holds >= ')).toEqual([[], '']);
    for (const done of ['queue in ("a") ', 'holds >= 1 ', 'transcript.exact(customer) contains any ("x") ']) expect(next(done)).toEqual([['and', 'or'], '']);
  });

  it('after a condition, offers only the operators its catalogue row takes, in the words the text form writes', () => {
    const next = (line: string, source: EventSourceName = P) => complete(line, source)[0];
    expect(next('transcript.exact(customer) ')).toEqual(['contains any']);
    expect(next('all of (transcript.exact ')).toEqual(['contains any']);
    expect(next('transcript.pattern(agent) ')).toEqual(['matches any']);
    expect(next('holds ')).toEqual(['>=', '<=']);
    expect(next('closing sentiment ')).toEqual(['>=', '<=']);
    expect(next('conversation ')).toEqual(['is', '=']);
    expect(next('attribute "Tier" ')).toEqual(['is', '=']);
    expect(next('$.ContactLens.PostCall.Queue.QueueId ')).toEqual(['in']);
    expect(next('summary ', 'OnCaseUpdate')).toEqual(['contains', 'is', '=']);
    expect(next('CONTACTS_IN_QUEUE(queue "q") ', 'OnMetricDataUpdate')).toEqual(['>=', '<=']);
    // Typed in part: only the condition's own operators complete.
    expect(next('queue con')).toEqual([]);
    expect(next('holds <')).toEqual(['<=']);
    // `no queue` is a whole condition; a value closes one.
    expect(next('no queue ')).toEqual(['and', 'or']);
    expect(next('attribute "Tier" = "gold" ')).toEqual(['and', 'or']);
    // With no source known, a name takes any operator.
    expect(complete('queue ', undefined)[0]).toEqual(['in', 'contains', 'contains any', 'matches any', 'is', '>=', '<=', '=']);
  });

  it("inside a condition's filter list offers the filters that condition takes, each type once", () => {
    // After `(` and `, ` too; a role, then a period (post-call transcript conditions take both).
    expect(complete('transcript.exact(', P)).toEqual([['agent', 'any', 'customer', 'first', 'last'], '']);
    expect(complete('transcript.exact(customer, ', P)).toEqual([['first', 'last'], '']);
    expect(complete('transcript.exact(customer, first 30s, ', P)).toEqual([[], '']);
    // Typed in part: only filters, not the names or keywords that start the same way.
    expect(complete('transcript.exact(c', P)).toEqual([['customer'], 'c']);
    expect(complete('transcript.exact(a', P)[0]).toEqual(['agent', 'any']);
    expect(complete('transcript.exact(customer, f', P)).toEqual([['first'], 'f']);
    // Each condition its own: sentiment takes a role only, pattern match a language too, metrics their dimensions.
    expect(complete('sentiment(', P)[0]).toEqual(['agent', 'any', 'customer']);
    expect(complete('transcript.pattern(customer, ', P)[0]).toEqual(['first', 'language', 'last']);
    expect(complete('CONTACTS_IN_QUEUE(', 'OnMetricDataUpdate')[0]).toEqual(['by channel', 'by queue', 'by routing profile']);
    // A parenthesis after no name is not a filter list.
    expect(complete('all of (', P)[0]).toContain('transcript.exact');
  });

  it("inside an operand list offers the condition's documented values, never condition names", () => {
    // Ids and names: nothing to offer (not the names of conditions), typed in part or not.
    expect(complete('queue in (', P)).toEqual([[], '']);
    expect(complete('queue in (a', P)).toEqual([[], 'a']);
    expect(complete('queue in ("a", ', P)).toEqual([[], '']);
    // Documented values, those the list does not hold yet.
    expect(complete('disconnect reason in (', P)[0]).toContain('CUSTOMER_DISCONNECT');
    expect(complete('disconnect reason in (CUSTOMER_DISCONNECT, ', P)[0]).not.toContain('CUSTOMER_DISCONNECT');
    expect(complete('disconnect reason in ("CUSTOMER_DISCONNECT", AGENT_D', P)).toEqual([['AGENT_DISCONNECT'], 'AGENT_D']);
    // A filter's own list: its values (the channels a metric is filtered by).
    expect(complete('CONTACTS_IN_QUEUE(by channel (', 'OnMetricDataUpdate')[0]).toEqual(expect.arrayContaining(['VOICE', 'CHAT']));
    expect(complete('CONTACTS_IN_QUEUE(by channel (VOICE, ', 'OnMetricDataUpdate')[0]).not.toContain('VOICE');
    // Closed, the condition is whole: a connective.
    expect(complete('queue in ("a") ', P)).toEqual([['and', 'or'], '']);
  });

  it("inside a group's with ( list offers the filters a group takes: only the metric rule's root, its grouping", () => {
    expect(complete('all of (holds >= 1, no queue) with (', P)).toEqual([[], '']);
    expect(complete('all of (holds >= 1) with (h', P)).toEqual([[], 'h']);
    expect(complete('with (', 'OnMetricDataUpdate')).toEqual([['MetricDataGrouping'], '']);
    expect(complete('all of (CONTACTS_IN_QUEUE >= 1) with (Met', 'OnMetricDataUpdate')).toEqual([['MetricDataGrouping'], 'Met']);
    expect(complete('with (MetricDataGrouping = ["QUEUE"], ', 'OnMetricDataUpdate')).toEqual([[], '']);
  });

  it('splits a list at its own commas: not at those inside a string or an inner list', () => {
    // The comma of "q,1" is a queue's, not the list's: the argument being typed is the whole filter.
    expect(complete('CONTACTS_IN_QUEUE(by queue ("q,1", "q2"), ', 'OnMetricDataUpdate')).toEqual([['by channel', 'by routing profile'], '']);
    expect(complete('CONTACTS_IN_QUEUE(by queue ("q,1") ', 'OnMetricDataUpdate')).toEqual([[], 'by queue ("q,1") ']);
    expect(complete('CONTACTS_IN_QUEUE(by queue ("q,1"), by r', 'OnMetricDataUpdate')).toEqual([['by routing profile'], 'by r']);
    // What follows a comma in a string is no filter of the list: `by channel` is still to be given.
    expect(complete('CONTACTS_IN_QUEUE(by queue ("x, by channel (VOICE)"), ', 'OnMetricDataUpdate')).toEqual([['by channel', 'by routing profile'], '']);
    // A filter written as `Type = data` counts as that filter, a comma in its string included.
    expect(complete('transcript.exact(ParticipantRole = "A,B", ', P)).toEqual([['first', 'last'], '']);
    expect(complete('ai agent(use case "Self, Service", ', P)).toEqual([['escalated', 'not escalated'], '']);
  });

  it('offers only the conditions the catalogue of the source accepts: no agent, queue or attribute on real-time chat', () => {
    const chat = 'OnRealTimeChatAnalysisAvailable';
    const call = 'OnRealTimeCallAnalysisAvailable';
    expect(complete('qu', call)[0]).toEqual(['queue']);
    expect(complete('attr', call)[0]).toEqual(['attribute "']);
    expect(complete('agent i', call)[0]).toEqual(['in']);
    expect(complete('qu', chat)[0]).toEqual([]);
    expect(complete('attr', chat)[0]).toEqual([]);
    // `agent` is still a participant role there (`transcript.exact(agent)`), not a condition followed by `in`.
    expect(complete('transcript.exact(ag', chat)[0]).toEqual(['agent']);
    expect(complete('agent i', chat)[0]).toEqual([]);
    // What it documents is still offered; semantic match is not (no real-time semantic match).
    expect(complete('transcript.', chat)[0]).toEqual(['transcript.exact', 'transcript.pattern']);
    expect(complete('transcript.exact(customer) contains any ("x") and sent', chat)[0]).toContain('sentiment');
    // Chat-only names are not offered on a call.
    expect(complete('first resp', P)[0]).toEqual([]);
    expect(complete('first resp', 'OnPostChatAnalysisAvailable')[0]).toEqual(['first response time']);
  });

  it('completes paths, JSON operators and filter types, dot-commands and sources', () => {
    expect(complete('$.ContactLens.PostCall.Queue', P)[0]).toEqual(['$.ContactLens.PostCall.Queue.QueueId']);
    expect(complete('{"Operator": "Number', P)).toEqual([['NumberGreaterOrEqualTo', 'NumberLessOrEqualTo'], 'Number']);
    expect(complete('"Type": "Participant', P)[0]).toEqual(['ParticipantRole']);
    expect(complete('.ex', P)[0]).toEqual(['.exit', '.explain']);
    expect(complete('.source OnPostC', P)[0]).toEqual(['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable']);
    expect(complete('.explain o', P)[0]).toEqual(['off', 'on']);
    expect(complete('on post-c', undefined)[0]).toEqual(['post-call', 'post-chat']);
  });
});
