/**
 * The catalogue as data: path resolution (exact rows before templates, the key
 * appended to the document path), where each kind of value lives in the canonical
 * event (docs/canonical-events.md), and the invariants every table must keep.
 */
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  EVENT_SOURCE_NAMES,
  catalogueFor,
  findCondition,
  listConditionPaths,
  resolveCondition,
  sourcesOfPath,
  type EventSourceName,
} from './index.ts';

const PC = CATALOGUE.OnPostCallAnalysisAvailable;
const docPath = (source: EventSourceName, path: string) => resolveCondition(CATALOGUE[source], path)?.docPath;

describe('resolveCondition', () => {
  it('appends a template key to the document path, verbatim', () => {
    expect(resolveCondition(PC, '$.ContactLens.PostCall.ContactAttribute.CustomerType')).toMatchObject({
      spec: { path: '$.ContactLens.PostCall.ContactAttribute.<KEY>' },
      docPath: ['ContactLens', 'PostCall', 'ContactAttribute', 'CustomerType'],
      key: 'CustomerType',
    });
    expect(docPath('OnPostChatAnalysisAvailable', '$.ContactLens.PostChat.SegmentAttributes.UserDefined.a.b')).toEqual([
      'ContactLens',
      'PostChat',
      'SegmentAttributes',
      'UserDefined',
      'a.b',
    ]);
    expect(docPath('OnSalesforceCaseCreate', '$.ThirdParty.Salesforce.CaseCreate.CustomAttribute.Region')).toEqual([
      'ThirdParty',
      'Salesforce',
      'CaseCreate',
      'CustomAttribute',
      'Region',
    ]);
  });

  it('prefers a documented case field over the custom-field template', () => {
    expect(findCondition(CATALOGUE.OnCaseCreate, '$.Case.Fields.status')?.name).toBe('Case status');
    expect(findCondition(CATALOGUE.OnCaseCreate, '$.Case.Fields.priority_level')?.name).toBe('Custom case field');
    expect(resolveCondition(CATALOGUE.OnCaseUpdate, '$.Case.Fields.status')?.key).toBeUndefined();
  });

  it('refuses an empty key and unknown paths', () => {
    expect(findCondition(PC, '$.ContactLens.PostCall.ContactAttribute.')).toBeUndefined();
    expect(findCondition(PC, '$.ContactLens.PostCall.ContactAttribute')).toBeUndefined();
    expect(findCondition(PC, '$.ContactLens.PostCall.Nope')).toBeUndefined();
    expect(findCondition(CATALOGUE.OnAlertUpdate, '$.ContactLens.PostCall.Agent.AgentId')).toBeUndefined();
  });

  it('names the sources of a path', () => {
    expect(sourcesOfPath('$.Case.TemplateId')).toEqual(['OnCaseCreate', 'OnCaseUpdate']);
    expect(sourcesOfPath('$.Case.TemplateId', 'OnCaseCreate')).toEqual(['OnCaseUpdate']);
    expect(sourcesOfPath('$.ContactLens.RealTimeChat.Sentiment.State')).toEqual(['OnRealTimeChatAnalysisAvailable']);
  });
});

describe('where values live (docs/canonical-events.md)', () => {
  it('transcript conditions read the transcript items', () => {
    for (const [source, prefix] of [
      ['OnPostCallAnalysisAvailable', 'PostCall'],
      ['OnPostChatAnalysisAvailable', 'PostChat'],
    ] as const) {
      for (const [rel, value] of [
        ['ExactMatch.Transcript', { kind: 'transcript', match: 'exact' }],
        ['SemanticMatch.Transcript', { kind: 'transcript', match: 'semantic' }],
        ['PatternMatch.Transcript', { kind: 'transcript', match: 'pattern' }],
        ['SemanticMatch.Phrase', { kind: 'semanticPhrase' }],
      ] as const) {
        const r = resolveCondition(CATALOGUE[source], `$.ContactLens.${prefix}.${rel}`)!;
        expect(r.docPath).toEqual(['ContactLens', prefix, 'Transcript']);
        expect(r.spec.value).toEqual(value);
      }
    }
  });

  it('real-time sentiment state is windowed over the transcript; post-contact state is a role map', () => {
    for (const prefix of ['RealTimeCall', 'RealTimeChat']) {
      const source = `On${prefix}AnalysisAvailable` as EventSourceName;
      const r = resolveCondition(CATALOGUE[source], `$.ContactLens.${prefix}.Sentiment.State`)!;
      expect(r.spec.value).toMatchObject({ kind: 'windowedSentiment', missingAs: { value: 'NEUTRAL' } });
      expect(r.docPath).toEqual(['ContactLens', prefix, 'Transcript']);
    }
    const post = resolveCondition(PC, '$.ContactLens.PostCall.Sentiment.State')!;
    expect(post.spec.value).toMatchObject({ kind: 'byRole', missingAs: { value: 'NEUTRAL' } });
    expect(post.docPath).toEqual(['ContactLens', 'PostCall', 'Sentiment', 'State']);
    // missing sentiment is neutral (AWS); a missing talk time or loudness stays missing
    for (const rel of ['Sentiment.OverallScore', 'Sentiment.Score.Beginning', 'Sentiment.Score.End']) {
      expect(findCondition(PC, `$.ContactLens.PostCall.${rel}`)?.value, rel).toMatchObject({ kind: 'byRole', missingAs: { value: 0 } });
    }
    for (const rel of ['TalkTime.TotalTimeSecs', 'Loudness.HighestLoudnessScore']) {
      expect(findCondition(PC, `$.ContactLens.PostCall.${rel}`)?.value, rel).toEqual({ kind: 'byRole' });
    }
  });

  it('lists, AI agents, evaluation sections and questions, metrics', () => {
    expect(findCondition(PC, '$.ContactLens.PostCall.Agent.HierarchyGroup.ARN')?.value).toEqual({ kind: 'list' });
    expect(findCondition(CATALOGUE.OnZendeskTicketCreate, '$.ThirdParty.Zendesk.TicketCreate.Tags')?.value).toEqual({ kind: 'list' });
    expect(resolveCondition(PC, '$.ContactLens.PostCall.AiAgent.IdWithVersion')).toMatchObject({
      spec: { value: { kind: 'aiAgent' } },
      docPath: ['ContactLens', 'PostCall', 'AiAgent'],
    });
    const ev = CATALOGUE.OnContactEvaluationSubmit;
    const E = '$.ContactLens.ContactEvaluation';
    expect(resolveCondition(ev, `${E}.Section.SectionRefId`)).toMatchObject({
      spec: { value: { kind: 'scopeKey' } },
      docPath: ['ContactLens', 'ContactEvaluation', 'Sections'],
    });
    expect(resolveCondition(ev, `${E}.Section.Score`)).toMatchObject({
      spec: { value: { kind: 'scoped', keyPath: `${E}.Section.SectionRefId`, field: ['Score'] } },
      docPath: ['ContactLens', 'ContactEvaluation', 'Sections'],
    });
    expect(resolveCondition(ev, `${E}.Question.Answer.ValueRefId`)).toMatchObject({
      spec: { value: { kind: 'scoped', keyPath: `${E}.Question.QuestionRefId`, field: ['Answer', 'ValueRefId'] } },
      docPath: ['ContactLens', 'ContactEvaluation', 'Questions'],
    });
    expect(docPath('OnContactEvaluationSubmit', `${E}.Form.Score`)).toEqual(['ContactLens', 'ContactEvaluation', 'Form', 'Score']);
    expect(resolveCondition(CATALOGUE.OnMetricDataUpdate, '$.MetricData.SERVICE_LEVEL')).toMatchObject({
      spec: { value: { kind: 'metric', metric: 'SERVICE_LEVEL' } },
      docPath: ['MetricData', 'Rows'],
    });
  });

  it('every other value sits at its own path', () => {
    for (const source of EVENT_SOURCE_NAMES) {
      for (const spec of CATALOGUE[source].conditions.filter((s) => s.value.kind === 'scalar' || s.value.kind === 'byRole')) {
        expect(spec.docPath, spec.path).toEqual(spec.path.replace(/^\$\./, '').replace(/\.<KEY>$/, '').split('.'));
      }
    }
  });
});

describe('catalogue invariants', () => {
  for (const source of EVENT_SOURCE_NAMES) {
    const c = catalogueFor(source);
    it(`${source}`, () => {
      expect(c.source).toBe(source);
      const paths = c.conditions.map((s) => s.path);
      expect(new Set(paths).size, 'one row per path').toBe(paths.length);
      expect(listConditionPaths(source)).toEqual(paths);
      for (const spec of c.conditions) {
        expect(spec.path.startsWith(`${c.prefix}.`), `${spec.path} under ${c.prefix}`).toBe(true);
        const operators = spec.forms.map((f) => f.operator);
        expect(new Set(operators).size, `${spec.path}: one form per operator`).toBe(operators.length);
        for (const choice of spec.filterChoices ?? []) {
          for (const type of choice.types) expect(spec.filters?.[type], `${spec.path}: ${type} has its Data`).toBeDefined();
        }
        for (const dims of Object.values(spec.metric?.groupings ?? {})) {
          for (const type of dims) expect(spec.filters?.[type], `${spec.path}: ${type} has its Data`).toBeDefined();
        }
        if (spec.compound) {
          const compound = c.compounds?.find((x) => x.name === spec.compound);
          expect(compound, `${spec.path}: compound ${spec.compound}`).toBeDefined();
          expect([...compound!.requires, ...(compound!.exactlyOneOf ?? [])]).toContain(spec.path);
        }
        if (spec.limitGroup) expect(c.limits.groups?.[spec.limitGroup], `${spec.path}: ${spec.limitGroup}`).toBe(5);
      }
      for (const compound of c.compounds ?? []) {
        for (const path of [...compound.requires, ...(compound.optional ?? []), ...(compound.exactlyOneOf ?? [])]) {
          expect(paths, `${compound.name} member`).toContain(path);
        }
      }
      expect(c.documented).toBe(c.conditions.length > 0);
      expect(c.structure).toBe(source === 'OnMetricDataUpdate' ? 'metric' : 'flat');
      expect(c.limits.conditions).toBe(20);
    });
  }

  it('counts the rows of every documented table', () => {
    const counts = Object.fromEntries(EVENT_SOURCE_NAMES.map((s) => [s, CATALOGUE[s].conditions.length]));
    expect(counts).toEqual({
      OnPostCallAnalysisAvailable: 30, // 30 documented: queue and "no queue" share a path, the score shift is two
      OnRealTimeCallAnalysisAvailable: 6,
      OnRealTimeChatAnalysisAvailable: 3, // exact, pattern, sentiment – time period: what its admin guide page documents
      OnPostChatAnalysisAvailable: 23, // likewise
      OnEmailAnalysisAvailable: 10, // 11: queue and "no queue"
      OnZendeskTicketCreate: 12,
      OnZendeskTicketStatusUpdate: 12,
      OnSalesforceCaseCreate: 12,
      OnContactEvaluationSubmit: 16, // 13 rows, the question answer is two paths, section and question have their ref ids
      OnMetricDataUpdate: 16,
      OnCaseCreate: 11,
      OnCaseUpdate: 11,
      OnSlaBreach: 1,
      OnAlertUpdate: 0,
      OnSchedulePublish: 0,
      OnScheduleUpdate: 0,
      OnScheduleTimeOffRequestActivity: 0,
      OnAfterCallWorkAvailable: 0,
      OnAfterChatWorkAvailable: 0,
    });
  });

  it("real-time chat keeps the call's words and sentiment rows, and only those", () => {
    const rel = (s: EventSourceName) => CATALOGUE[s].conditions.map((c) => ({ ...c, path: c.path.replace(CATALOGUE[s].prefix, ''), docPath: c.docPath.slice(2) }));
    const call = rel('OnRealTimeCallAnalysisAvailable').filter((c) => /ExactMatch|PatternMatch|Sentiment/.test(c.path));
    expect(rel('OnRealTimeChatAnalysisAvailable')).toEqual(call);
  });
});
