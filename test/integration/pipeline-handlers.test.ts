/**
 * Every ingestion Lambda handler on DynamoDB Local with realistic payloads: S3
 * notifications (direct, through SQS, through EventBridge) with the object read from
 * a mocked S3, Kinesis batches of CTRs and segments with duplicates and a poison
 * record, EventBridge events of Cases, Zendesk, Salesforce, snapshots and canonical
 * events, and the sweep. Rules are the examples, loaded through CreateRule.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  analysisKey,
  BUCKET,
  kinesisEvent,
  kinesisRecord,
  s3Notification,
  s3ObjectCreatedEvent,
  SEGMENT_STREAM,
  sequenceNumber,
  snsNotification,
  sqsEvent,
  sqsRecord,
} from '../support/lambda-envelopes.ts';
import { createAnalysisHandler } from '../../functions/ingest-analysis.ts';
import { createCanonicalHandler } from '../../functions/ingest-canonical.ts';
import { createCasesHandler } from '../../functions/ingest-cases.ts';
import { createContactRecordsHandler } from '../../functions/ingest-contact-records.ts';
import { createEvaluationsHandler } from '../../functions/ingest-evaluations.ts';
import { createMetricsHandler } from '../../functions/ingest-metrics.ts';
import { createRealtimeHandler } from '../../functions/ingest-realtime.ts';
import { createSweepHandler } from '../../functions/ingest-sweep.ts';
import { createThirdPartyHandler } from '../../functions/ingest-third-party.ts';
import { canonicalIngestor, casesIngestor, metricsIngestor, segmentIngestor, thirdPartyIngestor } from '../../functions/ingestors.ts';
import type { IngestRuntime } from '../../functions/ingest-runtime.ts';
import type { IngestorDeps } from '../../engine/pipeline/ingest-core.ts';
import { PipelineStateStore } from '../../engine/pipeline/state-store.ts';
import { BEGAN_BEFORE_PUBLISHED } from '../../engine/rules/began-before-published.ts';
import { fixture, fixtureText } from '../support/fixtures.ts';
import { AGENT_ROWS_WITHOUT_QUEUE } from '../../engine/pipeline/events.ts';
import { CONTEXT, INSTANCE, pipelineHarness, type PipelineHarness } from '../support/pipeline-harness.ts';
import { metricRuleFunction } from '../support/metric-rules.ts';

const VOICE = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';
const CHAT = '9e8d7c6b-5a4f-4e3d-b2c1-0a9b8c7d6e5f';
const REDACTED = '6c2d8e4f-1a3b-4c5d-8e7f-9a0b1c2d3e4f';

const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const s3Mock = mockClient(s3);
/** Objects of the mocked bucket: key → fixture path. */
let objects: Record<string, string>;

afterAll(() => {
  s3Mock.restore();
});
beforeEach(() => {
  objects = {};
  s3Mock.reset();
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const path = objects[input.Key];
    if (!path) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    const text = path.startsWith('{') ? path : fixtureText(path);
    return { Body: { transformToString: async () => text } };
  });
});

const harness = () => pipelineHarness({ s3 });

/**
 * The runtime with the ingestor a deployed function builds (functions/ingestors.ts: its
 * own routes and parts only) on a state store of its own, on the same table, holding
 * only the repositories that ingestor adds.
 */
const deployedIngestor = <I>(h: PipelineHarness, ingestor: (deps: IngestorDeps) => I): IngestRuntime<I> => {
  const store = new PipelineStateStore(h.client, { tableName: h.config.stateTable });
  return { ...h.rt, pipeline: { ...h.rt.pipeline, store, ingestor: ingestor({ ...h.rt.pipeline.ingestorDeps, store }) } };
};
const ctrBatch = (...entries: [unknown, number][]) => kinesisEvent(...entries.map(([ctr, n]) => kinesisRecord(ctr, sequenceNumber(n))));

describe('contact trace records (Kinesis) and analysis files (S3)', () => {
  let h: PipelineHarness;
  beforeEach(async () => {
    h = await harness();
  });

  it('reads the notified object version from S3 and joins the stored CTR', async () => {
    const ctr = createContactRecordsHandler(h.rt);
    const analysis = createAnalysisHandler(h.rt);
    expect(await ctr(ctrBatch([fixture('contact/ctr-voice-cancellation.json'), 1]) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });

    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    const out = await analysis(s3Notification({ key, versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }), CONTEXT as never);
    expect(out).toEqual({ results: [{ status: 'evaluated', label: `s3://${BUCKET}/${key}` }] });
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: key, VersionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' },
    ]);
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
    // the actions see the join: queue and holds come from the CTR
    const invocation = h.runner.invocations[0]!;
    expect(invocation).toMatchObject({ eventKey: `s3://${BUCKET}/${key}#3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY`, instanceArn: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`, depth: 0 });
    expect(invocation.event.ContactLens?.PostCall?.Agent?.NumberOfHolds).toBe(1);

    // the same notification again: nothing read, nothing run
    expect(await analysis(s3Notification({ key, versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }), CONTEXT as never)).toEqual({
      results: [{ status: 'duplicate', label: `s3://${BUCKET}/${key}` }],
    });
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(h.runner.rulesRun()).toHaveLength(2);
  });

  it("actions take the region and account of the contact's instance (the CTR's InstanceARN), not the deployment's", async () => {
    const WEST = '8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
    const westArn = `arn:aws:connect:us-west-2:444455556666:instance/${WEST}`;
    await h.service.createRule(
      WEST,
      {
        Name: 'held-west',
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'NumberGreaterOrEqualTo', Operands: [1], ComparisonValue: '$.ContactLens.PostCall.Agent.NumberOfHolds', Negate: false }] },
        }),
        Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }, { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'held' } }],
        PublishStatus: 'PUBLISHED',
      },
      'arn:aws:iam::444455556666:user/test',
    );
    const ctr = createContactRecordsHandler(h.rt);
    expect(await ctr(ctrBatch([fixture('contact/ctr-voice-customer-interrupts.json'), 1]) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    const key = analysisKey('Voice', '5e7a9c1e-3a5c-4e7a-9c1e-3a5c7e9a1c3e');
    objects[key] = 'analysis/voice-customer-interrupts.json';
    expect(await createAnalysisHandler(h.rt)(s3Notification({ key }), CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['held-west']);
    expect(h.runner.invocations[0]!.instanceArn).toBe(westArn);
  });

  it('an analysis before its CTR waits; the CTR batch evaluates it; a poison record fails alone', async () => {
    const analysis = createAnalysisHandler(h.rt);
    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    expect(await analysis(s3Notification({ key }), CONTEXT as never)).toMatchObject({ results: [{ status: 'pending' }] });
    expect(h.runner.invocations).toHaveLength(0);

    const ctr = createContactRecordsHandler(h.rt);
    const batch = kinesisEvent(
      kinesisRecord(fixture('contact/ctr-voice-cancellation.json'), sequenceNumber(1)),
      kinesisRecord(null, sequenceNumber(2), { raw: '{"ContactId": "cut short' }),
      kinesisRecord(fixture('contact/ctr-chat-billing.json'), sequenceNumber(3)),
    );
    expect(await ctr(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);

    // Lambda retries from the failed record: the poison fails again, the rest are duplicates
    const retry = kinesisEvent(batch.Records[1], batch.Records[2]);
    expect(await ctr(retry as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    expect(h.runner.rulesRun()).toHaveLength(2);
    expect((await h.rt.pipeline.store.getContactRecord({ instanceId: INSTANCE, contactId: CHAT }))?.format).toBe('ctr');
  });

  it('through SQS (S3 → SQS, S3 → SNS → SQS): a bad message fails alone, test events and other files are ignored', async () => {
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-chat-billing.json'), { label: 'ctr' });
    const analysis = createAnalysisHandler(h.rt);
    const chatKey = analysisKey('Chat', CHAT, '2025-03-12T09:20:11Z');
    objects[chatKey] = 'analysis/chat-billing.json';
    const wav = `connect/anycompany/Analysis/Voice/Redacted/2025/03/11/${VOICE}_call_recording_redacted_2025-03-11T14:05:16Z.wav`;
    const event = sqsEvent(
      sqsRecord(s3Notification({ key: chatKey }), 'm-good'),
      sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-03-12T09:00:00Z', Bucket: BUCKET }, 'm-test'),
      sqsRecord('{"Records": [', 'm-poison'),
      sqsRecord(snsNotification(s3Notification({ key: wav })), 'm-wav'),
    );
    expect(await analysis(event as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-poison' }] });
    expect(h.runner.rulesRun()).toEqual(['SLOW_FIRST_RESPONSE_REFUND']);
    expect(s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([chatKey]);
  });

  it('a direct notification with a file that is not an analysis fails the invocation after the others ran', async () => {
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-chat-billing.json'), { label: 'ctr' });
    const analysis = createAnalysisHandler(h.rt);
    const good = analysisKey('Chat', CHAT, '2025-03-12T09:20:11Z');
    const bad = analysisKey('Voice', VOICE);
    objects[good] = 'analysis/chat-billing.json';
    objects[bad] = '{"Version": "1.1.0", "hello": "world"}';
    await expect(analysis(s3Notification({ key: bad }, { key: good }), CONTEXT as never)).rejects.toMatchObject({
      name: 'BadInputError',
      reason: 'not-an-analysis-file',
    });
    expect(h.runner.rulesRun()).toEqual(['SLOW_FIRST_RESPONSE_REFUND']);
    // a missing object is a failure (retried), not bad input
    await expect(analysis(s3Notification({ key: analysisKey('Voice', REDACTED) }), CONTEXT as never)).rejects.toThrow('The specified key does not exist.');
  });
});

describe('real-time segments (Kinesis)', () => {
  it('fold into the contact state; the rule fires once per contact; duplicates and a poison record', async () => {
    const h = await harness();
    // the contact event gives the queue the rule tests, before any CTR
    const canonical = createCanonicalHandler(deployedIngestor(h, canonicalIngestor));
    await canonical(fixture('eventbridge/contact-event-voice-connected.json'), CONTEXT as never);

    // the deployed ingestors, each on a state of its own: the firings come with the gate of its core
    const realtime = createRealtimeHandler(deployedIngestor(h, segmentIngestor));
    const segments: unknown[] = fixture('realtime/voice-cancellation.json');
    const records = segments.map((s, i) => kinesisRecord(s, sequenceNumber(100 + i), { stream: SEGMENT_STREAM }));
    const poison = kinesisRecord(null, sequenceNumber(99), { stream: SEGMENT_STREAM, raw: 'not json at all' });
    const batch = kinesisEvent(...records.slice(0, 5), poison, ...records.slice(5));
    expect(await realtime(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(99) }] });
    expect(h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);
    const fired = h.runner.invocations[0]!;
    expect(fired.eventKey).toBe(`realtime:${INSTANCE}:${VOICE}`);
    expect(fired.event.ContactLens?.RealTimeCall?.Queue?.QueueId).toBe('f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c');
    // the same real-time event as a canonical event: matched again, already fired for this contact
    expect(await canonical({ ...JSON.parse(JSON.stringify(fired.event)), EventId: 'rt-canonical-1' }, CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);

    // the whole batch redelivered: nothing new
    expect(await realtime(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(99) }] });
    // a later segment where the customer says "refund" again: matched, already fired
    const later = {
      ...(segments[2] as object),
      Segments: [{ Transcript: { Id: 'later-1', ParticipantId: 'CUSTOMER', ParticipantRole: 'CUSTOMER', Content: 'So the refund is confirmed?', BeginOffsetMillis: 90000, EndOffsetMillis: 92000, Sentiment: 'NEUTRAL' } }],
    };
    expect(await realtime(kinesisEvent(kinesisRecord(later, sequenceNumber(200), { stream: SEGMENT_STREAM })) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);
    const state = await h.rt.pipeline.store.getRealtime({ instanceId: INSTANCE, contactId: VOICE }, 'VOICE');
    expect(state?.state.Status).toBe('COMPLETED');
    expect(state?.state.Transcript.map((t) => t.Id)).toContain('later-1');
  });
});

describe('EventBridge sources', () => {
  it('Cases: both detail-types and the SLA breach; a redelivered id runs nothing; a broken event fails the invocation', async () => {
    const h = await harness();
    const cases = createCasesHandler(deployedIngestor(h, casesIngestor));
    for (const f of ['cases-case-created', 'cases-case-updated', 'cases-sla-overdue']) {
      expect(await cases(fixture(`eventbridge/${f}.json`), CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    }
    expect(h.runner.rulesRun()).toEqual(['BILLING_CASE_SLA', 'CASE_CLOSED_BILLING', 'HIGH_PRIORITY_SLA_BREACHED']);
    expect(h.runner.invocations[0]!.eventKey).toBe('event:7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d');
    expect(await cases(fixture('eventbridge/cases-case-created.json'), CONTEXT as never)).toMatchObject({ results: [{ status: 'duplicate' }] });
    // not a Cases event: ignored by this function
    expect(await cases(fixture('eventbridge/zendesk-ticket-created.json'), CONTEXT as never)).toMatchObject({ results: [{ status: 'ignored' }] });
    // a bare canonical event is not a family its ingestor reads: bad input, not retried as a missing part
    await expect(cases(fixture('canonical/OnSlaBreach.json'), CONTEXT as never)).rejects.toMatchObject({ reason: 'unknown-format', message: expect.stringMatching(/not an event this function reads \(cases events\)$/) });
    const broken = fixture('eventbridge/cases-case-created.json');
    delete broken.detail.case;
    broken.id = 'broken-1';
    await expect(cases(broken, CONTEXT as never)).rejects.toThrow(/missing case \(at \/detail\/case\)/);
    // through SQS: the broken one fails alone
    const batch = sqsEvent(sqsRecord(broken, 'm-broken'), sqsRecord(fixture('eventbridge/cases-case-updated.json'), 'm-dup'));
    expect(await cases(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-broken' }] });
    expect(h.runner.rulesRun()).toHaveLength(3);
    // A detail that is null or a string is bad input like a missing one: the invocation fails, the SQS message alone fails (then the DLQ).
    for (const detail of [null, 'a string']) {
      const odd = { ...fixture('eventbridge/cases-case-created.json'), id: `odd-${String(detail)}`, detail };
      await expect(cases(odd, CONTEXT as never)).rejects.toMatchObject({ reason: 'invalid-payload', message: expect.stringContaining("detail must be a JSON object") });
      expect(await cases(sqsEvent(sqsRecord(odd, 'm-odd')) as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-odd' }] });
    }
  });

  it('Zendesk and Salesforce partner events; metric snapshots (direct and in EventBridge); canonical events', async () => {
    const h = await harness();
    const thirdParty = createThirdPartyHandler(deployedIngestor(h, thirdPartyIngestor));
    for (const f of ['zendesk-ticket-created', 'zendesk-status-changed', 'salesforce-case-created']) await thirdParty(fixture(`eventbridge/${f}.json`), CONTEXT as never);
    expect(h.runner.rulesRun()).toEqual(['ZENDESK_VIP_INCIDENT', 'ZENDESK_STATUS_NOT_SOLVED', 'SALESFORCE_DUPLICATE_CHARGE']);

    const metrics = createMetricsHandler(deployedIngestor(h, metricsIngestor));
    const snapshot = fixture('metrics/snapshot-billing-backlog.json');
    await metrics(snapshot, CONTEXT as never);
    await metrics({ ...snapshot }, CONTEXT as never); // the same snapshot again
    const later = { ...snapshot, SnapshotTime: '2025-03-12T09:31:00Z' };
    await metrics({ version: '0', id: 'm-2', 'detail-type': 'Metric Snapshot', source: 'connect-rules.metrics', account: '111122223333', time: later.SnapshotTime, region: 'us-east-1', resources: [], detail: later }, CONTEXT as never);
    expect(h.runner.rulesRun().filter((r) => r === 'BILLING_QUEUE_BACKLOG')).toHaveLength(2);
    // the fixture's agent is on a contact of the billing queue: its row names that queue
    expect(h.rt.pipeline.telemetry.total('AgentRowsWithoutQueue')).toBe(0);
    // listed for two queues, on a contact that names none: its queue is not known
    const info = vi.spyOn(h.rt.logger, 'info');
    const unqueued = (time: string) => {
      const s = { ...fixture('metrics/snapshot-billing-backlog.json'), SnapshotTime: time };
      s.CurrentUserData.Filters = { Queues: ['q-billing', 'q-retention'] };
      delete s.CurrentUserData.UserDataList[0].Contacts[0].Queue;
      return s;
    };
    // no published rule filters AGENT_ACTIVITY by queue: nothing for the operator to hear
    await metrics(unqueued('2025-03-12T09:32:00Z'), CONTEXT as never);
    expect(h.runner.rulesRun().filter((r) => r === 'BILLING_QUEUE_BACKLOG')).toHaveLength(3);
    expect(h.rt.pipeline.telemetry.total('AgentRowsWithoutQueue')).toBe(0);
    expect(info).not.toHaveBeenCalledWith(AGENT_ROWS_WITHOUT_QUEUE, expect.anything());
    // once one does, such an agent never applies to it, which the operator sees
    await h.service.createRule(
      INSTANCE,
      {
        Name: 'BILLING_AGENT_ON_CONTACT',
        TriggerEventSource: { EventSourceName: 'OnMetricDataUpdate' },
        Function: metricRuleFunction(['AGENT'], {
          Operator: 'EQUALS',
          Operands: ['ON_CONTACT'],
          metric: 'AGENT_ACTIVITY',
          filters: [{ Type: 'MetricDataFilterByQueue', Data: ['q-billing'] }, { Type: 'AgentActivityDurationSeconds', Data: { Past: 600 } }],
        }),
        Actions: [{ ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'agent-on-contact' } }],
        PublishStatus: 'PUBLISHED',
      },
      'arn:aws:iam::111122223333:user/test',
    );
    await metrics(unqueued('2025-03-12T09:33:00Z'), CONTEXT as never);
    expect(h.runner.rulesRun().filter((r) => r === 'BILLING_QUEUE_BACKLOG')).toHaveLength(4);
    expect(h.runner.rulesRun()).not.toContain('BILLING_AGENT_ON_CONTACT');
    expect(h.rt.pipeline.telemetry.snapshot().OnMetricDataUpdate).toMatchObject({ AgentRowsWithoutQueue: 1 });
    expect(info).toHaveBeenCalledWith(AGENT_ROWS_WITHOUT_QUEUE, expect.objectContaining({ agentRows: 1, eventId: `metrics:${INSTANCE}:2025-03-12T09:33:00.000Z` }));
    await expect(metrics({ hello: 1 }, CONTEXT as never)).rejects.toMatchObject({ reason: 'unknown-format' });

    const canonical = createCanonicalHandler(deployedIngestor(h, canonicalIngestor));
    const list = [fixture('canonical/OnEmailAnalysisAvailable.json'), fixture('canonical/OnPostChatAnalysisAvailable.json')];
    expect(await canonical(list, CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }, { status: 'evaluated' }] });
    const invalid = { ...fixture('canonical/OnSlaBreach.json'), EventId: 'other-event', EventSourceName: 'OnSomethingElse' };
    const batch = sqsEvent(sqsRecord(invalid, 'm-invalid'), sqsRecord(fixture('canonical/OnSlaBreach.json'), 'm-sla'));
    expect(await canonical(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-invalid' }] });
    expect(h.runner.rulesRun().slice(-3)).toEqual(['EMAIL_LONG_HANDLING', 'SLOW_FIRST_RESPONSE_REFUND', 'HIGH_PRIORITY_SLA_BREACHED']);
  });

  it('an S3 notification, which none of the four reads: refused as bad input, reported and failed (retried, then dead-lettered), its file never read', async () => {
    const h = await harness();
    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    const warn = vi.spyOn(h.rt.logger, 'warn');
    const functions = [
      ['cases', createCasesHandler(deployedIngestor(h, casesIngestor)), 'eventbridge/cases-case-created.json'],
      ['third-party', createThirdPartyHandler(deployedIngestor(h, thirdPartyIngestor)), 'eventbridge/zendesk-ticket-created.json'],
      ['metrics', createMetricsHandler(deployedIngestor(h, metricsIngestor)), 'metrics/snapshot-billing-backlog.json'],
      ['canonical, contact-events', createCanonicalHandler(deployedIngestor(h, canonicalIngestor)), 'canonical/OnSlaBreach.json'],
    ] as const;
    for (const [families, handler, good] of functions) {
      for (const notification of [s3Notification({ key }), s3ObjectCreatedEvent({ key })]) {
        // direct (asynchronous): the invocation fails, so Lambda retries it and then sends it to the on-failure destination
        await expect(handler(notification as never, CONTEXT as never)).rejects.toMatchObject({
          reason: 'unknown-format',
          message: expect.stringMatching(new RegExp(`: an S3 notification, not an event this function reads \\(${families} events\\)$`)),
        });
        // through SQS: the message alone fails (then the queue's DLQ), the other is read
        const batch = sqsEvent(sqsRecord(notification, 'm-s3'), sqsRecord(fixture(good), 'm-good'));
        expect(await handler(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-s3' }] });
      }
    }
    expect(warn.mock.calls.filter(([message, fields]) => message === 'bad input: reported as failed (retried, then dead-lettered)' && (fields as { reason?: string }).reason === 'unknown-format')).toHaveLength(16);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(h.runner.rulesRun()).not.toContain('ACCOUNT_CANCELLATION');
  });

  it('evaluation export files (S3 Object Created through EventBridge) join the CTR', async () => {
    const h = await harness();
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr' });
    const key = 'connect/anycompany/Evaluations/2025/03/12/15:30:00.087Z-0e9d8c7b-6a5f-4e4d-8c3b-2a1f0e9d8c7b.json';
    objects[key] = 'evaluation/evaluation-voice-cancellation.json';
    const evaluations = createEvaluationsHandler(h.rt);
    expect(await evaluations(s3ObjectCreatedEvent({ key, versionId: 'v1' }), CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['LOW_COMPLIANCE_SECTION']);
    expect(h.runner.invocations[0]!.event.ContactLens?.ContactEvaluation?.Queue?.QueueId).toBe('f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c');
    // an analysis file notified to the evaluations function is not its business
    expect(await evaluations(s3Notification({ key: analysisKey('Voice', VOICE) }), CONTEXT as never)).toMatchObject({ results: [{ status: 'ignored' }] });
  });
});

describe('rules apply to the contacts that begin after they are published (AWS: "applied to new contacts"; the deployed default)', () => {
  /** The pipeline's info log lines saying rules were not evaluated for their contact's start (one line per event). */
  const notEvaluated = (info: { mock: { calls: unknown[][] } }): { source: string; contactId: string; contactStart: string; rules: { rule: string; publishedSince: string }[] }[] =>
    info.mock.calls.filter(([message]) => message === BEGAN_BEFORE_PUBLISHED).map(([, extra]) => extra as never);
  const pause = () => new Promise((r) => setTimeout(r, 20));

  it('an analysis of a contact that began before the rules: evaluated, nothing fires, the log says why per rule', async () => {
    const h = await pipelineHarness({ s3, config: { newContactsOnly: true } });
    const info = vi.spyOn(h.rt.logger, 'info');
    const ctr = createContactRecordsHandler(h.rt);
    expect(await ctr(ctrBatch([fixture('contact/ctr-voice-cancellation.json'), 1]) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    expect(await createAnalysisHandler(h.rt)(s3Notification({ key }), CONTEXT as never)).toEqual({ results: [{ status: 'evaluated', label: `s3://${BUCKET}/${key}` }] });
    // the same files fire ACCOUNT_CANCELLATION and UNHAPPY_AFTER_HOLD for a contact that begins after them (the first test of this file)
    expect(h.runner.invocations).toEqual([]);
    const [line, ...more] = notEvaluated(info);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ contactId: VOICE, contactStart: '2025-03-11T14:02:07.000Z', source: 'OnPostCallAnalysisAvailable' });
    expect(line!.rules.map((r) => r.rule)).toEqual(['ACCOUNT_CANCELLATION', 'SUPERVISOR_REQUEST', 'UNHAPPY_AFTER_HOLD']);
    for (const r of line!.rules) expect(Date.parse(r.publishedSince)).toBeGreaterThan(Date.parse('2025-03-11T14:02:07.000Z'));
  });

  /** The record with every time moved so that it began at `began` (its end stays after its start, as the context checks). */
  const beganAt = (record: Record<string, unknown>, began: Date): Record<string, unknown> => {
    const shift = began.getTime() - Date.parse(record.InitiationTimestamp as string);
    const moved = (value: unknown, key = ''): unknown =>
      Array.isArray(value) ? value.map((v) => moved(v))
      : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moved(v, k)]))
      : key.endsWith('Timestamp') && typeof value === 'string' ? new Date(Date.parse(value) + shift).toISOString()
      : value;
    return moved(record) as Record<string, unknown>;
  };

  it('a contact that began after them: they fire, also after one of them is edited while the contact is under way', async () => {
    const h = await pipelineHarness({ s3, config: { newContactsOnly: true } });
    const info = vi.spyOn(h.rt.logger, 'info');
    await pause();
    const began = new Date();
    const record = beganAt(fixture<Record<string, unknown>>('contact/ctr-voice-cancellation.json'), began);
    await pause();
    // an edit of a published rule keeps it in force since its publication
    const { RuleSummaryList } = await h.service.listRules(INSTANCE, { eventSourceName: 'OnPostCallAnalysisAvailable', publishStatus: 'PUBLISHED' });
    const held = RuleSummaryList.find((r) => r.Name === 'UNHAPPY_AFTER_HOLD')!;
    const { Rule } = await h.service.describeRule(INSTANCE, held.RuleId);
    await h.service.updateRule(INSTANCE, held.RuleId, { Name: Rule.Name, Function: Rule.Function, Actions: Rule.Actions, PublishStatus: 'PUBLISHED' }, 'arn:aws:iam::111122223333:user/test');

    expect(await createContactRecordsHandler(h.rt)(ctrBatch([record, 1]) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    expect(await createAnalysisHandler(h.rt)(s3Notification({ key }), CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
    expect(notEvaluated(info)).toEqual([]);
  });

  it('real time: the contact event tells the start; a session of a contact begun before the rule fires nothing', async () => {
    const h = await pipelineHarness({ s3, config: { newContactsOnly: true } });
    const info = vi.spyOn(h.rt.logger, 'info');
    await createCanonicalHandler(deployedIngestor(h, canonicalIngestor))(fixture('eventbridge/contact-event-voice-connected.json'), CONTEXT as never);
    const segments: unknown[] = fixture('realtime/voice-cancellation.json');
    const batch = kinesisEvent(...segments.map((seg, i) => kinesisRecord(seg, sequenceNumber(100 + i), { stream: SEGMENT_STREAM })));
    expect(await createRealtimeHandler(deployedIngestor(h, segmentIngestor))(batch as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    // REALTIME_REFUND_RETENTION fires on these segments for a new contact (the real-time test above)
    expect(h.runner.invocations).toEqual([]);
    // one line per SEGMENTS record evaluated, each naming the one real-time rule
    expect(new Set(notEvaluated(info).flatMap((e) => e.rules.map((r) => r.rule)))).toEqual(new Set(['REALTIME_REFUND_RETENTION']));
  });

  it('an evaluation of an old contact submitted now is new: its rules apply (the sentence is of conversational analytics rules)', async () => {
    const h = await pipelineHarness({ s3, config: { newContactsOnly: true } });
    const info = vi.spyOn(h.rt.logger, 'info');
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr' });
    const key = 'connect/anycompany/Evaluations/2025/03/12/15:30:00.087Z-0e9d8c7b-6a5f-4e4d-8c3b-2a1f0e9d8c7b.json';
    objects[key] = 'evaluation/evaluation-voice-cancellation.json';
    expect(await createEvaluationsHandler(h.rt)(s3ObjectCreatedEvent({ key, versionId: 'v1' }), CONTEXT as never)).toMatchObject({ results: [{ status: 'evaluated' }] });
    expect(h.runner.rulesRun()).toEqual(['LOW_COMPLIANCE_SECTION']);
    expect(notEvaluated(info)).toEqual([]);
  });

  it('the deployed functions apply it unless CONNECT_RULES_NEW_CONTACTS_ONLY=false (blank is the default, on); elsewhere it is off unless set', async () => {
    const { createIngestRuntime } = await import('../../functions/ingest-runtime.ts');
    const { pipelineConfigFromEnv } = await import('../../engine/pipeline/config.ts');
    const saved = process.env.CONNECT_RULES_NEW_CONTACTS_ONLY;
    try {
      delete process.env.CONNECT_RULES_NEW_CONTACTS_ONLY;
      expect(createIngestRuntime({ metrics: false }, () => undefined).pipeline.config.newContactsOnly).toBe(true);
      expect(pipelineConfigFromEnv(process.env).newContactsOnly).toBe(false);
      // a blank value (an empty template parameter) is the deployed default, not false (review A, C)
      for (const blank of ['', '  ']) {
        process.env.CONNECT_RULES_NEW_CONTACTS_ONLY = blank;
        expect(createIngestRuntime({ metrics: false }, () => undefined).pipeline.config.newContactsOnly).toBe(true);
      }
      process.env.CONNECT_RULES_NEW_CONTACTS_ONLY = ' FALSE ';
      expect(createIngestRuntime({ metrics: false }, () => undefined).pipeline.config.newContactsOnly).toBe(false);
      process.env.CONNECT_RULES_NEW_CONTACTS_ONLY = 'false';
      expect(createIngestRuntime({ metrics: false }, () => undefined).pipeline.config.newContactsOnly).toBe(false);
      expect(() => pipelineConfigFromEnv({ CONNECT_RULES_NEW_CONTACTS_ONLY: 'yes' })).toThrow("CONNECT_RULES_NEW_CONTACTS_ONLY must be true or false, got 'yes'");
    } finally {
      if (saved === undefined) delete process.env.CONNECT_RULES_NEW_CONTACTS_ONLY;
      else process.env.CONNECT_RULES_NEW_CONTACTS_ONLY = saved;
    }
  });
});

describe('the sweep', () => {
  it('evaluates an analysis without CTR once the grace period ended, with what is known then', async () => {
    const h = await harness();
    const key = analysisKey('Voice', REDACTED, '2025-03-11T15:41:03Z');
    objects[key] = 'analysis/voice-redacted-entitytype.json';
    await createAnalysisHandler(h.rt)(s3Notification({ key }), CONTEXT as never);
    const sweep = createSweepHandler(h.rt);
    h.clock.advance(599);
    expect(await sweep({}, CONTEXT as never)).toEqual({ results: [] });
    h.clock.advance(2);
    expect(await sweep({}, CONTEXT as never)).toEqual({ results: [{ status: 'evaluated', label: `s3://${BUCKET}/${key}` }] });
    expect(h.runner.rulesRun()).toEqual(['SUPERVISOR_REQUEST']);
    expect(await sweep({}, CONTEXT as never)).toEqual({ results: [] });
    // its CTR arriving late changes nothing: evaluated once
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-voice-redacted-entitytype.json'), { label: 'ctr' });
    expect(h.runner.rulesRun()).toEqual(['SUPERVISOR_REQUEST']);
  });
});

describe('a pending analysis whose file is gone (S3 NoSuchKey: deleted, or expired by a lifecycle rule)', () => {
  /** An analysis pending for its CTR, then its object deleted. */
  async function pendingThenDeleted(h: PipelineHarness) {
    const key = analysisKey('Voice', VOICE);
    objects[key] = 'analysis/voice-cancellation.json';
    expect(await createAnalysisHandler(h.rt)(s3Notification({ key, versionId: 'v1' }), CONTEXT as never)).toEqual({ results: [{ status: 'pending', label: `s3://${BUCKET}/${key}` }] });
    delete objects[key];
    return { key, warn: vi.spyOn(h.rt.logger, 'warn'), error: vi.spyOn(h.rt.logger, 'error') };
  }
  const goneWarnings = (warn: { mock: { calls: unknown[][] } }) => warn.mock.calls.filter(([message]) => String(message).startsWith('pending analysis dropped: its file is gone'));

  it('its CTR is acknowledged, the analysis dropped with a warning naming the file, and the sweep never sees it', async () => {
    const h = await harness();
    const { key, warn, error } = await pendingThenDeleted(h);
    expect(await createContactRecordsHandler(h.rt)(ctrBatch([fixture('contact/ctr-voice-cancellation.json'), 1]) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    expect(goneWarnings(warn)).toEqual([[expect.any(String), expect.objectContaining({ file: `s3://${BUCKET}/${key}`, contactId: VOICE })]]);
    expect(error).not.toHaveBeenCalled();
    h.clock.advance(601);
    expect(await createSweepHandler(h.rt)({}, CONTEXT as never)).toEqual({ results: [] });
    expect(h.runner.rulesRun()).toEqual([]);
  });

  it('the sweep drops it once, with a warning naming the file, not an error on every run', async () => {
    const h = await harness();
    const { key, warn, error } = await pendingThenDeleted(h);
    const sweep = createSweepHandler(h.rt);
    h.clock.advance(601);
    expect(await sweep({}, CONTEXT as never)).toEqual({ results: [{ status: 'ignored', label: `s3://${BUCKET}/${key}` }] });
    expect(await sweep({}, CONTEXT as never)).toEqual({ results: [] });
    expect(goneWarnings(warn)).toHaveLength(1);
    expect(error).not.toHaveBeenCalled();
    // the file put again (a new version) is a new arrival: evaluated with its CTR
    objects[key] = 'analysis/voice-cancellation.json';
    await h.rt.pipeline.ingestor.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr' });
    expect(await createAnalysisHandler(h.rt)(s3Notification({ key, versionId: 'v2' }), CONTEXT as never)).toEqual({ results: [{ status: 'evaluated', label: `s3://${BUCKET}/${key}` }] });
    expect(h.runner.rulesRun()).toContain('ACCOUNT_CANCELLATION');
  });
});

describe('metrics', () => {
  it('publishes one EMF document per source, namespace ConnectRules, dimension Source', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const h = await pipelineHarness({ s3, metrics: new Metrics({ namespace: 'ConnectRules', serviceName: 'connect-rules-ingest' }) });
      await createCasesHandler(h.rt)(fixture('eventbridge/cases-case-created.json'), CONTEXT as never);
      await createContactRecordsHandler(h.rt)(ctrBatch([fixture('contact/ctr-voice-cancellation.json'), 1], [{ not: 'a ctr' }, 2]) as never, CONTEXT as never);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    const docs = lines.map((l) => JSON.parse(l)).filter((d) => d._aws);
    const bySource = Object.fromEntries(docs.map((d) => [d.Source, d]));
    expect(bySource.OnCaseCreate).toMatchObject({ EventsReceived: 1, TriggerEvents: 1, RulesEvaluated: 1, RulesMatched: 1, service: 'connect-rules-ingest' });
    expect(bySource.OnCaseCreate._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'ConnectRules', Dimensions: [expect.arrayContaining(['Source'])] });
    expect(bySource.ContactTraceRecord).toMatchObject({ EventsReceived: 2 });
    expect(bySource['contact-record']).toMatchObject({ InvalidInput: 1, Failures: 1 });
  });
});
