/**
 * A SearchContacts request checked and read into a query (InvalidParameterException
 * naming the member for anything else). The members and limits are the API
 * reference's (SearchContacts, SearchCriteria, TranscriptCriteria, ...).
 */
import { isObject } from '../context/json.ts';
import { InvalidParameterException } from '../api/errors.ts';

export const TIME_TYPES = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'ENQUEUE_TIMESTAMP'] as const;
export const SORT_FIELDS = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'INITIATION_METHOD', 'CHANNEL'] as const;
const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
const MATCH_TYPES = ['MATCH_ALL', 'MATCH_ANY'] as const;
const ROLES = ['AGENT', 'CUSTOMER', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'] as const;

/** "MaxResults ... Valid Range: Minimum value of 1. Maximum value of 100." */
export const MAX_RESULTS = 100;
/** "Array Members: Minimum number of 0 items. Maximum number of 100 items." (AgentIds, QueueIds) */
const MAX_IDS = 100;

export type MatchType = (typeof MATCH_TYPES)[number];

export interface TranscriptQuery {
  readonly role: string;
  readonly texts: readonly string[];
  readonly match: MatchType;
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
  readonly attributes?: { readonly criteria: readonly { key: string; values: readonly string[] }[]; readonly match: MatchType };
  readonly transcript?: { readonly criteria: readonly TranscriptQuery[]; readonly match: MatchType };
  /** This project's extension (no Connect criterion exists): the categories ASSIGN_CONTACT_CATEGORY assigned. */
  readonly categories?: { readonly names: readonly string[]; readonly match: MatchType };
  readonly sort: { readonly field: (typeof SORT_FIELDS)[number]; readonly order: 'ASCENDING' | 'DESCENDING' };
  readonly maxResults: number;
  readonly nextToken?: string;
}

type Json = Record<string, unknown>;
const bad = (message: string) => new InvalidParameterException(message);

function object(v: unknown, at: string): Json {
  if (!isObject(v)) throw bad(`${at} must be an object`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], at: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw bad(`${at} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function strings(v: unknown, at: string, max = MAX_IDS): string[] {
  if (!Array.isArray(v)) throw bad(`${at} must be a list of strings`);
  if (v.length > max) throw bad(`${at} has ${v.length} members, at most ${max} are allowed`);
  v.forEach((x, i) => {
    if (typeof x !== 'string' || x === '') throw bad(`${at}[${i}] must be a non-empty string`);
  });
  return v as string[];
}

/** A timestamp as the SDK sends it (epoch seconds) or an ISO string; epoch ms. */
function time(v: unknown, at: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  if (typeof v === 'string') {
    const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
    if (!Number.isNaN(ms)) return ms;
  }
  throw bad(`${at} must be a timestamp, got ${JSON.stringify(v)}`);
}

function matchType(v: unknown, at: string): MatchType {
  return v === undefined ? 'MATCH_ALL' : oneOf(v, MATCH_TYPES, at);
}

function transcript(v: unknown): SearchQuery['transcript'] {
  const t = object(v, 'SearchCriteria.ContactAnalysis.Transcript');
  if (!Array.isArray(t.Criteria) || t.Criteria.length === 0) throw bad('SearchCriteria.ContactAnalysis.Transcript.Criteria must be a non-empty list');
  const criteria = t.Criteria.map((c, i): TranscriptQuery => {
    const at = `SearchCriteria.ContactAnalysis.Transcript.Criteria[${i}]`;
    const o = object(c, at);
    const texts = strings(o.SearchText, `${at}.SearchText`);
    if (texts.length === 0) throw bad(`${at}.SearchText must name at least one phrase`);
    return { role: oneOf(o.ParticipantRole, ROLES, `${at}.ParticipantRole`), texts, match: oneOf(o.MatchType, MATCH_TYPES, `${at}.MatchType`) };
  });
  return { criteria, match: matchType(t.MatchType, 'SearchCriteria.ContactAnalysis.Transcript.MatchType') };
}

function attributes(v: unknown): SearchQuery['attributes'] {
  const a = object(v, 'SearchCriteria.SearchableContactAttributes');
  if (!Array.isArray(a.Criteria) || a.Criteria.length === 0) throw bad('SearchCriteria.SearchableContactAttributes.Criteria must be a non-empty list');
  const criteria = a.Criteria.map((c, i) => {
    const at = `SearchCriteria.SearchableContactAttributes.Criteria[${i}]`;
    const o = object(c, at);
    if (typeof o.Key !== 'string' || o.Key === '') throw bad(`${at}.Key must be a non-empty string`);
    const values = strings(o.Values, `${at}.Values`);
    if (values.length === 0) throw bad(`${at}.Values must name at least one value`);
    return { key: o.Key, values };
  });
  return { criteria, match: matchType(a.MatchType, 'SearchCriteria.SearchableContactAttributes.MatchType') };
}

/** The criteria members this server answers; any other member is refused rather than ignored. */
const CRITERIA: Readonly<Record<string, (v: unknown) => Partial<SearchQuery>>> = {
  AgentIds: (v) => ({ agentIds: strings(v, 'SearchCriteria.AgentIds') }),
  AgentHierarchyGroups: (v) => {
    const g = object(v, 'SearchCriteria.AgentHierarchyGroups');
    return { hierarchy: [1, 2, 3, 4, 5].map((n) => (g[`L${n}Ids`] === undefined ? undefined : strings(g[`L${n}Ids`], `SearchCriteria.AgentHierarchyGroups.L${n}Ids`, 10))) };
  },
  Channels: (v) => ({ channels: strings(v, 'SearchCriteria.Channels').map((c, i) => oneOf(c, CHANNELS, `SearchCriteria.Channels[${i}]`)) }),
  InitiationMethods: (v) => ({ initiationMethods: strings(v, 'SearchCriteria.InitiationMethods') }),
  QueueIds: (v) => ({ queueIds: strings(v, 'SearchCriteria.QueueIds') }),
  SearchableContactAttributes: (v) => ({ attributes: attributes(v) }),
  ContactAnalysis: (v) => {
    const a = object(v, 'SearchCriteria.ContactAnalysis');
    for (const k of Object.keys(a)) if (k !== 'Transcript') throw bad(`SearchCriteria.ContactAnalysis.${k} is not supported by this server`);
    return a.Transcript === undefined ? {} : { transcript: transcript(a.Transcript) };
  },
  ContactCategories: (v) => {
    const c = object(v, 'SearchCriteria.ContactCategories');
    const names = strings(c.Categories, 'SearchCriteria.ContactCategories.Categories');
    if (names.length === 0) throw bad('SearchCriteria.ContactCategories.Categories must name at least one category');
    return { categories: { names, match: matchType(c.MatchType, 'SearchCriteria.ContactCategories.MatchType') } };
  },
};

export function parseSearchRequest(body: unknown): SearchQuery {
  const b = object(body, 'The request body');
  if (typeof b.InstanceId !== 'string' || b.InstanceId === '') throw bad('InstanceId is required');
  const range = object(b.TimeRange, 'TimeRange');
  const type = oneOf(range.Type, TIME_TYPES, 'TimeRange.Type');
  const start = time(range.StartTime, 'TimeRange.StartTime');
  const end = time(range.EndTime, 'TimeRange.EndTime');
  if (end < start) throw bad('TimeRange.EndTime is before TimeRange.StartTime');
  let maxResults = MAX_RESULTS;
  if (b.MaxResults !== undefined) {
    if (typeof b.MaxResults !== 'number' || !Number.isInteger(b.MaxResults) || b.MaxResults < 1 || b.MaxResults > MAX_RESULTS) {
      throw bad(`MaxResults must be an integer from 1 to ${MAX_RESULTS}, got ${JSON.stringify(b.MaxResults)}`);
    }
    maxResults = b.MaxResults;
  }
  if (b.NextToken !== undefined && (typeof b.NextToken !== 'string' || b.NextToken === '')) throw bad('NextToken must be a non-empty string');
  let sort: SearchQuery['sort'] = { field: 'INITIATION_TIMESTAMP', order: 'DESCENDING' };
  if (b.Sort !== undefined) {
    const s = object(b.Sort, 'Sort');
    sort = { field: oneOf(s.FieldName, SORT_FIELDS, 'Sort.FieldName'), order: oneOf(s.Order, ['ASCENDING', 'DESCENDING'] as const, 'Sort.Order') };
  }
  let criteria: Partial<SearchQuery> = {};
  if (b.SearchCriteria !== undefined) {
    for (const [k, v] of Object.entries(object(b.SearchCriteria, 'SearchCriteria'))) {
      if (v === undefined || v === null) continue;
      const read = CRITERIA[k];
      if (!read) throw bad(`SearchCriteria.${k} is not supported by this server (supported: ${Object.keys(CRITERIA).join(', ')})`);
      criteria = { ...criteria, ...read(v) };
    }
  }
  return {
    ...criteria,
    instanceId: b.InstanceId,
    time: { type, start, end },
    sort,
    maxResults,
    ...(typeof b.NextToken === 'string' ? { nextToken: b.NextToken } : {}),
  };
}
