/**
 * A folder of calls for the contact-query tests: contact trace records and Contact
 * Lens analysis files written for this project (in the real formats, modelled on
 * examples/events), six contacts of one instance with known queues, agents,
 * hierarchy groups, attributes and transcripts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scratch } from './cli.ts';

export const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;
/** The queue the example rule ACCOUNT_CANCELLATION requires. */
export const RETENTION = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
export const BILLING = '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e';
export const AGENT_1 = 'a1c3e5f7-9b2d-4f6a-8c0e-2b4d6f8a0c2e';
export const AGENT_2 = 'b2d4f6a8-0c2e-4a6b-9d1f-3c5e7a9b1d3f';
export const GROUP_NA = '11aa22bb-33cc-44dd-85ee-66ff77aa88bb';
export const GROUP_EU = '99ff88ee-77dd-46cc-85bb-44aa33ff22ee';

/** The contact ids, c1..c6 in initiation order (one hour apart from 09:00 UTC on 2025-03-11). */
export const C = {
  c1: 'c1000000-0000-4000-8000-000000000001',
  c2: 'c2000000-0000-4000-8000-000000000002',
  c3: 'c3000000-0000-4000-8000-000000000003',
  c4: 'c4000000-0000-4000-8000-000000000004',
  c5: 'c5000000-0000-4000-8000-000000000005',
  c6: 'c6000000-0000-4000-8000-000000000006',
} as const;

export interface Call {
  readonly id: string;
  readonly hour: number;
  readonly channel: 'VOICE' | 'CHAT';
  readonly method: string;
  readonly queue: string;
  readonly agent: string;
  readonly group: string;
  readonly attributes: Record<string, string>;
  readonly tags?: Record<string, string>;
  /** [role, words]; none: no analysis file. */
  readonly transcript?: readonly (readonly ['AGENT' | 'CUSTOMER', string])[];
}

export const CALLS: readonly Call[] = [
  { id: C.c1, hour: 9, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Cancellation', CustomerTier: 'Gold' }, tags: { Team: 'Retention' },
    transcript: [['AGENT', 'Thank you for calling, how can I help?'], ['CUSTOMER', 'I want to cancel my account today.']] },
  { id: C.c2, hour: 10, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Billing', CustomerTier: 'Gold' },
    transcript: [['AGENT', 'Hello, you are through to retention.'], ['CUSTOMER', 'Please close my account, the bill was wrong twice.']] },
  { id: C.c3, hour: 11, channel: 'VOICE', method: 'OUTBOUND', queue: BILLING, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Cancellation', CustomerTier: 'Bronze' },
    transcript: [['AGENT', 'I am calling about your payment.'], ['CUSTOMER', 'Then cancel my account.']] },
  { id: C.c4, hour: 12, channel: 'VOICE', method: 'INBOUND', queue: RETENTION, agent: AGENT_2, group: GROUP_EU, attributes: { Intent: 'Upgrade', CustomerTier: 'Gold' },
    transcript: [['AGENT', 'Nobody needs to cancel my account talk today.'], ['CUSTOMER', 'I would like an upgrade.']] },
  { id: C.c5, hour: 13, channel: 'CHAT', method: 'INBOUND', queue: BILLING, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Billing', CustomerTier: 'Silver' } },
  { id: C.c6, hour: 14, channel: 'VOICE', method: 'TRANSFER', queue: RETENTION, agent: AGENT_1, group: GROUP_NA, attributes: { Intent: 'Billing', CustomerTier: 'Gold' },
    transcript: [['AGENT', 'Transferring you now.'], ['CUSTOMER', 'My bills are wrong.']] },
];

const at = (hour: number, minute = 0) => `2025-03-11T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

/** The contact trace record of a call. */
export function ctr(call: Call): Record<string, unknown> {
  return {
    AWSAccountId: '111122223333',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: {
      ARN: `${INSTANCE_ARN}/agent/${call.agent}`,
      ConnectedToAgentTimestamp: at(call.hour, 2),
      AfterContactWorkDuration: 30,
      HierarchyGroups: { Level1: { ARN: `${INSTANCE_ARN}/agent-group/${call.group}`, GroupName: call.group === GROUP_NA ? 'North America' : 'Europe' }, Level2: null },
    },
    Attributes: call.attributes,
    Channel: call.channel,
    ContactId: call.id,
    CustomerEndpoint: { Address: '+12065550142', Type: 'TELEPHONE_NUMBER' },
    DisconnectTimestamp: at(call.hour, 10),
    InitialContactId: null,
    InitiationMethod: call.method,
    InitiationTimestamp: at(call.hour),
    InstanceARN: INSTANCE_ARN,
    LastUpdateTimestamp: at(call.hour, 10),
    PreviousContactId: null,
    Queue: { ARN: `${INSTANCE_ARN}/queue/${call.queue}`, EnqueueTimestamp: at(call.hour, 1), Name: call.queue === RETENTION ? 'Retention' : 'Billing' },
    SegmentAttributes: { 'connect:Subtype': { ValueString: call.channel === 'CHAT' ? 'connect:Chat' : 'connect:Telephony' } },
    ...(call.tags ? { Tags: call.tags } : {}),
  };
}

/**
 * An `Amazon Connect Contact Event` of a call on the default bus (camelCase detail,
 * as test/fixtures/eventbridge/contact-event-voice-connected.json), `minute` past its hour.
 */
export function contactEvent(call: Call, eventType: 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED', minute: number): Record<string, unknown> {
  const connected = eventType === 'CONNECTED_TO_AGENT' || eventType === 'DISCONNECTED';
  return {
    version: '0',
    id: `${call.id.slice(0, 8)}-${eventType.toLowerCase()}`,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: '111122223333',
    time: at(call.hour, minute),
    region: 'us-east-1',
    resources: [INSTANCE_ARN, `${INSTANCE_ARN}/contact/${call.id}`],
    detail: {
      eventType,
      contactId: call.id,
      channel: call.channel,
      instanceArn: INSTANCE_ARN,
      initiationMethod: call.method,
      initiationTimestamp: at(call.hour),
      ...(eventType === 'DISCONNECTED' ? { disconnectTimestamp: at(call.hour, minute), disconnectReason: 'CUSTOMER_DISCONNECT' } : {}),
      ...(eventType === 'INITIATED' ? {} : { queueInfo: { queueArn: `${INSTANCE_ARN}/queue/${call.queue}`, queueType: 'STANDARD', enqueueTimestamp: at(call.hour, 1) } }),
      ...(connected
        ? {
            agentInfo: {
              agentArn: `${INSTANCE_ARN}/agent/${call.agent}`,
              connectedToAgentTimestamp: at(call.hour, 2),
              hierarchyGroups: { level1: { arn: `${INSTANCE_ARN}/agent-group/${call.group}` } },
            },
          }
        : {}),
      segmentAttributes: { 'connect:Subtype': { ValueString: call.channel === 'CHAT' ? 'connect:Chat' : 'connect:Telephony' } },
      ...(call.tags ? { tags: call.tags } : {}),
    },
  };
}

const EXAMPLE_ANALYSIS = resolve(import.meta.dirname, '../../examples/events/04-analysis-voice-cancellation.json');

/** The Contact Lens analysis file of a call with a transcript. */
export function analysis(call: Call): Record<string, unknown> {
  const base = JSON.parse(readFileSync(EXAMPLE_ANALYSIS, 'utf8')) as Record<string, unknown>;
  return {
    ...base,
    Categories: { MatchedCategories: [], MatchedDetails: {} },
    CustomerMetadata: { ContactId: call.id, InstanceId: INSTANCE, InputS3Uri: `s3://bucket/${call.id}.wav` },
    Transcript: call.transcript!.map(([role, content], i) => ({
      Id: `${call.id}-${i}`,
      ParticipantId: role,
      Content: content,
      BeginOffsetMillis: i * 5000,
      EndOffsetMillis: i * 5000 + 4000,
      Sentiment: 'NEUTRAL',
    })),
  };
}

/** Writes the folder: the CTRs first, then the analysis files (replay reads a folder by file name). */
export function writeCalls(): string {
  const files: Record<string, unknown> = {};
  CALLS.forEach((call, i) => {
    files[`0${i + 1}-ctr.json`] = ctr(call);
    if (call.transcript) files[`1${i + 1}-analysis.json`] = analysis(call);
  });
  const path = scratch(files);
  return path('.');
}
