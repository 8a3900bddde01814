/**
 * DescribeContact and SearchContacts through the real @aws-sdk/client-connect
 * against the local server, after `connect-rules replay` (the real binary) of a
 * folder of calls (test/support/contact-calls.ts) with the example rule
 * ACCOUNT_CANCELLATION (category, task, ... when a customer in the Retention queue
 * says "cancel my account" or "close my account": c1 and c2 of the folder).
 */
import {
  ConnectClient,
  DescribeContactCommand,
  SearchContactsCommand,
  type SearchContactsCommandInput,
  type SearchContactsCommandOutput,
  type SearchContactsMatchType,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { withContactCategories } from '../../engine/contacts/client.ts';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { runCliAsync } from '../support/cli.ts';
import { AGENT_1, AGENT_2, BILLING, C, GROUP_EU, INSTANCE, RETENTION, writeCalls } from '../support/contact-calls.ts';
import { closeServed, connectClient, serveReplayed, type ServedReplay } from '../support/rules-api.ts';

const RULE = resolve(import.meta.dirname, '../../examples/rules/post-call-account-cancellation.json');
const DAY = { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-11T00:00:00Z'), EndTime: new Date('2025-03-12T00:00:00Z') } as const;

let served: ServedReplay;
let api: LocalRulesApi;
let client: ConnectClient;
/** What the replay reported of CREATE_TASK: `task <id> '<name>' linked to contact <id>`. */
let taskDetails: string[] = [];
/** The replay's run: the tasks it created were initiated then (its clock is the wall clock). */
let run: { StartTime: Date; EndTime: Date };

beforeAll(async () => {
  const started = new Date(Date.now() - 1000);
  served = await serveReplayed(writeCalls(), RULE);
  ({ api, client } = served);
  const report = JSON.parse(served.report) as { events: { actions: { type: string; detail: string }[] }[] };
  taskDetails = report.events.flatMap((e) => e.actions.filter((a) => a.type === 'CREATE_TASK').map((a) => a.detail));
  run = { StartTime: started, EndTime: new Date(Date.now() + 1000) };
}, 120_000);

afterAll(() => closeServed(served));

/** The ids of one search (first page), in the order returned. */
async function ids(input: Partial<SearchContactsCommandInput>): Promise<string[]> {
  const out = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' }, ...input }));
  expect(out.TotalCount).toBe(out.Contacts!.length);
  return out.Contacts!.map((c) => c.Id!);
}

describe('DescribeContact', () => {
  it('answers a stored contact in the DescribeContact shape, from its contact trace record', async () => {
    const { Contact } = await client.send(new DescribeContactCommand({ InstanceId: INSTANCE, ContactId: C.c1 }));
    expect(Contact).toEqual({
      Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact/${C.c1}`,
      Id: C.c1,
      InitiationMethod: 'INBOUND',
      Channel: 'VOICE',
      QueueInfo: { Id: RETENTION, EnqueueTimestamp: new Date('2025-03-11T09:01:00Z') },
      AgentInfo: {
        Id: AGENT_1,
        ConnectedToAgentTimestamp: new Date('2025-03-11T09:02:00Z'),
        HierarchyGroups: { Level1: { Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/agent-group/11aa22bb-33cc-44dd-85ee-66ff77aa88bb` } },
        AfterContactWorkDuration: 30,
      },
      InitiationTimestamp: new Date('2025-03-11T09:00:00Z'),
      DisconnectTimestamp: new Date('2025-03-11T09:10:00Z'),
      LastUpdateTimestamp: new Date('2025-03-11T09:10:00Z'),
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+12065550142' },
      Tags: { Team: 'Retention' },
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Telephony' } },
      Attributes: { Intent: 'Cancellation', CustomerTier: 'Gold' },
    });
  });

  it('answers the task a rule created, linked to the contact it was created for', async () => {
    expect(taskDetails).toHaveLength(2);
    const linked = taskDetails.map((d) => /^task (\S+) .* linked to contact (\S+)$/.exec(d)!);
    expect(linked.map((m) => m[2])).toEqual([C.c1, C.c2]);
    const { Contact } = await client.send(new DescribeContactCommand({ InstanceId: INSTANCE, ContactId: linked[0]![1] }));
    expect(Contact).toMatchObject({
      Id: linked[0]![1],
      Channel: 'TASK',
      InitiationMethod: 'API',
      Name: `Retention follow-up ${C.c1}`,
      PreviousContactId: C.c1,
      RelatedContactId: C.c1,
    });
  });

  it('answers ResourceNotFoundException for a contact it has not stored', async () => {
    await expect(client.send(new DescribeContactCommand({ InstanceId: INSTANCE, ContactId: 'c9999999-0000-4000-8000-000000000009' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new DescribeContactCommand({ InstanceId: 'another-instance', ContactId: C.c1 }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('SearchContacts, each criterion alone', () => {
  const transcript = (Criteria: { ParticipantRole: 'AGENT' | 'CUSTOMER'; SearchText: string[]; MatchType: SearchContactsMatchType }[], MatchType?: SearchContactsMatchType) =>
    ids({ SearchCriteria: { ContactAnalysis: { Transcript: { Criteria, ...(MatchType ? { MatchType } : {}) } } } });

  it('TimeRange: each timestamp type, bounds included', async () => {
    expect(await ids({})).toEqual([C.c1, C.c2, C.c3, C.c4, C.c5, C.c6]);
    expect(await ids({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-11T10:30:00Z'), EndTime: new Date('2025-03-11T12:00:00Z') } })).toEqual([C.c3, C.c4]);
    expect(await ids({ TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: new Date('2025-03-11T09:05:00Z'), EndTime: new Date('2025-03-11T10:05:00Z') } })).toEqual([C.c1]);
    expect(await ids({ TimeRange: { Type: 'ENQUEUE_TIMESTAMP', StartTime: new Date('2025-03-11T14:01:00Z'), EndTime: new Date('2025-03-11T15:00:00Z') } })).toEqual([C.c6]);
    expect(await ids({ TimeRange: { Type: 'CONNECTED_TO_AGENT_TIMESTAMP', StartTime: new Date('2025-03-11T13:00:00Z'), EndTime: new Date('2025-03-11T13:02:00Z') } })).toEqual([C.c5]);
    expect(await ids({ TimeRange: { Type: 'SCHEDULED_TIMESTAMP', StartTime: new Date('2025-03-11T00:00:00Z'), EndTime: new Date('2025-03-12T00:00:00Z') } })).toEqual([]);
    expect(await ids({ TimeRange: { ...DAY, StartTime: new Date('2025-03-12T00:00:00Z'), EndTime: new Date('2025-03-13T00:00:00Z') } })).toEqual([]);
  });

  it('Channels, InitiationMethods, QueueIds, AgentIds, AgentHierarchyGroups', async () => {
    expect(await ids({ SearchCriteria: { Channels: ['CHAT'] } })).toEqual([C.c5]);
    expect(await ids({ SearchCriteria: { InitiationMethods: ['OUTBOUND', 'TRANSFER'] } })).toEqual([C.c3, C.c6]);
    expect(await ids({ SearchCriteria: { QueueIds: [BILLING] } })).toEqual([C.c3, C.c5]);
    expect(await ids({ SearchCriteria: { AgentIds: [AGENT_2] } })).toEqual([C.c2, C.c4]);
    expect(await ids({ SearchCriteria: { AgentHierarchyGroups: { L1Ids: [GROUP_EU] } } })).toEqual([C.c2, C.c4]);
    expect(await ids({ SearchCriteria: { AgentHierarchyGroups: { L2Ids: [GROUP_EU] } } })).toEqual([]);
  });

  it('SearchableContactAttributes: MATCH_ALL and MATCH_ANY', async () => {
    const criteria = [
      { Key: 'Intent', Values: ['Cancellation'] },
      { Key: 'CustomerTier', Values: ['Gold', 'Silver'] },
    ];
    expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: criteria, MatchType: 'MATCH_ALL' } } })).toEqual([C.c1]);
    expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: criteria, MatchType: 'MATCH_ANY' } } })).toEqual([C.c1, C.c2, C.c3, C.c4, C.c5, C.c6]);
    expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Upgrade', 'Billing'] }] } } })).toEqual([C.c2, C.c4, C.c5, C.c6]);
  });

  it('ContactAnalysis.Transcript: by participant role, whole words in any case, as written (no plurals: the standard analyzer AWS names)', async () => {
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel my account'], MatchType: 'MATCH_ALL' }])).toEqual([C.c1, C.c3]);
    expect(await transcript([{ ParticipantRole: 'AGENT', SearchText: ['cancel my account'], MatchType: 'MATCH_ALL' }])).toEqual([C.c4]);
    // c2 said "bill", c6 "bills": each finds only its own word (an exact-match rule's "bill" would match both), in any case
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['bill'], MatchType: 'MATCH_ALL' }])).toEqual([C.c2]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['BILLS'], MatchType: 'MATCH_ALL' }])).toEqual([C.c6]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['bill', 'bills'], MatchType: 'MATCH_ANY' }])).toEqual([C.c2, C.c6]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['close my account', 'bill'], MatchType: 'MATCH_ALL' }])).toEqual([C.c2]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['close my account', 'upgrade'], MatchType: 'MATCH_ANY' }])).toEqual([C.c2, C.c4]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel'], MatchType: 'MATCH_ALL' }])).toEqual([C.c1, C.c3]);
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['canc'], MatchType: 'MATCH_ALL' }])).toEqual([]);
    expect(
      await transcript(
        [
          { ParticipantRole: 'CUSTOMER', SearchText: ['upgrade'], MatchType: 'MATCH_ALL' },
          { ParticipantRole: 'AGENT', SearchText: ['retention'], MatchType: 'MATCH_ALL' },
        ],
        'MATCH_ANY',
      ),
    ).toEqual([C.c2, C.c4]);
  });

  it('ContactAnalysis.Transcript MATCH_NONE: none of the phrases, none of the criteria; a contact with no analysis file is never found', async () => {
    // c1, c3 say "cancel", c2 "bill", c6 "bills" (another word to a search, which makes no plurals); c5 is a chat with no analysis file
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel', 'bill'], MatchType: 'MATCH_NONE' }])).toEqual([C.c4, C.c6]);
    // the agent of c4 says "cancel my account", its customer does not
    expect(await transcript([{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel my account'], MatchType: 'MATCH_NONE' }])).toEqual([C.c2, C.c4, C.c6]);
    expect(
      await transcript(
        [
          { ParticipantRole: 'CUSTOMER', SearchText: ['upgrade'], MatchType: 'MATCH_ALL' },
          { ParticipantRole: 'AGENT', SearchText: ['retention'], MatchType: 'MATCH_ALL' },
        ],
        'MATCH_NONE',
      ),
    ).toEqual([C.c1, C.c3, C.c6]);
  });

  it('SearchableContactAttributes MATCH_NONE: no criterion holds; a contact without the key holds none of its values, so it is found', async () => {
    const criteria = [{ Key: 'Intent', Values: ['Upgrade', 'Billing'] }];
    expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: criteria, MatchType: 'MATCH_NONE' } } })).toEqual([C.c1, C.c3]);
    // no call sets Region (c5, the chat with no analysis file, included: unlike a transcript criterion, every contact has attributes)
    const unset = [{ Key: 'Region', Values: ['EU'] }];
    expect(await ids({ SearchCriteria: { SearchableContactAttributes: { Criteria: unset, MatchType: 'MATCH_NONE' } } })).toEqual([C.c1, C.c2, C.c3, C.c4, C.c5, C.c6]);
  });
});

describe('SearchContacts, combined', () => {
  it('every criterion must hold', async () => {
    expect(
      await ids({
        SearchCriteria: {
          Channels: ['VOICE'],
          QueueIds: [RETENTION],
          AgentIds: [AGENT_1, AGENT_2],
          SearchableContactAttributes: { Criteria: [{ Key: 'CustomerTier', Values: ['Gold'] }] },
          ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: ['cancel my account', 'close my account'], MatchType: 'MATCH_ANY' }] } },
        },
      }),
    ).toEqual([C.c1, C.c2]);
    expect(await ids({ SearchCriteria: { QueueIds: [RETENTION], InitiationMethods: ['INBOUND'], AgentIds: [AGENT_1] } })).toEqual([C.c1]);
    expect(await ids({ SearchCriteria: { Channels: ['CHAT'], QueueIds: [RETENTION] } })).toEqual([]);
  });
});

describe('SearchContacts, categories assigned by rules', () => {
  /** The project's own criterion (Connect's SearchCriteria has none), as the CLI sends it. */
  const withCategories = (Categories: string[], MatchType: 'MATCH_ALL' | 'MATCH_ANY' | 'MATCH_NONE' = 'MATCH_ALL') =>
    withContactCategories(connectClient(api.url), { Categories, MatchType });

  it('returns exactly the contacts the rule matched', async () => {
    const c = withCategories(['ACCOUNT_CANCELLATION']);
    try {
      const out = await c.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } }));
      expect(out.Contacts!.map((x) => x.Id)).toEqual([C.c1, C.c2]);
      expect(out.TotalCount).toBe(2);
      const none = await withCategories(['NO_SUCH_CATEGORY']).send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY }));
      expect(none.Contacts).toEqual([]);
      const any = await withCategories(['ACCOUNT_CANCELLATION', 'NO_SUCH_CATEGORY'], 'MATCH_ANY').send(
        new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, SearchCriteria: { AgentIds: [AGENT_2] } }),
      );
      expect(any.Contacts!.map((x) => x.Id)).toEqual([C.c2]);
      const notCategorised = await withCategories(['ACCOUNT_CANCELLATION'], 'MATCH_NONE').send(
        new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } }),
      );
      expect(notCategorised.Contacts!.map((x) => x.Id)).toEqual([C.c3, C.c4, C.c5, C.c6]);
    } finally {
      c.destroy();
    }
  });
});

describe('SearchContacts, the tasks rules created', () => {
  it('finds them as TASK contacts initiated by API, linked to the contact each was created for', async () => {
    const linked = taskDetails.map((d) => /^task (\S+) .* linked to contact (\S+)$/.exec(d)!);
    const [t1, t2] = linked.map((m) => m[1]!);
    const out = await client.send(
      new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: { Type: 'INITIATION_TIMESTAMP', ...run }, SearchCriteria: { Channels: ['TASK'], InitiationMethods: ['API'] }, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } }),
    );
    expect(out.TotalCount).toBe(2);
    expect(out.Contacts!.map(({ InitiationTimestamp, ...rest }) => ({ ...rest, initiatedInRun: InitiationTimestamp! >= run.StartTime && InitiationTimestamp! <= run.EndTime }))).toEqual([
      { Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact/${t1}`, Id: t1, PreviousContactId: C.c1, InitiationMethod: 'API', Channel: 'TASK', Name: `Retention follow-up ${C.c1}`, initiatedInRun: true },
      { Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact/${t2}`, Id: t2, PreviousContactId: C.c2, InitiationMethod: 'API', Channel: 'TASK', Name: `Retention follow-up ${C.c2}`, initiatedInRun: true },
    ]);
    // the same range on the disconnect time: the tasks are still open
    expect((await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: { Type: 'DISCONNECT_TIMESTAMP', ...run } }))).Contacts).toEqual([]);
    // searched with the calls, over both days, by the attribute the rule copied onto them (or not)
    const both = await client.send(
      new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: DAY.StartTime, EndTime: run.EndTime }, SearchCriteria: { Channels: ['TASK', 'CHAT'] } }),
    );
    expect(both.Contacts!.map((c) => c.Id).sort()).toEqual([C.c5, t1, t2].sort());
  });
});

describe('SearchContacts, sorting and paging', () => {
  it('sorts by each field and order', async () => {
    const sorted = (FieldName: 'INITIATION_TIMESTAMP' | 'CHANNEL' | 'INITIATION_METHOD' | 'DISCONNECT_TIMESTAMP', Order: 'ASCENDING' | 'DESCENDING') =>
      ids({ Sort: { FieldName, Order } });
    expect(await sorted('INITIATION_TIMESTAMP', 'DESCENDING')).toEqual([C.c6, C.c5, C.c4, C.c3, C.c2, C.c1]);
    expect(await sorted('DISCONNECT_TIMESTAMP', 'ASCENDING')).toEqual([C.c1, C.c2, C.c3, C.c4, C.c5, C.c6]);
    // equal keys in contact id order
    expect(await sorted('CHANNEL', 'ASCENDING')).toEqual([C.c5, C.c1, C.c2, C.c3, C.c4, C.c6]);
    expect(await sorted('CHANNEL', 'DESCENDING')).toEqual([C.c1, C.c2, C.c3, C.c4, C.c6, C.c5]);
    expect(await sorted('INITIATION_METHOD', 'ASCENDING')).toEqual([C.c1, C.c2, C.c4, C.c5, C.c3, C.c6]);
  });

  it('pages through every result with a small MaxResults, TotalCount on each page', async () => {
    const seen: string[] = [];
    const totals: number[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, MaxResults: 4, NextToken, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'DESCENDING' } }));
      seen.push(...out.Contacts!.map((c) => c.Id!));
      totals.push(out.TotalCount!);
      NextToken = out.NextToken;
      pages++;
    } while (NextToken && pages < 10);
    expect(seen).toEqual([C.c6, C.c5, C.c4, C.c3, C.c2, C.c1]);
    expect(totals).toEqual([6, 6]);

    const small: string[] = [];
    NextToken = undefined;
    do {
      const out: SearchContactsCommandOutput = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, MaxResults: 1, NextToken, SearchCriteria: { QueueIds: [RETENTION] } }));
      expect(out.Contacts).toHaveLength(1);
      small.push(out.Contacts![0]!.Id!);
      NextToken = out.NextToken;
    } while (NextToken && small.length < 10);
    expect(small).toEqual([C.c6, C.c4, C.c2, C.c1]);
  });

  it('answers the summary shape', async () => {
    const out = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, SearchCriteria: { Channels: ['CHAT'] } }));
    expect(out.Contacts).toEqual([
      {
        Arn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}/contact/${C.c5}`,
        Id: C.c5,
        InitiationMethod: 'INBOUND',
        Channel: 'CHAT',
        QueueInfo: { Id: BILLING, EnqueueTimestamp: new Date('2025-03-11T13:01:00Z') },
        AgentInfo: { Id: AGENT_1, ConnectedToAgentTimestamp: new Date('2025-03-11T13:02:00Z') },
        InitiationTimestamp: new Date('2025-03-11T13:00:00Z'),
        DisconnectTimestamp: new Date('2025-03-11T13:10:00Z'),
        SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Chat' } },
      },
    ]);
  });
});

describe('SearchContacts, bad input', () => {
  const refused = async (input: Partial<SearchContactsCommandInput>, message: RegExp) =>
    expect(client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, ...input }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(message),
    });

  it('answers InvalidParameterException naming the member', async () => {
    await refused({ MaxResults: 0 }, /^MaxResults must be an integer from 1 to 100/);
    await refused({ MaxResults: 101 }, /^MaxResults/);
    await refused({ TimeRange: { ...DAY, StartTime: DAY.EndTime, EndTime: DAY.StartTime } }, /^TimeRange.EndTime is before TimeRange.StartTime/);
    await refused({ TimeRange: { ...DAY, Type: 'LAST_UPDATE' as never } }, /^TimeRange.Type must be one of/);
    await refused({ Sort: { FieldName: 'NAME' as never, Order: 'ASCENDING' } }, /^Sort.FieldName must be one of/);
    await refused({ SearchCriteria: { Channels: ['FAX' as never] } }, /^SearchCriteria.Channels\[0\] must be one of VOICE, CHAT, TASK, EMAIL/);
    await refused({ SearchCriteria: { Name: { SearchText: ['x'], MatchType: 'MATCH_ALL' } } }, /^SearchCriteria.Name is not supported by this server/);
    await refused(
      { SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: [], MatchType: 'MATCH_ALL' }] } } } },
      /^SearchCriteria.ContactAnalysis.Transcript.Criteria\[0\].SearchText must name at least one phrase/,
    );
    await refused({ NextToken: 'not-a-token' }, /^NextToken is not a token this API returned/);
  });

  it('refuses a MatchType that is not SearchContactsMatchType, and MATCH_EXACT (valid, but AWS documents no meaning for it), naming the member', async () => {
    const criterion = (MatchType: string) => ({ ParticipantRole: 'CUSTOMER' as const, SearchText: ['cancel'], MatchType: MatchType as SearchContactsMatchType });
    await refused(
      { SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [criterion('MATCH_SOME')] } } } },
      /^SearchCriteria.ContactAnalysis.Transcript.Criteria\[0\].MatchType must be one of MATCH_ALL, MATCH_ANY, MATCH_EXACT, MATCH_NONE, got "MATCH_SOME"/,
    );
    await refused(
      { SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [criterion('MATCH_ALL'), criterion('MATCH_EXACT')] } } } },
      /^SearchCriteria.ContactAnalysis.Transcript.Criteria\[1\].MatchType MATCH_EXACT is not answered by this server/,
    );
    await refused(
      { SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [criterion('MATCH_ALL')], MatchType: 'MATCH_EXACT' } } } },
      /^SearchCriteria.ContactAnalysis.Transcript.MatchType MATCH_EXACT is not answered by this server: AWS does not document what it matches \(use MATCH_ALL, MATCH_ANY or MATCH_NONE\)$/,
    );
    await refused(
      { SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Upgrade'] }], MatchType: 'MATCH_EXACT' } } },
      /^SearchCriteria.SearchableContactAttributes.MatchType MATCH_EXACT is not answered/,
    );
  });

  it('refuses the NextToken of another search', async () => {
    const first = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, MaxResults: 1 }));
    expect(first.NextToken).toEqual(expect.any(String));
    await refused({ MaxResults: 1, NextToken: first.NextToken, SearchCriteria: { Channels: ['VOICE'] } }, /^NextToken belongs to a search with other criteria/);
  });
});

describe('connect-rules contacts (the built CLI against the server)', () => {
  const cli = (args: string[]) =>
    runCliAsync(['contacts', ...args, '--endpoint', api.url, '--region', 'us-east-1', '--instance-id', INSTANCE], {
      env: { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'x' },
    });

  it('search prints a table of the contacts a rule categorised', async () => {
    const out = await cli(['search', '--category', 'ACCOUNT_CANCELLATION', '--sort', 'INITIATION_TIMESTAMP:asc']);
    expect(out.stderr).not.toContain('WARN');
    expect(out.stdout).toBe(
      [
        'CONTACT                               CHANNEL  METHOD   QUEUE                                 AGENT                                 INITIATED             DISCONNECTED',
        `${C.c1}  VOICE    INBOUND  ${RETENTION}  ${AGENT_1}  2025-03-11T09:00:00Z  2025-03-11T09:10:00Z`,
        `${C.c2}  VOICE    INBOUND  ${RETENTION}  ${AGENT_2}  2025-03-11T10:00:00Z  2025-03-11T10:10:00Z`,
        '2 of 2 contacts',
        '',
      ].join('\n'),
    );
    expect(out.status).toBe(0);
  });

  it('search --json with criteria, --limit over pages', async () => {
    const out = await cli(['search', '--transcript', 'customer:wrong', '--attribute', 'CustomerTier=Gold', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const parsed = JSON.parse(out.stdout) as { Contacts: { Id: string }[]; TotalCount: number };
    expect(parsed.Contacts.map((c) => c.Id)).toEqual([C.c6, C.c2]);
    expect(parsed.TotalCount).toBe(2);
    const none = await cli(['search', '--transcript', 'customer:wrong', '--transcript', 'customer:cancel', '--transcript-match', 'none', '--json']);
    expect(none.status, none.stderr).toBe(0);
    expect((JSON.parse(none.stdout) as { Contacts: { Id: string }[] }).Contacts.map((c) => c.Id)).toEqual([C.c4]);
    const limited = await cli(['search', '--limit', '3']);
    // every contact up to now: the six calls and the two tasks the rule created
    expect(limited.stdout.trimEnd().split('\n').at(-1)).toBe('3 of 8 contacts (--limit 3)');
  });

  it('describe prints the contact, and an unknown one as the SDK names the error', async () => {
    const out = await cli(['describe', C.c1]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(
      [
        `Contact:            ${C.c1}`,
        'Channel:            VOICE',
        'Initiation method:  INBOUND',
        `Queue:              ${RETENTION}`,
        `Agent:              ${AGENT_1}`,
        'Hierarchy groups:   Level1 11aa22bb-33cc-44dd-85ee-66ff77aa88bb',
        'Initiated:          2025-03-11T09:00:00Z',
        'Disconnected:       2025-03-11T09:10:00Z',
        'Attributes:         Intent=Cancellation, CustomerTier=Gold',
        'Tags:               Team=Retention',
        '',
      ].join('\n'),
    );
    const missing = await cli(['describe', 'c9999999-0000-4000-8000-000000000009']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('DescribeContact: ResourceNotFoundException: Contact c9999999-0000-4000-8000-000000000009 not found in instance');
  });
});
