/**
 * Building blocks of the catalogue tables: the shared enums of the language,
 * operand specs, operator forms, filter rules, and `row()`, which turns one
 * documented condition into a ConditionSpec. The family modules are tables of
 * calls to these; nothing here knows about a particular source.
 */
import type { LeafOperator } from '../ast.ts';
import {
  isTemplatePath,
  TEMPLATE_SUFFIX,
  type ConditionSpec,
  type FilterChoice,
  type FilterDataSpec,
  type FilterRule,
  type IdResource,
  type MetricRule,
  type OperandSpec,
  type OperatorForm,
  type ValueSpec,
} from './types.ts';

// ---------------------------------------------------------------------------
// shared enums

export const CONTACT_INITIATION_METHODS = [
  'INBOUND',
  'OUTBOUND',
  'TRANSFER',
  'QUEUE_TRANSFER',
  'CALLBACK',
  'API',
  'DISCONNECT',
] as const;
export const EMAIL_INITIATION_METHODS = ['INBOUND', 'OUTBOUND', 'AGENT_REPLY', 'FLOW'] as const;

export const CONTACT_DISCONNECT_REASONS = [
  'TELECOM_BUSY',
  'TELECOM_NUMBER_INVALID',
  'TELECOM_POTENTIAL_BLOCKING',
  'TELECOM_UNANSWERED',
  'TELECOM_TIMEOUT',
  'TELECOM_ORIGINATOR_CANCEL',
  'TELECOM_PROBLEM',
  'CUSTOMER_NEVER_ARRIVED',
  'THIRD_PARTY_DISCONNECT',
  'CUSTOMER_DISCONNECT',
  'AGENT_DISCONNECT',
  'BARGED',
  'CONTACT_FLOW_DISCONNECT',
  'OTHER',
  'OUTBOUND_DESTINATION_ENDPOINT_ERROR',
  'OUTBOUND_RESOURCE_ERROR',
  'OUTBOUND_ATTEMPT_FAILED',
  'EXPIRED',
  'AGENT_NETWORK_DISCONNECT',
  'CUSTOMER_CONNECTION_NOT_ESTABLISHED',
  'API',
  'IDLE_DISCONNECT',
  'SYSTEM_ERROR',
  'AGENT_COMPLETED',
  'TRANSFERRED',
  'DISCARDED',
] as const;
export const EMAIL_DISCONNECT_REASONS = [
  'AGENT_DISCONNECT',
  'CONTACT_FLOW_DISCONNECT',
  'EXPIRED',
  'DISCARDED',
  'OTHER',
  'API',
  'TRANSFERRED',
] as const;

export const SENTIMENT_STATES = ['POSITIVE', 'NEGATIVE', 'NEUTRAL'] as const;
/** `ParticipantRole` of transcript and sentiment conditions. */
export const TRANSCRIPT_ROLES = ['CUSTOMER', 'AGENT', 'ANY'] as const;
/** `ParticipantRole` of talk time and loudness: one role, never ANY. */
export const SINGLE_ROLES = ['AGENT', 'CUSTOMER'] as const;
export const PATTERN_MATCH_LANGUAGES = ['EN', 'ES', 'AR', 'DE', 'FR', 'HI', 'IT', 'PT', 'KO', 'JA', 'ZH'] as const;
export const AI_AGENT_USE_CASES = ['SelfService', 'AgentAssistance'] as const;
export const PATTERN_MATCH_TYPES = ['PLAIN', 'LIST', 'PROXIMITY', 'NUMERICAL'] as const;

// ---------------------------------------------------------------------------
// limits on entries of one condition

/** Exact-match, pattern-match, queue and agent entries per condition. */
export const ENTRY_LIMIT = 100;
/** Semantic-match entries per card. */
export const SEMANTIC_ENTRY_LIMIT = 4;
/**
 * Entries of the other list conditions (hierarchy groups, routing profiles, enums,
 * segment attribute values, AI agents, case templates/queues/users, SLA names):
 * no limit is documented; the queue/agent limit is applied (INTERPRETATION).
 */
export const LIST_LIMIT = ENTRY_LIMIT;

// ---------------------------------------------------------------------------
// operand specs

export const NO_VALUE: OperandSpec = { kind: 'none' };
export const oneString = (values?: readonly string[]): OperandSpec =>
  values ? { kind: 'string', enum: values } : { kind: 'string' };
export const strings = (max: number = LIST_LIMIT, values?: readonly string[]): OperandSpec =>
  values ? { kind: 'strings', max, enum: values } : { kind: 'strings', max };
/**
 * 1..max ids of one resource. AWS documents ids for these operands (OnPostCallAnalysisAvailable
 * and its siblings: queue "Operands – A list of queue IDs", agent "Operands – A list of agent
 * IDs") and the value compared is the id, so an ARN copied from the console is refused (check.ts).
 */
export const ids = (idsOf: IdResource, max: number = ENTRY_LIMIT): OperandSpec => ({ kind: 'strings', max, idsOf });
export const integer = (min?: number, max?: number): OperandSpec => ({ kind: 'number', integer: true, min, max });
export const number = (min?: number, max?: number): OperandSpec => ({ kind: 'number', min, max });

export const PERCENT_INT = integer(0, 100);
export const SENTIMENT_SCORE = integer(-5, 5);
export const INT_MIN_0 = integer(0);
export const INT_MIN_1 = integer(1);
export const DATETIME: OperandSpec = { kind: 'datetime' };

// ---------------------------------------------------------------------------
// operator forms

const form = (operator: LeafOperator, operands: OperandSpec): OperatorForm => ({ operator, operands });

/** `NumberGreaterOrEqualTo` | `NumberLessOrEqualTo` with the same operand. */
export const compare = (operands: OperandSpec): OperatorForm[] => [
  form('NumberGreaterOrEqualTo', operands),
  form('NumberLessOrEqualTo', operands),
];
export const containsAny = (operands: OperandSpec): OperatorForm[] => [form('CONTAINS_ANY', operands)];
export const equals = (operands: OperandSpec = oneString()): OperatorForm[] => [form('EQUALS', operands)];
export const contains = (operands: OperandSpec = oneString()): OperatorForm[] => [form('CONTAINS', operands)];
/** `EQUALS` or `CONTAINS` with exactly one string (Salesforce text fields, case text fields). */
export const equalsOrContains = (): OperatorForm[] => [...equals(), ...contains()];

// ---------------------------------------------------------------------------
// filters

export const optional = (data: FilterDataSpec): FilterRule => ({ required: false, data });
export const required = (data: FilterDataSpec): FilterRule => ({ required: true, data });
export const enumData = (values: readonly string[]): FilterDataSpec => ({ kind: 'enum', values });
export const listData = (max: number, opts: { exactly?: number; enum?: readonly string[] } = {}): FilterDataSpec => ({
  kind: 'list',
  max,
  ...opts,
});
export const FIRST_OR_LAST: FilterDataSpec = { kind: 'firstOrLast' };
export const pastData = (below?: number): FilterDataSpec => (below === undefined ? { kind: 'past' } : { kind: 'past', below });

// ---------------------------------------------------------------------------
// rows

// (types.ts holds them: the suggestions, which the CLI loads at start, read them without the rows)
export { TEMPLATE_KEY, TEMPLATE_SUFFIX, isTemplatePath } from './types.ts';

/** `$.A.B.<KEY>` → `['A', 'B']`: where the value of a ComparisonValue lives in the canonical event. */
export function docPathOf(path: string): string[] {
  const bare = isTemplatePath(path) ? path.slice(0, -TEMPLATE_SUFFIX.length) : path;
  return bare.replace(/^\$\./, '').split('.');
}

export interface RowOptions {
  readonly negatable?: boolean;
  readonly filters?: Readonly<Record<string, FilterRule>>;
  readonly value?: ValueSpec;
  readonly docPath?: readonly string[];
  readonly limitGroup?: string;
  readonly compound?: string;
  readonly filterChoices?: readonly FilterChoice[];
  readonly metric?: MetricRule;
}

/** One documented condition. Defaults: `Negate` false only, a scalar at the path itself. */
export function row(name: string, path: string, forms: readonly OperatorForm[], opts: RowOptions = {}): ConditionSpec {
  const { negatable = false, value = { kind: 'scalar' }, docPath = docPathOf(path), ...rest } = opts;
  return { name, path, forms, negatable, docPath, value, ...rest };
}

// ---------------------------------------------------------------------------
// per-rule limits

export const LIMIT_GROUPS = {
  contactAttribute: 'contactAttribute',
  /** Sentiment over a time period: real-time windowed state, post-contact score shift (counted once per compound). */
  sentimentPeriod: 'sentimentPeriod',
  /** Sentiment of the entire contact: post-contact state and overall score. */
  sentimentContact: 'sentimentContact',
  interruptions: 'interruptions',
} as const;

/** How messages name each limit group. */
export const LIMIT_GROUP_LABELS: Readonly<Record<string, string>> = {
  [LIMIT_GROUPS.contactAttribute]: 'contact attribute conditions',
  [LIMIT_GROUPS.sentimentPeriod]: 'sentiment (time period) conditions',
  [LIMIT_GROUPS.sentimentContact]: 'sentiment (entire contact) conditions',
  [LIMIT_GROUPS.interruptions]: 'interruptions conditions',
};

/** 20 conditions per rule; 5 per limit group. The same for every source: a group only counts where a row names it. */
export const RULE_LIMITS = {
  conditions: 20,
  groups: {
    [LIMIT_GROUPS.contactAttribute]: 5,
    [LIMIT_GROUPS.sentimentPeriod]: 5,
    [LIMIT_GROUPS.sentimentContact]: 5,
    [LIMIT_GROUPS.interruptions]: 5,
  },
} as const;
