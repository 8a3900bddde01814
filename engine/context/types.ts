/**
 * The canonical trigger event (docs/canonical-events.md): what every upstream payload
 * becomes, and what rule conditions are evaluated against. A value that is absent is
 * *missing*; builders never write `null` or a made-up zero.
 */
import type { EventSourceName, SessionFact } from '../../grammar/catalogue/types.ts';
import type { TranscriptItem } from '../transcript/types.ts';

export type { TranscriptItem };

/** An object keyed by participant role (`AGENT`, `CUSTOMER`); roles without data are absent. */
export type RoleMap<T> = { readonly [role: string]: T };

export type SentimentState = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL';

export interface AgentFacts {
  readonly AgentId?: string;
  readonly HierarchyGroup?: { readonly ARN?: readonly string[] };
  /** Routing profile ARN. */
  readonly RoutingProfile?: string;
  readonly AfterContactWorkDurationSecs?: number;
  readonly AgentInteractionDurationSecs?: number;
  readonly CustomerHoldDurationSecs?: number;
  readonly LongestHoldDurationSecs?: number;
  readonly NumberOfHolds?: number;
  /** 100 × non-talk time / conversation duration (voice). */
  readonly NonTalkTimePct?: number;
  /** 100 × customer hold duration / agent interaction duration. */
  readonly CustomerHoldDurationPct?: number;
}

export interface AiAgentEntry {
  readonly Id: string;
  readonly Version?: string;
  readonly UseCase: string;
  readonly EscalatedToHuman?: boolean;
}

/** The members every contact-based body shares (from the contact record). */
export interface ContactBody {
  readonly ContactId?: string;
  readonly Channel?: string;
  readonly LanguageCode?: string;
  readonly InitiationMethod?: string;
  readonly DisconnectReason?: string;
  readonly PotentialDisconnectIssue?: string;
  readonly Agent?: AgentFacts;
  readonly Queue?: { readonly QueueId?: string };
  readonly ContactAttribute?: { readonly [key: string]: string };
  readonly SegmentAttributes?: { readonly UserDefined?: { readonly [key: string]: string } };
  readonly AiAgent?: readonly AiAgentEntry[];
}

/** `ContactLens.PostCall`, `PostChat`, `RealTimeCall`, `RealTimeChat`, `Email`. */
export interface ContactAnalysisBody extends ContactBody {
  readonly Sentiment?: {
    readonly OverallScore?: RoleMap<number>;
    readonly State?: RoleMap<SentimentState>;
    readonly Score?: { readonly Beginning?: RoleMap<number>; readonly End?: RoleMap<number> };
  };
  readonly TalkTime?: { readonly TotalTimeSecs?: RoleMap<number> };
  readonly Loudness?: { readonly HighestLoudnessScore?: RoleMap<number> };
  readonly NonTalkTime?: { readonly TotalTimeSecs?: number; readonly LongestTimeSecs?: number };
  readonly Interruptions?: { readonly Instances?: number };
  readonly ResponseTime?: {
    readonly Agent?: {
      readonly FirstResponseTimeSecs?: number;
      readonly AverageTimeSecs?: number;
      readonly LongestTimeSecs?: number;
    };
  };
  readonly TotalConversationDurationMillis?: number;
  readonly Transcript?: readonly TranscriptItem[];
  readonly MatchedCategories?: readonly string[];
  /** Real-time chat: when the agent and the customer joined (their `participant.joined` events), ms from where the items' offsets count. */
  readonly JoinedOffsetMillis?: RoleMap<number>;
  /** Real time: partial voice utterances, not evaluated (the explain trace says when a word was only in one). */
  readonly PartialUtterances?: readonly TranscriptItem[];
  /** Real time: the contact facts the session does not know yet; their conditions do not apply (realtime.ts `notYetKnown`). */
  readonly NotYetKnown?: readonly SessionFact[];
}

/** `ContactLens.ContactEvaluation`. */
export interface ContactEvaluationBody extends ContactBody {
  readonly EvaluationId?: string;
  readonly Form?: { readonly FormId?: string; readonly Score?: number };
  readonly Sections?: { readonly [sectionRefId: string]: { readonly Score?: number } };
  readonly Questions?: {
    readonly [questionRefId: string]: { readonly Answer?: { readonly Value?: number; readonly ValueRefId?: string } };
  };
}

export interface ContactLensRoot {
  readonly PostCall?: ContactAnalysisBody;
  readonly PostChat?: ContactAnalysisBody;
  readonly RealTimeCall?: ContactAnalysisBody;
  readonly RealTimeChat?: ContactAnalysisBody;
  readonly Email?: ContactAnalysisBody;
  readonly ContactEvaluation?: ContactEvaluationBody;
}

/** `Case` (OnCaseCreate / OnCaseUpdate). */
export interface CaseBody {
  readonly CaseId?: string;
  readonly TemplateId?: string;
  /** Field id → value after the change; date-time fields are ISO-8601 strings. */
  readonly Fields?: { readonly [fieldId: string]: string | number | boolean };
}

/** `RelatedItem` (OnSlaBreach). */
export interface RelatedItemBody {
  readonly RelatedItemId?: string;
  readonly CaseId?: string;
  readonly SlaConfiguration: {
    readonly Name: string;
    readonly Type?: string;
    readonly Status?: string;
    readonly FieldId?: string;
    readonly TargetTime?: string;
    readonly CompletionTime?: string;
  };
}

export interface ZendeskTicketBody {
  readonly Id?: string;
  readonly Type?: string;
  readonly Priority?: string;
  readonly Status?: string;
  readonly RequesterId?: string;
  readonly SubmitterId?: string;
  readonly AssigneeId?: string;
  readonly OrganizationId?: string;
  readonly BrandId?: string;
  readonly FormId?: string;
  readonly ExternalId?: string;
  readonly Channel?: string;
  readonly Tags?: readonly string[];
  readonly CreatedAt?: string;
}

export interface SalesforceCaseBody {
  readonly AccountId?: string;
  readonly CaseNumber?: string;
  readonly Name?: string;
  readonly Email?: string;
  readonly Phone?: string;
  readonly Company?: string;
  readonly Type?: string;
  readonly Reason?: string;
  readonly Origin?: string;
  readonly Subject?: string;
  readonly Priority?: string;
  readonly Description?: string;
  readonly CreatedDate?: string;
  readonly CustomAttribute?: { readonly [key: string]: string };
}

export interface ThirdPartyRoot {
  readonly Zendesk?: {
    readonly TicketCreate?: ZendeskTicketBody;
    /** Condition paths (`$.ThirdParty.Zendesk.StatusUpdate.*`). */
    readonly StatusUpdate?: ZendeskTicketBody;
    /** Variable-injection tokens (`$.ThirdParty.Zendesk.TicketStatusUpdate.*`): the same body. */
    readonly TicketStatusUpdate?: ZendeskTicketBody;
  };
  readonly Salesforce?: { readonly CaseCreate?: SalesforceCaseBody };
}

export interface MetricValue {
  readonly Name: string;
  readonly Value: number | string;
  readonly PeriodSeconds?: number;
  readonly ThresholdSeconds?: number;
  readonly DurationSeconds?: number;
}

export interface MetricDataBody {
  readonly Rows: readonly { readonly Dimensions: { readonly [dimension: string]: string }; readonly Metrics: readonly MetricValue[] }[];
}

/** The canonical trigger event. Sources without a typed body keep their roots as given. */
export interface TriggerEvent {
  readonly EventSourceName: EventSourceName;
  readonly InstanceId: string;
  /**
   * The instance's ARN when an input gives it (the CTR's `InstanceARN`, a DescribeContact
   * `Arn`): actions take the region and account of the events, tasks and cases they
   * produce from it, not from the deployment's defaults.
   */
  readonly InstanceArn?: string;
  /** The AWS account when an input gives it without a region (the analysis file's `AccountId`). */
  readonly AccountId?: string;
  /** The delivery key used for exactly-once processing. */
  readonly EventId?: string;
  /** ISO-8601. */
  readonly EventTime?: string;
  readonly ContactLens?: ContactLensRoot;
  readonly Case?: CaseBody;
  readonly RelatedItem?: RelatedItemBody;
  readonly ThirdParty?: ThirdPartyRoot;
  readonly MetricData?: MetricDataBody;
  readonly [root: string]: unknown;
}
