/**
 * What the pipeline knows of a contact, on DynamoDB Local through the handlers' code:
 * - the attributes of a live session: a stored DescribeContact response's even when
 *   newer contact events speak for the contact (`storedRecord`, review C6), else,
 *   deployed, Connect's answer to GetContactAttributes at the session's first record
 *   (F10(b); Connect has no local equivalent: a mocked ConnectClient, the exact
 *   requests asserted). AWS (admin guide, rules-task-contact-attributes): "Contact
 *   attributes are retrieved at the beginning of the real-time contact analysis
 *   session and whatever is retrieved at that time is used for rule evaluation during
 *   the whole session."
 * - the AI agents of a DescribeContact response once a CTR replaces it (review C4).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient, GetContactAttributesCommand, ResourceNotFoundException } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseContactRecord } from '../../engine/context/contact-record.ts';
import { documentClient } from '../../engine/dynamo/document.ts';
import type { ObjectReader } from '../../engine/ingest/s3.ts';
import { CONNECT_MAX_ATTEMPTS, connectContactAttributes } from '../../engine/pipeline/connect-attributes.ts';
import { FAILURES_BEFORE_PAUSE, SESSION_RETRY_MS } from '../../engine/pipeline/connect-asks.ts';
import { loadRulesInto, readRuleBodies } from '../../engine/pipeline/replay.ts';
import { readContactRecord } from '../../engine/pipeline/state/contact-records.ts';
import { PipelineStateStore } from '../../engine/pipeline/state-store.ts';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import type { IngestRuntime } from '../../functions/ingest-runtime.ts';
import { segmentIngestor } from '../../functions/ingestors.ts';
import { kinesisEvent, kinesisRecord, SEGMENT_STREAM, sequenceNumber } from '../support/lambda-envelopes.ts';
import { fixture } from '../support/fixtures.ts';
import { CONTEXT, INSTANCE, pipelineHarness, type PipelineHarness } from '../support/pipeline-harness.ts';

const VOICE = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';
const KEY = { instanceId: INSTANCE, contactId: VOICE };
const AGENT_ID = '30682191-2312-4c27-9fc1-752e7a399d52';

const connect = new ConnectClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const connectMock = mockClient(connect);
afterAll(() => {
  connectMock.restore();
});
beforeEach(() => {
  connectMock.reset();
});

/** The caller said "cancel" AND `condition` (text form, docs/text-form.md). */
const RULES: Record<string, string> = {
  GOLD: 'attribute "CustomerTier" = "Gold"',
  NOT_GOLD: 'not attribute "CustomerTier" = "Gold"',
};

/** A self-service AI agent's post-call rule (docs/text-form.md H). */
const AI_AGENT_RULE = {
  Name: 'AI_AGENT',
  TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
  Function: `on post-call\nai agent(use case SelfService) in ("30682191-2312-4c27-9fc1-752e7a399d52:2")\n`,
  Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
  PublishStatus: 'PUBLISHED',
};

async function harness(reader?: ObjectReader, rules: Record<string, string> = RULES): Promise<PipelineHarness> {
  const h = await pipelineHarness({ exampleRules: false, ...(reader ? { reader } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'contact-state-'));
  mkdirSync(dir, { recursive: true });
  const bodies = Object.entries(rules).map(([name, condition]) => ({
    Name: name,
    TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
    Function: `on real-time-call\ntranscript.exact(customer) contains any ("cancel") and\n${condition}\n`,
    Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
    PublishStatus: 'PUBLISHED',
  }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify([...bodies, AI_AGENT_RULE]));
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

/** The deployed real-time function's runtime, asking `connectClient` (or nothing: the local stage) for a session's attributes. */
function realtimeRuntime(h: PipelineHarness, connectClient?: ConnectClient, store = h.rt.pipeline.store): IngestRuntime<ReturnType<typeof segmentIngestor>> {
  const deps = { ...h.rt.pipeline.ingestorDeps, store, ...(connectClient ? { contactAttributes: connectContactAttributes(connectClient) } : {}) };
  return { ...h.rt, pipeline: { ...h.rt.pipeline, store, ingestor: segmentIngestor(deps) } };
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

  it("deployed, with no stored record: Connect's GetContactAttributes once at the session's start, frozen for the session", async () => {
    const h = await harness();
    connectMock.on(GetContactAttributesCommand).resolves({ Attributes: { CustomerTier: 'Gold' } });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    const [started, ...rest] = segments();
    expect(await realtime(batch([started], 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    // the attributes change after the session started: AWS "Any contact attribute update after the session started isn't be picked up."
    connectMock.on(GetContactAttributesCommand).resolves({ Attributes: { CustomerTier: 'Silver' } });
    expect(await realtime(batch(rest, 2) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });

    expect(connectMock.commandCalls(GetContactAttributesCommand).map((c) => c.args[0].input)).toEqual([{ InstanceId: INSTANCE, InitialContactId: VOICE }]);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toEqual({ CustomerTier: 'Gold' });
    expect(h.runner.rulesRun()).toEqual(['GOLD']);
    expect(h.rt.pipeline.telemetry.total('SessionAttributesRead')).toBe(1);
  });

  it("of a transferred contact: Connect is asked by the initial contact its contact events name (AWS: InitialContactId, \"The identifier of the initial contact.\")", async () => {
    const h = await harness();
    const initial = 'a0a0a0a0-1111-4222-8333-944445555666';
    const event = fixture<{ detail: Record<string, unknown> }>('eventbridge/contact-event-voice-connected.json');
    event.detail.initialContactId = initial;
    await h.rt.pipeline.ingestor.eventBridge(event, { label: 'connected.json' });
    connectMock.on(GetContactAttributesCommand).resolves({ Attributes: { CustomerTier: 'Gold' } });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(connectMock.commandCalls(GetContactAttributesCommand).map((c) => c.args[0].input)).toEqual([{ InstanceId: INSTANCE, InitialContactId: initial }]);
    expect(h.runner.rulesRun()).toEqual(['GOLD']);
  });

  it('asks Connect once when the state write meets another writer and is tried again', async () => {
    const h = await harness();
    connectMock.on(GetContactAttributesCommand).resolves({ Attributes: { CustomerTier: 'Gold' } });
    // the first write of the state loses to another writer (a conflict): the fold is tried again
    const store = new PipelineStateStore(h.client, { tableName: h.config.stateTable });
    let conflicts = 1;
    const put = store.putRealtime;
    Object.assign(store, { putRealtime: (...a: Parameters<typeof put>) => (conflicts-- > 0 ? Promise.resolve(false) : put(...a)) });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect, store));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(conflicts).toBeLessThan(0); // the conflict happened
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(1);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toEqual({ CustomerTier: 'Gold' });
  });

  it('a Connect error loses no segment: it is evaluated with the attributes not yet known, and the session asks again after its back-off', async () => {
    const h = await harness();
    connectMock
      .on(GetContactAttributesCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'Contact not found', $metadata: {} }))
      .resolves({ Attributes: { CustomerTier: 'Silver' } });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    const all = segments();
    // Connect fails at the session's first record; the session's records within its back-off do not ask; the first after it does
    expect(await realtime(batch([all[0]], 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toBeUndefined();
    expect(h.rt.pipeline.telemetry.total('SessionAttributesUnavailable')).toBe(1);
    h.clock.advance(SESSION_RETRY_MS / 1000 - 1);
    expect(await realtime(batch([all[1]], 2) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(1);
    h.clock.advance(1);
    expect(await realtime(batch(all.slice(2), 3) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(2);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toEqual({ CustomerTier: 'Silver' });
    expect(h.runner.rulesRun()).toEqual(['NOT_GOLD']);
  });

  it('a Connect that accepts and never answers loses no segment either: the call is given up, the segment evaluated with the attributes not yet known', async () => {
    // a real socket that reads the request and never answers (no mock: the SDK's own HTTP handler waits on it)
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const client = new ConnectClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: CONNECT_MAX_ATTEMPTS,
      });
      const h = await harness();
      const deps = { ...h.rt.pipeline.ingestorDeps, contactAttributes: connectContactAttributes(client, 300) };
      const realtime = createRealtimeHandler({ ...h.rt, pipeline: { ...h.rt.pipeline, ingestor: segmentIngestor(deps) } });
      expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
      expect(sockets.size).toBeGreaterThan(0); // Connect was asked
      expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toBeUndefined();
      // asked at the session's first record only: the later ones are within its back-off
      expect(h.rt.pipeline.telemetry.total('SessionAttributesUnavailable')).toBe(1);
      expect(h.rt.pipeline.telemetry.total('SessionAttributesRead')).toBe(0);
      // the attribute conditions do not apply, negated or not
      expect(h.runner.rulesRun()).toEqual([]);
      client.destroy();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a Connect that never answers costs one batch at most two asks, however many sessions it holds, then one ask after a pause', async () => {
    // a real socket that reads each request and never answers: requests counted as they arrive
    let requests = 0;
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (chunk: Buffer) => {
        requests += chunk.toString('latin1').split('GET /contact/attributes/').length - 1;
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const client = new ConnectClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: CONNECT_MAX_ATTEMPTS });
      const h = await harness();
      const deps = { ...h.rt.pipeline.ingestorDeps, contactAttributes: connectContactAttributes(client, 300) };
      const realtime = createRealtimeHandler({ ...h.rt, pipeline: { ...h.rt.pipeline, ingestor: segmentIngestor(deps) } });
      // four live sessions of ten records each, in one batch
      const contacts = [VOICE, ...['1', '2', '3'].map((n) => VOICE.slice(0, -1) + n)];
      const sessionOf = (id: string): unknown[] => JSON.parse(JSON.stringify(segments()).replaceAll(VOICE, id));
      const records = contacts.flatMap(sessionOf);
      expect(await realtime(batch(records, 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
      // the first two sessions' first records ask and fail; then no session asks for the rest of the batch
      const telemetry = h.rt.pipeline.telemetry;
      expect(telemetry.total('SessionAttributesUnavailable')).toBe(FAILURES_BEFORE_PAUSE);
      expect(requests).toBeGreaterThanOrEqual(FAILURES_BEFORE_PAUSE);
      expect(requests).toBeLessThanOrEqual(FAILURES_BEFORE_PAUSE * CONNECT_MAX_ATTEMPTS);
      expect(telemetry.total('SessionAttributesNotAsked')).toBe(2 * 10);
      expect(h.runner.rulesRun()).toEqual([]);
      // past the pause one ask tries again, and its failure pauses the asks again
      h.clock.advance(30);
      expect(await realtime(batch([sessionOf(contacts[3])[1], sessionOf(contacts[2])[1]], 100) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
      expect(telemetry.total('SessionAttributesUnavailable')).toBe(FAILURES_BEFORE_PAUSE + 1);
      expect(telemetry.total('SessionAttributesNotAsked')).toBe(2 * 10 + 1);
      client.destroy();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('no published real-time rule reads an attribute: Connect is not asked, and the rules are evaluated', async () => {
    const h = await harness(undefined, { CANCEL: 'transcript.exact(customer) contains any ("cancel")' });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(0);
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toBeUndefined();
    expect(h.runner.rulesRun()).toEqual(['CANCEL']);
  });

  it('each record reads the published rules once: whether one reads an attribute, and the evaluation, share the Query', async () => {
    const h = await harness(undefined, { CANCEL: 'transcript.exact(customer) contains any ("cancel")' });
    let ruleQueries = 0;
    h.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { TableName?: string; KeyConditionExpression?: string };
        if (input.TableName === h.config.rulesTable && input.KeyConditionExpression !== undefined) ruleQueries++;
        return next(args);
      },
      { step: 'initialize', name: 'countRuleQueries' },
    );
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    const records = segments();
    expect(await realtime(batch(records, 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    // the session never freezes attributes (no rule reads them), so every record looks: one Query each, not two for a SEGMENTS record
    expect(ruleQueries).toBe(records.length);
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(0);
  });

  it('a stored record tells them: Connect is not asked', async () => {
    const h = await harness();
    await h.rt.pipeline.ingestor.contactRecord(midCallResponse(), { label: 'describe.json' });
    const realtime = createRealtimeHandler(realtimeRuntime(h, connect));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(0);
    expect(h.runner.rulesRun()).toEqual(['GOLD']);
  });

  it('the local stage (no Connect): unchanged, the attribute conditions do not apply, negated or not', async () => {
    const h = await harness();
    const realtime = createRealtimeHandler(realtimeRuntime(h));
    expect(await realtime(batch(segments(), 1) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect((await h.rt.pipeline.store.getRealtime(KEY, 'VOICE'))?.state.SessionAttributes).toBeUndefined();
    expect(h.runner.rulesRun()).toEqual([]);
    expect(connectMock.commandCalls(GetContactAttributesCommand)).toHaveLength(0);
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

  it('are read with the CTR by an analysis that waited for it (the response came while it could not be evaluated)', async () => {
    // the analysis file, readable again from its store; the read fails once, when the response arrives
    const file = fixture('analysis/voice-cancellation.json');
    let failures = 0;
    const reader: ObjectReader = {
      read: async () => {
        if (failures-- > 0) throw new Error('S3 unavailable');
        return JSON.stringify(file);
      },
    };
    const h = await harness(reader);
    const ingestor = h.rt.pipeline.ingestor;
    expect((await ingestor.contactDocument(file, { label: 'voice.json', ref: { kind: 'file', path: '/objects/voice.json' } })).status).toBe('pending');
    failures = 1;
    await expect(ingestor.contactRecord(midCallResponse({ WisdomInfo: WISDOM }), { label: 'describe.json' })).rejects.toThrow(/S3 unavailable/);
    expect(h.runner.rulesRun()).toEqual([]);
    // the CTR comes before the response's redelivery
    expect(await ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr.json' })).toMatchObject({ evaluations: [{ label: 'voice.json', contactRecord: 'ctr' }] });
    expect(h.runner.rulesRun()).toEqual(['AI_AGENT']);
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
