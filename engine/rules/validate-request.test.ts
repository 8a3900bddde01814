import { describe, expect, it, vi } from 'vitest';
import { InvalidRequestException } from '../api/errors.ts';
import { ACTION_TYPES, EVENT_SOURCE_NAMES, type EventSourceName } from './model.ts';
import { CATALOGUE } from '../../grammar/catalogue/index.ts';
import {
  type FunctionChecker,
  ACTIONS,
  CONTACT_LENS_SOURCES,
  REQUIRED_ACTIONS,
  THIRD_PARTY_SOURCES,
  actionsAllowedFor,
  validateCreateRule,
  validateListRules,
  validateUpdateRule,
} from './validate-request.ts';

const okFunction: FunctionChecker = () => [];
const CATEGORY = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} };

function body(overrides: Record<string, unknown> = {}) {
  return {
    Name: 'rule-1',
    TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
    Function: '{"Version":"2022-11-25"}',
    Actions: [CATEGORY],
    PublishStatus: 'PUBLISHED',
    ...overrides,
  };
}

/** The problems of a create body (empty when valid). */
function problems(b: unknown, checker: FunctionChecker = okFunction): string[] {
  try {
    validateCreateRule(b, checker);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestException);
    return [...(err as InvalidRequestException).problems];
  }
}

describe('the action/source matrix (data)', () => {
  it('names only real sources and action types, and every required action is allowed where required', () => {
    for (const type of ACTION_TYPES) {
      for (const s of ACTIONS[type].sources) expect(EVENT_SOURCE_NAMES).toContain(s);
    }
    for (const [source, required] of Object.entries(REQUIRED_ACTIONS)) {
      for (const type of required!) expect(ACTIONS[type].sources, `${type} for ${source}`).toContain(source);
    }
    for (const s of CONTACT_LENS_SOURCES) expect(REQUIRED_ACTIONS[s]).toEqual(['ASSIGN_CONTACT_CATEGORY']);
    for (const s of THIRD_PARTY_SOURCES) expect(REQUIRED_ACTIONS[s]).toEqual(['CREATE_TASK']);
  });

  it('every source a function can be written for allows an action (a rule needs one): AWS\'s RuleAction lists alone would leave OnSlaBreach and email none', () => {
    const withConditions = EVENT_SOURCE_NAMES.filter((s) => CATALOGUE[s].conditions.length > 0);
    expect(withConditions).toContain('OnSlaBreach');
    expect(withConditions).toContain('OnEmailAnalysisAvailable');
    for (const source of withConditions) expect(actionsAllowedFor(source), source).not.toEqual([]);
    // The one action an SLA breach rule has: kept though AWS's list says OnCaseCreate | OnCaseUpdate (docs/rules-api.md).
    expect(actionsAllowedFor('OnSlaBreach')).toEqual(['UPDATE_CASE']);
  });

  it('follows the documented action/source table for the documented pairs', () => {
    expect(actionsAllowedFor('OnCaseUpdate')).toEqual(['UPDATE_CASE', 'END_ASSOCIATED_TASKS', 'ASSIGN_SLA']);
    expect(actionsAllowedFor('OnCaseCreate')).toEqual(['UPDATE_CASE', 'ASSIGN_SLA']);
    expect(actionsAllowedFor('OnMetricDataUpdate')).toEqual(['GENERATE_EVENTBRIDGE_EVENT', 'SEND_NOTIFICATION']);
    expect(actionsAllowedFor('OnContactEvaluationSubmit')).toEqual(['GENERATE_EVENTBRIDGE_EVENT', 'SEND_NOTIFICATION']);
    expect(ACTIONS.CREATE_CASE.sources).toEqual(['OnPostCallAnalysisAvailable', 'OnPostChatAnalysisAvailable']);
    expect(actionsAllowedFor('OnAlertUpdate')).toEqual([]);
  });
});

describe('validateCreateRule', () => {
  it('accepts a valid body and returns a clean copy without unknown fields', () => {
    const out = validateCreateRule(
      body({ Extra: 1, Actions: [{ ...CATEGORY, Unknown: true }], TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable', Junk: 1 } }),
      okFunction,
    );
    expect(out).toEqual({
      Name: 'rule-1',
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: '{"Version":"2022-11-25"}',
      Actions: [CATEGORY],
      PublishStatus: 'PUBLISHED',
    });
  });

  it('stores an empty-struct action given without its member as {}', () => {
    expect(validateCreateRule(body({ Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY' }] }), okFunction).Actions).toEqual([CATEGORY]);
  });

  it('names the field and the limit: Actions[2].TaskAction.Name: length 600 exceeds 512', () => {
    const actions = [
      CATEGORY,
      { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'ok' } },
      { ActionType: 'CREATE_TASK', TaskAction: { Name: 'x'.repeat(600), ContactFlowId: 'f' } },
    ];
    expect(problems(body({ Actions: actions }))).toEqual(['Actions[2].TaskAction.Name: length 600 exceeds 512']);
  });

  it('counts characters as code points, like the service', () => {
    expect(problems(body({ Actions: [CATEGORY, { ActionType: 'CREATE_TASK', TaskAction: { Name: '😀'.repeat(512), ContactFlowId: 'f' } }] }))).toEqual([]);
  });

  it('reports every problem at once, each naming its field', () => {
    const found = problems({
      Name: '',
      TriggerEventSource: {},
      Function: 42,
      Actions: 'none',
      PublishStatus: 'draft',
      ClientToken: 7,
    });
    expect(found).toEqual([
      'Name: length 0 is below the minimum 1',
      'TriggerEventSource.EventSourceName: is required',
      'ClientToken: must be a string, got the number 7',
      "PublishStatus: 'draft' is not one of DRAFT, PUBLISHED",
      'Actions: must be a list, got the string "none"',
      'Function: must be a string (the rule function JSON document, serialized), got the number 42',
    ]);
  });

  it('every member of a body given a value of the wrong type says what it must be and what was given', () => {
    // One row per member CreateRule and UpdateRule read: a wrong type, and what the message names.
    const WRONG: Readonly<Record<string, [unknown, string]>> = {
      Name: [5, 'the number 5'],
      TriggerEventSource: ['OnPostCallAnalysisAvailable', 'the string "OnPostCallAnalysisAvailable"'],
      Function: [{}, 'an object'],
      Actions: [true, 'boolean true'],
      PublishStatus: [1, 'the number 1'],
      ClientToken: [[], 'an array'],
      Tags: ['team', 'the string "team"'],
      PreEvaluationFilters: [0, 'the number 0'],
    };
    const good = { Name: 'r', TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' }, Function: '{}', Actions: [CATEGORY], PublishStatus: 'DRAFT' };
    for (const [member, [value, got]] of Object.entries(WRONG)) {
      expect(problems({ ...good, [member]: value }), member).toEqual([expect.stringMatching(new RegExp(`^${member}: must be .*, got ${got.replace(/[[\]]/g, '\\$&')}$`))]);
    }
    expect(problems({ ...good, Actions: [7] })).toContain('Actions[0]: must be an object, got the number 7');
    expect(problems({ ...good, Actions: [{ ActionType: 7 }] })[0]).toMatch(/^Actions\[0\]\.ActionType: the number 7 is not one of /);
  });

  it('requires the required fields', () => {
    expect(problems({})).toEqual([
      'Name: is required',
      'TriggerEventSource: is required',
      'PublishStatus: is required',
      'Actions: is required',
      'Function: is required',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(() => validateCreateRule([1], okFunction)).toThrow('Request body must be a JSON object');
  });

  it('checks unions, numeric ranges and list sizes of case and SLA actions', () => {
    const caseUpdate = (fields: unknown, sla: Record<string, unknown> = {}) =>
      problems(
        body({
          TriggerEventSource: { EventSourceName: 'OnCaseUpdate' },
          Actions: [
            { ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: fields } },
            {
              ActionType: 'ASSIGN_SLA',
              AssignSlaAction: {
                SlaAssignmentType: 'CASES',
                CaseSlaConfiguration: { Name: 'sla', Type: 'CaseField', TargetSlaMinutes: 60, ...sla },
              },
            },
          ],
        }),
      );
    expect(caseUpdate([{ Id: 'a', Value: { StringValue: 'x', BooleanValue: true } }])).toEqual([
      'Actions[0].UpdateCaseAction.Fields[0].Value: exactly one of BooleanValue, DoubleValue, EmptyValue, StringValue must be set (got 2)',
    ]);
    expect(caseUpdate([{ Id: 'a', Value: {} }])[0]).toContain('(got 0)');
    expect(caseUpdate(Array.from({ length: 101 }, (_, i) => ({ Id: `f${i}`, Value: { EmptyValue: {} } })))).toEqual([
      'Actions[0].UpdateCaseAction.Fields: has 101 items, at most 100 allowed',
    ]);
    const fields = [{ Id: 'a', Value: { DoubleValue: 1 } }];
    expect(caseUpdate(fields, { TargetSlaMinutes: 0 })).toEqual([
      'Actions[1].AssignSlaAction.CaseSlaConfiguration.TargetSlaMinutes: 0 is below the minimum 1',
    ]);
    expect(caseUpdate(fields, { TargetSlaMinutes: 1_051_201 })[0]).toContain('1051201 exceeds the maximum 1051200');
    expect(caseUpdate(fields, { TargetSlaMinutes: 1.5 })[0]).toContain('must be a whole number');
    expect(caseUpdate(fields, { Name: 'trailing ' })[0]).toContain('CaseSlaConfiguration.Name');
    expect(caseUpdate(fields, { TargetFieldValues: [{ StringValue: 'a' }, { StringValue: 'b' }] })[0]).toContain(
      'TargetFieldValues: has 2 items, at most 1 allowed',
    );
  });

  it('notifications: a recipient is needed; the agent token only for evaluation rules', () => {
    const notify = (source: EventSourceName, recipient: unknown) =>
      problems(
        body({
          TriggerEventSource: { EventSourceName: source },
          Actions: [
            ...(source === 'OnPostCallAnalysisAvailable' ? [CATEGORY] : []),
            {
              ActionType: 'SEND_NOTIFICATION',
              SendNotificationAction: { DeliveryMethod: 'EMAIL', Content: 'hi', ContentType: 'PLAIN_TEXT', Recipient: recipient },
            },
          ],
        }),
      );
    expect(notify('OnPostCallAnalysisAvailable', {})).toEqual([
      'Actions[1].SendNotificationAction.Recipient: at least one of UserTags or UserIds must name a recipient',
    ]);
    expect(notify('OnContactEvaluationSubmit', { UserIds: ['$.ContactLens.ContactEvaluation.Agent.AgentId'] })).toEqual([]);
    expect(notify('OnPostCallAnalysisAvailable', { UserIds: ['$.ContactLens.ContactEvaluation.Agent.AgentId'] })[0]).toContain(
      'is only supported for event source OnContactEvaluationSubmit',
    );
    expect(notify('OnContactEvaluationSubmit', { UserIds: ['$.ContactLens.PostCall.Agent.AgentId'] })[0]).toContain('is not a supported variable');
  });

  it('task references: at most 25, each with a known Type', () => {
    const task = (refs: Record<string, unknown>) =>
      problems(body({ Actions: [CATEGORY, { ActionType: 'CREATE_TASK', TaskAction: { Name: 'n', ContactFlowId: 'f', References: refs } }] }));
    expect(task({ a: { Type: 'URL', Value: 'https://x' } })).toEqual([]);
    expect(task({ a: { Type: 'LINK' } })[0]).toBe(`Actions[1].TaskAction.References["a"].Type: 'LINK' is not one of URL, ATTACHMENT, CONTACT_ANALYSIS, NUMBER, STRING, DATE, EMAIL, EMAIL_MESSAGE, EMAIL_MESSAGE_PLAIN_TEXT, EMAIL_MESSAGE_PLAIN_TEXT_REDACTED, EMAIL_MESSAGE_REDACTED`);
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`r${i}`, { Type: 'STRING' }]));
    expect(task(many)).toEqual(['Actions[1].TaskAction.References: has 26 entries, at most 25 allowed']);
  });

  it('tags: 1-50 entries, no aws: prefix, value up to 256', () => {
    expect(problems(body({ Tags: {} }))).toEqual(['Tags: has 0 entries, at least 1 required']);
    expect(problems(body({ Tags: { 'aws:x': 'y' } }))[0]).toContain('Tags["aws:x"] (key)');
    expect(problems(body({ Tags: { k: 'v'.repeat(257) } }))).toEqual(['Tags["k"]: length 257 exceeds 256']);
    expect(problems(body({ Tags: { 'Équipe 1': 'qualité' } }))).toEqual([]);
  });

  it('runs the language checker with the rule source, and only when the source is known', () => {
    const checker = vi.fn((_text: string, _source: EventSourceName) => ['Function:1:1: nope']);
    expect(problems(body(), checker)).toEqual(['Function:1:1: nope']);
    expect(checker).toHaveBeenCalledWith('{"Version":"2022-11-25"}', 'OnPostCallAnalysisAvailable');
    checker.mockClear();
    problems(body({ TriggerEventSource: { EventSourceName: 'Nope' } }), checker);
    expect(checker).not.toHaveBeenCalled();
  });

  it('treats JSON null as absent', () => {
    expect(problems(body({ Tags: null, ClientToken: null }))).toEqual([]);
    expect(problems(body({ Name: null }))).toEqual(['Name: is required']);
  });
});

describe('validateUpdateRule', () => {
  const existing = { Name: 'old', EventSourceName: 'OnSalesforceCaseCreate' as const };
  const update = (b: Record<string, unknown>, e: { Name: string; EventSourceName: EventSourceName } = existing) => {
    try {
      return validateUpdateRule(
        { Name: 'old', Function: '{}', PublishStatus: 'DRAFT', Actions: [{ ActionType: 'CREATE_TASK', TaskAction: { Name: 'n', ContactFlowId: 'f' } }], ...b },
        e,
        okFunction,
      );
    } catch (err) {
      return (err as InvalidRequestException).problems;
    }
  };

  it('allows renames of third-party rules only', () => {
    expect(update({ Name: 'new' })).toMatchObject({ Name: 'new', PublishStatus: 'DRAFT' });
    const refused = update({ Name: 'new', Actions: [CATEGORY] }, { Name: 'old', EventSourceName: 'OnPostChatAnalysisAvailable' });
    expect(refused).toEqual([expect.stringContaining("Name: rules of event source OnPostChatAnalysisAvailable can't be renamed")]);
  });

  it('validates actions against the stored source and ignores TriggerEventSource in the body', () => {
    expect(update({ TriggerEventSource: { EventSourceName: 'OnCaseUpdate' } })).not.toBeInstanceOf(Array);
    expect(update({ Actions: [CATEGORY] })).toEqual(['Actions: rules of event source OnSalesforceCaseCreate require a CREATE_TASK action']);
  });
});

describe('validateListRules', () => {
  it('parses the query', () => {
    expect(validateListRules({ publishStatus: 'DRAFT', eventSourceName: 'OnCaseCreate', maxResults: '200', nextToken: 't' })).toEqual({
      publishStatus: 'DRAFT',
      eventSourceName: 'OnCaseCreate',
      maxResults: 200,
      nextToken: 't',
    });
    expect(validateListRules({})).toEqual({});
  });

  it('refuses out-of-range or malformed values', () => {
    expect(() => validateListRules({ maxResults: '0' })).toThrow('maxResults: 0 is below the minimum 1');
    expect(() => validateListRules({ maxResults: '201' })).toThrow('maxResults: 201 exceeds the maximum 200');
    expect(() => validateListRules({ maxResults: '1e2' })).toThrow("maxResults: '1e2' is not a whole number");
    expect(() => validateListRules({ eventSourceName: 'OnContactEvent' })).toThrow('eventSourceName');
  });
});
