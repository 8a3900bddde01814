/**
 * A contact known only from its contact events (EventBridge `Amazon Connect Contact
 * Event`, no CTR yet) is described and searched with what the events carried; its
 * CTR, arriving later, completes it; a CTR stored first is not replaced by events
 * arriving after it; a DescribeContact response ingested as the contact record is
 * described and searched with what it carried, and the contact's CTR is kept over it
 * whichever arrives first. Through the real @aws-sdk/client-connect against the local
 * server, the payloads fed through the pipeline's own ingestor on the same tables.
 */
import { DescribeContactCommand, SearchContactsCommand, type ConnectClient, type SearchContactsCommandInput } from '@aws-sdk/client-connect';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactsStore } from '../../engine/contacts/store.ts';
import { FileObjectReader } from '../../engine/ingest/object-reader.ts';
import { pipelineConfigFromEnv } from '../../engine/pipeline/config.ts';
import { createPipeline, type Pipeline } from '../../engine/pipeline/factory.ts';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import type { IngestResult } from '../../engine/pipeline/ingestor.ts';
import { AGENT_1, AGENT_2, BILLING, GROUP_EU, GROUP_NA, INSTANCE, RETENTION, contactEvent, ctr, type Call } from '../support/contact-calls.ts';
import { dynamoDbClient } from '../support/dynamodb.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONTACTS_TABLE } from '../../storage/action-tables.ts';
import { PIPELINE_STATE_TABLE } from '../../storage/pipeline-tables.ts';
import { tableName } from '../../storage/tables.ts';
import { connectClient, startApi } from '../support/rules-api.ts';

const ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;
/** Two calls of 2025-03-13 (the other tests' calls are of the 11th). */
const E1: Call = { id: 'e1000000-0000-4000-8000-000000000001', hour: 9, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Cancellation' }, tags: { Team: 'Retention' } };
const E2: Call = { id: 'e2000000-0000-4000-8000-000000000002', hour: 10, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Billing' } };
const on13th = <T extends Record<string, unknown>>(o: T): T => JSON.parse(JSON.stringify(o).replaceAll('2025-03-11T', '2025-03-13T')) as T;
const DAY = { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-13T00:00:00Z'), EndTime: new Date('2025-03-14T00:00:00Z') } as const;

let dynamoDb: DynamoDBClient;
let api: LocalRulesApi;
let client: ConnectClient;
let pipeline: Pipeline;

beforeAll(async () => {
  api = await startApi();
  client = connectClient(api.url);
  dynamoDb = dynamoDbClient();
  pipeline = createPipeline({ dynamoDb, reader: new FileObjectReader(), config: pipelineConfigFromEnv(process.env) });
});

afterAll(async () => {
  client?.destroy();
  dynamoDb?.destroy();
  await api?.close();
});

async function feed(payload: Record<string, unknown>): Promise<void> {
  const results = await pipeline.ingestor.dispatch(on13th(payload), { label: String(payload.id ?? payload.ContactId) });
  expect(results.map((r) => r.error)).toEqual(results.map(() => undefined));
}

const describeContact = async (id: string) => (await client.send(new DescribeContactCommand({ InstanceId: INSTANCE, ContactId: id }))).Contact;

async function search(input: Partial<SearchContactsCommandInput> = {}) {
  const out = await client.send(new SearchContactsCommand({ InstanceId: INSTANCE, TimeRange: DAY, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' }, ...input }));
  return { ids: out.Contacts!.map((c) => c.Id), total: out.TotalCount, contacts: out.Contacts! };
}

describe('a contact known only from its contact events, then its CTR', () => {
  it('is described and searched with what the events carried', async () => {
    await feed(contactEvent(E1, 'INITIATED', 0));
    await feed(contactEvent(E1, 'CONNECTED_TO_AGENT', 2));
    expect(await describeContact(E1.id)).toEqual({
      Arn: `${ARN}/contact/${E1.id}`,
      Id: E1.id,
      InitiationMethod: 'INBOUND',
      Channel: 'VOICE',
      QueueInfo: { Id: RETENTION, EnqueueTimestamp: new Date('2025-03-13T09:01:00Z') },
      AgentInfo: { Id: AGENT_1, ConnectedToAgentTimestamp: new Date('2025-03-13T09:02:00Z'), HierarchyGroups: { Level1: { Arn: `${ARN}/agent-group/${GROUP_NA}` } } },
      InitiationTimestamp: new Date('2025-03-13T09:00:00Z'),
      Tags: { Team: 'Retention' },
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Telephony' } },
    });
    expect((await search({ SearchCriteria: { QueueIds: [RETENTION], AgentIds: [AGENT_1], AgentHierarchyGroups: { L1Ids: [GROUP_NA] } } })).ids).toEqual([E1.id]);
    // not disconnected yet: no disconnect timestamp to find it by
    expect((await search({ TimeRange: { ...DAY, Type: 'DISCONNECT_TIMESTAMP' } })).ids).toEqual([]);
    // the contact attributes are the CTR's: the events have none
    expect((await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Cancellation'] }] } } })).ids).toEqual([]);

    await feed(contactEvent(E1, 'DISCONNECTED', 10));
    expect((await search({ TimeRange: { ...DAY, Type: 'DISCONNECT_TIMESTAMP' } })).ids).toEqual([E1.id]);
    expect(await describeContact(E1.id)).toMatchObject({ DisconnectTimestamp: new Date('2025-03-13T09:10:00Z'), DisconnectReason: 'CUSTOMER_DISCONNECT' });
  });

  it('is completed by the CTR arriving later: one contact, the CTR its record', async () => {
    await feed({ ...ctr(E1), DisconnectDetails: { PotentialDisconnectIssue: 'CUSTOMER_NETWORK_ISSUE' } });
    expect(await describeContact(E1.id)).toMatchObject({
      Id: E1.id,
      DisconnectDetails: { PotentialDisconnectIssue: 'CUSTOMER_NETWORK_ISSUE' },
      Attributes: { Intent: 'Cancellation' },
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+12065550142' },
      LastUpdateTimestamp: new Date('2025-03-13T09:10:00Z'),
    });
    const found = await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Cancellation'] }] } } });
    expect(found.ids).toEqual([E1.id]);
    expect((await search()).total).toBe(1);
  });
});

describe('a CTR stored first, contact events arriving after it', () => {
  it('stays the contact: events neither replace it nor add a second entry', async () => {
    await feed(ctr(E2));
    await feed(contactEvent(E2, 'CONNECTED_TO_AGENT', 2));
    await feed(contactEvent(E2, 'DISCONNECTED', 10));
    const contact = await describeContact(E2.id);
    expect(contact).toMatchObject({ Id: E2.id, Attributes: { Intent: 'Billing' }, LastUpdateTimestamp: new Date('2025-03-13T10:10:00Z') });
    expect(contact!.DisconnectReason).toBeUndefined();
    const all = await search();
    expect(all.ids).toEqual([E1.id, E2.id]);
    expect(all.total).toBe(2);
    // events that disagree with the CTR on the initiation time: the CTR's is the contact's
    const late = contactEvent(E2, 'DISCONNECTED', 11);
    await feed({ ...late, id: 'e2-late', detail: { ...(late.detail as object), initiationTimestamp: '2025-03-11T10:00:30Z' } });
    expect((await search({ TimeRange: { ...DAY, StartTime: new Date('2025-03-13T10:00:01Z') } })).ids).toEqual([]);
    expect((await search({ TimeRange: { ...DAY, EndTime: new Date('2025-03-13T10:00:00Z') } })).ids).toEqual([E1.id, E2.id]);
  });
});

describe('a CTR whose times are epoch numbers', () => {
  it('is described with its times and found and sorted by its initiation time, as an ISO one is', async () => {
    // Two calls of the 15th: the first (N1, 09:00) is stored last and updated latest, so only its initiation time orders it first.
    const day = { ...DAY, StartTime: new Date('2025-03-15T00:00:00Z'), EndTime: new Date('2025-03-16T00:00:00Z') };
    const N1: Call = { ...E1, id: 'n1000000-0000-4000-8000-000000000001', hour: 9 };
    const N2: Call = { ...E2, id: 'n2000000-0000-4000-8000-000000000002', hour: 10 };
    const epochSeconds = (record: Record<string, unknown>): Record<string, unknown> =>
      JSON.parse(JSON.stringify(record).replaceAll('2025-03-11T', '2025-03-15T'), (key, value: unknown) =>
        key.endsWith('Timestamp') && typeof value === 'string' ? Date.parse(value) / 1000 : value,
      ) as Record<string, unknown>;
    await pipeline.ingestor.dispatch(epochSeconds(ctr(N2)), { label: N2.id });
    const first = epochSeconds(ctr(N1));
    await pipeline.ingestor.dispatch({ ...first, LastUpdateTimestamp: Date.parse('2025-03-15T11:00:00Z') / 1000 }, { label: N1.id });

    expect(await describeContact(N1.id)).toMatchObject({
      InitiationTimestamp: new Date('2025-03-15T09:00:00Z'),
      DisconnectTimestamp: new Date('2025-03-15T09:10:00Z'),
      QueueInfo: { EnqueueTimestamp: new Date('2025-03-15T09:01:00Z') },
    });
    expect((await search({ TimeRange: day })).ids).toEqual([N1.id, N2.id]);
    expect((await search({ TimeRange: { ...day, EndTime: new Date('2025-03-15T09:30:00Z') } })).ids).toEqual([N1.id]);
  });
});

describe('an InitiationTimestamp that is no date-time', () => {
  // One rule for where a contact sorts (engine/pipeline/state/contact-records.ts initiationKey,
  // which `contacts reindex` shares): its initiation instant, else its last update. A text
  // that is no ISO-8601 date-time never reaches it: both readers refuse it, located.
  const B: Call = { ...E1, id: 'b1000000-0000-4000-8000-000000000001', hour: 9 };

  it('in a CTR is refused where it is read, and nothing of the contact is stored', async () => {
    const results = await pipeline.ingestor.dispatch({ ...ctr(B), InitiationTimestamp: 'yesterday' }, { label: 'bad-ctr.json' });
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['error', { reason: expect.any(String), message: expect.stringMatching(/^bad-ctr\.json: .*"yesterday" \(at \/InitiationTimestamp\)$/) }],
    ]);
    await expect(describeContact(B.id)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('in a contact event is refused where it is read, and nothing of the contact is stored', async () => {
    const event = contactEvent(B, 'INITIATED', 0);
    const results = await pipeline.ingestor.dispatch({ ...event, detail: { ...(event.detail as object), initiationTimestamp: '13/03/2025 09:00' } }, { label: 'bad-event.json' });
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['error', { reason: expect.any(String), message: expect.stringMatching(/^bad-event\.json: .*"13\/03\/2025 09:00" \(at \/detail\/initiationTimestamp\)$/) }],
    ]);
    await expect(describeContact(B.id)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('in a contact event, a date-time of no year a contact can have (outside 2000–9999, as the event\'s time) is refused too', async () => {
    const event = contactEvent(B, 'CONNECTED_TO_AGENT', 0);
    const detail = event.detail as Record<string, any>;
    const results = await pipeline.ingestor.dispatch(
      { ...event, id: 'e-1999', detail: { ...detail, agentInfo: { ...detail.agentInfo, connectedToAgentTimestamp: '1999-12-31T09:00:00Z' } } },
      { label: 'old-event.json' },
    );
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['error', { reason: 'invalid-payload', message: 'old-event.json: expected a date-time from 2000 to 9999, got the string "1999-12-31T09:00:00Z" (at /detail/agentInfo/connectedToAgentTimestamp)' }],
    ]);
    await expect(describeContact(B.id)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

/** Calls of 2025-03-19 (no other test's calls are of that day). */
const D1: Call = { id: 'd1000000-0000-4000-8000-000000000001', hour: 9, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Cancellation' } };
const D2: Call = { id: 'd2000000-0000-4000-8000-000000000002', hour: 10, channel: 'VOICE', method: 'INBOUND', queue: BILLING, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Billing' } };
const D3: Call = { id: 'd3000000-0000-4000-8000-000000000003', hour: 11, channel: 'VOICE', method: 'INBOUND', queue: BILLING, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Refund' } };
const on19th = <T extends Record<string, unknown>>(o: T): T => JSON.parse(JSON.stringify(o).replaceAll('2025-03-11T', '2025-03-19T')) as T;
const DAY_19 = { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-19T00:00:00Z'), EndTime: new Date('2025-03-20T00:00:00Z') } as const;
/** Epoch seconds of `hour:minute` on the 19th: DescribeContact's JSON gives its timestamps so. */
const secs = (hour: number, minute = 0) => Date.UTC(2025, 2, 19, hour, minute) / 1000;

const SESSION_ARN = 'arn:aws:wisdom:us-east-1:111122223333:session/a1b2c3d4-0000-4000-8000-00000000000a/b2c3d4e5-0000-4000-8000-00000000000b';
const AI_AGENT = { AiAgentVersionId: 'c3d4e5f6-0000-4000-8000-00000000000c:2', AiUseCase: 'AgentAssistance', AiAgentEscalated: true };

/** A DescribeContact response of `call` (a channel, queue and agent other than its CTR's when `other`), last updated at `updated` past the hour. */
function describeResponse(call: Call, updated: number, other = false): Record<string, unknown> {
  return {
    Contact: {
      Arn: `${ARN}/contact/${call.id}`,
      Id: call.id,
      InitiationMethod: call.method,
      Channel: other ? 'CHAT' : call.channel,
      QueueInfo: { Id: other ? RETENTION : call.queue, EnqueueTimestamp: secs(call.hour, 1) },
      AgentInfo: {
        Id: other ? AGENT_1 : call.agent,
        ConnectedToAgentTimestamp: secs(call.hour, 2),
        HierarchyGroups: { Level1: { Arn: `${ARN}/agent-group/${call.group}` } },
        AfterContactWorkDuration: 30,
      },
      InitiationTimestamp: secs(call.hour),
      DisconnectTimestamp: secs(call.hour, 10),
      LastUpdateTimestamp: secs(call.hour, updated),
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      Attributes: call.attributes,
      TotalPauseCount: 0,
      // not a number: left out of what is described, as a member of another shape is
      TotalPauseDurationInSeconds: 'none',
      DisconnectDetails: { PotentialDisconnectIssue: 'AGENT_NETWORK_ISSUE' },
      CustomerVoiceActivity: { GreetingStartTimestamp: secs(call.hour, 0), GreetingEndTimestamp: secs(call.hour, 1) },
      Campaign: { CampaignId: 'campaign-7' },
      AnsweringMachineDetectionStatus: 'HUMAN_ANSWERED',
      QualityMetrics: { Agent: { Audio: { QualityScore: 4.5, PotentialQualityIssues: [] } }, Customer: { Audio: { QualityScore: 2, PotentialQualityIssues: ['HighPacketLoss'] } } },
      WisdomInfo: { SessionArn: SESSION_ARN, AiAgents: [AI_AGENT] },
    },
  };
}

async function feedOne(payload: Record<string, unknown>, label: string): Promise<IngestResult> {
  const [result, ...rest] = await pipeline.ingestor.dispatch(payload, { label });
  expect(rest).toEqual([]);
  expect(result!.error).toBeUndefined();
  return result!;
}

const search19 = async (input: Partial<SearchContactsCommandInput> = {}) => (await search({ TimeRange: DAY_19, ...input })).ids;

describe('a DescribeContact response ingested as a contact record', () => {
  it('alone: the contact is described and searched with what the response carried', async () => {
    expect((await feedOne(describeResponse(D1, 12), 'd1.json')).detail).toBe('contact record stored');
    expect(await describeContact(D1.id)).toEqual({
      Arn: `${ARN}/contact/${D1.id}`,
      Id: D1.id,
      InitiationMethod: 'INBOUND',
      Channel: 'VOICE',
      QueueInfo: { Id: RETENTION, EnqueueTimestamp: new Date('2025-03-19T09:01:00Z') },
      AgentInfo: {
        Id: AGENT_1,
        ConnectedToAgentTimestamp: new Date('2025-03-19T09:02:00Z'),
        HierarchyGroups: { Level1: { Arn: `${ARN}/agent-group/${GROUP_NA}` } },
        AfterContactWorkDuration: 30,
      },
      InitiationTimestamp: new Date('2025-03-19T09:00:00Z'),
      DisconnectTimestamp: new Date('2025-03-19T09:10:00Z'),
      LastUpdateTimestamp: new Date('2025-03-19T09:12:00Z'),
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      Attributes: { Intent: 'Cancellation' },
      TotalPauseCount: 0,
      DisconnectDetails: { PotentialDisconnectIssue: 'AGENT_NETWORK_ISSUE' },
      CustomerVoiceActivity: { GreetingStartTimestamp: new Date('2025-03-19T09:00:00Z'), GreetingEndTimestamp: new Date('2025-03-19T09:01:00Z') },
      Campaign: { CampaignId: 'campaign-7' },
      AnsweringMachineDetectionStatus: 'HUMAN_ANSWERED',
      // an empty list is no list: left out, as Connect's JSON leaves out what it does not have
      QualityMetrics: { Agent: { Audio: { QualityScore: 4.5 } }, Customer: { Audio: { QualityScore: 2, PotentialQualityIssues: ['HighPacketLoss'] } } },
      WisdomInfo: { SessionArn: SESSION_ARN, AiAgents: [AI_AGENT] },
    });
    // found by its initiation time (the index key), queue, agent, group and attributes
    expect(await search19({ SearchCriteria: { QueueIds: [RETENTION], AgentIds: [AGENT_1], AgentHierarchyGroups: { L1Ids: [GROUP_NA] } } })).toContain(D1.id);
    expect(await search19({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'Intent', Values: ['Cancellation'] }] } } })).toEqual([D1.id]);
    expect(await search19({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-19T09:00:00Z'), EndTime: new Date('2025-03-19T09:01:00Z') } })).toEqual([D1.id]);
  });

  it('after the CTR of the same contact, even updated later: the CTR is kept', async () => {
    await feedOne(on19th(ctr(D2)), 'd2-ctr.json');
    const kept = await feedOne(describeResponse(D2, 30, true), 'd2-describe.json');
    expect(kept.detail).toBe('a contact trace record or newer DescribeContact response is stored (kept it)');
    expect(await describeContact(D2.id)).toMatchObject({
      Channel: 'VOICE',
      QueueInfo: { Id: BILLING },
      AgentInfo: { Id: AGENT_2 },
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+12065550142' },
      LastUpdateTimestamp: new Date('2025-03-19T10:10:00Z'),
    });
    expect(await search19({ SearchCriteria: { QueueIds: [BILLING] } })).toContain(D2.id);
    expect(await search19({ SearchCriteria: { QueueIds: [RETENTION] } })).not.toContain(D2.id);
  });

  it('before the CTR of the same contact, even updated later: the CTR replaces it', async () => {
    await feedOne(describeResponse(D3, 30, true), 'd3-describe.json');
    expect(await describeContact(D3.id)).toMatchObject({ Channel: 'CHAT', QueueInfo: { Id: RETENTION } });
    expect((await feedOne(on19th(ctr(D3)), 'd3-ctr.json')).detail).toBe('contact record stored');
    const described = await describeContact(D3.id);
    expect(described).toMatchObject({ Channel: 'VOICE', QueueInfo: { Id: BILLING }, CustomerEndpoint: { Address: '+12065550142' } });
    // the CTR has no AI agents: the response's are kept beside it and described with it; the rest of the response is gone
    expect(described!.WisdomInfo).toEqual({ AiAgents: [AI_AGENT] });
    expect(described!.Campaign).toBeUndefined();
    expect(await search19({ SearchCriteria: { QueueIds: [BILLING] } })).toContain(D3.id);
    expect(await search19({ SearchCriteria: { QueueIds: [RETENTION] } })).not.toContain(D3.id);
  });
});

/** Calls of the 19th after D1-D3's hours, each with a DescribeContact response and contact events. */
const D4: Call = { id: 'd4000000-0000-4000-8000-000000000004', hour: 12, channel: 'VOICE', method: 'INBOUND', queue: BILLING, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Upgrade' } };
const D5: Call = { id: 'd5000000-0000-4000-8000-000000000005', hour: 13, channel: 'VOICE', method: 'INBOUND', queue: BILLING, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Upgrade' } };

describe('a DescribeContact response and contact events of one contact: the newer speaks for it', () => {
  const store = () =>
    new ContactsStore(DynamoDBDocumentClient.from(dynamoDb), { stateTable: tableName(PIPELINE_STATE_TABLE), contactsTable: tableName(CONTACTS_TABLE), reader: new FileObjectReader() });
  const originIn = async (id: string) => (await store().contactsOf(INSTANCE)).find((c) => c.contactId === id)?.origin;

  it('contact events newer than the response (12:20 against its LastUpdateTimestamp 12:03): described and searched with the events', async () => {
    await feedOne(describeResponse(D4, 3, true), 'd4-describe.json');
    await feedOne(on19th(contactEvent(D4, 'CONNECTED_TO_AGENT', 20)), 'd4-connected.json');
    expect(await describeContact(D4.id)).toMatchObject({ Channel: 'VOICE', QueueInfo: { Id: BILLING }, AgentInfo: { Id: AGENT_2 } });
    expect(await search19({ SearchCriteria: { QueueIds: [BILLING] } })).toContain(D4.id);
    expect(await search19({ SearchCriteria: { QueueIds: [RETENTION] } })).not.toContain(D4.id);
    expect((await store().contact(INSTANCE, D4.id))?.origin).toBe('contact-events');
    expect(await originIn(D4.id)).toBe('contact-events');
  });

  it('a time range holding only one of the two entries: the contact is where the newer one puts it', async () => {
    // The response says the contact began at 14:00 (updated 14:03); the events, newer, say 15:00 (the index sorts each entry by its own).
    const D6: Call = { id: 'd6000000-0000-4000-8000-000000000006', hour: 14, channel: 'VOICE', method: 'INBOUND', queue: BILLING, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Upgrade' } };
    await feedOne(describeResponse(D6, 3, true), 'd6-describe.json');
    await feedOne(on19th(contactEvent({ ...D6, hour: 15 }, 'CONNECTED_TO_AGENT', 20)), 'd6-connected.json');
    const between = (from: string, to: string) => ({ Type: 'INITIATION_TIMESTAMP', StartTime: new Date(`2025-03-19T${from}Z`), EndTime: new Date(`2025-03-19T${to}Z`) }) as const;
    expect(await search19({ TimeRange: between('14:00:00', '14:30:00') })).not.toContain(D6.id);
    const later = await search({ TimeRange: between('15:00:00', '15:30:00') });
    expect(later.ids).toContain(D6.id);
    expect(later.contacts.find((c) => c.Id === D6.id)).toMatchObject({ Channel: 'VOICE', QueueInfo: { Id: BILLING }, InitiationTimestamp: new Date('2025-03-19T15:00:00Z') });
  });

  it('contact events older than the response (13:02 against 13:30), whichever came first: described and searched with the response', async () => {
    await feedOne(on19th(contactEvent(D5, 'CONNECTED_TO_AGENT', 2)), 'd5-connected.json');
    await feedOne(describeResponse(D5, 30, true), 'd5-describe.json');
    expect(await describeContact(D5.id)).toMatchObject({ Channel: 'CHAT', QueueInfo: { Id: RETENTION }, AgentInfo: { Id: AGENT_1 } });
    expect(await search19({ SearchCriteria: { QueueIds: [RETENTION] } })).toContain(D5.id);
    expect(await search19({ SearchCriteria: { QueueIds: [BILLING] } })).not.toContain(D5.id);
    expect((await store().contact(INSTANCE, D5.id))?.origin).toBe('describe-contact');
    expect(await originIn(D5.id)).toBe('describe-contact');
  });
});
