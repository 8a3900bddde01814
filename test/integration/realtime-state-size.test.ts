/**
 * A long real-time chat's state on DynamoDB Local, through the real-time handler: the
 * contact's folded state is one item (`REALTIME#CHAT`), and DynamoDB refuses an item over
 * 400 KB ("The maximum item size in DynamoDB is 400 KB, which includes both attribute
 * name binary length (UTF-8 length) and attribute value lengths (again binary length)").
 * A chat of 600 long messages (~700 KB of JSON) is stored compressed and evaluated to
 * its last message; a state no compression brings under the limit fails only the record
 * that would pass it, located (the contact), counted, and dead-lettered; the item is marked,
 * and every later record of the contact is reported (WARN, counted), not failed and retried.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import { kinesisEvent, kinesisRecord, SEGMENT_STREAM, sequenceNumber } from '../support/lambda-envelopes.ts';
import { CONTEXT, INSTANCE, pipelineHarness } from '../support/pipeline-harness.ts';

const CHAT = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const KEY = { instanceId: INSTANCE, contactId: CHAT };
const OTHER = '6d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a';
const CUSTOMER = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const AGENT = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const LINES = ['Hi, I have a question about my bill.', 'Sure, can you give me your account number?', 'It is on the statement, one moment.', 'Thanks, I can see it now.', 'Why is it higher this month?'];

/** A chat record of `count` messages from the `from`-th, a second apart, alternately the customer's and the agent's. */
function chatRecord(from: number, count: number, content: (i: number) => string, contactId = CHAT): unknown {
  return {
    AccountId: '111122223333',
    Channel: 'CHAT',
    ContactId: contactId,
    InstanceId: INSTANCE,
    StreamingSettings: { LanguageCode: 'en-US', Output: 'Raw' },
    StreamingEventType: 'SEGMENTS',
    Version: '2.0.0',
    OutputType: 'Raw',
    Segments: Array.from({ length: count }, (_, k) => {
      const i = from + k;
      const customer = i % 2 === 0;
      return {
        Transcript: {
          Content: content(i),
          ContentType: 'text/plain',
          DisplayName: customer ? 'Sam' : 'Alex',
          Id: randomUUID(),
          ParticipantId: customer ? CUSTOMER : AGENT,
          ParticipantRole: customer ? 'CUSTOMER' : 'AGENT',
          Time: { AbsoluteTime: new Date(Date.parse('2025-03-12T09:15:00Z') + i * 1000).toISOString() },
        },
      };
    }),
  };
}

/** `messages` messages in records of `perRecord`, as Kinesis batches of 10 records. */
function batches(messages: number, perRecord: number, content: (i: number) => string): unknown[] {
  const records = Array.from({ length: Math.ceil(messages / perRecord) }, (_, r) => chatRecord(r * perRecord, Math.min(perRecord, messages - r * perRecord), content));
  const out: unknown[] = [];
  for (let b = 0; b < records.length; b += 10) {
    out.push(kinesisEvent(...records.slice(b, b + 10).map((rec, i) => kinesisRecord(rec, sequenceNumber(b + i + 1), { stream: SEGMENT_STREAM }))));
  }
  return out;
}

describe("a long real-time chat's state", () => {
  it('600 long messages (past 400 KB as JSON) are stored, and a rule reads the last one', async () => {
    const h = await pipelineHarness();
    const realtime = createRealtimeHandler(h.rt);
    // ~960 characters a message (under the 1,024 any of Connect's API references has allowed a text/plain chat message):
    // the ~700 KB of JSON of 3,000 short ones in 6 records instead of 30, each a read and a write of the whole state
    const messages = 600;
    const long = (i: number) => `${Array.from({ length: 28 }, (_, k) => LINES[(i + k) % LINES.length]).join(' ')} (${i})`;
    const content = (i: number) => (i === messages - 2 ? 'And there is a late fee I never agreed to.' : long(i));
    const failures: unknown[] = [];
    for (const event of batches(messages, 100, content)) failures.push(...((await realtime(event as never, CONTEXT as never)) as { batchItemFailures: unknown[] }).batchItemFailures);

    expect(failures).toEqual([]);
    expect(h.loggedErrors).toEqual([]);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(messages);
    expect(stored?.state.Transcript.at(-2)?.Content).toBe('And there is a late fee I never agreed to.');
    expect(JSON.stringify(stored?.state).length).toBeGreaterThan(400 * 1024);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 120_000);

  it('a state over the limit even compressed fails only the record that passed it; later records of the contact are reported, counted and not retried; other contacts go on', async () => {
    const h = await pipelineHarness();
    const realtime = createRealtimeHandler(h.rt);
    // random text hardly compresses: messages of 1,024 characters, 100 a record
    const content = () => randomBytes(768).toString('base64');
    const records = Array.from({ length: 6 }, (_, r) => chatRecord(r * 100, 100, content));
    const other = chatRecord(0, 1, () => 'There is a late fee on my bill.', OTHER);
    const event = kinesisEvent(...[...records, other].map((rec, i) => kinesisRecord(rec, sequenceNumber(i + 1), { stream: SEGMENT_STREAM })));
    const { batchItemFailures } = (await realtime(event as never, CONTEXT as never)) as { batchItemFailures: { itemIdentifier: string }[] };

    // ~330 KB compressed after 4 records: the 5th would pass 400 KB and fails (retried, then dead-lettered); the 6th is refused at its read
    expect(batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(5) }]);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(2);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toContain(`RealtimeStateTooLargeError: the real-time CHAT state of contact ${CHAT}`);
    expect(h.loggedWarnings).toHaveLength(1);
    expect(h.loggedWarnings[0]).toContain('not folded');
    expect(h.loggedWarnings[0]).toContain(`RealtimeStateOverLimitError: the real-time CHAT state of contact ${CHAT}`);
    expect(h.loggedWarnings[0]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(6)}"`);
    expect(h.loggedWarnings[0]).toContain(`at Kinesis record shardId-000000000000:${sequenceNumber(5)}`);
    // what was stored stays, readable, marked; the other contact's record was folded and evaluated
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(400);
    expect(stored?.tooLarge).toMatchObject({ Label: `Kinesis record shardId-000000000000:${sequenceNumber(5)}`, Messages: 500 });
    expect((await h.rt.pipeline.store.getRealtime({ instanceId: INSTANCE, contactId: OTHER }, 'CHAT'))?.state.Transcript).toHaveLength(1);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);

    // Kinesis retries from the failed record: the 5th fails again (not counted again), the 6th and 7th are duplicates, a new 8th is refused
    const late = chatRecord(600, 1, () => 'And there is a late fee I never agreed to.');
    const retry = kinesisEvent(
      ...[records[4], records[5], other, late].map((rec, i) => kinesisRecord(rec, sequenceNumber(i + 5), { stream: SEGMENT_STREAM })),
    );
    const again = (await realtime(retry as never, CONTEXT as never)) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(again.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(5) }]);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(3);
    expect(h.loggedWarnings).toHaveLength(2);
    expect(h.loggedWarnings[1]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(8)}"`);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(400);
    // the late fee said in the 8th was not read: the chat's rule did not fire
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 120_000);
});
