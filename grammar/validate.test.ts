/**
 * The validator's checks that cut across rows: the documented
 * examples, version, structure, operators, unsupported paths, FilterClause,
 * compounds, limits, undocumented sources and the OnMetricDataUpdate form.
 * Every expected problem is written with the place it must point at.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE_NAMES, type EventSourceName } from './catalogue/index.ts';
import { parseFunction } from './parse.ts';
import { DOC_EXAMPLES, type DocExampleName } from '../test/support/doc-examples.ts';
import { listConditionPaths, validateFunction } from './validate.ts';
import { and, at, leaf, or, problems, render, role, valueAt, type FilterJson, type Group, type Leaf } from '../test/support/validator.ts';

const PC = '$.ContactLens.PostCall';
const EV = '$.ContactLens.ContactEvaluation';
const POST_CALL: EventSourceName = 'OnPostCallAnalysisAvailable';

const holds = (n = 3) => leaf('NumberGreaterOrEqualTo', `${PC}.Agent.NumberOfHolds`, [n]);
const attribute = (key: string) => leaf('EQUALS', `${PC}.ContactAttribute.${key}`, ['x']);
const beginning = leaf('NumberLessOrEqualTo', `${PC}.Sentiment.Score.Beginning`, [-2], { filters: [role('CUSTOMER')] });
const end = leaf('NumberGreaterOrEqualTo', `${PC}.Sentiment.Score.End`, [2], { filters: [role('CUSTOMER')] });

/** Problems of a root group of `source`, with `line:col` positions computed against the same text. */
function check(root: Group, source: EventSourceName = POST_CALL) {
  const text = render(root);
  return { text, problems: problems(text, source) };
}

describe('the documented examples', () => {
  const SOURCES: Record<DocExampleName, EventSourceName> = {
    A: 'OnRealTimeCallAnalysisAvailable',
    B: 'OnRealTimeCallAnalysisAvailable',
    C: POST_CALL,
    D: POST_CALL,
    E: POST_CALL,
    F: POST_CALL,
    G: POST_CALL,
    H: POST_CALL,
    I: 'OnPostChatAnalysisAvailable',
    J: 'OnEmailAnalysisAvailable',
    K: 'OnContactEvaluationSubmit',
    L: 'OnContactEvaluationSubmit',
    M: 'OnZendeskTicketCreate',
    N: 'OnZendeskTicketStatusUpdate',
    O: 'OnSalesforceCaseCreate',
    P: 'OnCaseUpdate',
    Q: 'OnCaseCreate',
    R: 'OnSlaBreach',
    S: 'OnMetricDataUpdate',
    T: 'OnMetricDataUpdate',
  };
  for (const [name, text] of Object.entries(DOC_EXAMPLES) as [DocExampleName, string][]) {
    it(`${name} is valid for ${SOURCES[name]}`, () => expect(problems(text, SOURCES[name])).toEqual([]));
  }

  it('an example is refused by another source, naming the source its paths belong to', () => {
    const path = '$.ContactLens.RealTimeCall.ExactMatch.Transcript';
    expect(problems(DOC_EXAMPLES.A, POST_CALL)).toEqual([
      `${valueAt(DOC_EXAMPLES.A, 'ComparisonValue', path)} Unsupported ComparisonValue: ${path} is a condition of OnRealTimeCallAnalysisAvailable, not OnPostCallAnalysisAvailable (did you mean ${PC}.ExactMatch.Transcript?)`,
      `${valueAt(DOC_EXAMPLES.A, 'ComparisonValue', '$.ContactLens.RealTimeCall.Queue.QueueId')} Unsupported ComparisonValue: $.ContactLens.RealTimeCall.Queue.QueueId is a condition of OnRealTimeCallAnalysisAvailable, not OnPostCallAnalysisAvailable (did you mean ${PC}.Queue.QueueId?)`,
    ]);
  });
});

describe('version and structure', () => {
  it('refuses another Version', () => {
    const text = render(and(holds()), '2021-01-01');
    expect(problems(text, POST_CALL)).toEqual(['1:12 unsupported Version "2021-01-01": the only version is "2022-11-25"']);
  });

  it('refuses a root operator that is not AND or OR, suggesting the near one', () => {
    for (const [op, message] of [
      ['XOR', 'unknown group operator "XOR": the RuleFunction root takes AND or OR (did you mean OR?)'],
      ['NOT', 'there is no NOT operator: write "Negate": true on a condition instead'],
      ['and', 'unknown group operator "and": the RuleFunction root takes AND or OR (did you mean AND?)'],
    ]) {
      const { text, problems: found } = check({ group: op, operands: [holds()] });
      expect(found).toEqual([`${valueAt(text, 'Operator', op)} ${message}`]);
    }
  });

  it('refuses a nested group operator that is not AND or OR', () => {
    const { text, problems: found } = check(and({ group: 'ANDD', operands: [holds()] }));
    expect(found).toEqual([`${valueAt(text, 'Operator', 'ANDD')} unknown group operator "ANDD": an AND/OR group takes AND or OR (did you mean AND?)`]);
  });

  it('refuses a leaf operator on a group of an AST built by other means than the JSON parser', () => {
    const { document } = parseFunction(render(and(holds())));
    const root = { ...document!.root, operator: 'CONTAINS_ANY' };
    expect(validateFunction({ ...document!, root }, POST_CALL).map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '1:52 CONTAINS_ANY is a condition operator: the RuleFunction root (a node without ComparisonValue) takes AND or OR',
    ]);
  });

  it('refuses a group with no operands', () => {
    const root = check(and());
    expect(root.problems).toEqual([`${at(root.text, '{"Operator":"AND"')} the RuleFunction root needs at least one operand`]);
    const nested = check(and(holds(), or()));
    expect(nested.problems).toEqual([`${at(nested.text, '{"Operator":"OR"')} an OR group needs at least one operand`]);
  });

  it('accepts plain nested AND/OR groups of conditions (INTERPRETATION)', () => {
    expect(check(or(and(holds(), attribute('Tier')), and(or(holds(5), attribute('Region'))))).problems).toEqual([]);
  });

  it('refuses Negate: true and a FilterClause on a group', () => {
    const { text, problems: found } = check(and({ group: 'OR', operands: [holds()], negate: true, filters: [role('AGENT')] }));
    expect(found).toEqual([
      `${at(text, '"FilterClause":', { skip: 15 })} FilterClause is not allowed on an OR group`,
      `${valueAt(text, 'Negate', true)} Negate: true is not documented on an OR group; negate its conditions instead`,
    ]);
    const root = check({ group: 'AND', operands: [holds()], negate: true, filters: [role('AGENT')] });
    expect(root.problems).toEqual([
      `${at(root.text, '"FilterClause":', { skip: 15 })} FilterClause is not allowed on the RuleFunction root`,
      `${valueAt(root.text, 'Negate', true)} Negate: true is not documented on the RuleFunction root; negate its conditions instead`,
    ]);
  });

  it('accepts a condition without Negate (it means false)', () => {
    const text = `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"EQUALS","Operands":["Gold"],"ComparisonValue":"$.ContactLens.PostCall.ContactAttribute.Tier"}]}}`;
    expect(problems(text, POST_CALL)).toEqual([]);
  });

  it('accepts the bare Filters array of the PostCall AI agent page', () => {
    const text = `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["30682191-2312-4c27-9fc1-752e7a399d52"],"ComparisonValue":"$.ContactLens.PostCall.AiAgent.IdWithVersion",
   "FilterClause":[{"Type":"AiAgentUseCase","Data":{"Value":"AgentAssistance"}}],"Negate":false}]}}`;
    expect(problems(text, POST_CALL)).toEqual([]);
  });

  it('reports every problem of a function, in text order', () => {
    const { text, problems: found } = check(
      and(
        leaf('CONTAINS_ALL', `${PC}.Agent.AgentId`, ['a']),
        leaf('NumberGreaterOrEqualTo', `${PC}.Agent.NumberOfHolds`, [0], { negate: true }),
        leaf('EQUALS', `${PC}.Queue.QueueIds`, []),
      ),
    );
    expect(found).toEqual([
      `${valueAt(text, 'Operator', 'CONTAINS_ALL')} unknown operator "CONTAINS_ALL" (did you mean CONTAINS_ANY?)`,
      `${at(text, '0]')} Number of holds takes a number of at least 1, got 0`,
      `${valueAt(text, 'Negate', true)} Negate: true is not allowed on Number of holds: the docs only allow false`,
      `${valueAt(text, 'ComparisonValue', `${PC}.Queue.QueueIds`)} Unsupported ComparisonValue: ${PC}.Queue.QueueIds (did you mean ${PC}.Queue.QueueId?)`,
    ]);
  });
});

describe('operators', () => {
  const cases: [string, string][] = [
    ['NUMBER_GREATER', 'unknown operator "NUMBER_GREATER" (did you mean NumberGreaterOrEqualTo?)'],
    ['NUMBER_LESS', 'unknown operator "NUMBER_LESS" (did you mean NumberLessOrEqualTo?)'],
    ['NumberGreaterThan', 'unknown operator "NumberGreaterThan" (did you mean NumberGreaterOrEqualTo?)'],
    ['NUMBER_GREATER_OR_EQUAL_TO', 'unknown operator "NUMBER_GREATER_OR_EQUAL_TO" (did you mean NumberGreaterOrEqualTo?)'],
    ['numbergreaterorequalto', 'unknown operator "numbergreaterorequalto" (did you mean NumberGreaterOrEqualTo?)'],
    ['CONTAINS_ALL', 'unknown operator "CONTAINS_ALL" (did you mean CONTAINS_ANY?)'],
    ['contains_any', 'unknown operator "contains_any" (did you mean CONTAINS_ANY?)'],
    ['equals', 'unknown operator "equals" (did you mean EQUALS?)'],
    ['GT', 'unknown operator "GT": expected one of CONTAINS_ANY, CONTAINS, EQUALS, NumberGreaterOrEqualTo, NumberLessOrEqualTo'],
    ['AND', 'AND is a group operator: a condition (with ComparisonValue) takes CONTAINS_ANY, CONTAINS, EQUALS, NumberGreaterOrEqualTo, NumberLessOrEqualTo'],
    ['NOT', 'there is no NOT operator: write "Negate": true on a condition instead'],
  ];
  for (const [op, message] of cases) {
    it(`refuses ${op}`, () => {
      const { text, problems: found } = check(and(leaf(op, `${PC}.Agent.NumberOfHolds`, [3])));
      expect(found).toEqual([`${valueAt(text, 'Operator', op, '\n')} ${message}`]);
    });
  }

  it('still checks the path of a condition whose operator is unknown', () => {
    const { text, problems: found } = check(and(leaf('NUMBER_GREATER', `${PC}.Agent.NumberOfHold`, [3])));
    expect(found).toEqual([
      `${valueAt(text, 'Operator', 'NUMBER_GREATER')} unknown operator "NUMBER_GREATER" (did you mean NumberGreaterOrEqualTo?)`,
      `${valueAt(text, 'ComparisonValue', `${PC}.Agent.NumberOfHold`)} Unsupported ComparisonValue: ${PC}.Agent.NumberOfHold (did you mean ${PC}.Agent.NumberOfHolds?)`,
    ]);
  });
});

describe('Unsupported ComparisonValue', () => {
  const refused = (source: EventSourceName, path: string, rest: string) => {
    const { text, problems: found } = check(and(leaf('EQUALS', path, ['x'])), source);
    expect(found).toEqual([`${valueAt(text, 'ComparisonValue', path)} Unsupported ComparisonValue: ${path}${rest}`]);
  };

  it('names the source a path belongs to', () => {
    refused(POST_CALL, '$.ContactLens.PostChat.ResponseTime.Agent.FirstResponseTimeSecs', ' is a condition of OnPostChatAnalysisAvailable, not OnPostCallAnalysisAvailable');
    refused('OnSlaBreach', '$.Case.Fields.status', ' is a condition of OnCaseCreate and OnCaseUpdate, not OnSlaBreach');
    refused('OnPostChatAnalysisAvailable', `${PC}.Interruptions.Instances`, ' is a condition of OnPostCallAnalysisAvailable, not OnPostChatAnalysisAvailable');
    refused(
      'OnZendeskTicketCreate',
      '$.ThirdParty.Zendesk.StatusUpdate.Status',
      ' is a condition of OnZendeskTicketStatusUpdate, not OnZendeskTicketCreate (did you mean $.ThirdParty.Zendesk.TicketCreate.Status?)',
    );
  });

  it('suggests the closest path of the source', () => {
    refused(POST_CALL, `${PC}.Sentiment.OverallScor`, ` (did you mean ${PC}.Sentiment.OverallScore?)`);
    refused(POST_CALL, `${PC}.sentiment.overallscore`, ` (did you mean ${PC}.Sentiment.OverallScore?)`);
    refused(POST_CALL, `${PC}.ContactAttributes.Tier`, ` (did you mean ${PC}.ContactAttribute.Tier?)`);
    refused('OnZendeskTicketStatusUpdate', '$.ThirdParty.Zendesk.TicketStatusUpdate.Status', ' (did you mean $.ThirdParty.Zendesk.StatusUpdate.Status?)');
    refused(POST_CALL, '$.Foo', '');
  });

  it('says a template path needs its key', () => {
    refused(POST_CALL, `${PC}.ContactAttribute`, `: a key must follow, as in ${PC}.ContactAttribute.<KEY>`);
    refused(POST_CALL, `${PC}.ContactAttribute.`, `: a key must follow, as in ${PC}.ContactAttribute.<KEY>`);
    refused('OnCaseCreate', '$.Case.Fields', ': a key must follow, as in $.Case.Fields.<KEY>');
  });

  it('accepts any non-empty key of a template, dots included', () => {
    expect(check(and(attribute('Customer.Tier'), attribute('with space'))).problems).toEqual([]);
  });
});

describe('FilterClause', () => {
  it('refuses a LogicOperator other than AND', () => {
    const text = `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["refund"],"ComparisonValue":"${PC}.ExactMatch.Transcript","FilterClause":{"LogicOperator":"OR","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false}]}}`;
    expect(problems(text, POST_CALL)).toEqual([
      `${valueAt(text, 'LogicOperator', 'OR')} LogicOperator must be "AND" (the only supported value), not "OR"`,
    ]);
  });

  it('suggests the filter type meant', () => {
    const { text, problems: found } = check(
      and(leaf('CONTAINS_ANY', `${PC}.ExactMatch.Transcript`, ['refund'], { filters: [{ Type: 'ParticipantRol', Data: 'AGENT' }] })),
    );
    // the misspelt type, and the role it meant is required (AWS does not mark it optional)
    expect(found).toContain(
      `${valueAt(text, 'Type', 'ParticipantRol')} "ParticipantRol" filter is not allowed on Words or phrases: exact match (did you mean ParticipantRole?); it takes ParticipantRole, PostCallContactPeriodSeconds`,
    );
    expect(found.map((m) => m.replace(/^\S+ /, ''))).toContain('Words or phrases: exact match requires the ParticipantRole filter (CUSTOMER or AGENT or ANY)');
    expect(found).toHaveLength(2);
  });

  it('a filter type named as an Object method ("constructor", "toString") is an unknown filter, not a crash', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { text, problems: found } = check(
        and(leaf('CONTAINS_ANY', `${PC}.ExactMatch.Transcript`, ['refund'], { filters: [role('AGENT'), { Type: type, Data: {} }] })),
      );
      expect(found).toEqual([
        `${valueAt(text, 'Type', type)} ${JSON.stringify(type)} filter is not allowed on Words or phrases: exact match; it takes ParticipantRole, PostCallContactPeriodSeconds`,
      ]);
    }
  });
});

describe('compound conditions', () => {
  const shiftMessage = (self: string, name: string, other: string) =>
    `${self} (${name}) must stand in an AND group with ${other}: the Sentiment score shift compound condition`;

  it('refuses a sentiment score leaf outside its AND with the other', () => {
    const { text, problems: found } = check(and(beginning, holds()));
    expect(found).toEqual([
      `${valueAt(text, 'ComparisonValue', beginning.path)} ${shiftMessage(beginning.path, 'Sentiment score at the beginning', end.path)}`,
    ]);
    // Both parts in the rule's own AND (issue 16): it is an AND group already, so say once
    // that the compound is a group of its own, and how to write one.
    const both = check(and(beginning, end));
    expect(both.problems).toEqual([
      `${valueAt(both.text, 'ComparisonValue', beginning.path)} ${beginning.path} and ${end.path} form the Sentiment score shift compound condition, a group of its own: nest them in one AND group inside the rule (text form: \`… and (a and b)\`, or \`all of (a and b)\` when they are the whole rule; JSON: one operand {"Operator": "AND", "Operands": [...]})`,
    ]);
    expect(check(and(end, holds(), beginning)).problems).toHaveLength(1);
  });

  it('refuses an incomplete, OR, over-full or nested compound group', () => {
    const alone = check(and(and(beginning)));
    expect(alone.problems).toEqual([
      `${at(alone.text, '{"Operator":"AND","Operands":[{')} the Sentiment score shift compound needs a condition on ${end.path}`,
    ]);
    const ored = check(and(or(beginning, end)));
    expect(ored.problems).toEqual([`${valueAt(ored.text, 'Operator', 'OR')} the Sentiment score shift compound must be an AND group, not OR`]);
    const extra = check(and(and(beginning, end, holds())));
    expect(extra.problems).toEqual([
      `${valueAt(extra.text, 'ComparisonValue', `${PC}.Agent.NumberOfHolds`)} Number of holds is not part of the Sentiment score shift compound (${beginning.path}, ${end.path}): move it out of this group`,
    ]);
    const twice = check(and(and(beginning, end, { ...beginning, operands: [-3] })));
    expect(twice.problems).toEqual([
      `${at(twice.text, `"ComparisonValue":"${beginning.path}"`, { skip: 18, after: '[-3]' })} the Sentiment score shift compound holds ${beginning.path} once`,
    ]);
    const nested = check(and(and(beginning, end, or(holds()))));
    expect(nested.problems).toEqual([
      `${at(nested.text, '{"Operator":"OR"')} the Sentiment score shift compound holds only its conditions, not a nested group`,
    ]);
  });

  const form = leaf('EQUALS', `${EV}.Form.FormId`, ['form-1']);
  const formScore = leaf('NumberLessOrEqualTo', `${EV}.Form.Score`, [50]);
  const sectionRef = leaf('EQUALS', `${EV}.Section.SectionRefId`, ['s1']);
  const sectionScore = leaf('NumberLessOrEqualTo', `${EV}.Section.Score`, [50]);
  const questionRef = leaf('EQUALS', `${EV}.Question.QuestionRefId`, ['q1']);
  const answerValue = leaf('NumberGreaterOrEqualTo', `${EV}.Question.Answer.Value`, [3]);
  const answerRef = leaf('EQUALS', `${EV}.Question.Answer.ValueRefId`, ['o1'], { negate: true });
  const evaluation = (root: Group) => check(root, 'OnContactEvaluationSubmit');

  it('accepts the evaluation compounds, and the form condition alone or in a plain group', () => {
    expect(
      evaluation(or(and(form, formScore), and(form, sectionRef, sectionScore), and(form, questionRef, answerValue), and(form, questionRef, answerRef)))
        .problems,
    ).toEqual([]);
    expect(evaluation(and(form, and(form, leaf('CONTAINS_ANY', `${EV}.Agent.AgentId`, ['a-1'])))).problems).toEqual([]);
  });

  it('refuses evaluation compounds that are incomplete, mixed or answer twice', () => {
    const noForm = evaluation(and(and(questionRef, answerRef)));
    expect(noForm.problems).toEqual([
      `${at(noForm.text, '{"Operator":"AND","Operands":[{')} the Evaluation question answer compound needs a condition on ${EV}.Form.FormId`,
    ]);
    const noAnswer = evaluation(and(and(form, questionRef)));
    expect(noAnswer.problems).toEqual([
      `${at(noAnswer.text, '{"Operator":"AND","Operands":[{')} the Evaluation question answer compound needs a condition on one of ${EV}.Question.Answer.Value or ${EV}.Question.Answer.ValueRefId`,
    ]);
    const both = evaluation(and(and(form, questionRef, answerValue, answerRef)));
    expect(both.problems).toEqual([
      `${valueAt(both.text, 'ComparisonValue', answerRef.path)} the Evaluation question answer compound takes one of ${EV}.Question.Answer.Value or ${EV}.Question.Answer.ValueRefId, not both`,
    ]);
    const mixed = evaluation(and(and(form, formScore, sectionRef, sectionScore)));
    expect(mixed.problems).toEqual([
      `${valueAt(mixed.text, 'Operator', 'AND', '\n')} a group holds one compound condition, not parts of Evaluation form score and Evaluation section score`,
    ]);
    const loose = evaluation(and(form, formScore));
    expect(loose.problems).toEqual([
      `${valueAt(loose.text, 'ComparisonValue', formScore.path)} ${formScore.path} (Evaluation form score) must stand in an AND group with ${EV}.Form.FormId: the Evaluation form score compound condition`,
    ]);
  });
});

describe('per-rule limits', () => {
  it('refuses a 21st condition; a compound counts as one', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => holds(i + 1));
    expect(check(and(...twenty)).problems).toEqual([]);
    expect(check(and(...twenty.slice(1), and(beginning, end))).problems).toEqual([]);
    const { text, problems: found } = check(and(...twenty, holds(99)));
    expect(found).toEqual([`${at(text, JSON.stringify({ Operator: 'NumberGreaterOrEqualTo', Operands: [99] }).slice(0, -1))} a rule has at most 20 conditions; this is condition 21`]);
  });

  /** Five are accepted; the sixth is refused, on its own line (the last operand line). */
  const sixth = (make: (i: number) => Leaf | Group, label: string, source: EventSourceName = POST_CALL) => {
    const nodes = Array.from({ length: 6 }, (_, i) => make(i));
    expect(check(and(...nodes.slice(0, 5)), source).problems).toEqual([]);
    const { text, problems: found } = check(and(...nodes), source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^7:\\d+ a rule has at most 5 ${label}; this is the 6th$`));
    void text;
  };

  it('refuses a 6th contact attribute, whole-contact sentiment, time-period sentiment and interruptions condition', () => {
    sixth((i) => attribute(`key${i}`), 'contact attribute conditions');
    sixth((i) => leaf('NumberGreaterOrEqualTo', `${PC}.Sentiment.OverallScore`, [i - 2], { filters: [role('AGENT')] }), 'sentiment \\(entire contact\\) conditions');
    sixth(() => and(beginning, end), 'sentiment \\(time period\\) conditions');
    sixth((i) => leaf('NumberGreaterOrEqualTo', `${PC}.Interruptions.Instances`, [i + 1]), 'interruptions conditions');
    sixth(
      () =>
        leaf('EQUALS', '$.ContactLens.RealTimeCall.Sentiment.State', ['NEGATIVE'], {
          filters: [role('CUSTOMER'), { Type: 'RealTimeCallContactPeriodSeconds', Data: { Past: 60 } }],
        }),
      'sentiment \\(time period\\) conditions',
      'OnRealTimeCallAnalysisAvailable',
    );
  });
});

describe('sources without documented conditions', () => {
  const undocumented: EventSourceName[] = [
    'OnAlertUpdate',
    'OnSchedulePublish',
    'OnScheduleUpdate',
    'OnScheduleTimeOffRequestActivity',
    'OnAfterCallWorkAvailable',
    'OnAfterChatWorkAvailable',
  ];
  for (const source of undocumented) {
    it(`${source}: one problem, whatever the function`, () => {
      const text = render(and(holds(), leaf('NOPE', '$.X', [])), '2021-01-01');
      expect(problems(text, source)).toEqual([
        `1:40 no conditions are documented for ${source}: a rule function can't be checked or evaluated for this event source`,
      ]);
      expect(listConditionPaths(source)).toEqual([]);
    });
  }

  it('every other source lists its condition paths', () => {
    for (const source of EVENT_SOURCE_NAMES.filter((s) => !undocumented.includes(s))) {
      expect(listConditionPaths(source).length, source).toBeGreaterThan(0);
    }
    expect(listConditionPaths(POST_CALL)).toContain(`${PC}.ContactAttribute.<KEY>`);
  });
});

describe('OnMetricDataUpdate', () => {
  const METRIC: EventSourceName = 'OnMetricDataUpdate';
  const grouping = (...values: string[]): FilterJson => ({ Type: 'MetricDataGrouping', Data: values });
  const f = (Type: string, Data: FilterJson['Data']): FilterJson => ({ Type, Data });
  const byQueue = f('MetricDataFilterByQueue', ['q-1']);
  const voice = f('MetricDataFilterByChannel', ['VOICE']);
  const hour = f('MetricDataDurationSeconds', { Past: 3600 });
  const inQueue = (n = 10, filters: FilterJson[] = [byQueue]) => leaf('NumberGreaterOrEqualTo', '$.MetricData.CONTACTS_IN_QUEUE', [n], { filters });
  const holdTime = (filters: FilterJson[] = [byQueue, hour]) => leaf('NumberGreaterOrEqualTo', '$.MetricData.AVG_HOLD_TIME', [60], { filters });
  const metric = (operands: (Leaf | Group)[], ...filters: FilterJson[]): Group => ({
    group: 'OR',
    operands,
    filters: filters.length ? filters : [grouping('QUEUE')],
  });
  const run = (root: Group) => check(root, METRIC);

  it('accepts one or two groups, either grouping a metric allows, and the documented window spellings', () => {
    expect(run(metric([and(inQueue()), or(holdTime(), holdTime([f('MetricDataFilterByQueue', ['q-2']), hour]))])).problems).toEqual([]);
    const available = leaf('NumberLessOrEqualTo', '$.MetricData.AGENTS_AVAILABLE', [2], { filters: [f('MetricDataFilterByRoutingProfile', ['rp'])] });
    expect(run(metric([and(available)], grouping('ROUTING_PROFILE'))).problems).toEqual([]);
    const handle = leaf('NumberGreaterOrEqualTo', '$.MetricData.AVG_HANDLE_TIME', [300], {
      filters: [f('MetricDataFilterByAgent', ['a-1']), f('MetricDataPeriodSeconds', { Past: 900 })],
    });
    expect(run(metric([and(handle)], grouping('AGENT'))).problems).toEqual([]);
  });

  it('refuses a root without its MetricDataGrouping, or with a bad one', () => {
    const none = run({ group: 'OR', operands: [and(inQueue())] });
    expect(none.problems).toEqual([
      `${valueAt(none.text, 'Operator', 'OR')} the RuleFunction root requires the MetricDataGrouping filter (["AGENT" | "QUEUE" | "ROUTING_PROFILE" | "FLOW"])`,
    ]);
    const two = run(metric([and(inQueue())], grouping('QUEUE', 'AGENT')));
    expect(two.problems).toEqual([`${valueAt(two.text, 'Data', ['QUEUE', 'AGENT'])} MetricDataGrouping Data must hold exactly 1 entry, got 2`]);
    const team = run(metric([and(inQueue())], grouping('TEAM')));
    expect(team.problems).toEqual([
      `${valueAt(team.text, 'Data', ['TEAM'])} "TEAM" is not a valid MetricDataGrouping value; expected one of "AGENT", "QUEUE", "ROUTING_PROFILE", "FLOW"`,
    ]);
    const extra = run(metric([and(inQueue())], grouping('QUEUE'), voice));
    expect(extra.problems).toEqual([
      `${valueAt(extra.text, 'Type', 'MetricDataFilterByChannel')} "MetricDataFilterByChannel" filter is not allowed on the RuleFunction root; it takes MetricDataGrouping`,
    ]);
  });

  it('refuses more than 2 groups, a condition outside a group, a nested group and an 11th condition', () => {
    const three = run(metric([and(inQueue(1)), and(inQueue(2)), and(inQueue(3))]));
    expect(three.problems).toEqual([`${at(three.text, '{"Operator":"AND","Operands":[{"Operator":"NumberGreaterOrEqualTo","Operands":[3]')} an OnMetricDataUpdate rule has at most 2 metric groups, got 3`]);
    const bare = run(metric([inQueue()]));
    expect(bare.problems).toEqual([`${at(bare.text, '{"Operator":"NumberGreaterOrEqualTo"')} a metric condition must stand in a metric group (an AND/OR group under the root)`]);
    const nested = run(metric([and(inQueue(), or(inQueue(2)))]));
    expect(nested.problems).toEqual([`${at(nested.text, '{"Operator":"OR","Operands":[{"Operator":"Number')} a metric group holds metric conditions only, not a nested group`]);
    const eleven = run(metric([and(...Array.from({ length: 11 }, (_, i) => inQueue(i + 100)))]));
    expect(eleven.problems).toEqual([`${at(eleven.text, '{"Operator":"NumberGreaterOrEqualTo","Operands":[110]')} a metric group holds at most 10 conditions, got 11`]);
    const filtered = run(metric([{ group: 'AND', operands: [inQueue()], filters: [byQueue] }]));
    expect(filtered.problems).toEqual([
      `${at(filtered.text, '],"FilterClause":', { skip: 17 })} FilterClause is not allowed on a metric group (only the root group takes one: MetricDataGrouping)`,
    ]);
  });

  it('refuses a metric under a grouping it does not support', () => {
    const activity = leaf('EQUALS', '$.MetricData.AGENT_ACTIVITY', ['ON_CONTACT'], {
      filters: [byQueue, f('AgentActivityDurationSeconds', { Past: 600 })],
    });
    const { text, problems: found } = run(metric([and(activity)]));
    expect(found).toEqual([
      `${valueAt(text, 'ComparisonValue', '$.MetricData.AGENT_ACTIVITY')} AGENT_ACTIVITY can't be used with MetricDataGrouping QUEUE: it needs AGENT`,
    ]);
  });

  it('refuses a metric group whose conditions disagree on end dimension, window or channel', () => {
    const byRp = f('MetricDataFilterByRoutingProfile', ['rp']);
    const dims = run(metric([and(inQueue(), inQueue(2, [byRp]))]));
    expect(dims.problems).toEqual([
      `${valueAt(dims.text, 'Type', 'MetricDataFilterByRoutingProfile')} every condition of a metric group uses the same end-dimension filter: MetricDataFilterByQueue, not MetricDataFilterByRoutingProfile`,
    ]);
    const mixed = run(metric([and(inQueue(), holdTime())]));
    expect(mixed.problems).toEqual([
      `${valueAt(mixed.text, 'ComparisonValue', '$.MetricData.AVG_HOLD_TIME')} metrics with a time window (historical) and without one (real-time) cannot share a metric group`,
    ]);
    const windows = run(metric([and(holdTime(), holdTime([byQueue, f('MetricDataPeriodSeconds', { Past: 600 })]))]));
    expect(windows.problems).toEqual([
      `${valueAt(windows.text, 'Data', { Past: 600 })} every condition of a metric group has the same time window: {"Past":3600}, not {"Past":600}`,
    ]);
    const channel = run(metric([and(inQueue(1, [byQueue, voice]), inQueue(2))]));
    expect(channel.problems).toEqual([
      `${at(channel.text, '"ComparisonValue":"$.MetricData.CONTACTS_IN_QUEUE"', { skip: 18, after: '[2]' })} MetricDataFilterByChannel must be on every condition of a metric group or on none`,
    ]);
    // Separate groups may differ.
    expect(run(metric([and(inQueue(1, [byQueue, voice])), and(holdTime())])).problems).toEqual([]);
  });

  it('is not the flat form: a metric path in another source names OnMetricDataUpdate', () => {
    const { text, problems: found } = check(and(inQueue()));
    expect(found).toEqual([
      `${valueAt(text, 'ComparisonValue', '$.MetricData.CONTACTS_IN_QUEUE')} Unsupported ComparisonValue: $.MetricData.CONTACTS_IN_QUEUE is a condition of OnMetricDataUpdate, not OnPostCallAnalysisAvailable`,
    ]);
  });
});

describe('validateFunction', () => {
  it('returns RuleValidationErrors with their spans', () => {
    const parsed = parseFunction(render(and(leaf('EQUALS', `${PC}.Agent.AgentId`, ['a']))));
    const [error] = validateFunction(parsed.document!, POST_CALL);
    expect(error.kind).toBe('validation');
    expect(error.format('rule.json')).toBe(`rule.json:2:15: EQUALS is not an operator of Agent (${PC}.Agent.AgentId): use CONTAINS_ANY`);
    expect(error.span.end.offset).toBeGreaterThan(error.span.start.offset);
  });
});
