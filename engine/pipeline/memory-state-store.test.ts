import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applySegments, type RealtimeContactState } from '../context/realtime.ts';
import { MemoryStateStore } from './memory-state-store.ts';

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

const chatRecord = {
  AccountId: '111122223333',
  Channel: 'CHAT',
  ContactId: 'c-1',
  InstanceId: 'i-1',
  StreamingEventType: 'SEGMENTS',
  Version: '2.0.0',
  OutputType: 'Raw',
};

/** A chat state of `count` messages, each `content(i)`. */
function chatState(count: number, content: (i: number) => string): RealtimeContactState {
  const record = {
    ...chatRecord,
    Segments: Array.from({ length: count }, (_, i) => ({
      Transcript: { Content: content(i), ContentType: 'text/plain', Id: `m-${i}`, ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER', Time: { AbsoluteTime: new Date(ms('09:00:00') + i * 1000).toISOString() } },
    })),
  };
  return applySegments(undefined, record as never, { owned: true });
}

// As the DynamoDB store (test/integration/realtime-state-size.test.ts runs the same records through both): backtest folds no chat a deployment could not store.
describe('MemoryStateStore real-time state', () => {
  /** Folds `records` records of `perRecord` messages of `content(i)`, one stored after another; the outcome of each. */
  async function grow(store: MemoryStateStore, records: number, perRecord: number, content: (i: number) => string, first = 0): Promise<string[]> {
    const outcomes: string[] = [];
    for (let r = first; r < first + records; r++) {
      const current = await store.getRealtime(KEY, 'CHAT');
      const record = chatState(perRecord, (i) => content((r - first) * perRecord + i));
      const segments = record.Transcript.map((e, i) => ({ Transcript: { ...e, Id: `r${r}-${i}`, Time: { AbsoluteTime: new Date(ms('09:00:00') + (r * perRecord + i) * 1000).toISOString() } } }));
      const next = applySegments(current?.state, { ...chatRecord, Segments: segments } as never);
      const outcome = await store.putRealtime(KEY, 'CHAT', next, current).then(String, (err: Error) => err.message);
      outcomes.push(outcome);
      if (outcome !== 'true') break;
    }
    return outcomes;
  }

  it('stores a long chat in chunks of 250 (3,000 short messages, ~700 KB of JSON), the last items in the head', async () => {
    const store = new MemoryStateStore();
    expect(await grow(store, 30, 100, (i) => `Hi, I have a question about my bill (${i}).`)).toEqual(Array(30).fill('true'));
    const stored = await store.getRealtime(KEY, 'CHAT');
    expect(stored?.state.Transcript).toHaveLength(3000);
    expect(stored?.state.Transcript[2999]?.Content).toBe('Hi, I have a question about my bill (2999).');
    // chunk k written by the record that filled it: version k * 250 / 100 + 1 rounded up
    expect(stored?.chunks).toEqual(Array.from({ length: 12 }, (_, k) => Math.ceil(((k + 1) * 250) / 100)));
  });

  it('refuses the record that would pass 24,999 transcript items (99 chunks and the head), naming the contact, and keeps the state stored', async () => {
    const store = new MemoryStateStore();
    expect(await store.putRealtime(KEY, 'CHAT', chatState(24_000, (i) => `Message ${i}.`), undefined)).toBe(true);
    const outcomes = await grow(store, 3, 500, (i) => `Message ${24_000 + i}.`, 48);
    expect(outcomes[0]).toBe('true');
    expect(outcomes[1]).toBe(
      'the real-time CHAT state of contact c-1 (instance i-1, 25000 transcript items) is too large to store: it would hold 25000 transcript items, over the 24999 a stored state holds (99 chunks of 250 and the head); this record is not folded in',
    );
    expect(outcomes).toHaveLength(2);
    expect((await store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(24_500);
  });

  it("refuses a head that would not fit one DynamoDB item even compressed (long messages that hardly compress), keeping the one stored", async () => {
    const store = new MemoryStateStore();
    // random text: 100 messages of 4,096 characters are ~310 KB compressed, 200 over 405,504 bytes
    const outcomes = await grow(store, 3, 100, () => randomBytes(3072).toString('base64'));
    expect(outcomes[0]).toBe('true');
    expect(outcomes[1]).toMatch(/^the real-time CHAT state of contact c-1 \(instance i-1, 200 transcript items\) is too large to store: a part of it is \d+ bytes compressed, over the 405504 bytes one DynamoDB item holds/);
    expect(outcomes).toHaveLength(2);
    expect((await store.getRealtime(KEY, 'CHAT'))?.state.Transcript).toHaveLength(100);
  });

  it('refuses a stale write (the version it read is no longer stored)', async () => {
    const store = new MemoryStateStore();
    await grow(store, 2, 1, () => 'Hi.');
    const stale = await store.getRealtime(KEY, 'CHAT');
    await grow(store, 1, 1, () => 'Hi again.');
    expect(await store.putRealtime(KEY, 'CHAT', chatState(5, () => 'Late.'), stale)).toBe(false);
  });

  it('marks a stored state too large under its version, keeping the state', async () => {
    const store = new MemoryStateStore();
    await store.putRealtime(KEY, 'CHAT', chatState(2, () => 'Hi.'), undefined);
    const marker = { At: NOW.toISOString(), DeliveryKey: 'k-5', Label: 'record 5', Bytes: 409_000, Messages: 502 };
    expect(await store.markRealtimeTooLarge(KEY, 'CHAT', marker, 2)).toBe(false);
    expect(await store.markRealtimeTooLarge(KEY, 'CHAT', marker, 1)).toBe(true);
    expect(await store.getRealtime(KEY, 'CHAT')).toMatchObject({ version: 2, tooLarge: marker, state: { Transcript: [{ Content: 'Hi.' }, { Content: 'Hi.' }] } });
  });
});
