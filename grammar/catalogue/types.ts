/**
 * The shape of the condition catalogue: one row per documented condition of an
 * event source. The validator reads the rows to refuse a
 * function; the compiler reads the same rows to know where the value lives in the
 * canonical trigger event (docs/canonical-events.md) and how to compare it.
 * Adding a condition or a source is adding a row or a table, never an `if`.
 */
import type { LeafOperator } from '../ast.ts';

export const EVENT_SOURCE_NAMES = [
  'OnPostCallAnalysisAvailable',
  'OnRealTimeCallAnalysisAvailable',
  'OnRealTimeChatAnalysisAvailable',
  'OnPostChatAnalysisAvailable',
  'OnEmailAnalysisAvailable',
  'OnZendeskTicketCreate',
  'OnZendeskTicketStatusUpdate',
  'OnSalesforceCaseCreate',
  'OnContactEvaluationSubmit',
  'OnMetricDataUpdate',
  'OnCaseCreate',
  'OnCaseUpdate',
  'OnSlaBreach',
  'OnAlertUpdate',
  'OnSchedulePublish',
  'OnScheduleUpdate',
  'OnScheduleTimeOffRequestActivity',
  'OnAfterCallWorkAvailable',
  'OnAfterChatWorkAvailable',
] as const;
export type EventSourceName = (typeof EVENT_SOURCE_NAMES)[number];

/** Here, not in index.ts: the CLI checks `--source` at start, and index.ts brings every catalogue builder. */
export const isEventSourceName = (name: string): name is EventSourceName =>
  (EVENT_SOURCE_NAMES as readonly string[]).includes(name);

export const PARTICIPANT_ROLES = ['AGENT', 'CUSTOMER'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** The resources whose ids stand in `Operands` (grammar/catalogue/rows.ts `ids`). */
export type IdResource = 'queue' | 'agent';

/** What may stand in `Operands` for one operator of a condition. */
export type OperandSpec =
  /** `"Operands": []`: the "no queue" / "no disconnect issue" forms; true when the value is absent. */
  | { readonly kind: 'none' }
  /** exactly one string; `enum` restricts it. */
  | { readonly kind: 'string'; readonly enum?: readonly string[] }
  /**
   * 1..max strings; `enum` restricts each. `sameUuid`: AI agent `uuid[:version]` strings sharing one UUID.
   * `idsOf`: ids of that resource (`queue`, `agent`) where AWS documents ids and the value is an id, so
   * an ARN operand could never match and is refused, naming the id it ends with.
   */
  | {
      readonly kind: 'strings';
      readonly max: number;
      readonly enum?: readonly string[];
      readonly sameUuid?: boolean;
      readonly idsOf?: IdResource;
    }
  /** exactly one number within [min, max]; `integer` requires a whole number. */
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  /** exactly one ISO-8601 date-time string, compared as an instant (case date fields). */
  | { readonly kind: 'datetime' }
  /** 1..max PatternMatch operand arrays. */
  | { readonly kind: 'patterns'; readonly max: number };

export interface OperatorForm {
  readonly operator: LeafOperator;
  readonly operands: OperandSpec;
}

/** The `Data` a filter type accepts. */
export type FilterDataSpec =
  /** a string out of `values` (`ParticipantRole`, `PatternMatchLanguageFilter`, `AiAgentEscalatedToHuman`). */
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** `{First: n}` or `{Last: n}`, exactly one, n > 0. */
  | { readonly kind: 'firstOrLast' }
  /** `{Past: n}`, 0 < n < `below` when given. */
  | { readonly kind: 'past'; readonly below?: number }
  /** `{Value: one of values}` (`AiAgentUseCase`). */
  | { readonly kind: 'valueEnum'; readonly values: readonly string[] }
  /** an array of 1..max strings (`exactly` = the array must have that many); `enum` restricts each. */
  | { readonly kind: 'list'; readonly max: number; readonly exactly?: number; readonly enum?: readonly string[] }
  /** `{Comparison: "LT", ThresholdValue: n}` (`MetricDataThresholdSeconds`). */
  | { readonly kind: 'threshold' };

export interface FilterRule {
  readonly required: boolean;
  readonly data: FilterDataSpec;
}

/**
 * How the compiler reads and compares the value of a condition in the canonical
 * trigger event. `docPath` is where the value lives (segments under the event root).
 */
/** The value a condition reads where the data is absent, and AWS's sentence that says so. */
export interface MissingAs {
  readonly value: string | number;
  readonly why: string;
}

export type ValueSpec =
  /** a string or number at `docPath` (absent = missing). */
  | { readonly kind: 'scalar' }
  /** a list of strings at `docPath` (hierarchy group ARNs, Zendesk tags). */
  | { readonly kind: 'list' }
  /**
   * an object keyed by participant role at `docPath`; the `ParticipantRole` filter picks
   * the key (`ANY`: any key). `missingAs`: what a role without data reads as (sentiment:
   * AWS documents neutral), instead of a missing value.
   */
  | { readonly kind: 'byRole'; readonly missingAs?: MissingAs }
  /** the transcript items at `docPath`, matched by words, patterns or meaning. */
  | { readonly kind: 'transcript'; readonly match: 'exact' | 'pattern' | 'semantic' }
  /** the natural-language semantic match of the whole conversation at `docPath` (transcript items). */
  | { readonly kind: 'semanticPhrase' }
  /** the sentiment state over a trailing window of the transcript items at `docPath` (real time); `missingAs` as for byRole. */
  | { readonly kind: 'windowedSentiment'; readonly missingAs?: MissingAs }
  /** the AI agents of the contact at `docPath`, matched with the AI agent filters. */
  | { readonly kind: 'aiAgent' }
  /**
   * inside a compound condition: an item of the map at `docPath` chosen by the sibling
   * condition on `keyPath` (e.g. the section whose ref id the sibling names), then `field` of it.
   */
  | { readonly kind: 'scoped'; readonly keyPath: string; readonly field: readonly string[] }
  /** the key of a scoped map: `EQUALS` on it selects the item for its `scoped` siblings; alone, true when the key exists. */
  | { readonly kind: 'scopeKey' }
  /** a metric of the rows of `$.MetricData` (OnMetricDataUpdate). */
  | { readonly kind: 'metric'; readonly metric: string };

export interface ConditionSpec {
  /** Human name, used in messages and the explain trace ("Sentiment overall score"). */
  readonly name: string;
  /**
   * The `ComparisonValue`. A path ending in `.<KEY>` is a template: any non-empty
   * key may follow the prefix (contact attributes, segment attributes, case fields).
   */
  readonly path: string;
  readonly forms: readonly OperatorForm[];
  /** Filter types this condition accepts; a type not listed is refused. */
  readonly filters?: Readonly<Record<string, FilterRule>>;
  /** Whether `Negate: true` is documented for this condition. */
  readonly negatable: boolean;
  readonly docPath: readonly string[];
  readonly value: ValueSpec;
  /** Conditions that share a per-rule limit (e.g. 5 contact-attribute conditions). */
  readonly limitGroup?: string;
  /** Name of the compound this leaf must stand in (an `AND` group with the compound's members). */
  readonly compound?: string;
  /** Sets of interchangeable filter types (see FilterChoice); OnMetricDataUpdate only. */
  readonly filterChoices?: readonly FilterChoice[];
  /** Grouping rules of a metric condition (OnMetricDataUpdate only). */
  readonly metric?: MetricRule;
  /**
   * A fact of the contact that a real-time session may not know yet (real-time rows
   * only): while the body's `NotYetKnown` lists it, the condition does not apply (false
   * whatever Negate says), rather than reading a missing value.
   */
  readonly sessionFact?: SessionFact;
}

/**
 * The contact facts a real-time session can be without: the attributes (AWS retrieves
 * them at the session's start; the engine has them from a CTR or DescribeContact
 * response it was given, or deployed from Connect's GetContactAttributes when none was), the queue (told by the QUEUED contact event) and
 * the agent (CONNECTED_TO_AGENT). What `NotYetKnown` of a real-time body lists.
 */
export const SESSION_FACTS = ['ContactAttribute', 'Queue', 'Agent'] as const;
export type SessionFact = (typeof SESSION_FACTS)[number];

/** A compound condition: an `AND` group whose leaves must be exactly these paths. */
export interface CompoundSpec {
  readonly name: string;
  /** Paths required in the group. */
  readonly requires: readonly string[];
  /** Paths the group may also hold. */
  readonly optional?: readonly string[];
  /**
   * Paths of which the group must hold exactly one. Added because the question
   * compound ends in either a numeric answer (`...Answer.Value`) or a
   * single-select answer (`...Answer.ValueRefId`), which `requires`/`optional` can't say.
   */
  readonly exactlyOneOf?: readonly string[];
}

/**
 * Interchangeable filter types of a condition, of which at most one may be present
 * (exactly one when `required`). Added for OnMetricDataUpdate, where the
 * time window has two documented spellings (`MetricDataDurationSeconds` /
 * `MetricDataPeriodSeconds`, `AgentActivityDurationSeconds` /
 * `AgentActvityDurationSeconds`) and every condition needs exactly one end-dimension
 * filter out of several types: a per-type `required` flag can't say either.
 * Every type listed here also has its own row in `filters` (its `Data`).
 */
export interface FilterChoice {
  /** What the choice is, for messages ("time window filter"). */
  readonly name: string;
  readonly types: readonly string[];
  readonly required: boolean;
}

export const METRIC_GROUPINGS = ['AGENT', 'QUEUE', 'ROUTING_PROFILE', 'FLOW'] as const;
export type MetricGrouping = (typeof METRIC_GROUPINGS)[number];

/**
 * What a metric condition of OnMetricDataUpdate needs beyond its filters:
 * the root `MetricDataGrouping` values it may be used under, each with the
 * end-dimension filter types allowed under that grouping. Added because the allowed
 * end-dimension filters depend on the grouping (AVG_HANDLE_TIME).
 */
export interface MetricRule {
  readonly groupings: Readonly<Partial<Record<MetricGrouping, readonly string[]>>>;
}

export interface SourceCatalogue {
  readonly source: EventSourceName;
  /** `$.ContactLens.PostCall` etc.; empty for sources with several roots. */
  readonly prefix: string;
  /** `flat`: root AND/OR of conditions (and compounds). `metric`: the three-level OnMetricDataUpdate form. */
  readonly structure: 'flat' | 'metric';
  readonly conditions: readonly ConditionSpec[];
  readonly compounds?: readonly CompoundSpec[];
  /**
   * Filters of the root group. Added for OnMetricDataUpdate, whose root carries the
   * `MetricDataGrouping` filter; absent = the root takes no FilterClause.
   */
  readonly rootFilters?: Readonly<Record<string, FilterRule>>;
  /** Per-rule limits: total conditions, and per `limitGroup`. */
  readonly limits: { readonly conditions: number; readonly groups?: Readonly<Record<string, number>> };
  /** False for sources whose conditions no public page documents (every function is refused, with that reason). */
  readonly documented: boolean;
  /** False in a packaged function that does not evaluate this source (grammar/catalogue/index.ts `notPackaged`): no rows, left out of lookups across sources. */
  readonly packaged?: false;
  /**
   * Paths refused on this source though a sibling source has them, each with why (a
   * condition AWS does not document here): the message says so instead of "unsupported".
   */
  readonly refused?: readonly { readonly path: string; readonly why: string }[];
}

/** The placeholder of a template path: any non-empty key may stand there. */
export const TEMPLATE_KEY = '<KEY>';
export const TEMPLATE_SUFFIX = `.${TEMPLATE_KEY}`;

export const isTemplatePath = (path: string): boolean => path.endsWith(TEMPLATE_SUFFIX);
