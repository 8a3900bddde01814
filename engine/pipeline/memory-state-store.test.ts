import { describe, expect, it } from 'vitest';
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
