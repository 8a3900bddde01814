/**
 * A contact known only from its contact events (EventBridge `Amazon Connect Contact
 * Event`, no CTR yet) is described and searched with what the events carried; its
 * CTR, arriving later, completes it; a CTR stored first is not replaced by events
 * arriving after it. Through the real @aws-sdk/client-connect against the local
 * server, the payloads fed through the pipeline's own ingestor on the same tables.
 */
import { DescribeContactCommand, SearchContactsCommand, type ConnectClient, type SearchContactsCommandInput } from '@aws-sdk/client-connect';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileObjectReader } from '../../engine/ingest/object-reader.ts';
import { pipelineConfigFromEnv } from '../../engine/pipeline/config.ts';
import { createPipeline, type Pipeline } from '../../engine/pipeline/factory.ts';
import type { LocalRulesApi } from '../../functions/local-server.ts';
import { AGENT_1, AGENT_2, GROUP_EU, GROUP_NA, INSTANCE, RETENTION, contactEvent, ctr, type Call } from '../support/contact-calls.ts';
import { dynamoDbClient } from '../support/dynamodb.ts';
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
    await feed(ctr(E1));
    expect(await describeContact(E1.id)).toMatchObject({
      Id: E1.id,
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
});
