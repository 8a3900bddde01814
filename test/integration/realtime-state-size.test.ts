/**
 * A long real-time chat's state on DynamoDB Local, through the real-time handler: the
 * contact's folded state is a head (`REALTIME#CHAT`) and the transcript's full chunks of
 * 250 items (`REALTIME#CHAT#00000`...), engine/pipeline/state/realtime.ts; DynamoDB
 * refuses an item over 400 KB ("The maximum item size in DynamoDB is 400 KB, which
 * includes both attribute name binary length (UTF-8 length) and attribute value lengths
 * (again binary length)"). A chat of 600 long messages (~700 KB of JSON) is stored in
 * 2 chunks and the head and evaluated to its last message; a chat past 24,999 items, or whose head no
 * compression brings under the item limit, fails only the record that would pass it,
 * located (the contact), counted, and dead-lettered; the head is marked, and every later
 * record of the contact is reported (WARN, counted), not failed and retried. A late item
 * whose rewrite of the chunks would pass 4 MB in one transaction fails its record alone, and
 * the head is not marked: later records in order go on folding. A state
 * stored whole before chunks is read and stored again in chunks (unless its head is marked).
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { applySegments, type RealtimeContactState } from '../../engine/context/realtime.ts';
import { documentClient } from '../../engine/dynamo/document.ts';
import { MemoryStateStore } from '../../engine/pipeline/memory-state-store.ts';
import { PipelineStateStore } from '../../engine/pipeline/state-store.ts';
import { realtimeState } from '../../engine/pipeline/state/repositories.ts';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import { chatRecord as chatRecord_ } from '../support/chat-records.ts';
import { kinesisEvent, kinesisRecord, SEGMENT_STREAM, sequenceNumber } from '../support/lambda-envelopes.ts';
import { CONTEXT, INSTANCE, pipelineHarness } from '../support/pipeline-harness.ts';

const CHAT = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const KEY = { instanceId: INSTANCE, contactId: CHAT };
const OTHER = '6d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a';
const THIRD = '7e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const LINES = ['Hi, I have a question about my bill.', 'Sure, can you give me your account number?', 'It is on the statement, one moment.', 'Thanks, I can see it now.', 'Why is it higher this month?'];

/** A chat record of `count` messages from the `from`-th (test/support/chat-records.ts), of CHAT unless told. */
const chatRecord = (from: number, count: number, content: (i: number) => string, contactId = CHAT) => chatRecord_(from, count, content, { contactId, instanceId: INSTANCE });

/** `messages` messages (from the `first`-th) in records of `perRecord`, as Kinesis batches of 10 records. */
function batches(messages: number, perRecord: number, content: (i: number) => string, first = 0): unknown[] {
  const records = Array.from({ length: Math.ceil(messages / perRecord) }, (_, r) => chatRecord(first + r * perRecord, Math.min(perRecord, messages - r * perRecord), content));
  const out: unknown[] = [];
  for (let b = 0; b < records.length; b += 10) {
    out.push(kinesisEvent(...records.slice(b, b + 10).map((rec, i) => kinesisRecord(rec, sequenceNumber(b + i + 1), { stream: SEGMENT_STREAM }))));
  }
  return out;
}

type Harness = Awaited<ReturnType<typeof pipelineHarness>>;

/** The items of the contact's real-time chat state as the table holds them, the head first. */
async function stateItems(h: Harness, contactId = CHAT): Promise<Record<string, unknown>[]> {
  const { Items } = await documentClient(h.client).send(
    new QueryCommand({
      TableName: h.config.stateTable,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `CONTACT#${INSTANCE}#${contactId}`, ':sk': 'REALTIME#CHAT' },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** The state a head item holds (its last transcript items): JSON text, or compressed past 4 KiB. */
const headState = (item: Record<string, unknown>): RealtimeContactState => JSON.parse(item.HeadGzip instanceof Uint8Array ? gunzipSync(item.HeadGzip).toString('utf8') : String(item.Head));

/** Runs `events` through the handler; the records it failed. */
async function run(h: Harness, events: readonly unknown[]): Promise<unknown[]> {
  const realtime = createRealtimeHandler(h.rt);
  const failures: unknown[] = [];
  for (const event of events) failures.push(...((await realtime(event as never, CONTEXT as never)) as { batchItemFailures: unknown[] }).batchItemFailures);
  return failures;
}

describe("a long real-time chat's state", () => {
  it('600 long messages (past 400 KB as JSON) are stored in 2 chunks and the head, and a rule reads the last one', async () => {
    const h = await pipelineHarness();
    // ~960 characters a message (under the 1,024 any of Connect's API references has allowed a text/plain chat message):
    // the ~700 KB of JSON of 3,000 short ones in 6 records instead of 30
    const messages = 600;
    const long = (i: number) => `${Array.from({ length: 28 }, (_, k) => LINES[(i + k) % LINES.length]).join(' ')} (${i})`;
    const content = (i: number) => (i === messages - 2 ? 'And there is a late fee I never agreed to.' : long(i));
    expect(await run(h, batches(messages, 100, content))).toEqual([]);

    expect(h.loggedErrors).toEqual([]);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(messages);
    expect(stored?.state.Transcript.at(-2)?.Content).toBe('And there is a late fee I never agreed to.');
    expect(JSON.stringify(stored?.state).length).toBeGreaterThan(400 * 1024);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
    // stored as 2 full chunks, each written once by the record that filled it (the 3rd and the 5th of 6), and a head with the last 100 items
    const items = await stateItems(h);
    expect(items.map((i) => i.SK)).toEqual(['REALTIME#CHAT', 'REALTIME#CHAT#00000', 'REALTIME#CHAT#00001']);
    const [head, ...chunks] = items;
    expect(head).not.toHaveProperty('State');
    expect(head).not.toHaveProperty('StateGzip');
    expect(headState(head!).Transcript.map((e) => e.Content)).toEqual(stored?.state.Transcript.slice(500).map((e) => e.Content));
    expect(chunks.map((c) => c.Version)).toEqual([3, 5]);
    expect(head!.Chunks).toEqual([3, 5]);
    expect(head!.Version).toBe(6);
  }, 120_000);

  it('an item that arrives after its chunk was filled is put in its place: the chunks from it on are rewritten with the head', async () => {
    const h = await pipelineHarness();
    expect(await run(h, batches(600, 100, (i) => `${LINES[i % LINES.length]} (${i})`))).toEqual([]);
    const before = await stateItems(h);
    // a message said between the 10th and the 11th, delivered last
    const late = chatRecord(0, 1, () => 'I also see a late fee.');
    const segment = (late as { Segments: { Transcript: { Time: { AbsoluteTime: string } } }[] }).Segments[0]!;
    segment.Transcript.Time.AbsoluteTime = new Date(Date.parse('2025-03-12T09:15:00Z') + 9_500).toISOString();
    expect(await run(h, [kinesisEvent(kinesisRecord(late, sequenceNumber(99), { stream: SEGMENT_STREAM }))])).toEqual([]);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(601);
    expect(stored?.state.Transcript.map((e) => e.Content).slice(9, 12)).toEqual(['Why is it higher this month? (9)', 'I also see a late fee.', 'Hi, I have a question about my bill. (10)']);
    const after = await stateItems(h);
    // six records stored it (chunk 0 filled by the 3rd, chunk 1 by the 5th); the late one rewrote both with the head
    expect(before.map((i) => i.Version)).toEqual([6, 3, 5]);
    expect(after.map((i) => i.Version)).toEqual([7, 7, 7]);
    expect(after[0]!.Chunks).toEqual([7, 7]);
    expect(headState(after[0]!).Transcript.map((e) => e.Content)[0]).toBe('Why is it higher this month? (499)'); // the 500th said, pushed past the 2nd chunk
  }, 60_000);

  it('a state stored whole before chunks is read, and its next record stores it in chunks', async () => {
    const h = await pipelineHarness();
    // as the store wrote it before chunks: one item, the whole state compressed
    let old: RealtimeContactState | undefined;
    for (let r = 0; r < 6; r++) old = applySegments(old, chatRecord(r * 100, 100, (i) => `${LINES[i % LINES.length]} (${i})`) as never);
    await documentClient(h.client).send(
      new PutCommand({
        TableName: h.config.stateTable,
        Item: { PK: `CONTACT#${INSTANCE}#${CHAT}`, SK: 'REALTIME#CHAT', StateGzip: gzipSync(JSON.stringify(old)), Version: 6, UpdatedAt: '2025-03-12T09:25:00.000Z', ExpiresAt: Math.floor(Date.now() / 1000) + 3600 },
      }),
    );
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state).toEqual(old);
    const next = chatRecord(600, 1, () => 'And there is a late fee I never agreed to.');
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(7), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript.map((e) => e.Content)).toEqual([...old!.Transcript.map((e) => e.Content), 'And there is a late fee I never agreed to.']);
    const items = await stateItems(h);
    expect(items.map((i) => [i.SK, i.Version])).toEqual([['REALTIME#CHAT', 7], ['REALTIME#CHAT#00000', 7], ['REALTIME#CHAT#00001', 7]]);
    expect(items[0]).not.toHaveProperty('StateGzip');
  }, 60_000);

  it('a state stored whole before chunks keeps an Expired marker: its next record is reported, not folded over it', async () => {
    const h = await pipelineHarness();
    const old = applySegments(undefined, chatRecord(0, 100, (i) => `${LINES[i % LINES.length]} (${i})`) as never);
    const marker = { At: '2025-03-12T09:26:00.000Z', DeliveryKey: 'k', Label: 'Kinesis record shardId-000000000000:1', Chunk: 0, Written: 5 };
    await documentClient(h.client).send(
      new PutCommand({
        TableName: h.config.stateTable,
        Item: { PK: `CONTACT#${INSTANCE}#${CHAT}`, SK: 'REALTIME#CHAT', StateGzip: gzipSync(JSON.stringify(old)), Version: 6, Expired: marker, UpdatedAt: '2025-03-12T09:26:00.000Z', ExpiresAt: Math.floor(Date.now() / 1000) + 3600 },
      }),
    );
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.expired).toEqual(marker);
    const next = chatRecord(100, 1, () => 'And there is a late fee I never agreed to.');
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(7), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect(h.loggedWarnings.join('\n')).toContain("real-time record not folded: its contact's state lost chunk 0 of its transcript");
    expect(h.rt.pipeline.telemetry.total('RealtimeStateExpired')).toBe(1);
    expect(h.runner.rulesRun()).toEqual([]);
    const items = await stateItems(h);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ Version: 6, Expired: marker });
  }, 60_000);

  it('a chunk not at the version its head names (a transaction under way) fails the record, located, and loses nothing', async () => {
    const h = await pipelineHarness();
    expect(await run(h, batches(300, 100, (i) => `${LINES[i % LINES.length]} (${i})`))).toEqual([]);
    const doc = documentClient(h.client);
    const chunk0 = { PK: `CONTACT#${INSTANCE}#${CHAT}`, SK: 'REALTIME#CHAT#00000' };
    await doc.send(new UpdateCommand({ TableName: h.config.stateTable, Key: chunk0, UpdateExpression: 'SET Version = :v', ExpressionAttributeValues: { ':v': 9 } }));
    const next = chatRecord(300, 1, () => 'And there is a late fee I never agreed to.');
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(4), { stream: SEGMENT_STREAM }))])).toEqual([{ itemIdentifier: sequenceNumber(4) }]);
    expect(h.loggedErrors.join('\n')).toContain(`RealtimeStateUnreadableError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}) names chunk 0 at version 3, and 3 reads found it at version 9`);
    // once the chunk is at its version again (the transaction done), the retried record folds
    await doc.send(new UpdateCommand({ TableName: h.config.stateTable, Key: chunk0, UpdateExpression: 'SET Version = :v', ExpressionAttributeValues: { ':v': 3 } }));
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(4), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(301);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 60_000);

  it("a chunk DynamoDB's TTL deleted under a living head (records of a chat read again days later) fails the record that finds it, once, located; the head is marked and later records are reported, not retried nor folded over the hole", async () => {
    const h = await pipelineHarness();
    const doc = documentClient(h.client);
    const deleteChunk0 = (contactId: string) => doc.send(new DeleteCommand({ TableName: h.config.stateTable, Key: { PK: `CONTACT#${INSTANCE}#${contactId}`, SK: 'REALTIME#CHAT#00000' } }));
    const line = (i: number) => `${LINES[i % LINES.length]} (${i})`;
    const record = (rec: unknown, seq: number) => kinesisRecord(rec, sequenceNumber(seq), { stream: SEGMENT_STREAM });
    // CHAT: 350 messages in 4 records (chunk 0 written by the 3rd, the head last by the 4th); OTHER: 300 in 3 (chunk 0 and the head by the 3rd)
    expect(await run(h, batches(350, 100, line))).toEqual([]);
    expect(await run(h, [kinesisEvent(...[0, 1, 2].map((r) => record(chatRecord(r * 100, 100, line, OTHER), 11 + r)))])).toEqual([]);
    expect((await stateItems(h)).map((i) => [i.SK, i.Version])).toEqual([['REALTIME#CHAT', 4], ['REALTIME#CHAT#00000', 3]]);
    // DynamoDB's TTL deletes each chunk 0 (a chunk keeps the TTL of the record that wrote it; the head's slides with every record)
    await deleteChunk0(CHAT);
    await deleteChunk0(OTHER);

    const fee = (contactId: string, from: number) => chatRecord(from, 1, () => 'And there is a late fee I never agreed to.', contactId);
    expect(await run(h, [kinesisEvent(record(fee(CHAT, 350), 5), record(fee(OTHER, 300), 14))])).toEqual([{ itemIdentifier: sequenceNumber(5) }, { itemIdentifier: sequenceNumber(14) }]);
    expect(h.loggedErrors).toHaveLength(2);
    expect(h.loggedErrors[0]).toContain(
      `RealtimeStateExpiredError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}) has lost chunk 0 of its transcript (items 1 to 250, written at version 3): DynamoDB's TTL deleted it`,
    );
    // OTHER's chunk 0 is named at its head's own version: as far as a reader can tell a transaction may still be writing it, so the record fails to be retried and nothing is marked
    expect(h.loggedErrors[1]).toContain(`RealtimeStateUnreadableError: the real-time CHAT state of contact ${OTHER} (instance ${INSTANCE}) names chunk 0 at version 3, and 3 reads found it missing`);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateExpired')).toBe(1);
    const [head] = await stateItems(h);
    expect(head).toMatchObject({ Version: 5, Chunks: [3], Expired: { Label: `Kinesis record shardId-000000000000:${sequenceNumber(5)}`, Chunk: 0, Written: 3 } });
    expect((await stateItems(h, OTHER))[0]).not.toHaveProperty('Expired');

    // Kinesis retries from the failed record: it fails again the same way (not counted again); the next record is reported, not failed
    expect(await run(h, [kinesisEvent(record(fee(CHAT, 350), 5), record(chatRecord(351, 1, () => 'Thanks.'), 6))])).toEqual([{ itemIdentifier: sequenceNumber(5) }]);
    expect(h.loggedErrors).toHaveLength(3);
    expect(h.loggedErrors[2]).toContain(`RealtimeStateExpiredError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}) has lost chunk 0`);
    expect(h.loggedWarnings).toHaveLength(1);
    expect(h.loggedWarnings[0]).toContain("real-time record not folded: its contact's state lost chunk 0 of its transcript (DynamoDB's TTL deleted it; counted RealtimeStateExpired, not retried)");
    expect(h.loggedWarnings[0]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(6)}"`);
    expect(h.loggedWarnings[0]).toContain(`found gone at Kinesis record shardId-000000000000:${sequenceNumber(5)}`);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateExpired')).toBe(2);
    // nothing was folded over the hole, and the late fee's rule did not fire on a transcript missing its first 250 messages
    expect((await stateItems(h))[0]).toMatchObject({ Version: 5 });
    expect(headState((await stateItems(h))[0]!).Transcript).toHaveLength(100);
    expect(h.runner.rulesRun()).toEqual([]);

    // once OTHER's head is past its TTL (shared with the chunk its last transaction wrote; DynamoDB deletes them one by one, late),
    // the missing chunk is gone for good, not a transaction under way: the retried record marks the head Expired, once
    const otherHead = { PK: `CONTACT#${INSTANCE}#${OTHER}`, SK: 'REALTIME#CHAT' };
    await doc.send(new UpdateCommand({ TableName: h.config.stateTable, Key: otherHead, UpdateExpression: 'SET ExpiresAt = :t', ExpressionAttributeValues: { ':t': Math.floor(Date.now() / 1000) - 60 } }));
    expect(await run(h, [kinesisEvent(record(fee(OTHER, 300), 14))])).toEqual([{ itemIdentifier: sequenceNumber(14) }]);
    expect(h.loggedErrors[3]).toContain(`RealtimeStateExpiredError: the real-time CHAT state of contact ${OTHER} (instance ${INSTANCE}) has lost chunk 0 of its transcript (items 1 to 250, written at version 3)`);
    expect((await stateItems(h, OTHER))[0]).toMatchObject({ Version: 4, Expired: { Chunk: 0, Written: 3 } });
    expect(h.rt.pipeline.telemetry.total('RealtimeStateExpired')).toBe(3);
  }, 60_000);

  it('a stored state that inflates past what one read takes (64 MiB an item, 128 MiB in all) fails the record, located at the part where the read stopped', async () => {
    const h = await pipelineHarness();
    const doc = documentClient(h.client);
    const MiB = 1024 * 1024;
    // a chunk of one message of 60 MiB of one letter, 60 KB compressed (no state this pipeline writes is), and one of 65 MiB of
    // zeros (the read stops while inflating it, before reading it as JSON)
    const sixty = gzipSync(`[{"Id":"m","ParticipantRole":"CUSTOMER","Content":"${'a'.repeat(60 * MiB)}"}]`);
    const zeros = (mib: number) => gzipSync(Buffer.alloc(mib * MiB));
    const store = async (contactId: string, chunks: Uint8Array[]) => {
      const pk = `CONTACT#${INSTANCE}#${contactId}`;
      const expires = Math.floor(Date.now() / 1000) + 3600;
      const head = { Channel: 'CHAT', ContactId: contactId, InstanceId: INSTANCE, Transcript: [] };
      await doc.send(new PutCommand({ TableName: h.config.stateTable, Item: { PK: pk, SK: 'REALTIME#CHAT', Head: JSON.stringify(head), Chunks: chunks.map(() => 1), Version: 2, ExpiresAt: expires } }));
      for (const [k, body] of chunks.entries()) {
        await doc.send(new PutCommand({ TableName: h.config.stateTable, Item: { PK: pk, SK: `REALTIME#CHAT#0000${k}`, Chunk: body, Version: 1, ExpiresAt: expires } }));
      }
    };
    // two chunks that inflate to exactly 64 MiB each, so the read has nothing left for a third of two bytes
    const message = '[{"Id":"m","ParticipantRole":"CUSTOMER","Content":""}]';
    const exact = gzipSync(message.replace('""', `"${'a'.repeat(64 * MiB - message.length)}"`));
    await store(CHAT, [sixty, sixty, zeros(10)]);
    await store(OTHER, [zeros(65)]);
    await store(THIRD, [exact, exact, gzipSync('[]')]);
    const next = (contactId: string) => chatRecord(1, 1, () => 'There is a late fee on my bill.', contactId);
    const event = kinesisEvent(...[CHAT, OTHER, THIRD].map((contactId, i) => kinesisRecord(next(contactId), sequenceNumber(i + 1), { stream: SEGMENT_STREAM })));
    expect(await run(h, [event])).toEqual([1, 2, 3].map((i) => ({ itemIdentifier: sequenceNumber(i) })));
    expect(h.loggedErrors).toHaveLength(3);
    expect(h.loggedErrors[2]).toContain(`RealtimeStateTooLargeToReadError: the real-time CHAT state of contact ${THIRD} (instance ${INSTANCE}) inflates past 134217728 bytes in all at its chunk 2: the read stopped there`);
    expect(h.loggedErrors[0]).toContain(`RealtimeStateTooLargeToReadError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}) inflates past 134217728 bytes in all at its chunk 2: the read stopped there`);
    expect(h.loggedErrors[1]).toContain(`RealtimeStateTooLargeToReadError: the real-time CHAT state of contact ${OTHER} (instance ${INSTANCE}) inflates past 67108864 bytes in one item at its chunk 0: the read stopped there`);
    expect(h.runner.rulesRun()).toEqual([]);
  }, 120_000);

  it("a head's PutItem refused for another writer's transaction under way (TransactionConflictException) is a lost race: the record reads and folds again, not failed", async () => {
    const h = await pipelineHarness();
    expect(await run(h, batches(10, 10, (i) => `Message ${i}.`))).toEqual([]);
    // the next head PutItem meets a transaction of the same contact (another invocation's): DynamoDB refuses it, and the SDK does not retry that
    let refused = 0;
    h.client.middlewareStack.add(
      (next) => async (args) => {
        // a PutItem of the head (a transaction's input holds TransactItems, an update a Key), its item before or after marshalling
        const input = args.input as { TableName?: string; Item?: { SK?: string | { S?: string } } };
        const sk = input.Item?.SK;
        if (input.TableName === h.config.stateTable && (typeof sk === 'string' ? sk : sk?.S) === 'REALTIME#CHAT' && refused === 0) {
          refused++;
          throw new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'transactionUnderWay' },
    );
    const next = chatRecord(10, 1, () => 'There is a late fee on my bill.');
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(2), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect(refused).toBe(1);
    expect(h.loggedErrors).toEqual([]);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(11);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 60_000);

  it('a transaction DynamoDB keeps cancelling for throttling fails the record after 3 attempts with a typed error naming the contact; its retry folds it', async () => {
    const h = await pipelineHarness();
    expect(await run(h, batches(200, 100, (i) => `Message ${i}.`))).toEqual([]);
    // the record that fills chunk 0 writes it and the head in one TransactWriteItems: DynamoDB cancels it for throttling, as under a hot partition
    let cancelled = 0;
    let throttling = true;
    h.client.middlewareStack.add(
      (next) => async (args) => {
        if (throttling && 'TransactItems' in (args.input as object)) {
          cancelled++;
          throw new TransactionCanceledException({
            message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]',
            CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes.' }, { Code: 'None' }],
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttledTransaction' },
    );
    const next = chatRecord(200, 100, (i) => (i === 298 ? 'There is a late fee on my bill.' : `Message ${i}.`));
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(3), { stream: SEGMENT_STREAM }))])).toEqual([{ itemIdentifier: sequenceNumber(3) }]);
    expect(cancelled).toBe(3);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toContain(
      `RealtimeStateContentionError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}) could not be written: DynamoDB cancelled the transaction 3 times in a row (ThrottlingError, None)`,
    );
    expect((await stateItems(h)).map((i) => [i.SK, i.Version])).toEqual([['REALTIME#CHAT', 2]]);
    expect(h.runner.rulesRun()).toEqual([]);
    // Kinesis retries it once the throttling has passed: folded once, its rule fired
    throttling = false;
    expect(await run(h, [kinesisEvent(kinesisRecord(next, sequenceNumber(3), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect((await stateItems(h)).map((i) => [i.SK, i.Version])).toEqual([['REALTIME#CHAT', 3], ['REALTIME#CHAT#00000', 3]]);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(300);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 60_000);

  it('a head over the item limit even compressed fails only the record that passed it; later records of the contact are reported, counted and not retried; other contacts go on', async () => {
    const h = await pipelineHarness();
    const realtime = createRealtimeHandler(h.rt);
    // random text hardly compresses: messages of 4,096 characters, 100 a record (the head holds up to 249 items)
    const content = () => randomBytes(3072).toString('base64');
    const records = Array.from({ length: 3 }, (_, r) => chatRecord(r * 100, 100, content));
    const other = chatRecord(0, 1, () => 'There is a late fee on my bill.', OTHER);
    const event = kinesisEvent(...[...records, other].map((rec, i) => kinesisRecord(rec, sequenceNumber(i + 1), { stream: SEGMENT_STREAM })));
    const { batchItemFailures } = (await realtime(event as never, CONTEXT as never)) as { batchItemFailures: { itemIdentifier: string }[] };

    // ~310 KB compressed after 1 record: the 2nd would pass 400 KB and fails (retried, then dead-lettered); the 3rd is refused at its read
    expect(batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(2) }]);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(2);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toContain(`RealtimeStateTooLargeError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}, 200 transcript items) is too large to store: a part of it is`);
    expect(h.loggedWarnings).toHaveLength(1);
    expect(h.loggedWarnings[0]).toContain('not folded: its contact\'s state is past what a stored state holds (a part of it is over the DynamoDB item limit even compressed;');
    expect(h.loggedWarnings[0]).toContain(`RealtimeStateOverLimitError: the real-time CHAT state of contact ${CHAT}`);
    expect(h.loggedWarnings[0]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(3)}"`);
    expect(h.loggedWarnings[0]).toContain(`at Kinesis record shardId-000000000000:${sequenceNumber(2)}`);
    // what was stored stays, readable, marked; the other contact's record was folded and evaluated
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(100);
    expect(stored?.tooLarge).toMatchObject({ Label: `Kinesis record shardId-000000000000:${sequenceNumber(2)}`, Messages: 200 });
    expect((await h.rt.pipeline.store.getRealtime({ instanceId: INSTANCE, contactId: OTHER }, 'CHAT'))?.state.Transcript).toHaveLength(1);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);

    // Kinesis retries from the failed record: the 2nd fails again (not counted again), the 3rd and 4th are duplicates, a new 5th is refused
    const late = chatRecord(600, 1, () => 'And there is a late fee I never agreed to.');
    const retry = kinesisEvent(...[records[1], records[2], other, late].map((rec, i) => kinesisRecord(rec, sequenceNumber(i + 2), { stream: SEGMENT_STREAM })));
    const again = (await realtime(retry as never, CONTEXT as never)) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(again.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(2) }]);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(3);
    expect(h.loggedWarnings).toHaveLength(2);
    expect(h.loggedWarnings[1]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(5)}"`);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(100);
    // the late fee said in the 5th was not read: the chat's rule did not fire
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
  }, 120_000);

  it('a chat past 24,999 items (99 chunks and the head) fails the record that would pass it, and later records are reported, not retried', async () => {
    const h = await pipelineHarness();
    // 24,800 messages stored as the store writes them (one record), then records of 100 through the handler
    const stateStore = new PipelineStateStore(h.client, { tableName: h.config.stateTable });
    stateStore.use(realtimeState);
    const long = chatRecord(0, 24_800, (i) => `Message ${i}.`);
    expect(await stateStore.putRealtime(KEY, 'CHAT', applySegments(undefined, long as never, { owned: true }), undefined, new Date())).toBe(true);
    const events = batches(300, 100, (i) => (i === 24_950 ? 'And there is a late fee I never agreed to.' : `Message ${i}.`), 24_800) as { Records: unknown[] }[];
    const failures = await run(h, events);
    // the 1st and 2nd records bring it to 25,000 items: the 2nd fails; the 3rd is refused at its read
    expect(failures).toEqual([{ itemIdentifier: sequenceNumber(2) }]);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toContain(
      `RealtimeStateTooLargeError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}, 25000 transcript items) is too large to store: it would hold 25000 transcript items, over the 24999 a stored state holds (99 chunks of 250 and the head)`,
    );
    expect(h.loggedWarnings).toHaveLength(1);
    expect(h.loggedWarnings[0]).toContain(`"label":"Kinesis record shardId-000000000000:${sequenceNumber(3)}"`);
    expect(h.loggedWarnings[0]).toContain('state is past what a stored state holds (it holds the 24999 transcript items a stored state holds;');
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(2);
    // Kinesis retries from the failed record: it fails again, its error naming the same limit (the marker keeps it), not counted again
    expect(await run(h, [{ ...events[0]!, Records: events[0]!.Records.slice(1) }])).toEqual([{ itemIdentifier: sequenceNumber(2) }]);
    expect(h.loggedErrors).toHaveLength(2);
    expect(h.loggedErrors[1]).toContain(
      `RealtimeStateTooLargeError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}, 25000 transcript items) is too large to store: it would hold 25000 transcript items, over the 24999 a stored state holds (99 chunks of 250 and the head)`,
    );
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(2);
    // what was stored stays, 99 chunks and the head with the last 150 items; a read of the marked state takes its head alone
    const items = await stateItems(h);
    expect(items).toHaveLength(100);
    expect(headState(items[0]!).Transcript).toHaveLength(150);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(150);
    expect(stored?.chunks).toHaveLength(99);
    expect(stored?.tooLarge).toMatchObject({ Messages: 25_000, Bytes: 0, Limit: 'chunks' });
    expect(h.runner.rulesRun()).toEqual([]);
  }, 120_000);

  it('an item arriving late into a long chat, whose rewrite of the chunks from it on would pass 4 MB in one transaction, fails that record alone: later records in order fold and are evaluated', async () => {
    const h = await pipelineHarness();
    const stateStore = new PipelineStateStore(h.client, { tableName: h.config.stateTable });
    stateStore.use(realtimeState);
    // 6,000 messages of random text (~1 KB, hardly compressible: ~190 KB a chunk), 500 a write, in 24 chunks and the head
    const content = () => randomBytes(750).toString('base64');
    for (let r = 0; r < 12; r++) {
      const current = await stateStore.getRealtime(KEY, 'CHAT');
      expect(await stateStore.putRealtime(KEY, 'CHAT', applySegments(current?.state, chatRecord(r * 500, 500, content) as never), current, new Date())).toBe(true);
    }
    // said half a second after the first message, delivered now: it sorts into chunk 0, so all 24 chunks would be rewritten (~4.7 MB)
    const late = chatRecord(0, 1, () => 'One more thing about the bill.') as { Segments: { Transcript: { Time: { AbsoluteTime: string } } }[] };
    late.Segments[0]!.Transcript.Time.AbsoluteTime = '2025-03-12T09:15:00.500Z';
    const inOrder = chatRecord(6000, 1, () => 'There is a late fee on my bill.');
    const event = kinesisEvent(kinesisRecord(late, sequenceNumber(1), { stream: SEGMENT_STREAM }), kinesisRecord(inOrder, sequenceNumber(2), { stream: SEGMENT_STREAM }));
    expect(await run(h, [event])).toEqual([{ itemIdentifier: sequenceNumber(1) }]);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toContain(`RealtimeStateTooLargeError: the real-time CHAT state of contact ${CHAT} (instance ${INSTANCE}, 6001 transcript items) is too large to store: writing it would send`);
    expect(h.rt.pipeline.telemetry.total('RealtimeStateTooLarge')).toBe(1);
    // the head is not marked: the record in order was folded and its rule fired, and the next one folds too
    expect(h.loggedWarnings).toEqual([]);
    expect(h.runner.rulesRun()).toEqual(['REALTIME_CHAT_LATE_FEE']);
    const stored = await h.rt.pipeline.store.getRealtime(KEY, 'CHAT');
    expect(stored?.tooLarge).toBeUndefined();
    expect(stored?.state.Transcript).toHaveLength(6001);
    expect(stored?.state.Transcript.at(-1)?.Content).toBe('There is a late fee on my bill.');
    expect(await run(h, [kinesisEvent(kinesisRecord(chatRecord(6001, 1, () => 'Thanks.'), sequenceNumber(3), { stream: SEGMENT_STREAM }))])).toEqual([]);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(6002);

    // the in-memory store (backtest) refuses the same late record for the same limit, and takes the same record in order
    const memory = new MemoryStateStore();
    for (let r = 0; r < 12; r++) {
      const current = await memory.getRealtime(KEY, 'CHAT');
      expect(await memory.putRealtime(KEY, 'CHAT', applySegments(current?.state, chatRecord(r * 500, 500, content) as never), current)).toBe(true);
    }
    const current = await memory.getRealtime(KEY, 'CHAT');
    const refused = await memory.putRealtime(KEY, 'CHAT', applySegments(current?.state, late as never), current).then(String, (err: { limit?: string }) => err.limit);
    expect(refused).toBe('write');
    expect(await memory.putRealtime(KEY, 'CHAT', applySegments(current?.state, inOrder as never), current)).toBe(true);
  }, 180_000);

  it('the in-memory store (backtest) refuses the same records as the DynamoDB store', async () => {
    const h = await pipelineHarness({ exampleRules: false });
    const dynamo = new PipelineStateStore(h.client, { tableName: h.config.stateTable });
    dynamo.use(realtimeState);
    const memory = new MemoryStateStore();
    // messages of random text of growing length: the head passes the item limit at some record
    const records = Array.from({ length: 8 }, (_, r) => chatRecord(r * 60, 60, () => randomBytes(400 * (r + 1)).toString('base64')));
    const outcomes = async (store: PipelineStateStore | MemoryStateStore) => {
      const out: string[] = [];
      for (const record of records) {
        const current = await store.getRealtime(KEY, 'CHAT');
        out.push(await store.putRealtime(KEY, 'CHAT', applySegments(current?.state, record as never), current, new Date()).then(String, (err: Error) => err.name));
        if (out.at(-1) !== 'true') break;
      }
      return out;
    };
    const fromDynamo = await outcomes(dynamo);
    expect(fromDynamo.at(-1)).toBe('RealtimeStateTooLargeError');
    expect(await outcomes(memory)).toEqual(fromDynamo);
  }, 60_000);
});
