/**
 * The vocabulary of the readable text form, as data: the source families (which
 * `ComparisonValue` prefix a text's relative names stand under), the readable names
 * of the condition paths of each family, the readable filter phrases and the metric
 * groupings. The parser reads these tables one way (words → JSON), the printer the
 * other (JSON → words); nothing else in grammar/text knows a path or a filter type.
 *
 * A name never decides validity: `talk time` exists in every contact family, and the
 * validator says that chat has no talk time, exactly as it would for the JSON path.
 */
import type { EventSourceName, FilterRule } from '../catalogue/types.ts';

/** How a `CONTAINS_ANY` reads after the name: `queue in (...)`, `transcript.exact contains any (...)`. */
export type AnyWord = 'in' | 'contains any' | 'matches any';

export interface SubjectAlias {
  /** The words, lower case, single-spaced: `routing profile`. Metric names keep their case. */
  readonly words: string;
  /** The path under the family prefix (`Agent.RoutingProfile`); for a keyed name, the part before the key. */
  readonly path: string;
  /** A keyed name takes a string, appended to `path` after a dot: `attribute "Tier"` → `ContactAttribute.Tier`. */
  readonly keyed?: boolean;
  /** How `CONTAINS_ANY` is printed for this name (`in` when absent). */
  readonly any?: AnyWord;
  /** One line for `.paths`, completion and docs. */
  readonly note?: string;
}

/** The filter types that `first 30s`, `last 30s` and `past 60s` stand for in a family. */
export interface PeriodFilters {
  readonly first?: string;
  readonly last?: string;
  readonly past?: string;
  /** `past` of one path, where it differs (AGENT_ACTIVITY's own window filter). */
  readonly pastByPath?: Readonly<Record<string, string>>;
}

export interface Family {
  /** The word after `on`: `post-call`. */
  readonly name: string;
  /** `$.ContactLens.PostCall`: every relative name of the family stands under it. */
  readonly prefix: string;
  readonly sources: readonly EventSourceName[];
  readonly subjects: readonly SubjectAlias[];
  readonly periods: PeriodFilters;
}

// ---------------------------------------------------------------------------
// names of the condition paths

const TRANSCRIPT_NAMES: readonly SubjectAlias[] = [
  { words: 'transcript.exact', path: 'ExactMatch.Transcript', any: 'contains any', note: 'words or phrases, exact match' },
  { words: 'transcript.semantic', path: 'SemanticMatch.Transcript', any: 'contains any', note: 'words or phrases, semantic match' },
  { words: 'transcript.pattern', path: 'PatternMatch.Transcript', any: 'matches any', note: 'words or phrases, pattern match' },
  { words: 'conversation', path: 'SemanticMatch.Phrase', note: 'natural language, semantic match' },
];

/** The contact conditions shared by the Contact Lens families. */
const CONTACT_NAMES: readonly SubjectAlias[] = [
  ...TRANSCRIPT_NAMES,
  { words: 'agent', path: 'Agent.AgentId' },
  { words: 'agent hierarchy', path: 'Agent.HierarchyGroup.ARN' },
  { words: 'routing profile', path: 'Agent.RoutingProfile' },
  { words: 'queue', path: 'Queue.QueueId' },
  { words: 'initiation method', path: 'InitiationMethod' },
  { words: 'disconnect reason', path: 'DisconnectReason' },
  { words: 'disconnect issue', path: 'PotentialDisconnectIssue', note: 'potential disconnect issue' },
  { words: 'attribute', path: 'ContactAttribute', keyed: true, note: 'contact attribute' },
  { words: 'segment attribute', path: 'SegmentAttributes.UserDefined', keyed: true, note: 'user-defined segment attribute' },
  { words: 'ai agent', path: 'AiAgent.IdWithVersion', note: 'Connect AI agent id or id:version' },
  { words: 'sentiment', path: 'Sentiment.State', note: 'sentiment state' },
  { words: 'sentiment score', path: 'Sentiment.OverallScore', note: 'overall sentiment score' },
  { words: 'opening sentiment', path: 'Sentiment.Score.Beginning', note: 'sentiment score at the beginning' },
  { words: 'closing sentiment', path: 'Sentiment.Score.End', note: 'sentiment score at the end' },
  { words: 'talk time', path: 'TalkTime.TotalTimeSecs', note: 'seconds' },
  { words: 'loudness', path: 'Loudness.HighestLoudnessScore', note: 'highest loudness, dB' },
  { words: 'non-talk time', path: 'NonTalkTime.TotalTimeSecs', note: 'seconds' },
  { words: 'longest non-talk time', path: 'NonTalkTime.LongestTimeSecs', note: 'seconds' },
  { words: 'non-talk percent', path: 'Agent.NonTalkTimePct', note: 'percent of the contact' },
  { words: 'interruptions', path: 'Interruptions.Instances' },
  { words: 'hold time', path: 'Agent.CustomerHoldDurationSecs', note: 'seconds' },
  { words: 'hold percent', path: 'Agent.CustomerHoldDurationPct', note: 'percent of the contact' },
  { words: 'longest hold', path: 'Agent.LongestHoldDurationSecs', note: 'seconds' },
  { words: 'holds', path: 'Agent.NumberOfHolds', note: 'number of holds' },
  { words: 'after contact work', path: 'Agent.AfterContactWorkDurationSecs', note: 'seconds' },
  { words: 'interaction time', path: 'Agent.AgentInteractionDurationSecs', note: 'seconds' },
  { words: 'first response time', path: 'ResponseTime.Agent.FirstResponseTimeSecs', note: 'seconds, chat' },
  { words: 'average response time', path: 'ResponseTime.Agent.AverageTimeSecs', note: 'seconds, chat' },
  { words: 'longest response time', path: 'ResponseTime.Agent.LongestTimeSecs', note: 'seconds, chat' },
];

const EVALUATION_NAMES: readonly SubjectAlias[] = [
  ...CONTACT_NAMES,
  { words: 'form', path: 'Form.FormId', note: 'evaluation form id (results available)' },
  { words: 'form score', path: 'Form.Score' },
  { words: 'section', path: 'Section.SectionRefId', note: 'section ref id' },
  { words: 'section score', path: 'Section.Score' },
  { words: 'question', path: 'Question.QuestionRefId', note: 'question ref id' },
  { words: 'answer', path: 'Question.Answer.Value', note: 'numeric answer' },
  { words: 'answer option', path: 'Question.Answer.ValueRefId', note: 'single-select answer option ref id' },
];

const CASE_NAMES: readonly SubjectAlias[] = [
  { words: 'queue', path: 'Fields.assigned_queue', note: 'assigned queue' },
  { words: 'assigned user', path: 'Fields.assigned_user' },
  { words: 'reason', path: 'Fields.case_reason', note: 'case reason' },
  { words: 'status', path: 'Fields.status', note: 'case status' },
  { words: 'summary', path: 'Fields.summary' },
  { words: 'closed', path: 'Fields.last_closed_datetime', note: 'last closed date-time' },
  { words: 'updated', path: 'Fields.last_updated_datetime', note: 'last updated date-time' },
  { words: 'created', path: 'Fields.created_datetime', note: 'opened date-time' },
  { words: 'reference number', path: 'Fields.reference_number' },
  { words: 'field', path: 'Fields', keyed: true, note: 'case field by id' },
  { words: 'template', path: 'TemplateId', note: 'case template id' },
];

const ZENDESK_NAMES: readonly SubjectAlias[] = [
  { words: 'type', path: 'Type' },
  { words: 'priority', path: 'Priority' },
  { words: 'status', path: 'Status' },
  { words: 'requester', path: 'RequesterId' },
  { words: 'submitter', path: 'SubmitterId' },
  { words: 'assignee', path: 'AssigneeId' },
  { words: 'organization', path: 'OrganizationId' },
  { words: 'brand', path: 'BrandId' },
  { words: 'form', path: 'FormId' },
  { words: 'external id', path: 'ExternalId' },
  { words: 'channel', path: 'Channel' },
  { words: 'tags', path: 'Tags' },
];

const SALESFORCE_NAMES: readonly SubjectAlias[] = [
  { words: 'account', path: 'AccountId', note: 'account id' },
  { words: 'name', path: 'Name' },
  { words: 'email', path: 'Email' },
  { words: 'phone', path: 'Phone' },
  { words: 'company', path: 'Company' },
  { words: 'type', path: 'Type' },
  { words: 'reason', path: 'Reason' },
  { words: 'origin', path: 'Origin' },
  { words: 'subject', path: 'Subject' },
  { words: 'priority', path: 'Priority' },
  { words: 'description', path: 'Description' },
  { words: 'custom attribute', path: 'CustomAttribute', keyed: true },
];

/** The metrics of OnMetricDataUpdate: each is its own name, as in the docs. */
export const METRIC_NAMES = [
  'AGENT_ACTIVITY',
  'OLDEST_CONTACT_AGE',
  'AGENTS_AVAILABLE',
  'CONTACTS_IN_QUEUE',
  'AVG_QUEUE_ANSWER_TIME',
  'AVG_INTERACTION_TIME',
  'AVG_HOLD_TIME',
  'AVG_HANDLE_TIME',
  'AGENT_OCCUPANCY',
  'SERVICE_LEVEL',
  'FLOWS_STARTED',
  'AVG_FLOW_TIME',
  'MAX_FLOW_TIME',
  'MIN_FLOW_TIME',
  'FLOWS_OUTCOME',
  'PERCENT_FLOWS_OUTCOME',
] as const;

const METRIC_SUBJECTS: readonly SubjectAlias[] = [
  ...METRIC_NAMES.map((m) => ({ words: m, path: m })),
  { words: 'metric', path: '', keyed: true, note: 'any metric by name' },
];

// ---------------------------------------------------------------------------
// families

export const FAMILIES: readonly Family[] = [
  {
    name: 'post-call',
    prefix: '$.ContactLens.PostCall',
    sources: ['OnPostCallAnalysisAvailable'],
    subjects: CONTACT_NAMES,
    periods: { first: 'PostCallContactPeriodSeconds', last: 'PostCallContactPeriodSeconds' },
  },
  {
    name: 'real-time-call',
    prefix: '$.ContactLens.RealTimeCall',
    sources: ['OnRealTimeCallAnalysisAvailable'],
    subjects: CONTACT_NAMES,
    periods: { past: 'RealTimeCallContactPeriodSeconds' },
  },
  {
    name: 'post-chat',
    prefix: '$.ContactLens.PostChat',
    sources: ['OnPostChatAnalysisAvailable'],
    subjects: CONTACT_NAMES,
    periods: { first: 'PostChatContactPeriodSeconds', last: 'PostChatContactPeriodSeconds' },
  },
  {
    name: 'real-time-chat',
    prefix: '$.ContactLens.RealTimeChat',
    sources: ['OnRealTimeChatAnalysisAvailable'],
    subjects: CONTACT_NAMES,
    // the chat's sentiment time period has the call's filter name (grammar/catalogue/contact-lens.ts realTimeChat)
    periods: { past: 'RealTimeCallContactPeriodSeconds' },
  },
  { name: 'email', prefix: '$.ContactLens.Email', sources: ['OnEmailAnalysisAvailable'], subjects: CONTACT_NAMES, periods: {} },
  {
    name: 'evaluation',
    prefix: '$.ContactLens.ContactEvaluation',
    sources: ['OnContactEvaluationSubmit'],
    subjects: EVALUATION_NAMES,
    periods: {},
  },
  { name: 'case', prefix: '$.Case', sources: ['OnCaseCreate', 'OnCaseUpdate'], subjects: CASE_NAMES, periods: {} },
  {
    name: 'sla-breach',
    prefix: '$.RelatedItem',
    sources: ['OnSlaBreach'],
    subjects: [{ words: 'sla', path: 'SlaConfiguration.Name', note: 'SLA name' }],
    periods: {},
  },
  {
    name: 'zendesk-ticket-create',
    prefix: '$.ThirdParty.Zendesk.TicketCreate',
    sources: ['OnZendeskTicketCreate'],
    subjects: ZENDESK_NAMES,
    periods: {},
  },
  {
    name: 'zendesk-status-update',
    prefix: '$.ThirdParty.Zendesk.StatusUpdate',
    sources: ['OnZendeskTicketStatusUpdate'],
    subjects: ZENDESK_NAMES,
    periods: {},
  },
  {
    name: 'salesforce-case-create',
    prefix: '$.ThirdParty.Salesforce.CaseCreate',
    sources: ['OnSalesforceCaseCreate'],
    subjects: SALESFORCE_NAMES,
    periods: {},
  },
  {
    name: 'metrics',
    prefix: '$.MetricData',
    sources: ['OnMetricDataUpdate'],
    subjects: METRIC_SUBJECTS,
    periods: { past: 'MetricDataDurationSeconds', pastByPath: { '$.MetricData.AGENT_ACTIVITY': 'AgentActivityDurationSeconds' } },
  },
];

const byName = new Map(FAMILIES.map((f) => [f.name, f]));
const bySource = new Map(FAMILIES.flatMap((f) => f.sources.map((s) => [s as string, f] as const)));

/** The family named by the word after `on`: a family name or an EventSourceName (case-insensitive). */
export function familyByWord(word: string): Family | undefined {
  const lower = word.toLowerCase();
  return byName.get(lower) ?? FAMILIES.find((f) => f.sources.some((s) => s.toLowerCase() === lower));
}

/** The source an `on` word of `family` names: the one it names, or the family's only one. */
export function sourceOfWord(family: Family, word: string): EventSourceName | undefined {
  return family.sources.find((s) => s.toLowerCase() === word.toLowerCase()) ?? (family.sources.length === 1 ? family.sources[0] : undefined);
}

export function familyOfSource(source: string | undefined): Family | undefined {
  return source === undefined ? undefined : bySource.get(source);
}

/** The family whose prefix a full path stands under (`$.ContactLens.PostCall.X` → post-call). */
export function familyOfPath(path: string): Family | undefined {
  return FAMILIES.find((f) => path.startsWith(`${f.prefix}.`));
}

const join = (prefix: string, rel: string): string => (rel ? `${prefix}.${rel}` : prefix);

/** The full path of a name in a family; the key of a keyed name is appended after a dot. */
export function subjectPath(family: Family, alias: SubjectAlias, key?: string): string {
  return alias.keyed ? `${join(family.prefix, alias.path)}.${key ?? ''}` : join(family.prefix, alias.path);
}

/** The name of a full path in a family: a fixed name first, then the longest keyed prefix. */
export function aliasOfPath(family: Family, path: string): { alias: SubjectAlias; key?: string } | undefined {
  const fixed = family.subjects.find((a) => !a.keyed && join(family.prefix, a.path) === path);
  if (fixed) return { alias: fixed };
  let best: { alias: SubjectAlias; key: string } | undefined;
  for (const alias of family.subjects) {
    if (!alias.keyed) continue;
    const head = `${join(family.prefix, alias.path)}.`;
    if (path.startsWith(head) && path.length > head.length && (!best || head.length > join(family.prefix, best.alias.path).length + 1)) {
      best = { alias, key: path.slice(head.length) };
    }
  }
  return best;
}

/** The filter type `past Ns` stands for on a path of a family. */
export function pastFilter(family: Family | undefined, path: string | undefined): string | undefined {
  const byPath = family?.periods.pastByPath;
  return (path !== undefined && byPath && Object.hasOwn(byPath, path) ? byPath[path] : undefined) ?? family?.periods.past;
}

export function findSubject(family: Family, words: string): SubjectAlias | undefined {
  const wanted = words.toLowerCase();
  return family.subjects.find((a) => a.words.toLowerCase() === wanted);
}

// ---------------------------------------------------------------------------
// filter phrases

/** `customer` / `agent` / `any` → `ParticipantRole`. */
export const ROLE_WORDS: Readonly<Record<string, string>> = { customer: 'CUSTOMER', agent: 'AGENT', any: 'ANY' };

/** `by queue (...)`: the end-dimension filters of metric conditions. Keys are the words after `by`. */
export const DIMENSION_FILTERS: Readonly<Record<string, string>> = {
  agent: 'MetricDataFilterByAgent',
  queue: 'MetricDataFilterByQueue',
  'routing profile': 'MetricDataFilterByRoutingProfile',
  flow: 'MetricDataFilterByFlow',
  'flow module': 'MetricDataFilterByFlowModule',
  'hierarchy level 1': 'MetricDataFilterByAgentHierarchyLevelOne',
  'hierarchy level 2': 'MetricDataFilterByAgentHierarchyLevelTwo',
  'hierarchy level 3': 'MetricDataFilterByAgentHierarchyLevelThree',
  'hierarchy level 4': 'MetricDataFilterByAgentHierarchyLevelFour',
  'hierarchy level 5': 'MetricDataFilterByAgentHierarchyLevelFive',
  'flow outcome': 'MetricDataFilterByFlowOutcomeType',
  channel: 'MetricDataFilterByChannel',
};

/** The phrases of the other filters, as they read. */
export const FILTER_PHRASES = {
  language: 'PatternMatchLanguageFilter',
  useCase: 'AiAgentUseCase',
  escalated: 'AiAgentEscalatedToHuman',
  threshold: 'MetricDataThresholdSeconds',
} as const;

/** Words that may follow a number of seconds: `30s`, `30 sec`, `30 seconds`. */
export const SECOND_UNITS = ['s', 'sec', 'secs', 'second', 'seconds'] as const;

/** The root filter of metric rules: `for each queue` → `MetricDataGrouping: ["QUEUE"]`. */
export const GROUPING_FILTER = 'MetricDataGrouping';

/**
 * The phrases that open a filter, as the text form writes it (grammar/text/printer.ts
 * prints them, parser.ts reads them): each row's phrases, and when one opens a filter of
 * `type` (the catalogue's rule of that filter, the condition's family and path).
 */
const FILTER_OPENERS: readonly {
  readonly phrases: readonly string[];
  readonly opens: (phrase: string, type: string, rule: FilterRule, family: Family | undefined, path: string) => boolean;
}[] = [
  { phrases: Object.keys(ROLE_WORDS), opens: (w, type, rule) => type === 'ParticipantRole' && (rule.data.kind !== 'enum' || rule.data.values.includes(ROLE_WORDS[w]!)) },
  { phrases: ['first', 'last'], opens: (_w, type, rule, family) => rule.data.kind === 'firstOrLast' && (family?.periods.first === type || family?.periods.last === type) },
  { phrases: ['past'], opens: (_w, type, _rule, family, path) => pastFilter(family, path) === type },
  { phrases: ['language'], opens: (_w, type) => type === FILTER_PHRASES.language },
  { phrases: ['use case'], opens: (_w, type) => type === FILTER_PHRASES.useCase },
  { phrases: ['escalated', 'not escalated'], opens: (_w, type) => type === FILTER_PHRASES.escalated },
  { phrases: ['threshold'], opens: (_w, type) => type === FILTER_PHRASES.threshold },
  { phrases: Object.keys(DIMENSION_FILTERS).map((d) => `by ${d}`), opens: (w, type) => DIMENSION_FILTERS[w.slice('by '.length)] === type },
];

/** The phrases that open a filter of `type` on the condition at `path` (none: the filter is written `Type = ...`). */
export function filterPhrases(type: string, rule: FilterRule, family: Family | undefined, path: string): string[] {
  return FILTER_OPENERS.flatMap((row) => row.phrases.filter((w) => row.opens(w, type, rule, family, path)));
}

/** Every phrase that can open a filter argument, for completion and "did you mean". */
export const FILTER_WORDS: readonly string[] = FILTER_OPENERS.flatMap((row) => row.phrases);
