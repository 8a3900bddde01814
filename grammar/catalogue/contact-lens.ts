/**
 * The Contact Lens analysis sources: OnPostCallAnalysisAvailable,
 * OnRealTimeCallAnalysisAvailable, OnPostChatAnalysisAvailable,
 * OnRealTimeChatAnalysisAvailable and OnEmailAnalysisAvailable. The row builders are
 * shared; each source is its prefix, its period filters and the list of its rows in
 * the order of its documentation table.
 */
import {
  agent,
  agentHierarchy,
  agentInteractionDuration,
  afterContactWork,
  contactAttribute,
  contactContext,
  disconnectReason,
  initiationMethod,
  potentialDisconnectIssue,
  queue,
  routingProfile,
  segmentAttribute,
  type ContactContext,
} from './contact.ts';
import {
  AI_AGENT_USE_CASES,
  EMAIL_DISCONNECT_REASONS,
  EMAIL_INITIATION_METHODS,
  ENTRY_LIMIT,
  FIRST_OR_LAST,
  INT_MIN_0,
  INT_MIN_1,
  LIMIT_GROUPS,
  LIST_LIMIT,
  PATTERN_MATCH_LANGUAGES,
  PERCENT_INT,
  RULE_LIMITS,
  SEMANTIC_ENTRY_LIMIT,
  SENTIMENT_SCORE,
  SENTIMENT_STATES,
  SINGLE_ROLES,
  TRANSCRIPT_ROLES,
  compare,
  containsAny,
  docPathOf,
  enumData,
  equals,
  integer,
  oneString,
  optional,
  pastData,
  required,
  row,
  strings,
} from './rows.ts';
import type { CompoundSpec, ConditionSpec, EventSourceName, FilterRule, MissingAs, OperandSpec, SessionFact, SourceCatalogue } from './types.ts';

interface LensContext extends ContactContext {
  /** Optional `{First|Last}` filter of the transcript conditions (post-contact sources). */
  readonly periodFilter?: string;
}
type LensRowBuilder = (c: LensContext) => ConditionSpec;

/** Non-talk time: up to 5 hours, post-call only. */
const NON_TALK_MAX_SECS = 5 * 3600;
/** Response time: up to 4 hours, post-chat only. */
const RESPONSE_TIME_MAX_SECS = 4 * 3600;

const SENTIMENT_SHIFT = 'Sentiment score shift';

const transcriptDocPath = (c: LensContext) => [...docPathOf(c.prefix), 'Transcript'];

/**
 * `ParticipantRole` is required on transcript and sentiment conditions (`ANY` for every
 * role). AWS API reference (OnPostCallAnalysisAvailable, OnPostChatAnalysisAvailable,
 * OnRealTimeCallAnalysisAvailable): the FilterClause of these conditions lists
 * `{"Type": "ParticipantRole", "Data": "CUSTOMER" | "AGENT" | "ANY"}` and marks only the
 * period filter "Optional filter type. If omitted, the rule applies to the full contact";
 * the role is not marked optional, so a condition without it is refused.
 */
const anyRole = (): Record<string, FilterRule> => ({ ParticipantRole: required(enumData(TRANSCRIPT_ROLES)) });
const oneRole = (): Record<string, FilterRule> => ({ ParticipantRole: required(enumData(SINGLE_ROLES)) });

const transcriptFilters = (c: LensContext, withLanguage: boolean): Record<string, FilterRule> => ({
  ...anyRole(),
  ...(c.periodFilter ? { [c.periodFilter]: optional(FIRST_OR_LAST) } : {}),
  ...(withLanguage ? { PatternMatchLanguageFilter: optional(enumData(PATTERN_MATCH_LANGUAGES)) } : {}),
});

/** The three words-or-phrases conditions: `<prefix>.<Segment>.Transcript`, read from the transcript items. */
const TRANSCRIPT_MATCHES = {
  exact: { name: 'exact match', segment: 'ExactMatch', operands: strings(ENTRY_LIMIT), language: false },
  semantic: { name: 'semantic match', segment: 'SemanticMatch', operands: strings(SEMANTIC_ENTRY_LIMIT), language: false },
  pattern: { name: 'pattern match', segment: 'PatternMatch', operands: { kind: 'patterns', max: ENTRY_LIMIT }, language: true },
} as const satisfies Record<string, { name: string; segment: string; operands: OperandSpec; language: boolean }>;

const transcriptMatch =
  (match: keyof typeof TRANSCRIPT_MATCHES, negatable: boolean): LensRowBuilder =>
  (c) => {
    const m = TRANSCRIPT_MATCHES[match];
    return row(`Words or phrases: ${m.name}`, `${c.prefix}.${m.segment}.Transcript`, containsAny(m.operands), {
      negatable,
      filters: transcriptFilters(c, m.language),
      value: { kind: 'transcript', match },
      docPath: transcriptDocPath(c),
    });
  };

/** The docs show no filter for it, only a stray condition object: a plain leaf (INTERPRETATION). */
const semanticPhrase: LensRowBuilder = (c) =>
  row('Natural language: semantic match', `${c.prefix}.SemanticMatch.Phrase`, equals(oneString()), {
    negatable: true,
    value: { kind: 'semanticPhrase' },
    docPath: transcriptDocPath(c),
  });

const aiAgent: LensRowBuilder = (c) =>
  row(
    'Connect AI agent',
    `${c.prefix}.AiAgent.IdWithVersion`,
    containsAny({ kind: 'strings', max: LIST_LIMIT, sameUuid: true }),
    {
      filters: {
        AiAgentUseCase: required({ kind: 'valueEnum', values: AI_AGENT_USE_CASES }),
        AiAgentEscalatedToHuman: optional(enumData(['TRUE', 'FALSE'])),
      },
      value: { kind: 'aiAgent' },
      docPath: [...docPathOf(c.prefix), 'AiAgent'],
    },
  );

/** A number per participant role (`Sentiment.*`, talk time, loudness); the role filter picks it. */
const byRole = (
  name: string,
  rel: string,
  forms: ConditionSpec['forms'],
  filters: Record<string, FilterRule>,
  extra: { limitGroup?: string; compound?: string; missingAs?: MissingAs } = {},
): LensRowBuilder => {
  const { missingAs, ...rest } = extra;
  return (c) => row(name, `${c.prefix}.${rel}`, forms, { filters, value: { kind: 'byRole', ...(missingAs ? { missingAs } : {}) }, ...rest });
};

/**
 * AWS (admin guide, build-rules-for-contact-lens, under "Sentiment – Time period" and
 * "Sentiment – Entire contact"): "When rules are applied to contacts that don't have
 * sentiment data, neutral sentiment is used". A contact, role or window without
 * sentiment reads as NEUTRAL, its score as 0 (the neutral score).
 */
const NO_SENTIMENT = "AWS: when rules are applied to contacts that don't have sentiment data, neutral sentiment is used";
const NEUTRAL_STATE: MissingAs = { value: 'NEUTRAL', why: NO_SENTIMENT };
const NEUTRAL_SCORE: MissingAs = { value: 0, why: NO_SENTIMENT };

const talkTime = byRole('Absolute talk time', 'TalkTime.TotalTimeSecs', compare(INT_MIN_0), oneRole());
const loudness = byRole('Maximum loudness', 'Loudness.HighestLoudnessScore', compare(integer(0)), oneRole());
const sentimentState = byRole('Sentiment state', 'Sentiment.State', equals(oneString(SENTIMENT_STATES)), anyRole(), {
  limitGroup: LIMIT_GROUPS.sentimentContact,
  missingAs: NEUTRAL_STATE,
});
const sentimentOverall = byRole('Sentiment overall score', 'Sentiment.OverallScore', compare(SENTIMENT_SCORE), anyRole(), {
  limitGroup: LIMIT_GROUPS.sentimentContact,
  missingAs: NEUTRAL_SCORE,
});
/** The shift compound counts once against the time-period limit: the limit group sits on its Beginning leaf only. */
const sentimentBeginning = byRole(
  'Sentiment score at the beginning',
  'Sentiment.Score.Beginning',
  compare(SENTIMENT_SCORE),
  anyRole(),
  { compound: SENTIMENT_SHIFT, limitGroup: LIMIT_GROUPS.sentimentPeriod, missingAs: NEUTRAL_SCORE },
);
const sentimentEnd = byRole('Sentiment score at the end', 'Sentiment.Score.End', compare(SENTIMENT_SCORE), anyRole(), {
  compound: SENTIMENT_SHIFT,
  missingAs: NEUTRAL_SCORE,
});

/**
 * Real-time sentiment state over the trailing window `{Past: n}`, computed from the
 * transcript items. The window is required: without it the state has no period
 * (INTERPRETATION).
 */
const windowedSentimentState: LensRowBuilder = (c) =>
  row('Sentiment state (time period)', `${c.prefix}.Sentiment.State`, equals(oneString(SENTIMENT_STATES)), {
    filters: { ...anyRole(), RealTimeCallContactPeriodSeconds: required(pastData()) },
    value: { kind: 'windowedSentiment', missingAs: NEUTRAL_STATE },
    docPath: transcriptDocPath(c),
    limitGroup: LIMIT_GROUPS.sentimentPeriod,
  });

/** A plain number at `<prefix>.<rel>`. */
const numeric =
  (name: string, rel: string, operand: Parameters<typeof compare>[0], limitGroup?: string): LensRowBuilder =>
  (c) =>
    row(name, `${c.prefix}.${rel}`, compare(operand), limitGroup ? { limitGroup } : {});

const nonTalkTimePct = numeric('Non-talk time percentage', 'Agent.NonTalkTimePct', PERCENT_INT);
const customerHoldPct = numeric('Customer hold duration percentage', 'Agent.CustomerHoldDurationPct', PERCENT_INT);
const totalNonTalk = numeric('Total non-talk time', 'NonTalkTime.TotalTimeSecs', integer(1, NON_TALK_MAX_SECS));
const longestNonTalk = numeric('Longest non-talk time', 'NonTalkTime.LongestTimeSecs', integer(1, NON_TALK_MAX_SECS));
const interruptions = numeric('Interruptions', 'Interruptions.Instances', INT_MIN_1, LIMIT_GROUPS.interruptions);
const totalHold = numeric('Total hold time', 'Agent.CustomerHoldDurationSecs', INT_MIN_1);
const longestHold = numeric('Longest hold time', 'Agent.LongestHoldDurationSecs', INT_MIN_1);
const numberOfHolds = numeric('Number of holds', 'Agent.NumberOfHolds', INT_MIN_1);
const responseTime = (name: string, field: string) =>
  numeric(name, `ResponseTime.Agent.${field}`, integer(1, RESPONSE_TIME_MAX_SECS));

interface LensSource {
  readonly source: EventSourceName;
  /** `PostCall` → `$.ContactLens.PostCall`. */
  readonly segment: string;
  readonly context?: Partial<Omit<LensContext, 'prefix'>>;
  readonly rows: readonly LensRowBuilder[];
}

const sentimentShift = (prefix: string): CompoundSpec => ({
  name: SENTIMENT_SHIFT,
  requires: [`${prefix}.Sentiment.Score.Beginning`, `${prefix}.Sentiment.Score.End`],
});

function lensCatalogue(def: LensSource): SourceCatalogue {
  const prefix = `$.ContactLens.${def.segment}`;
  const c: LensContext = { ...contactContext(prefix, def.context), ...def.context, prefix };
  const conditions = def.rows.map((b) => b(c));
  const hasShift = conditions.some((s) => s.compound === SENTIMENT_SHIFT);
  return {
    source: def.source,
    prefix,
    structure: 'flat',
    conditions,
    ...(hasShift ? { compounds: [sentimentShift(prefix)] } : {}),
    limits: RULE_LIMITS,
    documented: true,
  };
}

/** The rows PostCall and PostChat share, in the order of both tables. */
const postContactRows: readonly LensRowBuilder[] = [
  aiAgent,
  transcriptMatch('exact', true),
  transcriptMatch('semantic', true),
  semanticPhrase,
  transcriptMatch('pattern', true),
  agent,
  queue({ negatable: false, noQueue: true }),
  contactAttribute,
  sentimentState,
  sentimentOverall,
  sentimentBeginning,
  sentimentEnd,
];

/** In the order of the documented table (#18 queue and #19 no queue share one row). */
export const postCall = (): SourceCatalogue => lensCatalogue({
  source: 'OnPostCallAnalysisAvailable',
  segment: 'PostCall',
  context: { periodFilter: 'PostCallContactPeriodSeconds' },
  rows: [
    agentHierarchy,
    nonTalkTimePct,
    customerHoldPct,
    initiationMethod,
    disconnectReason,
    talkTime,
    loudness,
    afterContactWork,
    routingProfile,
    potentialDisconnectIssue,
    segmentAttribute(true),
    ...postContactRows,
    totalNonTalk,
    longestNonTalk,
    interruptions,
    totalHold,
    longestHold,
    numberOfHolds,
    agentInteractionDuration,
  ],
});

/** A contact row of a real-time source: it does not apply while the session does not know `fact` yet (types.ts `sessionFact`). */
const untilKnown =
  (build: LensRowBuilder, fact: SessionFact): LensRowBuilder =>
  (c) => ({ ...build(c), sessionFact: fact });

/** no semantic match in real time; exact and pattern match only with `Negate: false`. */
const realTimeRows: readonly LensRowBuilder[] = [
  transcriptMatch('exact', false),
  transcriptMatch('pattern', false),
  untilKnown(agent, 'Agent'),
  untilKnown(queue({ negatable: true, noQueue: false }), 'Queue'),
  untilKnown(contactAttribute, 'ContactAttribute'),
  windowedSentimentState,
];

export const realTimeCall = (): SourceCatalogue => lensCatalogue({
  source: 'OnRealTimeCallAnalysisAvailable',
  segment: 'RealTimeCall',
  rows: realTimeRows,
});

/**
 * OnRealTimeChatAnalysisAvailable: the API reference has no page of conditions for it
 * (its "Conditions in the Rules Function language" lists OnRealTimeCallAnalysisAvailable
 * and not this source). The admin guide page for real-time chat rules ("Add real-time
 * alerts to Contact Lens for supervisors based on keywords and phrases in chats",
 * add-rules-for-alerts-chat) documents words or phrases by Exact match and Pattern
 * match ("Semantic match isn't available for real-time analysis") and the Sentiment –
 * time period condition; only those are kept, under `$.ContactLens.RealTimeChat` with
 * the call's filter names. Agent, queue and contact attribute conditions, which the
 * call has, are refused here with that reason.
 */
const REAL_TIME_CHAT_REFUSED_WHY =
  'no AWS page documents this condition for OnRealTimeChatAnalysisAvailable (the real-time chat rules page lists exact match, pattern match and sentiment – time period only)';
export const realTimeChat = (): SourceCatalogue => ({
  ...lensCatalogue({
    source: 'OnRealTimeChatAnalysisAvailable',
    segment: 'RealTimeChat',
    rows: [transcriptMatch('exact', false), transcriptMatch('pattern', false), windowedSentimentState],
  }),
  refused: ['Agent.AgentId', 'Queue.QueueId', 'ContactAttribute.'].map((rel) => ({ path: `$.ContactLens.RealTimeChat.${rel}`, why: REAL_TIME_CHAT_REFUSED_WHY })),
});

/** the PostCall rows a chat has, plus response times; segment attributes `Negate: false` only. */
export const postChat = (): SourceCatalogue => lensCatalogue({
  source: 'OnPostChatAnalysisAvailable',
  segment: 'PostChat',
  context: { periodFilter: 'PostChatContactPeriodSeconds' },
  rows: [
    agentHierarchy,
    initiationMethod,
    disconnectReason,
    afterContactWork,
    routingProfile,
    potentialDisconnectIssue,
    segmentAttribute(false),
    ...postContactRows,
    responseTime('Agent first response time', 'FirstResponseTimeSecs'),
    responseTime('Agent average response time', 'AverageTimeSecs'),
    responseTime('Agent longest response time', 'LongestTimeSecs'),
    agentInteractionDuration,
  ],
});

/** contact-record conditions only, with the email enums. */
export const email = (): SourceCatalogue => lensCatalogue({
  source: 'OnEmailAnalysisAvailable',
  segment: 'Email',
  context: { initiationMethods: EMAIL_INITIATION_METHODS, disconnectReasons: EMAIL_DISCONNECT_REASONS },
  rows: [
    agentHierarchy,
    initiationMethod,
    disconnectReason,
    afterContactWork,
    routingProfile,
    segmentAttribute(true),
    agent,
    queue({ negatable: false, noQueue: true }),
    contactAttribute,
    agentInteractionDuration,
  ],
});
