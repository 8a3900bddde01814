/**
 * A SearchContacts request checked and read into a query (InvalidParameterException
 * naming the member for anything else). The members and limits are the API
 * reference's (SearchContacts, SearchCriteria, TranscriptCriteria, ...).
 */
import { describeValue, dotted, oneOf, opt, req, struct, validate, type Field, type Problem, type Spec } from '../schema/check.ts';
import { InvalidParameterException } from '../api/errors.ts';
import { SEARCH_CONTACTS_MATCH_TYPES, SORT_FIELDS, TIME_TYPES } from './fields.ts';

const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
const ROLES = ['AGENT', 'CUSTOMER', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'] as const;

/** "MaxResults ... Valid Range: Minimum value of 1. Maximum value of 100." */
export const MAX_RESULTS = 100;
/** "Array Members: Minimum number of 0 items. Maximum number of 100 items." (AgentIds, QueueIds) */
const MAX_IDS = 100;

/** The match types a search answers: every criterion holds, at least one, or none (MatchType MATCH_EXACT is refused, see `answered`). */
export type AnsweredMatchType = Exclude<(typeof SEARCH_CONTACTS_MATCH_TYPES)[number], 'MATCH_EXACT'>;

export interface TranscriptQuery {
  readonly role: string;
  readonly texts: readonly string[];
  readonly match: AnsweredMatchType;
}

export interface SearchQuery {
  readonly instanceId: string;
  readonly time: { readonly type: (typeof TIME_TYPES)[number]; readonly start: number; readonly end: number };
  readonly agentIds?: readonly string[];
  /** Hierarchy group ids by level index 0-4 (L1Ids..L5Ids). */
  readonly hierarchy?: readonly (readonly string[] | undefined)[];
  readonly channels?: readonly string[];
  readonly initiationMethods?: readonly string[];
  readonly queueIds?: readonly string[];
  readonly attributes?: { readonly criteria: readonly { key: string; values: readonly string[] }[]; readonly match: AnsweredMatchType };
  readonly transcript?: { readonly criteria: readonly TranscriptQuery[]; readonly match: AnsweredMatchType };
  /** This project's extension (no Connect criterion exists): the categories ASSIGN_CONTACT_CATEGORY assigned. */
  readonly categories?: { readonly names: readonly string[]; readonly match: AnsweredMatchType };
  readonly sort: { readonly field: (typeof SORT_FIELDS)[number]; readonly order: 'ASCENDING' | 'DESCENDING' };
  readonly maxResults: number;
  readonly nextToken?: string;
}

// The request's shape, checked by the schema kernel (engine/schema); what spans
// members (EndTime after StartTime, members this server does not answer) is checked
// after, and every problem is worded as this API always has (`TimeRange must be an
// object`, `Sort.Order must be one of ASCENDING, DESCENDING, got undefined`).
const bad = (message: string) => new InvalidParameterException(message);

const TEXT: Spec = { kind: 'string', min: 1 };
const strings = (max = MAX_IDS, min?: number): Spec => ({ kind: 'list', items: TEXT, max, min });
const criteria = (item: Spec): Spec => ({ kind: 'list', items: item, min: 1 });
/** A channel: a non-empty string first, then one of the channels. */
const CHANNEL: Spec = { kind: 'string', enum: CHANNELS };
/** A time as the SDK sends it (epoch seconds) or an ISO string: read by `time` below. */
const TIME: Spec = { kind: 'scalar' };

const TRANSCRIPT = struct({
  Criteria: req(criteria(struct({ SearchText: req(strings(MAX_IDS, 1)), ParticipantRole: req(oneOf(ROLES)), MatchType: req(oneOf(SEARCH_CONTACTS_MATCH_TYPES)) }))),
  MatchType: opt(oneOf(SEARCH_CONTACTS_MATCH_TYPES)),
});

/** The criteria members this server answers; any other member is refused rather than ignored. */
const CRITERIA: Readonly<Record<string, Field>> = {
  AgentIds: opt(strings()),
  AgentHierarchyGroups: opt(struct(Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`L${n}Ids`, opt(strings(10))])))),
  Channels: opt({ kind: 'list', items: CHANNEL, max: MAX_IDS }),
  InitiationMethods: opt(strings()),
  QueueIds: opt(strings()),
  SearchableContactAttributes: opt(struct({ Criteria: req(criteria(struct({ Key: req(TEXT), Values: req(strings(MAX_IDS, 1)) }))), MatchType: opt(oneOf(SEARCH_CONTACTS_MATCH_TYPES)) })),
  ContactAnalysis: opt({ kind: 'struct', open: true, fields: { Transcript: opt(TRANSCRIPT) } }),
  ContactCategories: opt(struct({ Categories: req(strings(MAX_IDS, 1)), MatchType: opt(oneOf(SEARCH_CONTACTS_MATCH_TYPES)) })),
};

const REQUEST = struct({
  InstanceId: req(TEXT),
  TimeRange: req(struct({ Type: req(oneOf(TIME_TYPES)), StartTime: req(TIME), EndTime: req(TIME) })),
  MaxResults: opt({ kind: 'number', integer: true, min: 1, max: MAX_RESULTS }),
  NextToken: opt(TEXT),
  Sort: opt(struct({ FieldName: req(oneOf(SORT_FIELDS)), Order: req(oneOf(['ASCENDING', 'DESCENDING'])) })),
  SearchCriteria: opt({ kind: 'struct', open: true, fields: CRITERIA }),
});

/** What a list of strings must name at least one of. */
const NOUNS: Readonly<Record<string, string>> = { SearchText: 'phrase', Values: 'value', Categories: 'category' };

/** A problem in this API's words: what a member must be, and what was given when there was something. */
function message(p: Problem): string {
  const at = dotted(p.path);
  const spec = p.spec;
  const last = p.path[p.path.length - 1];
  const got = p.received === undefined ? '' : `, got ${describeValue(p.received)}`;
  if (at === '') return `The request body must be an object${got}`;
  if (spec === CHANNEL && (p.code === 'type' || p.received === '')) return `${at} must be a non-empty string${got}`;
  if (spec === TIME) return `${at} must be a timestamp, got ${JSON.stringify(p.received)}`;
  switch (spec.kind) {
    case 'string':
      if (spec.enum) return `${at} must be one of ${spec.enum.join(', ')}, got ${JSON.stringify(p.received)}`;
      return p.code === 'required' ? `${at} is required` : `${at} must be a non-empty string${got}`;
    case 'number':
      return `${at} must be an integer from ${spec.min} to ${spec.max}, got ${JSON.stringify(p.received)}`;
    case 'list':
      if (p.code === 'too-many') return `${at} has ${p.actual} members, at most ${spec.max} are allowed`;
      if (spec.items !== TEXT && spec.items.kind !== 'string') return `${at} must be a non-empty list${got}`;
      return p.code === 'too-few' ? `${at} must name at least one ${NOUNS[String(last)]}` : `${at} must be a list of strings${got}`;
    default:
      return `${at} must be an object${got}`;
  }
}

/**
 * A MatchType this server answers, else InvalidParameterException naming the member.
 * The API reference lists MATCH_EXACT among the valid values of every SearchContacts
 * MatchType but says nothing of what it does (only "The match type combining search
 * criteria using multiple search texts in a transcript criteria"), so it is refused
 * rather than guessed; MATCH_NONE, also undescribed, is read by its name: none of the
 * criteria holds (README, "Find what the rules did").
 */
function answered(match: SearchContactsMatchType | undefined, at: string): AnsweredMatchType {
  if (match === 'MATCH_EXACT') {
    throw bad(`${at} MATCH_EXACT is not answered by this server: AWS does not document what it matches (use MATCH_ALL, MATCH_ANY or MATCH_NONE)`);
  }
  return match ?? 'MATCH_ALL';
}

/** A timestamp as the SDK sends it (epoch seconds) or an ISO string; epoch ms. */
function time(v: unknown, at: string): number {
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? (/^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v)) : NaN;
  if (Number.isNaN(ms)) throw bad(`${at} must be a timestamp, got ${JSON.stringify(v)}`);
  // A number past what a date can hold (1e308, or 1e999 read as Infinity) names no time:
  // refused here, not left to the store's first Date to throw.
  if (Math.abs(ms) > MAX_DATE_MS) throw bad(`${at} is out of range, got ${String(v)}: a timestamp is epoch seconds from -${MAX_DATE_MS / 1000} to ${MAX_DATE_MS / 1000}`);
  return ms;
}

/** The farthest time from the epoch a JavaScript Date holds (ECMA-262: 8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

type Strings = readonly string[];
type SearchContactsMatchType = (typeof SEARCH_CONTACTS_MATCH_TYPES)[number];
type Request = {
  InstanceId: string;
  TimeRange: { Type: SearchQuery['time']['type']; StartTime: unknown; EndTime: unknown };
  MaxResults?: number;
  NextToken?: string;
  Sort?: { FieldName: SearchQuery['sort']['field']; Order: SearchQuery['sort']['order'] };
  SearchCriteria?: {
    AgentIds?: Strings;
    AgentHierarchyGroups?: Record<string, Strings | undefined>;
    Channels?: Strings;
    InitiationMethods?: Strings;
    QueueIds?: Strings;
    SearchableContactAttributes?: { Criteria: { Key: string; Values: Strings }[]; MatchType?: SearchContactsMatchType };
    ContactAnalysis?: { Transcript?: { Criteria: { SearchText: Strings; ParticipantRole: string; MatchType: SearchContactsMatchType }[]; MatchType?: SearchContactsMatchType } };
    ContactCategories?: { Categories: Strings; MatchType?: SearchContactsMatchType };
  };
};

export function parseSearchRequest(body: unknown): SearchQuery {
  const { value, problems } = validate(REQUEST, body, { limit: 1 });
  if (problems.length > 0) throw bad(message(problems[0]));
  const b = value as Request;
  const start = time(b.TimeRange.StartTime, 'TimeRange.StartTime');
  const end = time(b.TimeRange.EndTime, 'TimeRange.EndTime');
  if (end < start) throw bad('TimeRange.EndTime is before TimeRange.StartTime');
  const c = b.SearchCriteria ?? {};
  for (const k of Object.keys(c)) {
    if (!(k in CRITERIA)) throw bad(`SearchCriteria.${k} is not supported by this server (supported: ${Object.keys(CRITERIA).join(', ')})`);
  }
  for (const k of Object.keys(c.ContactAnalysis ?? {})) {
    if (k !== 'Transcript') throw bad(`SearchCriteria.ContactAnalysis.${k} is not supported by this server`);
  }
  const transcript = c.ContactAnalysis?.Transcript;
  const attributes = c.SearchableContactAttributes;
  const hierarchy = c.AgentHierarchyGroups;
  return {
    ...(c.AgentIds ? { agentIds: c.AgentIds } : {}),
    ...(hierarchy ? { hierarchy: [1, 2, 3, 4, 5].map((n) => hierarchy[`L${n}Ids`]) } : {}),
    ...(c.Channels ? { channels: c.Channels } : {}),
    ...(c.InitiationMethods ? { initiationMethods: c.InitiationMethods } : {}),
    ...(c.QueueIds ? { queueIds: c.QueueIds } : {}),
    ...(attributes
      ? {
          attributes: {
            criteria: attributes.Criteria.map((a) => ({ key: a.Key, values: a.Values })),
            match: answered(attributes.MatchType, 'SearchCriteria.SearchableContactAttributes.MatchType'),
          },
        }
      : {}),
    ...(transcript
      ? {
          transcript: {
            criteria: transcript.Criteria.map((t, i) => ({
              role: t.ParticipantRole,
              texts: t.SearchText,
              match: answered(t.MatchType, `SearchCriteria.ContactAnalysis.Transcript.Criteria[${i}].MatchType`),
            })),
            match: answered(transcript.MatchType, 'SearchCriteria.ContactAnalysis.Transcript.MatchType'),
          },
        }
      : {}),
    ...(c.ContactCategories
      ? { categories: { names: c.ContactCategories.Categories, match: answered(c.ContactCategories.MatchType, 'SearchCriteria.ContactCategories.MatchType') } }
      : {}),
    instanceId: b.InstanceId,
    time: { type: b.TimeRange.Type, start, end },
    sort: b.Sort ? { field: b.Sort.FieldName, order: b.Sort.Order } : { field: 'INITIATION_TIMESTAMP', order: 'DESCENDING' },
    maxResults: b.MaxResults ?? MAX_RESULTS,
    ...(b.NextToken !== undefined ? { nextToken: b.NextToken } : {}),
  };
}
