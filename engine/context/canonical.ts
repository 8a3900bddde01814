/**
 * The engine's own input format: the canonical trigger event JSON
 * (docs/canonical-events.md), accepted for every source. `loadCanonicalEvent`
 * checks it against the shapes below, drops `null`s, and fills what the document
 * derives:
 *
 * - `ThirdParty.Zendesk.TicketStatusUpdate` from `StatusUpdate` and vice versa (the
 *   condition paths and the variable-injection tokens name the same body differently);
 * - `Sentiment.State` of a contact-analysis body from `Sentiment.OverallScore` when
 *   absent (the post-contact rule: ≥ 1 positive, ≤ −1 negative);
 * - `Agent.CustomerHoldDurationPct` from the hold and interaction durations when absent
 *   (hold ÷ (interaction + hold), contact-record.ts `holdPercent`);
 * - a transcript item's `EndOffsetMillis` from its `BeginOffsetMillis` when absent.
 */
import { EVENT_SOURCE_NAMES, type EventSourceName } from '../../grammar/catalogue/types.ts';
import { sentimentStates } from './analysis-file.ts';
import { holdPercent } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { isDeepStrictEqual } from 'node:util';
import { at, isObject, type JsonObject } from './json.ts';
import { arrayOf, check, mapOf, obj, type Schema } from './schema.ts';
import type { TriggerEvent } from './types.ts';

const ROLE_NUMBERS = mapOf('number');

const CONTACT_MEMBERS: Record<string, Schema> = {
  ContactId: 'string',
  Channel: 'string',
  LanguageCode: 'string',
  InitiationMethod: 'string',
  DisconnectReason: 'string',
  PotentialDisconnectIssue: 'string',
  Agent: obj({
    AgentId: 'string',
    HierarchyGroup: obj({ ARN: arrayOf('string') }),
    RoutingProfile: 'string',
    AfterContactWorkDurationSecs: 'number',
    AgentInteractionDurationSecs: 'number',
    CustomerHoldDurationSecs: 'number',
    LongestHoldDurationSecs: 'number',
    NumberOfHolds: 'number',
    NonTalkTimePct: 'number',
    CustomerHoldDurationPct: 'number',
  }),
  Queue: obj({ QueueId: 'string' }),
  ContactAttribute: mapOf('string'),
  SegmentAttributes: obj({ UserDefined: mapOf('string') }),
  AiAgent: arrayOf(obj({ Id: 'string', Version: 'id', UseCase: 'string', EscalatedToHuman: 'boolean' }, ['Id', 'UseCase'])),
};

export const TRANSCRIPT_ITEM_SCHEMA: Schema = obj(
  {
    Id: 'string',
    ParticipantRole: 'string',
    Content: 'string',
    BeginOffsetMillis: 'number',
    EndOffsetMillis: 'number',
    Sentiment: 'string',
  },
  ['Id', 'ParticipantRole', 'Content', 'BeginOffsetMillis'],
);

const ANALYSIS_BODY = obj({
  ...CONTACT_MEMBERS,
  Sentiment: obj({
    OverallScore: ROLE_NUMBERS,
    State: mapOf({ enum: ['POSITIVE', 'NEGATIVE', 'NEUTRAL'] }),
    Score: obj({ Beginning: ROLE_NUMBERS, End: ROLE_NUMBERS }),
  }),
  TalkTime: obj({ TotalTimeSecs: ROLE_NUMBERS }),
  Loudness: obj({ HighestLoudnessScore: ROLE_NUMBERS }),
  NonTalkTime: obj({ TotalTimeSecs: 'number', LongestTimeSecs: 'number' }),
  Interruptions: obj({ Instances: 'number' }),
  ResponseTime: obj({ Agent: obj({ FirstResponseTimeSecs: 'number', AverageTimeSecs: 'number', LongestTimeSecs: 'number' }) }),
  TotalConversationDurationMillis: 'number',
  Transcript: arrayOf(TRANSCRIPT_ITEM_SCHEMA),
  MatchedCategories: arrayOf('string'),
  // real time: partial utterances, not evaluated (for the explain trace)
  PartialUtterances: arrayOf(TRANSCRIPT_ITEM_SCHEMA),
});

const EVALUATION_BODY = obj({
  ...CONTACT_MEMBERS,
  EvaluationId: 'string',
  Form: obj({ FormId: 'string', Score: 'number' }),
  Sections: mapOf(obj({ Score: 'number' })),
  Questions: mapOf(obj({ Answer: obj({ Value: 'number', ValueRefId: 'string' }) })),
});

const ZENDESK_TICKET = obj({
  Id: 'id',
  Type: 'string',
  Priority: 'string',
  Status: 'string',
  RequesterId: 'id',
  SubmitterId: 'id',
  AssigneeId: 'id',
  OrganizationId: 'id',
  BrandId: 'id',
  FormId: 'id',
  ExternalId: 'id',
  Channel: 'string',
  Tags: arrayOf('string'),
  CreatedAt: 'instant',
});

const SALESFORCE_CASE = obj({
  AccountId: 'id',
  CaseNumber: 'id',
  Name: 'string',
  Email: 'string',
  Phone: 'string',
  Company: 'string',
  Type: 'string',
  Reason: 'string',
  Origin: 'string',
  Subject: 'string',
  Priority: 'string',
  Description: 'string',
  CreatedDate: 'instant',
  CustomAttribute: mapOf('string'),
});

const CASE_BODY = obj({
  CaseId: 'string',
  TemplateId: 'string',
  /** `*_datetime` system fields must be date-times (they compare as instants). */
  Fields: { map: 'scalar', key: (key) => (key.endsWith('_datetime') ? 'instant' : undefined) },
});

const RELATED_ITEM_BODY = obj(
  {
    RelatedItemId: 'string',
    CaseId: 'string',
    SlaConfiguration: obj(
      {
        Name: 'string',
        Type: 'string',
        Status: 'string',
        FieldId: 'string',
        TargetFieldValues: arrayOf('scalar'),
        TargetTime: 'instant',
        CompletionTime: 'instant',
      },
      ['Name'],
    ),
  },
  ['SlaConfiguration'],
);

const METRIC_DATA_BODY = obj(
  {
    Rows: arrayOf(
      obj(
        {
          Dimensions: mapOf('string'),
          Metrics: arrayOf(
            obj(
              { Name: 'string', Value: 'scalar', PeriodSeconds: 'number', ThresholdSeconds: 'number', DurationSeconds: 'number' },
              ['Name', 'Value'],
            ),
          ),
        },
        ['Metrics'],
      ),
    ),
  },
  ['Rows'],
);

const ENVELOPE = obj(
  {
    EventSourceName: { enum: EVENT_SOURCE_NAMES },
    InstanceId: 'string',
    InstanceArn: 'string',
    AccountId: 'string',
    EventId: 'string',
    EventTime: 'instant',
    ContactLens: obj({
      PostCall: ANALYSIS_BODY,
      PostChat: ANALYSIS_BODY,
      RealTimeCall: ANALYSIS_BODY,
      RealTimeChat: ANALYSIS_BODY,
      Email: ANALYSIS_BODY,
      ContactEvaluation: EVALUATION_BODY,
    }),
    Case: CASE_BODY,
    RelatedItem: RELATED_ITEM_BODY,
    ThirdParty: obj({
      Zendesk: obj({ TicketCreate: ZENDESK_TICKET, StatusUpdate: ZENDESK_TICKET, TicketStatusUpdate: ZENDESK_TICKET }),
      Salesforce: obj({ CaseCreate: SALESFORCE_CASE }),
    }),
    MetricData: METRIC_DATA_BODY,
  },
  ['EventSourceName', 'InstanceId'],
);

/** Where the body of each source sits (sources not listed have no documented body). */
export const BODY_PATHS: Readonly<Partial<Record<EventSourceName, readonly string[]>>> = {
  OnPostCallAnalysisAvailable: ['ContactLens', 'PostCall'],
  OnPostChatAnalysisAvailable: ['ContactLens', 'PostChat'],
  OnRealTimeCallAnalysisAvailable: ['ContactLens', 'RealTimeCall'],
  OnRealTimeChatAnalysisAvailable: ['ContactLens', 'RealTimeChat'],
  OnEmailAnalysisAvailable: ['ContactLens', 'Email'],
  OnContactEvaluationSubmit: ['ContactLens', 'ContactEvaluation'],
  OnZendeskTicketCreate: ['ThirdParty', 'Zendesk', 'TicketCreate'],
  OnZendeskTicketStatusUpdate: ['ThirdParty', 'Zendesk', 'StatusUpdate'],
  OnSalesforceCaseCreate: ['ThirdParty', 'Salesforce', 'CaseCreate'],
  OnMetricDataUpdate: ['MetricData'],
  OnCaseCreate: ['Case'],
  OnCaseUpdate: ['Case'],
  OnSlaBreach: ['RelatedItem'],
};

const ANALYSIS_ROOTS = ['PostCall', 'PostChat', 'RealTimeCall', 'RealTimeChat', 'Email'] as const;

function get(root: JsonObject, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}

/** Fills the derived members of a contact-analysis (or evaluation) body in place. */
function deriveContactMembers(body: JsonObject): void {
  const agent = body.Agent;
  if (isObject(agent) && agent.CustomerHoldDurationPct === undefined) {
    const pct = holdPercent(agent.CustomerHoldDurationSecs as number | undefined, agent.AgentInteractionDurationSecs as number | undefined);
    if (pct !== undefined) agent.CustomerHoldDurationPct = pct;
  }
  const sentiment = body.Sentiment;
  if (isObject(sentiment) && sentiment.State === undefined && isObject(sentiment.OverallScore)) {
    const states = sentimentStates(sentiment.OverallScore as Record<string, number>);
    if (states) sentiment.State = states;
  }
  if (Array.isArray(body.Transcript)) {
    body.Transcript = body.Transcript.map((item: JsonObject) =>
      item.EndOffsetMillis === undefined ? { ...item, EndOffsetMillis: item.BeginOffsetMillis } : item,
    );
  }
}

export function isCanonicalEvent(v: unknown): boolean {
  return isObject(v) && 'EventSourceName' in v;
}

/**
 * Checks and loads a canonical trigger event. `file` labels error messages.
 * Throws InputFormatError with the JSON pointer of the first problem.
 */
export function loadCanonicalEvent(input: unknown, options: { file?: string } = {}): TriggerEvent {
  const file = options.file ?? 'event';
  const event = check(file, input, ENVELOPE) as JsonObject;
  const source = event.EventSourceName as EventSourceName;

  const contactLens = event.ContactLens;
  if (isObject(contactLens)) {
    for (const root of [...ANALYSIS_ROOTS, 'ContactEvaluation']) {
      if (isObject(contactLens[root])) deriveContactMembers(contactLens[root]);
    }
  }
  const zendesk = get(event, ['ThirdParty', 'Zendesk']);
  if (isObject(zendesk)) {
    if (zendesk.StatusUpdate !== undefined && zendesk.TicketStatusUpdate !== undefined) {
      if (!isDeepStrictEqual(zendesk.StatusUpdate, zendesk.TicketStatusUpdate)) {
        throw new InputFormatError(
          file,
          '/ThirdParty/Zendesk/TicketStatusUpdate',
          'StatusUpdate and TicketStatusUpdate are the same ticket and must be equal (give one of them)',
        );
      }
    } else if (zendesk.StatusUpdate !== undefined) zendesk.TicketStatusUpdate = zendesk.StatusUpdate;
    else if (zendesk.TicketStatusUpdate !== undefined) zendesk.StatusUpdate = zendesk.TicketStatusUpdate;
  }

  const bodyPath = BODY_PATHS[source];
  if (bodyPath && get(event, bodyPath) === undefined) {
    throw new InputFormatError(
      file,
      bodyPath.reduce(at, ''),
      `missing ${bodyPath.join('.')}: the body of an ${source} event`,
    );
  }
  return event as unknown as TriggerEvent;
}
