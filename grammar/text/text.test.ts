/**
 * The readable text form: what each phrase means in JSON, how the printer writes
 * each construct, located errors with suggestions, and the round trip
 * JSON → text → JSON (identical canonical JSON) for every documented example, every
 * catalogue row and random functions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FunctionDocument, JsonValue } from '../ast.ts';
import { CATALOGUE, EVENT_SOURCE_NAMES, TEMPLATE_KEY, type ConditionSpec, type FilterDataSpec, type OperandSpec } from '../catalogue/index.ts';
import { parseFunction } from '../parse.ts';
import { printFunction } from '../print.ts';
import { DOC_EXAMPLES } from '../../test/support/doc-examples.ts';
import { validateFunction } from '../validate.ts';
import { plainFunction } from '../../test/support/arbitrary-text-functions.ts';
import { MAX_NESTING_DEPTH } from '../depth.ts';
import { checkAnyForm, detectForm, parseAnyForm, parseText, printText } from './index.ts';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

function json(text: string): FunctionDocument {
  const { document, errors } = parseFunction(text);
  expect(errors.map((e) => e.format())).toEqual([]);
  return document!;
}

function fromText(text: string): FunctionDocument {
  const { document, errors } = parseText(text);
  expect(errors.map((e) => e.format())).toEqual([]);
  return document!;
}

/** The canonical JSON of the text's root operands (compact), for short tables. */
const operandsOf = (text: string): string => JSON.stringify(JSON.parse(printFunction(fromText(text))).RuleFunction.Operands);

/** JSON → text → JSON gives the identical canonical JSON, and printing the text again is stable. */
function expectRoundTrip(doc: FunctionDocument): string {
  const canonical = printFunction(doc);
  const text = printText(doc);
  const back = parseText(text);
  expect(back.errors.map((e) => e.format()), text).toEqual([]);
  expect(printFunction(back.document!), text).toBe(canonical);
  expect(printText(back.document!)).toBe(text);
  return text;
}

const errorsOf = (text: string): string[] => parseText(text).errors.map((e) => e.format());

describe('phrases and the JSON they stand for', () => {
  const P = '$.ContactLens.PostCall';
  const cases: [string, string][] = [
    [
      'on post-call\ntranscript.exact(customer, first 30s) contains any ("refund", "cancel")',
      `[{"Operator":"CONTAINS_ANY","Operands":["refund","cancel"],"ComparisonValue":"${P}.ExactMatch.Transcript","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"},{"Type":"PostCallContactPeriodSeconds","Data":{"First":30}}]},"Negate":false}]`,
    ],
    ['on post-call\nqueue in ("q-1", q2)', `[{"Operator":"CONTAINS_ANY","Operands":["q-1","q2"],"ComparisonValue":"${P}.Queue.QueueId","Negate":false}]`],
    ['on post-call\nnot attribute "CustomerTier" = "gold"', `[{"Operator":"EQUALS","Operands":["gold"],"ComparisonValue":"${P}.ContactAttribute.CustomerTier","Negate":true}]`],
    ['on post-call\nattribute "a.b c" is "x"', `[{"Operator":"EQUALS","Operands":["x"],"ComparisonValue":"${P}.ContactAttribute.a.b c","Negate":false}]`],
    ['on post-call\nno queue', `[{"Operator":"EQUALS","Operands":[],"ComparisonValue":"${P}.Queue.QueueId","Negate":false}]`],
    ['on post-call\nqueue = ()', `[{"Operator":"EQUALS","Operands":[],"ComparisonValue":"${P}.Queue.QueueId","Negate":false}]`],
    ['on post-call\nholds >= 3 and holds ≤ -2.5', `[{"Operator":"NumberGreaterOrEqualTo","Operands":[3],"ComparisonValue":"${P}.Agent.NumberOfHolds","Negate":false},{"Operator":"NumberLessOrEqualTo","Operands":[-2.5],"ComparisonValue":"${P}.Agent.NumberOfHolds","Negate":false}]`],
    ['on post-call\nsentiment(agent) = NEGATIVE', `[{"Operator":"EQUALS","Operands":["NEGATIVE"],"ComparisonValue":"${P}.Sentiment.State","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"AGENT"}]},"Negate":false}]`],
    ['on zendesk-ticket-create\ntags contains "vip"', '[{"Operator":"CONTAINS","Operands":["vip"],"ComparisonValue":"$.ThirdParty.Zendesk.TicketCreate.Tags","Negate":false}]'],
    ['$.Foo.Bar in (1, "x", true, null, [1], {"a": 2})', '[{"Operator":"CONTAINS_ANY","Operands":[1,"x",true,null,[1],{"a":2}],"ComparisonValue":"$.Foo.Bar","Negate":false}]'],
    ['path "$.A[0] b" operator "CONTAINS_ALL" ("x")', '[{"Operator":"CONTAINS_ALL","Operands":["x"],"ComparisonValue":"$.A[0] b","Negate":false}]'],
    [
      'on post-call\ntranscript.pattern(any, language EN) matches any (pattern("credit*" not within 1 word "card*"), pattern(one of ("a", "b") number decimal within 3 words "x"))',
      `[{"Operator":"CONTAINS_ANY","Operands":[[{"Type":"PLAIN","Value":"credit*"},{"Type":"PROXIMITY","Value":{"Distance":1,"IsWithin":false}},{"Type":"PLAIN","Value":"card*"}],[{"Type":"LIST","Value":[{"Type":"PLAIN","Value":"a"},{"Type":"PLAIN","Value":"b"}]},{"Type":"NUMERICAL","Value":{"Decimal":false}},{"Type":"NUMERICAL","Value":{"Decimal":true}},{"Type":"PROXIMITY","Value":{"Distance":3,"IsWithin":true}},{"Type":"PLAIN","Value":"x"}]],"ComparisonValue":"${P}.PatternMatch.Transcript","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"ANY"},{"Type":"PatternMatchLanguageFilter","Data":"EN"}]},"Negate":false}]`,
    ],
    [
      'on post-call\nai agent(use case SelfService, not escalated) in ("id:1")',
      `[{"Operator":"CONTAINS_ANY","Operands":["id:1"],"ComparisonValue":"${P}.AiAgent.IdWithVersion","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"AiAgentUseCase","Data":{"Value":"SelfService"}},{"Type":"AiAgentEscalatedToHuman","Data":"FALSE"}]},"Negate":false}]`,
    ],
    [
      'on real-time-call\nsentiment(customer, past 60 seconds) = NEGATIVE',
      '[{"Operator":"EQUALS","Operands":["NEGATIVE"],"ComparisonValue":"$.ContactLens.RealTimeCall.Sentiment.State","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"},{"Type":"RealTimeCallContactPeriodSeconds","Data":{"Past":60}}]},"Negate":false}]',
    ],
    [
      // the chat's sentiment time period has the call's filter name, and the text form its `past`
      'on real-time-chat\nsentiment(agent, past 30s) = NEUTRAL',
      '[{"Operator":"EQUALS","Operands":["NEUTRAL"],"ComparisonValue":"$.ContactLens.RealTimeChat.Sentiment.State","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"AGENT"},{"Type":"RealTimeCallContactPeriodSeconds","Data":{"Past":30}}]},"Negate":false}]',
    ],
    [
      'on post-chat\ntranscript.exact(last 15s) contains any ("bye")',
      '[{"Operator":"CONTAINS_ANY","Operands":["bye"],"ComparisonValue":"$.ContactLens.PostChat.ExactMatch.Transcript","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"PostChatContactPeriodSeconds","Data":{"Last":15}}]},"Negate":false}]',
    ],
    [
      'on metrics\nAGENT_ACTIVITY(by hierarchy level 2 ("g"), past 600s) = AVAILABLE and SERVICE_LEVEL(past 60s, threshold 20s, by flow outcome (DROPPED)) <= 80',
      '[{"Operator":"EQUALS","Operands":["AVAILABLE"],"ComparisonValue":"$.MetricData.AGENT_ACTIVITY","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataFilterByAgentHierarchyLevelTwo","Data":["g"]},{"Type":"AgentActivityDurationSeconds","Data":{"Past":600}}]},"Negate":false},{"Operator":"NumberLessOrEqualTo","Operands":[80],"ComparisonValue":"$.MetricData.SERVICE_LEVEL","FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataDurationSeconds","Data":{"Past":60}},{"Type":"MetricDataThresholdSeconds","Data":{"Comparison":"LT","ThresholdValue":20}},{"Type":"MetricDataFilterByFlowOutcomeType","Data":["DROPPED"]}]},"Negate":false}]',
    ],
    [
      'on post-call\nqueue(logic "OR", ParticipantRole = "x", "Odd Type" = {"k": [1]}) in ()',
      `[{"Operator":"CONTAINS_ANY","Operands":[],"ComparisonValue":"${P}.Queue.QueueId","FilterClause":{"LogicOperator":"OR","Filters":[{"Type":"ParticipantRole","Data":"x"},{"Type":"Odd Type","Data":{"k":[1]}}]},"Negate":false}]`,
    ],
    ['on post-call\nqueue() in (a)', `[{"Operator":"CONTAINS_ANY","Operands":["a"],"ComparisonValue":"${P}.Queue.QueueId","FilterClause":{"LogicOperator":"AND","Filters":[]},"Negate":false}]`],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(operandsOf(text)).toBe(expected);
  });

  it('reads groups: chains, parentheses, explicit groups, not and negate false', () => {
    const root = (text: string) => JSON.parse(printFunction(fromText(text))).RuleFunction;
    const q = (id: string) => ({ Operator: 'CONTAINS_ANY', Operands: [id], ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId', Negate: false });
    expect(root('on post-call\nqueue in (a)')).toEqual({ Operator: 'AND', Operands: [q('a')] });
    expect(root('on post-call\nqueue in (a) or queue in (b)')).toEqual({ Operator: 'OR', Operands: [q('a'), q('b')] });
    expect(root('on post-call\n(queue in (a) or queue in (b)) and queue in (c)')).toEqual({
      Operator: 'AND',
      Operands: [{ Operator: 'OR', Operands: [q('a'), q('b')] }, q('c')],
    });
    expect(root('on post-call\n((queue in (a)))')).toEqual({ Operator: 'AND', Operands: [q('a')] });
    expect(root('on post-call\nany of (queue in (a))')).toEqual({ Operator: 'OR', Operands: [q('a')] });
    expect(root('on post-call\nall of ()')).toEqual({ Operator: 'AND', Operands: [] });
    expect(root('on post-call\nall of (queue in (a) and queue in (b))')).toEqual({ Operator: 'AND', Operands: [{ Operator: 'AND', Operands: [q('a'), q('b')] }] });
    expect(root('on post-call\nnot (queue in (a) or queue in (b))')).toEqual({ Operator: 'OR', Operands: [q('a'), q('b')], Negate: true });
    expect(root('on post-call\nnegate false (queue in (a) or queue in (b))')).toEqual({ Operator: 'OR', Operands: [q('a'), q('b')], Negate: false });
    expect(root('on post-call\ngroup "XOR" of (queue in (a)) with (x = 1)')).toEqual({
      Operator: 'XOR',
      Operands: [q('a')],
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'x', Data: 1 }] },
    });
    expect(root('on metrics\nfor each routing-profile\nall of ()')).toEqual({
      Operator: 'AND',
      Operands: [],
      FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'MetricDataGrouping', Data: ['ROUTING_PROFILE'] }] },
    });
  });

  it('reads the header lines: source, version; a source given by the caller stands for a missing `on`', () => {
    const doc = fromText('# a comment\non OnPostChatAnalysisAvailable\nversion "2099-01-01"\nqueue in (a) # why');
    expect(doc.version).toBe('2099-01-01');
    expect(parseText('on OnCaseUpdate\nstatus = "x"').source).toBe('OnCaseUpdate');
    expect(parseText('on case\nstatus = "x"').source).toBeUndefined();
    expect(parseText('on post-call\nqueue in (a)').source).toBe('OnPostCallAnalysisAvailable');
    const given = parseText('queue in (a)', { source: 'OnPostChatAnalysisAvailable' });
    expect(given.document!.root.operands[0]).toMatchObject({ comparisonValue: '$.ContactLens.PostChat.Queue.QueueId' });
  });

  it('locates every node in the text', () => {
    const text = 'on post-call\ntranscript.exact(customer) contains any ("a", "b") and\nnot holds >= 3';
    const doc = fromText(text);
    const [exact, holds] = doc.root.operands as any[];
    const slice = (span: any) => text.slice(span.start.offset, span.end.offset);
    expect(slice(exact.comparisonValueSpan)).toBe('transcript.exact');
    expect(slice(exact.operatorSpan)).toBe('contains any');
    expect(slice(exact.operandsSpan)).toBe('("a", "b")');
    expect(slice(exact.operands[1].span)).toBe('"b"');
    expect(slice(exact.filterClause.filters[0].span)).toBe('customer');
    expect(slice(doc.root.operatorSpan)).toBe('and');
    expect(slice(holds.span)).toBe('not holds >= 3');
    expect(slice(holds.negateSpan)).toBe('not');
    expect(holds.span.start).toMatchObject({ line: 3, column: 1 });
  });
});

describe('printing', () => {
  it('prints the documented examples in the readable form', () => {
    expect(printText(json(DOC_EXAMPLES.A))).toBe(
      'on real-time-call\ntranscript.exact(customer) contains any ("refund") and\nqueue in ("11111111-1234-5678-9123-12345678012")\n',
    );
    expect(printText(json(DOC_EXAMPLES.E))).toBe(
      'on post-call\ntranscript.pattern(any, language EN) matches any (pattern("credit*" not within 1 word "card*"))\n',
    );
    expect(printText(json(DOC_EXAMPLES.F))).toBe(
      'on post-call\n(opening sentiment(customer) <= -2 and closing sentiment(customer) >= 2) and holds >= 3 and no queue\n',
    );
    expect(printText(json(DOC_EXAMPLES.N))).toBe('on zendesk-status-update\nnot status = "solved"\n');
    expect(printText(json(DOC_EXAMPLES.T))).toBe(
      [
        'on metrics',
        'for each agent',
        'any of (',
        '  all of (',
        '    AGENT_ACTIVITY(by hierarchy level 1 ("<hierarchyGroupId>"), past 600s) = "<agentStatusId>"',
        '  )',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('falls back to generic forms where a readable one would change the JSON', () => {
    const doc = json(
      JSON.stringify({
        Version: '2022-11-25',
        RuleFunction: {
          Operator: 'AND',
          Operands: [
            {
              Operator: 'CONTAINS_ANY',
              Operands: [[{ Value: 'x', Type: 'PLAIN' }], 'lower'],
              ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId',
              FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'RealTimeCallContactPeriodSeconds', Data: { Past: 5 } }, { Type: 'AiAgentUseCase', Data: { Value: 'x', Extra: 1 } }] },
            },
            { Operator: 'EQUALS', Operands: ['a', 'b'], ComparisonValue: 'not a path' },
          ],
          Negate: false,
        },
      }),
    );
    expect(printText(doc)).toBe(
      'on post-call\nnegate false (\n  queue(RealTimeCallContactPeriodSeconds = {"Past":5}, AiAgentUseCase = {"Value":"x","Extra":1}) in ([{"Value":"x","Type":"PLAIN"}], "lower") and\n  path "not a path" = ("a", "b")\n)\n',
    );
    expectRoundTrip(doc);
  });

  it('prints for a given source, and breaks long chains one condition a line, the connective at the end', () => {
    const doc = json(DOC_EXAMPLES.G);
    const text = printText(doc, { width: 40 });
    expect(text.split('\n').slice(0, 3)).toEqual(['on post-call', 'talk time(agent) >= 600 and', 'loudness(customer) >= 80 and']);
    expect(printText(json(DOC_EXAMPLES.P), { source: 'OnCaseUpdate' })).toContain('on case\n');
  });
});

describe('errors: located, with suggestions', () => {
  const cases: [string, string][] = [
    ['queue in ("a")', '<function>:1:1: `queue` depends on the event source: start the text with `on <source>` (such as `on post-call`) or give the source'],
    ['on post-call\nqueu in ("a")', '<function>:2:1: unknown condition `queu` on post-call (did you mean `queue`?)'],
    ['on post-call\nqueue inn ("a")', '<function>:2:7: unexpected word `inn` (did you mean `in`?)'],
    ['on post-call\nqueue in ("a") adn holds >= 1', '<function>:2:16: unexpected `adn` after the end of a condition (did you mean `and`?)'],
    ['on post-call\nqueue in (a) and holds >= 1 or holds <= 2', '<function>:2:29: `and` and `or` are mixed: put parentheses around the conditions that go together, as in `(a and b) or c`'],
    ['on post-cal\nholds >= 1', '<function>:1:4: unknown event source `post-cal` (did you mean `post-call`?)'],
    ['on post-call\ntranscript.exact(custmer) contains any ("a")', '<function>:2:18: unknown filter `custmer` (did you mean `customer`?)'],
    ['on post-call\ntranscript.exact(past 30s) contains any ("a")', '<function>:2:18: `past 30s` has no filter on post-call conditions; write the filter as `<Type> = {"Past": 30}`'],
    ['on metrics\nCONTACTS_IN_QUEUE(by queues ("q")) >= 1', '<function>:2:19: unknown filter `by queues` (did you mean `by queue`?)'],
    ['on metrics\nfor each queu\nCONTACTS_IN_QUEUE >= 1', '<function>:2:10: unknown grouping `queu` (did you mean `queue`?)'],
    ['on post-call\nattribute = "x"', '<function>:2:1: `attribute` needs a name in quotes: `attribute "<name>"`'],
    ['on post-call\nholds > 3', '<function>:2:7: unexpected `>`: the comparisons are `>=` and `<=` (at least, at most)'],
    ['on post-call\nqueue in ("a" "b")', '<function>:2:15: expected `)` but found `"b"`'],
    ['on post-call\nqueue in ("a)', '<function>:2:11: a string that is not closed (or has an invalid escape)'],
    ['on post-call\nqueue in ("a") \u{1F600}', '<function>:2:16: unexpected character `\u{1F600}`'],
    ['on post-call\nnot not holds >= 1', '<function>:2:1: `not` is written twice on the same condition'],
    ['on post-call\ntranscript.pattern() matches any (pattern("a" wthin 2 words))', '<function>:2:47: unexpected `wthin` in a pattern (did you mean `within`?)'],
  ];
  it.each(cases)('%s', (text, message) => {
    expect(errorsOf(text)[0]).toBe(message);
  });

  it('refuses nesting past the limit both forms share, at the first token past it, without recursing', () => {
    const nested = (n: number) => `on post-call\n${'('.repeat(n)}queue in ("x")${')'.repeat(n)}`;
    // Column 2 + MAX: the `(` that opens level MAX + 1 (the value list's own is one more).
    expect(errorsOf(nested(MAX_NESTING_DEPTH))).toEqual([`<function>:2:${MAX_NESTING_DEPTH + 10}: nesting is deeper than ${MAX_NESTING_DEPTH} levels`]);
    expect(errorsOf(nested(MAX_NESTING_DEPTH - 1))).toEqual([]);
    for (const text of [nested(100_000), `on post-call\n${'not '.repeat(2_000)}queue in ("x")`, `on post-call\n${'negate true '.repeat(2_000)}holds >= 1`]) {
      const errors = errorsOf(text);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^<function>:2:\d+: nesting is deeper than 128 levels$/);
      expect(parseAnyForm(text).errors).toHaveLength(1);
      expect(checkAnyForm(text).errors).toHaveLength(1);
    }
    expect(errorsOf(`on post-call\n${'not '.repeat(MAX_NESTING_DEPTH + 1)}queue in ("x")`)[0]).toBe(
      `<function>:2:${4 * MAX_NESTING_DEPTH + 1}: nesting is deeper than ${MAX_NESTING_DEPTH} levels`,
    );
    // `not`s that are words of a pattern, and runs closed by `and`, are no nesting.
    const words = Array.from({ length: 200 }, (_, i) => `"w${i}" not within 2 words`).join(' ');
    expect(errorsOf(`on post-call\ntranscript.pattern() matches any (pattern(${words} "end"))`)).toEqual([]);
    // 200 `not`s, one a condition: no nesting (the one error is the condition limit's, checked after nesting).
    expect(errorsOf(`on post-call\n${Array.from({ length: 200 }, () => 'not holds >= 1').join(' and ')}`)).toEqual([
      `<function>:2:${20 * 'not holds >= 1 and '.length + 1}: a rule has at most 20 conditions; this is condition 21`,
    ]);
  });

  it('reports a run of `not`s once, however long', () => {
    expect(errorsOf(`on post-call\n${'not '.repeat(100)}holds >= 1`)).toEqual(['<function>:2:1: `not` is written 100 times on the same condition']);
    expect(errorsOf('on post-call\nnot not not (not holds >= 1)')).toEqual(['<function>:2:1: `not` is written 4 times on the same condition']);
  });

  it('says when a text stops short, so a REPL reads on', () => {
    for (const text of ['on post-call', 'on post-call\nholds >= 1 and', 'on post-call\n(holds >= 1', 'on post-call\nall of (', 'on post-call\nholds(']) {
      expect(parseText(text).incomplete, text).toBe(true);
    }
    for (const text of ['on post-call\nholds >= 1', 'on post-call\nholds >= 1 )', 'on post-call\nqueue in ("a)']) {
      expect(parseText(text).incomplete, text).toBe(false);
    }
    expect(parseAnyForm('{"Version": "2022-11-25", ').incomplete).toBe(true);
    expect(parseAnyForm('{"Version": 1}').incomplete).toBe(false);
  });

  it('validates the text like the JSON, naming the condition by the name the text used', () => {
    const chat = checkAnyForm('on post-chat\ntalk time(agent) >= 5');
    expect(chat.errors.map((e) => e.format())).toEqual([
      '<function>:2:1: `talk time` ($.ContactLens.PostChat.TalkTime.TotalTimeSecs) is not a condition of OnPostChatAnalysisAvailable',
    ]);
    expect(checkAnyForm('on post-call\nsentiment(customer) = NEGATVE').errors[0].format()).toBe(
      '<function>:2:23: "NEGATVE" is not a valid Sentiment state value (did you mean "NEGATIVE"?)',
    );
    expect(checkAnyForm('on post-call\nholds >= 2').errors).toEqual([]);
    expect(checkAnyForm(DOC_EXAMPLES.A, 'OnRealTimeCallAnalysisAvailable')).toMatchObject({ form: 'json', errors: [] });
  });

  it('tells the forms apart by the first character', () => {
    expect(detectForm('  \n{"Version"')).toBe('json');
    expect(detectForm('\uFEFF{')).toBe('json');
    expect(detectForm('on post-call')).toBe('text');
  });
});

describe('round trip JSON → text → JSON', () => {
  it.each(Object.keys(DOC_EXAMPLES))('documented example %s', (name) => {
    expectRoundTrip(json(DOC_EXAMPLES[name as keyof typeof DOC_EXAMPLES]));
  });

  /** A minimal operand list for an operator form of a catalogue row. */
  const operandsFor = (spec: OperandSpec): JsonValue[] => {
    switch (spec.kind) {
      case 'none':
        return [];
      case 'string':
        return [spec.enum?.[0] ?? 'value'];
      case 'strings':
        return spec.sameUuid ? ['30682191-2312-4c27-9fc1-752e7a399d52:1'] : [spec.enum?.[0] ?? 'id-1'];
      case 'number':
        return [spec.min ?? (spec.max !== undefined ? Math.min(0, spec.max) : 1)];
      case 'datetime':
        return ['2023-11-11T11:11:11.111111Z'];
      case 'patterns':
        return [[{ Type: 'PLAIN', Value: 'credit*' }, { Type: 'PROXIMITY', Value: { Distance: 1, IsWithin: true } }, { Type: 'NUMERICAL', Value: { Decimal: false } }]];
    }
  };
  const dataFor = (spec: FilterDataSpec): JsonValue => {
    switch (spec.kind) {
      case 'enum':
        return spec.values[0];
      case 'firstOrLast':
        return { First: 30 };
      case 'past':
        return { Past: 60 };
      case 'valueEnum':
        return { Value: spec.values[0] };
      case 'list':
        return Array.from({ length: spec.exactly ?? 1 }, (_, i) => spec.enum?.[i] ?? `id-${i}`);
      case 'threshold':
        return { Comparison: 'LT', ThresholdValue: 20 };
    }
  };
  const conditionFor = (row: ConditionSpec, form: ConditionSpec['forms'][number]) => ({
    Operator: form.operator,
    Operands: operandsFor(form.operands),
    ComparisonValue: row.path.replace(TEMPLATE_KEY, 'Key'),
    ...(row.filters && {
      FilterClause: {
        LogicOperator: 'AND',
        Filters: [
          ...Object.entries(row.filters).filter(([, rule]) => rule.required).map(([type, rule]) => ({ Type: type, Data: dataFor(rule.data) })),
          ...(row.filterChoices ?? []).filter((c) => c.required).map((c) => ({ Type: c.types[0], Data: dataFor(row.filters![c.types[0]].data) })),
        ],
      },
    }),
    Negate: false,
  });

  const rows = EVENT_SOURCE_NAMES.flatMap((source) =>
    CATALOGUE[source].conditions.flatMap((row) => row.forms.map((form) => ({ source, row, form, name: `${source} ${row.name} ${form.operator}` }))),
  );

  it.each(rows)('$name', ({ source, row, form }) => {
    const plain = { Version: '2022-11-25', RuleFunction: { Operator: 'AND', Operands: [conditionFor(row, form)] } };
    const doc = json(JSON.stringify(plain));
    const text = expectRoundTrip(doc);
    // The row is written by its name (no `path "..."`) and, standing alone, the text validates as the JSON does.
    expect(text).not.toMatch(/\$\.|path "/);
    if (!row.compound && CATALOGUE[source].structure === 'flat') {
      expect(checkAnyForm(text, source).errors.map((e) => e.format())).toEqual(validateFunction(doc, source).map((e) => e.format()));
      expect(validateFunction(doc, source).map((e) => e.format())).toEqual([]);
    }
  });

  it('random functions (property)', () => {
    fc.assert(
      fc.property(plainFunction, (plain) => {
        const { document } = parseFunction(JSON.stringify(plain));
        if (!document) return; // a shape the JSON parser refuses has no text form to test
        expectRoundTrip(document);
      }),
      RUNS,
    );
  });
});
