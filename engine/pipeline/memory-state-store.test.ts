import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applySegments, type RealtimeContactState } from '../context/realtime.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import { realtimeStateBody } from './state/realtime-body.ts';
import { RealtimeStateTooLargeError } from './state/realtime-too-large.ts';

const KEY = { instanceId: 'i-1', contactId: 'c-1' };
const NOW = new Date('2025-03-11T10:00:00Z');
const ms = (t: string) => Date.parse(`2025-03-11T${t}Z`);
const withEvents = async (store: MemoryStateStore, at: string) => store.mergeContactEvents(KEY, () => ({ contact: { Id: 'c-1', Channel: 'CHAT' }, at: ms(at) }));

// The backtest's store reads a contact's record by the same rule as the DynamoDB store (state/record-choice.ts).
describe('MemoryStateStore.getContactRecord', () => {
  it('gives the contact events over a DescribeContact response older than they are, telling a record is stored and handing the response with them', async () => {
    const store = new MemoryStateStore();
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE' }, ms('09:05:00'), NOW, true);
    await withEvents(store, '09:06:00');
    expect(await store.getContactRecord(KEY)).toEqual({ format: 'contact-events', origin: 'contact-events', recordStored: true, record: { Contact: { Id: 'c-1', Channel: 'CHAT' } }, updatedAt: ms('09:06:00'), storedRecord: { ContactId: 'c-1', Channel: 'VOICE' } });
  });

  it('gives a DescribeContact response newer than the contact events', async () => {
    const store = new MemoryStateStore();
    await withEvents(store, '09:04:00');
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE' }, ms('09:05:00'), NOW, true);
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'describe-contact', format: 'ctr', record: { Channel: 'VOICE' } });
  });

  it('gives a CTR over newer contact events, and the events alone as no record stored', async () => {
    const store = new MemoryStateStore();
    await withEvents(store, '09:06:00');
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'contact-events', recordStored: false });
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE' }, ms('09:05:00'), NOW);
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'ctr', recordStored: true, record: { Channel: 'VOICE' } });
  });

  // As the DynamoDB store's RECORD#AI_AGENTS item (test/integration/contact-state.test.ts): a CTR has no AI agents.
  it("keeps a DescribeContact response's AI agents beside the CTR that replaces it, and beside newer contact events", async () => {
    const wisdom = { AiAgents: [{ AiAgentVersionId: 'agent-1:2', AiUseCase: 'SelfService' }] };
    const store = new MemoryStateStore();
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE', WisdomInfo: wisdom }, ms('09:05:00'), NOW, true);
    await withEvents(store, '09:06:00');
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'contact-events', record: { Contact: { Id: 'c-1', WisdomInfo: wisdom } } });
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE' }, ms('09:10:00'), NOW);
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'ctr', record: { Channel: 'VOICE', WisdomInfo: wisdom } });
    // an older response's are not taken over a newer one's
    await store.putContactRecord(KEY, { ContactId: 'c-1', WisdomInfo: { AiAgents: [{ AiAgentVersionId: 'agent-0:1', AiUseCase: 'SelfService' }] } }, ms('09:01:00'), NOW, true);
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'ctr', record: { WisdomInfo: wisdom } });
  });

  it('keeps the AI agents when a newer DescribeContact response has a WisdomInfo naming none (only its SessionArn)', async () => {
    const wisdom = { AiAgents: [{ AiAgentVersionId: 'agent-1:2', AiUseCase: 'SelfService', AiAgentEscalated: true }] };
    const sessionArn = 'arn:aws:wisdom:us-east-1:111122223333:session/a/b';
    const store = new MemoryStateStore();
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE', WisdomInfo: { SessionArn: sessionArn, ...wisdom } }, ms('09:05:00'), NOW, true);
    await store.putContactRecord(KEY, { ContactId: 'c-1', Channel: 'VOICE', WisdomInfo: { SessionArn: sessionArn } }, ms('09:06:00'), NOW, true);
    expect(await store.getContactRecord(KEY)).toMatchObject({ origin: 'describe-contact', record: { WisdomInfo: { SessionArn: sessionArn, ...wisdom } } });
  });
});

/** A chat state of `count` messages, each `content(i)`. */
function chatState(count: number, content: (i: number) => string): RealtimeContactState {
  const record = {
    AccountId: '111122223333',
    Channel: 'CHAT',
    ContactId: 'c-1',
    InstanceId: 'i-1',
    StreamingEventType: 'SEGMENTS',
    Version: '2.0.0',
    OutputType: 'Raw',
    Segments: Array.from({ length: count }, (_, i) => ({
      Transcript: { Content: content(i), ContentType: 'text/plain', Id: `m-${i}`, ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER', Time: { AbsoluteTime: new Date(ms('09:00:00') + i * 1000).toISOString() } },
    })),
  };
  return applySegments(undefined, record as never);
}

// As the DynamoDB store (test/integration/realtime-state-size.test.ts): backtest folds no chat a deployment could not store.
describe('MemoryStateStore real-time state', () => {
  it('refuses a state that would not fit one DynamoDB item even compressed, naming the contact, and keeps the one stored', async () => {
    const store = new MemoryStateStore();
    expect(await store.putRealtime(KEY, 'CHAT', chatState(1, () => 'Hi.'), 0)).toBe(true);
    // random text hardly compresses: 600 messages of 1,024 characters are ~470 KB compressed
    const tooLarge = chatState(600, () => randomBytes(768).toString('base64'));
    const refused = await store.putRealtime(KEY, 'CHAT', tooLarge, 1).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RealtimeStateTooLargeError);
    expect((refused as Error).message).toContain('the real-time CHAT state of contact c-1 (instance i-1, 600 transcript items)');
    expect((await store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(1);
  });

  it('refuses a chat grown record by record at the record the DynamoDB store refuses', async () => {
    const store = new MemoryStateStore();
    let state: RealtimeContactState | undefined;
    const outcomes: string[] = [];
    for (let r = 0; r < 7; r++) {
      const record = chatState(100, () => randomBytes(768).toString('base64'));
      const next = applySegments(state, { ...record, Segments: record.Transcript.map((e, i) => ({ Transcript: { ...e, Id: `r${r}-${i}`, Time: { AbsoluteTime: e.AbsoluteTime } } })) } as never);
      const dynamo = (() => {
        try {
          realtimeStateBody(KEY, 'CHAT', next);
          return 'stored';
        } catch (err) {
          return (err as Error).name;
        }
      })();
      const memory = await store.putRealtime(KEY, 'CHAT', next, r).then(() => 'stored', (err: Error) => err.name);
      outcomes.push(memory);
      expect(memory).toBe(dynamo);
      if (memory !== 'stored') break;
      state = next;
    }
    expect(outcomes.at(-1)).toBe('RealtimeStateTooLargeError');
    expect(outcomes.length).toBeGreaterThan(3); // ~520 such messages fit
  });

  it('stores a long chat that fits compressed (3,000 short messages, ~700 KB of JSON)', async () => {
    const store = new MemoryStateStore();
    const long = chatState(3000, (i) => `Hi, I have a question about my bill (${i}).`);
    expect(JSON.stringify(long).length).toBeGreaterThan(400 * 1024);
    expect(await store.putRealtime(KEY, 'CHAT', long, 0)).toBe(true);
    expect((await store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(3000);
  });

  it('marks a stored state too large under its version, keeping the state', async () => {
    const store = new MemoryStateStore();
    await store.putRealtime(KEY, 'CHAT', chatState(2, () => 'Hi.'), 0);
    const marker = { At: NOW.toISOString(), DeliveryKey: 'k-5', Label: 'record 5', Bytes: 409_000, Messages: 502 };
    expect(await store.markRealtimeTooLarge(KEY, 'CHAT', marker, 2)).toBe(false);
    expect(await store.markRealtimeTooLarge(KEY, 'CHAT', marker, 1)).toBe(true);
    expect(await store.getRealtime(KEY, 'CHAT')).toMatchObject({ version: 2, tooLarge: marker, state: { Transcript: [{ Content: 'Hi.' }, { Content: 'Hi.' }] } });
  });
});
