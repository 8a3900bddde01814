/**
 * What the pipeline knows of a contact, on DynamoDB Local through the handlers' code:
 * - the attributes of a live session: a stored DescribeContact response's even when
 *   newer contact events speak for the contact (`storedRecord`, review C6). AWS (admin
 *   guide, rules-task-contact-attributes): "Contact attributes are retrieved at the
 *   beginning of the real-time contact analysis session and whatever is retrieved at
 *   that time is used for rule evaluation during the whole session."
 * - the AI agents of a DescribeContact response once a CTR replaces it (review C4).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseContactRecord } from '../../engine/context/contact-record.ts';
import { documentClient } from '../../engine/dynamo/document.ts';
import { loadRulesInto, readRuleBodies } from '../../engine/pipeline/replay.ts';
import { readContactRecord } from '../../engine/pipeline/state/contact-records.ts';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import type { IngestRuntime } from '../../functions/ingest-runtime.ts';
import { segmentIngestor } from '../../functions/ingestors.ts';
import { kinesisEvent, kinesisRecord, SEGMENT_STREAM, sequenceNumber } from '../support/lambda-envelopes.ts';
import { fixture } from '../support/fixtures.ts';
import { CONTEXT, INSTANCE, pipelineHarness, type PipelineHarness } from '../support/pipeline-harness.ts';

const VOICE = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';
const KEY = { instanceId: INSTANCE, contactId: VOICE };
const AGENT_ID = '30682191-2312-4c27-9fc1-752e7a399d52';

/** The caller said "cancel" AND `condition` (text form, docs/text-form.md). */
const RULES: Record<string, string> = {
  GOLD: 'attribute "CustomerTier" = "Gold"',
  NOT_GOLD: 'not attribute "CustomerTier" = "Gold"',
};

async function harness(): Promise<PipelineHarness> {
  const h = await pipelineHarness({ exampleRules: false });
  const dir = mkdtempSync(join(tmpdir(), 'contact-state-'));
  mkdirSync(dir, { recursive: true });
  const bodies = Object.entries(RULES).map(([name, condition]) => ({
    Name: name,
    TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
    Function: `on real-time-call\ntranscript.exact(customer) contains any ("cancel") and\n${condition}\n`,
    Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
    PublishStatus: 'PUBLISHED',
  }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(bodies));
  await loadRulesInto(h.service, INSTANCE, readRuleBodies(join(dir, 'rules.json')), 'arn:aws:iam::111122223333:user/test');
  return h;
}

/** A DescribeContact response taken mid-call (14:02:10, before the agent answered), naming `extra`. */
function midCallResponse(extra: Record<string, unknown> = {}) {
  const { Contact } = fixture('contact/describe-contact-voice-cancellation.json') as { Contact: Record<string, unknown> };
  const { AgentInfo: _agent, DisconnectTimestamp: _end, DisconnectReason: _reason, ...rest } = Contact;
  return { Contact: { ...rest, LastUpdateTimestamp: '2025-03-11T14:02:10Z', ...extra } };
}

const WISDOM = { AiAgents: [{ AiAgentVersionId: `${AGENT_ID}:2`, AiUseCase: 'SelfService', AiAgentEscalated: true }] };
const AI_AGENT = [{ Id: AGENT_ID, Version: '2', UseCase: 'SelfService', EscalatedToHuman: true }];

/** The deployed real-time function's runtime. */
function realtimeRuntime(h: PipelineHarness): IngestRuntime<ReturnType<typeof segmentIngestor>> {
  return { ...h.rt, pipeline: { ...h.rt.pipeline, ingestor: segmentIngestor(h.rt.pipeline.ingestorDeps) } };
}

const segments = (): unknown[] => fixture('realtime/voice-cancellation.json');
const batch = (records: unknown[], from: number) => kinesisEvent(...records.map((s, i) => kinesisRecord(s, sequenceNumber(from + i), { stream: SEGMENT_STREAM })));

describe("a live session's attributes", () => {
  it('are the stored DescribeContact response\'s when newer contact events speak for the contact (C6)', async () => {
    const h = await harness();
    const ingestor = h.rt.pipeline.ingestor;
    await ingestor.contactRecord(midCallResponse(), { label: 'describe.json' });
    await ingestor.eventBridge(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'connected.json' });

    const stored = await readContactRecord(documentClient(h.client), h.config.stateTable, KEY);
    expect(stored).toMatchObject({ origin: 'contact-events', recordStored: true });
    expect((stored?.storedRecord as { Attributes: unknown }).Attributes).toEqual({ CustomerTier: 'Gold', Intent: 'Cancellation', AccountNumber: 'AC-204981' });
    expect(stored?.storedRecord).toBe(stored?.storedRecord); // parsed once, when first read

    const realtime = createRealtimeHandler(realtimeRuntime(h));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toEqual({ CustomerTier: 'Gold', Intent: 'Cancellation', AccountNumber: 'AC-204981' });
    expect(h.runner.rulesRun()).toEqual(['GOLD']);
  });
});

describe('AI agents of a DescribeContact response (C4)', () => {
  const aiAgents = async (h: PipelineHarness) => {
    const stored = await h.rt.pipeline.store.getContactRecord(KEY);
    return stored && normaliseContactRecord(stored.record, 'stored').AiAgents;
  };

  it('are kept once the CTR replaces the response, whichever arrives first', async () => {
    const h = await harness();
    const ingestor = h.rt.pipeline.ingestor;
    await ingestor.contactRecord(midCallResponse({ WisdomInfo: WISDOM }), { label: 'describe.json' });
    expect(await aiAgents(h)).toEqual(AI_AGENT);
    await ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr.json' });
    expect((await h.rt.pipeline.store.getContactRecord(KEY))?.origin).toBe('ctr');
    expect(await aiAgents(h)).toEqual(AI_AGENT);

    // a response arriving after the CTR is not stored over it, but its AI agents are
    const other = await harness();
    await other.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr.json' });
    expect(await aiAgents(other)).toBeUndefined();
    await other.rt.pipeline.ingestor.contactRecord(midCallResponse({ WisdomInfo: WISDOM }), { label: 'describe.json' });
    expect((await other.rt.pipeline.store.getContactRecord(KEY))?.origin).toBe('ctr');
    expect(await aiAgents(other)).toEqual(AI_AGENT);
  });

  it('are kept when newer contact events speak for the contact, and an older response does not replace a newer one\'s', async () => {
    const h = await harness();
    const ingestor = h.rt.pipeline.ingestor;
    await ingestor.contactRecord(midCallResponse({ WisdomInfo: WISDOM }), { label: 'describe.json' });
    await ingestor.eventBridge(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'connected.json' });
    expect((await h.rt.pipeline.store.getContactRecord(KEY))?.origin).toBe('contact-events');
    expect(await aiAgents(h)).toEqual(AI_AGENT);

    const older = { AiAgents: [{ AiAgentVersionId: `${AGENT_ID}:1`, AiUseCase: 'SelfService', AiAgentEscalated: false }] };
    await ingestor.contactRecord(midCallResponse({ WisdomInfo: older, LastUpdateTimestamp: '2025-03-11T14:02:08Z' }), { label: 'older.json' });
    expect(await aiAgents(h)).toEqual(AI_AGENT);
  });
});
