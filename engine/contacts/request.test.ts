import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from './request.ts';

const base = { InstanceId: 'i-1', TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: 1741651200, EndTime: 1741737600 } };

describe('parseSearchRequest', () => {
  it('reads the SDK epoch seconds and the defaults: newest first, 100 a page', () => {
    expect(parseSearchRequest(base)).toEqual({
      instanceId: 'i-1',
      time: { type: 'INITIATION_TIMESTAMP', start: 1741651200000, end: 1741737600000 },
      sort: { field: 'INITIATION_TIMESTAMP', order: 'DESCENDING' },
      maxResults: 100,
    });
  });

  it('reads each criterion, MatchType MATCH_ALL when not given', () => {
    const q = parseSearchRequest({
      ...base,
      SearchCriteria: {
        AgentHierarchyGroups: { L2Ids: ['g2'] },
        SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Cancellation'] }] },
        ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: ['refund'], MatchType: 'MATCH_ANY' }] } },
        ContactCategories: { Categories: ['ACCOUNT_CANCELLATION'] },
      },
    });
    expect(q.hierarchy).toEqual([undefined, ['g2'], undefined, undefined, undefined]);
    expect(q.attributes).toEqual({ criteria: [{ key: 'Intent', values: ['Cancellation'] }], match: 'MATCH_ALL' });
    expect(q.transcript).toEqual({ criteria: [{ role: 'CUSTOMER', texts: ['refund'], match: 'MATCH_ANY' }], match: 'MATCH_ALL' });
    expect(q.categories).toEqual({ names: ['ACCOUNT_CANCELLATION'], match: 'MATCH_ALL' });
  });

  it.each([
    [{ InstanceId: '', TimeRange: base.TimeRange }, 'InstanceId is required'],
    [{ InstanceId: 'i-1' }, 'TimeRange must be an object'],
    [{ ...base, TimeRange: { ...base.TimeRange, StartTime: 'yesterday' } }, 'TimeRange.StartTime must be a timestamp, got "yesterday"'],
    [{ ...base, MaxResults: 2.5 }, 'MaxResults must be an integer from 1 to 100, got 2.5'],
    [{ ...base, Sort: { FieldName: 'CHANNEL' } }, 'Sort.Order must be one of ASCENDING, DESCENDING, got undefined'],
    [{ ...base, SearchCriteria: { QueueIds: Array.from({ length: 101 }, (_, i) => `q${i}`) } }, 'SearchCriteria.QueueIds has 101 members, at most 100 are allowed'],
    [{ ...base, SearchCriteria: { AgentIds: ['a', ''] } }, 'SearchCriteria.AgentIds[1] must be a non-empty string'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: [] } } }, 'SearchCriteria.SearchableContactAttributes.Criteria must be a non-empty list'],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'BOT', SearchText: ['x'], MatchType: 'MATCH_ALL' }] } } } },
      'SearchCriteria.ContactAnalysis.Transcript.Criteria[0].ParticipantRole must be one of AGENT, CUSTOMER, SYSTEM, CUSTOM_BOT, SUPERVISOR, got "BOT"',
    ],
    [{ ...base, SearchCriteria: { SearchableSegmentAttributes: { Criteria: [] } } }, /^SearchCriteria.SearchableSegmentAttributes is not supported by this server \(supported: AgentIds/],
  ])('refuses %j: %s', (body, message) => {
    expect(() => parseSearchRequest(body)).toThrow(expect.objectContaining({ name: 'InvalidParameterException', message: typeof message === 'string' ? message : expect.stringMatching(message) }));
  });
});
