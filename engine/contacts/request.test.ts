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
    const none = parseSearchRequest({
      ...base,
      SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'AGENT', SearchText: ['sorry'], MatchType: 'MATCH_NONE' }], MatchType: 'MATCH_NONE' } } },
    });
    expect(none.transcript).toEqual({ criteria: [{ role: 'AGENT', texts: ['sorry'], match: 'MATCH_NONE' }], match: 'MATCH_NONE' });
    expect(q.hierarchy).toEqual([undefined, ['g2'], undefined, undefined, undefined]);
    expect(q.attributes).toEqual({ criteria: [{ key: 'Intent', values: ['Cancellation'] }], match: 'MATCH_ALL' });
    expect(q.transcript).toEqual({ criteria: [{ role: 'CUSTOMER', texts: ['refund'], match: 'MATCH_ANY' }], match: 'MATCH_ALL' });
    expect(q.categories).toEqual({ names: ['ACCOUNT_CANCELLATION'], match: 'MATCH_ALL' });
  });

  it.each([
    [{ InstanceId: '', TimeRange: base.TimeRange }, 'InstanceId must be a non-empty string, got the string ""'],
    [{ InstanceId: 'i-1' }, 'TimeRange must be an object'],
    [{ ...base, TimeRange: { ...base.TimeRange, StartTime: 'yesterday' } }, 'TimeRange.StartTime must be a timestamp, got "yesterday"'],
    [{ ...base, MaxResults: 2.5 }, 'MaxResults must be an integer from 1 to 100, got 2.5'],
    [{ ...base, Sort: { FieldName: 'CHANNEL' } }, 'Sort.Order must be one of ASCENDING, DESCENDING, got undefined'],
    [{ ...base, SearchCriteria: { QueueIds: Array.from({ length: 101 }, (_, i) => `q${i}`) } }, 'SearchCriteria.QueueIds has 101 members, at most 100 are allowed'],
    [{ ...base, SearchCriteria: { AgentIds: ['a', ''] } }, 'SearchCriteria.AgentIds[1] must be a non-empty string, got the string ""'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: [] } } }, 'SearchCriteria.SearchableContactAttributes.Criteria must be a non-empty list, got an array'],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'BOT', SearchText: ['x'], MatchType: 'MATCH_ALL' }] } } } },
      'SearchCriteria.ContactAnalysis.Transcript.Criteria[0].ParticipantRole must be one of AGENT, CUSTOMER, SYSTEM, CUSTOM_BOT, SUPERVISOR, got "BOT"',
    ],
    [{ ...base, SearchCriteria: { SearchableSegmentAttributes: { Criteria: [] } } }, /^SearchCriteria.SearchableSegmentAttributes is not supported by this server \(supported: AgentIds/],
    ['x', 'The request body must be an object, got the string "x"'],
    [{ TimeRange: base.TimeRange }, 'InstanceId is required'],
    [{ InstanceId: 7, TimeRange: base.TimeRange }, 'InstanceId must be a non-empty string, got the number 7'],
    [{ ...base, TimeRange: { ...base.TimeRange, Type: 'NOW' } }, 'TimeRange.Type must be one of INITIATION_TIMESTAMP, SCHEDULED_TIMESTAMP, CONNECTED_TO_AGENT_TIMESTAMP, DISCONNECT_TIMESTAMP, ENQUEUE_TIMESTAMP, got "NOW"'],
    [{ ...base, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: 1741651200 } }, 'TimeRange.EndTime must be a timestamp, got undefined'],
    [{ ...base, TimeRange: { ...base.TimeRange, EndTime: true } }, 'TimeRange.EndTime must be a timestamp, got true'],
    [{ ...base, TimeRange: { ...base.TimeRange, StartTime: -1e308 } }, 'TimeRange.StartTime is out of range, got -1e+308: a timestamp is epoch seconds from -8640000000000 to 8640000000000'],
    [{ ...base, TimeRange: { ...base.TimeRange, StartTime: -8.65e12 } }, 'TimeRange.StartTime is out of range, got -8650000000000: a timestamp is epoch seconds from -8640000000000 to 8640000000000'],
    [{ ...base, TimeRange: { ...base.TimeRange, EndTime: '9000000000000000' } }, 'TimeRange.EndTime is out of range, got 9000000000000000: a timestamp is epoch seconds from -8640000000000 to 8640000000000'],
    [{ ...base, TimeRange: { ...base.TimeRange, EndTime: 1741651199 } }, 'TimeRange.EndTime is before TimeRange.StartTime'],
    [{ ...base, MaxResults: 0 }, 'MaxResults must be an integer from 1 to 100, got 0'],
    [{ ...base, MaxResults: '5' }, 'MaxResults must be an integer from 1 to 100, got "5"'],
    [{ ...base, NextToken: '' }, 'NextToken must be a non-empty string, got the string ""'],
    [{ ...base, Sort: 'CHANNEL' }, 'Sort must be an object, got the string "CHANNEL"'],
    [{ ...base, Sort: { FieldName: 'NAME', Order: 'ASCENDING' } }, 'Sort.FieldName must be one of INITIATION_TIMESTAMP, SCHEDULED_TIMESTAMP, CONNECTED_TO_AGENT_TIMESTAMP, DISCONNECT_TIMESTAMP, INITIATION_METHOD, CHANNEL, got "NAME"'],
    [{ ...base, SearchCriteria: [] }, 'SearchCriteria must be an object, got an array'],
    [{ ...base, SearchCriteria: { AgentIds: 'a' } }, 'SearchCriteria.AgentIds must be a list of strings, got the string "a"'],
    [{ ...base, SearchCriteria: { Channels: ['VOICE', 'FAX'] } }, 'SearchCriteria.Channels[1] must be one of VOICE, CHAT, TASK, EMAIL, got "FAX"'],
    [{ ...base, SearchCriteria: { Channels: [5] } }, 'SearchCriteria.Channels[0] must be a non-empty string, got the number 5'],
    [{ ...base, SearchCriteria: { Channels: [''] } }, 'SearchCriteria.Channels[0] must be a non-empty string, got the string ""'],
    [{ ...base, SearchCriteria: { InitiationMethods: [3] } }, 'SearchCriteria.InitiationMethods[0] must be a non-empty string, got the number 3'],
    [{ ...base, SearchCriteria: { AgentHierarchyGroups: [] } }, 'SearchCriteria.AgentHierarchyGroups must be an object, got an array'],
    [{ ...base, SearchCriteria: { AgentHierarchyGroups: { L5Ids: Array.from({ length: 11 }, (_, i) => `g${i}`) } } }, 'SearchCriteria.AgentHierarchyGroups.L5Ids has 11 members, at most 10 are allowed'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: 1 } }, 'SearchCriteria.SearchableContactAttributes must be an object, got the number 1'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: 'x' } } }, 'SearchCriteria.SearchableContactAttributes.Criteria must be a non-empty list, got the string "x"'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: ['x'] } } }, 'SearchCriteria.SearchableContactAttributes.Criteria[0] must be an object, got the string "x"'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: '', Values: ['v'] }] } } }, 'SearchCriteria.SearchableContactAttributes.Criteria[0].Key must be a non-empty string, got the string ""'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'k', Values: [] }] } } }, 'SearchCriteria.SearchableContactAttributes.Criteria[0].Values must name at least one value'],
    [{ ...base, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'k', Values: ['v'] }], MatchType: 'ANY' } } }, 'SearchCriteria.SearchableContactAttributes.MatchType must be one of MATCH_ALL, MATCH_ANY, MATCH_EXACT, MATCH_NONE, got "ANY"'],
    [{ ...base, SearchCriteria: { ContactAnalysis: 'x' } }, 'SearchCriteria.ContactAnalysis must be an object, got the string "x"'],
    [{ ...base, SearchCriteria: { ContactAnalysis: { Sentiment: {} } } }, 'SearchCriteria.ContactAnalysis.Sentiment is not supported by this server'],
    [{ ...base, SearchCriteria: { ContactAnalysis: { Transcript: 'x' } } }, 'SearchCriteria.ContactAnalysis.Transcript must be an object, got the string "x"'],
    [{ ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [] } } } }, 'SearchCriteria.ContactAnalysis.Transcript.Criteria must be a non-empty list, got an array'],
    [{ ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [null] } } } }, 'SearchCriteria.ContactAnalysis.Transcript.Criteria[0] must be an object, got null'],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'AGENT', SearchText: [], MatchType: 'MATCH_ALL' }] } } } },
      'SearchCriteria.ContactAnalysis.Transcript.Criteria[0].SearchText must name at least one phrase',
    ],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'AGENT', SearchText: ['x'] }] } } } },
      'SearchCriteria.ContactAnalysis.Transcript.Criteria[0].MatchType must be one of MATCH_ALL, MATCH_ANY, MATCH_EXACT, MATCH_NONE, got undefined',
    ],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'AGENT', SearchText: ['x'], MatchType: 'MATCH_ALL' }], MatchType: 'ALL' } } } },
      'SearchCriteria.ContactAnalysis.Transcript.MatchType must be one of MATCH_ALL, MATCH_ANY, MATCH_EXACT, MATCH_NONE, got "ALL"',
    ],
    [
      { ...base, SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'AGENT', SearchText: ['x'], MatchType: 'MATCH_EXACT' }] } } } },
      'SearchCriteria.ContactAnalysis.Transcript.Criteria[0].MatchType MATCH_EXACT is not answered by this server: AWS does not document what it matches (use MATCH_ALL, MATCH_ANY or MATCH_NONE)',
    ],
    [
      { ...base, SearchCriteria: { ContactCategories: { Categories: ['c'], MatchType: 'MATCH_EXACT' } } },
      'SearchCriteria.ContactCategories.MatchType MATCH_EXACT is not answered by this server: AWS does not document what it matches (use MATCH_ALL, MATCH_ANY or MATCH_NONE)',
    ],
    [{ ...base, SearchCriteria: { ContactCategories: [] } }, 'SearchCriteria.ContactCategories must be an object, got an array'],
    [{ ...base, SearchCriteria: { ContactCategories: {} } }, 'SearchCriteria.ContactCategories.Categories must be a list of strings'],
    [{ ...base, SearchCriteria: { ContactCategories: { Categories: [] } } }, 'SearchCriteria.ContactCategories.Categories must name at least one category'],
  ])('refuses %j: %s', (body: unknown, message: string | RegExp) => {
    expect(() => parseSearchRequest(body)).toThrow(expect.objectContaining({ name: 'InvalidParameterException', message: typeof message === 'string' ? message : expect.stringMatching(message) }));
  });

  it('reads ISO and numeric-string times, the sort, the page and every criterion', () => {
    const q = parseSearchRequest({
      ...base,
      TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: '2025-03-11T00:00:00Z', EndTime: '1741737600' },
      MaxResults: 5,
      NextToken: 't',
      Sort: { FieldName: 'CHANNEL', Order: 'ASCENDING' },
      SearchCriteria: { AgentIds: ['a'], Channels: ['CHAT'], InitiationMethods: ['API'], QueueIds: ['q'], ContactAnalysis: {}, SearchableContactAttributes: { Criteria: [{ Key: 'k', Values: ['v'] }], MatchType: 'MATCH_ANY' } },
    });
    expect(q).toEqual({
      instanceId: 'i-1',
      time: { type: 'DISCONNECT_TIMESTAMP', start: Date.parse('2025-03-11T00:00:00Z'), end: 1741737600000 },
      sort: { field: 'CHANNEL', order: 'ASCENDING' },
      maxResults: 5,
      nextToken: 't',
      agentIds: ['a'],
      channels: ['CHAT'],
      initiationMethods: ['API'],
      queueIds: ['q'],
      attributes: { criteria: [{ key: 'k', values: ['v'] }], match: 'MATCH_ANY' },
    });
  });

  // The old checks refused these nulls; JSON null is absent in every API on the schema kernel, as in AWS's deserializers.
  it('reads null members as absent', () => {
    const q = parseSearchRequest({ ...base, MaxResults: null, NextToken: null, Sort: null, SearchCriteria: { AgentIds: null, AgentHierarchyGroups: { L1Ids: null, L2Ids: ['g'] } } });
    expect(q).toMatchObject({ maxResults: 100, sort: { field: 'INITIATION_TIMESTAMP', order: 'DESCENDING' }, hierarchy: [undefined, ['g'], undefined, undefined, undefined] });
    expect(q).not.toHaveProperty('nextToken');
    expect(q).not.toHaveProperty('agentIds');
  });
});
