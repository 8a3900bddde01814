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
import { EVENT_SOURCE_NAMES, SESSION_FACTS, type EventSourceName } from '../../grammar/catalogue/types.ts';
import { sentimentStates } from './analysis-file.ts';
import { holdPercent } from './contact-record.ts';
import { InputFormatError } from './errors.ts';
import { at, canonicalJson, isObject, type JsonObject } from './json.ts';
import { problemError } from './problems.ts';
import { ISO_INSTANT as INSTANT, validate, type Field, type Spec } from '../schema/check.ts';
import type { TriggerEvent } from './types.ts';
import { BODY_PATHS } from './body-paths.ts';

export { BODY_PATHS } from './body-paths.ts';

// The shapes, in the schema kernel's terms: objects are open (members not named are
// kept), `null` counts as absent, ids may be given as numbers.
const STRING: Spec = { kind: 'string' };
const ID: Spec = { kind: 'string', fromNumber: true };
const NUMBER: Spec = { kind: 'number' };
const BOOLEAN: Spec = { kind: 'boolean' };
const SCALAR: Spec = { kind: 'scalar' };

// Calls without side effects (esbuild's annotation), so that a bundle importing this module for
// what it does not use (a reader that never loads a canonical event) drops the shapes.
/* @__NO_SIDE_EFFECTS__ */
const obj = (members: Record<string, Spec>, required: readonly string[] = []): Spec => {
  const fields: Record<string, Field> = {};
  for (const [name, spec] of Object.entries(members)) fields[name] = { spec, required: required.includes(name) };
  return { kind: 'struct', open: true, fields };
};
/* @__NO_SIDE_EFFECTS__ */
const mapOf = (value: Spec): Spec => ({ kind: 'map', value });
/* @__NO_SIDE_EFFECTS__ */
const arrayOf = (items: Spec): Spec => ({ kind: 'list', items });

const ROLE_NUMBERS = mapOf(NUMBER);

const CONTACT_MEMBERS: Record<string, Spec> = {
  ContactId: STRING,
  Channel: STRING,
  LanguageCode: STRING,
  InitiationMethod: STRING,
  DisconnectReason: STRING,
  PotentialDisconnectIssue: STRING,
  Agent: obj({
    AgentId: STRING,
    HierarchyGroup: obj({ ARN: arrayOf(STRING) }),
    RoutingProfile: STRING,
    AfterContactWorkDurationSecs: NUMBER,
    AgentInteractionDurationSecs: NUMBER,
    CustomerHoldDurationSecs: NUMBER,
    LongestHoldDurationSecs: NUMBER,
    NumberOfHolds: NUMBER,
    NonTalkTimePct: NUMBER,
    CustomerHoldDurationPct: NUMBER,
  }),
  Queue: obj({ QueueId: STRING }),
  ContactAttribute: mapOf(STRING),
  SegmentAttributes: obj({ UserDefined: mapOf(STRING) }),
  AiAgent: arrayOf(obj({ Id: STRING, Version: ID, UseCase: STRING, EscalatedToHuman: BOOLEAN }, ['Id', 'UseCase'])),
};

export const TRANSCRIPT_ITEM_SCHEMA: Spec = obj(
  {
    Id: STRING,
    ParticipantRole: STRING,
    Content: STRING,
    BeginOffsetMillis: NUMBER,
    EndOffsetMillis: NUMBER,
    Sentiment: STRING,
  },
  ['Id', 'ParticipantRole', 'Content', 'BeginOffsetMillis'],
);

/** A contact's body: CONTACT_MEMBERS and `members` (spread inside a call without side effects, which a spread at top level is not to esbuild). */
/* @__NO_SIDE_EFFECTS__ */
const contactBody = (members: Record<string, Spec>): Spec => obj({ ...CONTACT_MEMBERS, ...members });

/** An analysis body (post-contact and real time) with `extra` members; a call without side effects, so a bundle that loads no canonical event drops it. */
/* @__NO_SIDE_EFFECTS__ */
const analysisBody = (extra: Record<string, Spec>): Spec => contactBody({
  ...extra,
  Sentiment: obj({
    OverallScore: ROLE_NUMBERS,
    State: mapOf({ kind: 'string', enum: ['POSITIVE', 'NEGATIVE', 'NEUTRAL'] }),
    Score: obj({ Beginning: ROLE_NUMBERS, End: ROLE_NUMBERS }),
  }),
  TalkTime: obj({ TotalTimeSecs: ROLE_NUMBERS }),
  Loudness: obj({ HighestLoudnessScore: ROLE_NUMBERS }),
  NonTalkTime: obj({ TotalTimeSecs: NUMBER, LongestTimeSecs: NUMBER }),
  Interruptions: obj({ Instances: NUMBER }),
  ResponseTime: obj({ Agent: obj({ FirstResponseTimeSecs: NUMBER, AverageTimeSecs: NUMBER, LongestTimeSecs: NUMBER }) }),
  TotalConversationDurationMillis: NUMBER,
  Transcript: arrayOf(TRANSCRIPT_ITEM_SCHEMA),
  MatchedCategories: arrayOf(STRING),
});

const ANALYSIS_BODY = analysisBody({});

/**
 * A real-time body: also when a chat's agent and customer joined (where a sentiment
 * time period's presence starts), its partial utterances (not evaluated, for the explain trace)
 * and the contact facts the session does not know yet (their conditions do not apply).
 * Only here: a post-contact body knows its contact, so `NotYetKnown` there is refused
 * (loadAs), not kept and ignored as unknown members are.
 */
const REALTIME_BODY = analysisBody({
  JoinedOffsetMillis: ROLE_NUMBERS,
  PartialUtterances: arrayOf(TRANSCRIPT_ITEM_SCHEMA),
  NotYetKnown: arrayOf({ kind: 'string', enum: SESSION_FACTS }),
});

const EVALUATION_BODY = contactBody({
  EvaluationId: STRING,
  Form: obj({ FormId: STRING, Score: NUMBER }),
  Sections: mapOf(obj({ Score: NUMBER })),
  Questions: mapOf(obj({ Answer: obj({ Value: NUMBER, ValueRefId: STRING }) })),
});

const ZENDESK_TICKET = obj({
  Id: ID,
  Type: STRING,
  Priority: STRING,
  Status: STRING,
  RequesterId: ID,
  SubmitterId: ID,
  AssigneeId: ID,
  OrganizationId: ID,
  BrandId: ID,
  FormId: ID,
  ExternalId: ID,
  Channel: STRING,
  Tags: arrayOf(STRING),
  CreatedAt: INSTANT,
});

const SALESFORCE_CASE = obj({
  AccountId: ID,
  CaseNumber: ID,
  Name: STRING,
  Email: STRING,
  Phone: STRING,
  Company: STRING,
  Type: STRING,
  Reason: STRING,
  Origin: STRING,
  Subject: STRING,
  Priority: STRING,
  Description: STRING,
  CreatedDate: INSTANT,
  CustomAttribute: mapOf(STRING),
});

const CASE_BODY = obj({
  CaseId: STRING,
  TemplateId: STRING,
  /** `*_datetime` system fields must be date-times (they compare as instants). */
  Fields: { kind: 'map', value: SCALAR, valueFor: (key) => (key.endsWith('_datetime') ? INSTANT : undefined) },
});

const RELATED_ITEM_BODY = obj(
  {
    RelatedItemId: STRING,
    CaseId: STRING,
    SlaConfiguration: obj(
      {
        Name: STRING,
        Type: STRING,
        Status: STRING,
        FieldId: STRING,
        TargetFieldValues: arrayOf(SCALAR),
        TargetTime: INSTANT,
        CompletionTime: INSTANT,
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
          Dimensions: mapOf(STRING),
          Metrics: arrayOf(
            obj(
              { Name: STRING, Value: SCALAR, PeriodSeconds: NUMBER, ThresholdSeconds: NUMBER, DurationSeconds: NUMBER },
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

/** The envelope with `bodies`, the members that hold each source's body. */
/* @__NO_SIDE_EFFECTS__ */
const envelope = (bodies: Record<string, Spec>): Spec =>
  obj(
    {
      EventSourceName: { kind: 'string', enum: EVENT_SOURCE_NAMES },
      InstanceId: STRING,
      InstanceArn: STRING,
      AccountId: STRING,
      EventId: STRING,
      EventTime: INSTANT,
      ...bodies,
    },
    ['EventSourceName', 'InstanceId'],
  );

const ENVELOPE = envelope({
  ContactLens: obj({
    PostCall: ANALYSIS_BODY,
    PostChat: ANALYSIS_BODY,
    RealTimeCall: REALTIME_BODY,
    RealTimeChat: REALTIME_BODY,
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
});

/** The envelope of the events the evaluation export's reader makes (engine/ingest/evaluation.ts): they hold no other body. */
const EVALUATION_ENVELOPE = envelope({ ContactLens: obj({ ContactEvaluation: EVALUATION_BODY }) });

const ANALYSIS_ROOTS = ['PostCall', 'PostChat', 'RealTimeCall', 'RealTimeChat', 'Email'] as const;
const POST_CONTACT_ROOTS = ['PostCall', 'PostChat', 'Email', 'ContactEvaluation'] as const;

function get(root: JsonObject, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}

/**
 * A contact-analysis (or evaluation) body with its derived members filled: a copy of
 * the body and of what gains a member; the rest (the transcript's items) is shared.
 */
function withDerivedMembers(given: JsonObject): JsonObject {
  const body = { ...given };
  const agent = body.Agent;
  if (isObject(agent) && agent.CustomerHoldDurationPct === undefined) {
    const pct = holdPercent(agent.CustomerHoldDurationSecs as number | undefined, agent.AgentInteractionDurationSecs as number | undefined);
    if (pct !== undefined) body.Agent = { ...agent, CustomerHoldDurationPct: pct };
  }
  const sentiment = body.Sentiment;
  if (isObject(sentiment) && sentiment.State === undefined && isObject(sentiment.OverallScore)) {
    const states = sentimentStates(sentiment.OverallScore as Record<string, number>);
    if (states) body.Sentiment = { ...sentiment, State: states };
  }
  const transcript = body.Transcript;
  if (Array.isArray(transcript) && transcript.some((item: JsonObject) => item.EndOffsetMillis === undefined)) {
    body.Transcript = transcript.map((item: JsonObject) =>
      item.EndOffsetMillis === undefined ? { ...item, EndOffsetMillis: item.BeginOffsetMillis } : item,
    );
  }
  return body;
}

export function isCanonicalEvent(v: unknown): boolean {
  return isObject(v) && 'EventSourceName' in v;
}

/**
 * Checks and loads a canonical trigger event. `file` labels error messages.
 * Throws InputFormatError with the JSON pointer of the first problem. What the input
 * holds in its clean shape (a transcript, most of all) is shared, not copied: the
 * envelope, `ContactLens` and its bodies are copies, and so is what gains a derived
 * member, so the input is never changed; the caller must not change it afterwards.
 */
export function loadCanonicalEvent(input: unknown, options: { file?: string } = {}): TriggerEvent {
  return loadAs(ENVELOPE, input, options);
}

/**
 * `loadCanonicalEvent` of an OnContactEvaluationSubmit event the evaluation export's
 * reader made, checked against the envelope and the evaluation body only: a bundle
 * that loads no other canonical event holds no other body's shape.
 */
export function loadEvaluationEvent(input: unknown, options: { file?: string } = {}): TriggerEvent {
  return loadAs(EVALUATION_ENVELOPE, input, options);
}

/** A canonical event checked against `shape` (ENVELOPE, or a part of it), loaded. */
function loadAs(shape: Spec, input: unknown, options: { file?: string }): TriggerEvent {
  const file = options.file ?? 'event';
  const { value, problems } = validate(shape, input, { limit: 1, share: true });
  if (problems.length > 0) throw problemError(file, problems[0]);
  const event: JsonObject = { ...(value as JsonObject) };
  const source = event.EventSourceName as EventSourceName;

  if (isObject(event.ContactLens)) {
    const contactLens: JsonObject = (event.ContactLens = { ...event.ContactLens });
    for (const root of [...ANALYSIS_ROOTS, 'ContactEvaluation']) {
      if (isObject(contactLens[root])) contactLens[root] = withDerivedMembers(contactLens[root]);
    }
    // Kept members are read by nothing; this one would look meaningful and be silently ignored.
    for (const root of POST_CONTACT_ROOTS) {
      const body = contactLens[root];
      if (isObject(body) && body.NotYetKnown !== undefined) {
        throw new InputFormatError(file, `/ContactLens/${root}/NotYetKnown`, 'NotYetKnown is for real-time bodies only (RealTimeCall, RealTimeChat): a post-contact event knows its contact');
      }
    }
  }
  const zendesk = get(event, ['ThirdParty', 'Zendesk']);
  if (isObject(zendesk)) {
    if (zendesk.StatusUpdate !== undefined && zendesk.TicketStatusUpdate !== undefined) {
      // Equal as JSON (keys in any order), not node:util's isDeepStrictEqual: loading node:util
      // loads every lazy part of it (parseArgs, diff, the worker internals), 3-4 ms of the CLI's start.
      if (canonicalJson(zendesk.StatusUpdate) !== canonicalJson(zendesk.TicketStatusUpdate)) {
        throw new InputFormatError(
          file,
          '/ThirdParty/Zendesk/TicketStatusUpdate',
          'StatusUpdate and TicketStatusUpdate are the same ticket and must be equal (give one of them)',
        );
      }
    } else {
      const filled = zendesk.StatusUpdate !== undefined ? { TicketStatusUpdate: zendesk.StatusUpdate } : zendesk.TicketStatusUpdate !== undefined ? { StatusUpdate: zendesk.TicketStatusUpdate } : undefined;
      if (filled) event.ThirdParty = { ...(event.ThirdParty as JsonObject), Zendesk: { ...zendesk, ...filled } };
    }
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
