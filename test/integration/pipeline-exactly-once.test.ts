/**
 * The pipeline's guarantees on DynamoDB Local: the CTR/analysis join in both arrival
 * orders and when both arrive at once, one evaluation per contact analysis (twins
 * included), retries after failures, real-time rules once per contact under
 * concurrency, claims taken over after their lease, cascades up to the depth limit,
 * pre-evaluation filters, unknown instances, the run clock.
 */
import { describe, expect, it } from 'vitest';
import { LazyActionRunner } from '../../engine/actions/lazy-runner.ts';
import type { ActionInvocation, ActionOutcome, ActionRunner } from '../../engine/actions/types.ts';
import type { ObjectReader, ObjectRef } from '../../engine/ingest/s3.ts';
import { describeRef } from '../../engine/ingest/s3.ts';
import { FileObjectReader } from '../../engine/ingest/object-reader.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../support/fixtures.ts';
import { INSTANCE, pipelineHarness, type HarnessOptions, type PipelineHarness } from '../support/pipeline-harness.ts';

const VOICE = 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a';

/** Objects by reference (`describeRef`), as replay's files or S3 would give them back. */
class MemoryReader implements ObjectReader {
  readonly objects = new Map<string, unknown>();
  put(ref: ObjectRef, doc: unknown): ObjectRef {
    this.objects.set(describeRef(ref), doc);
    return ref;
  }
  async read(ref: ObjectRef): Promise<string> {
    const doc = this.objects.get(describeRef(ref));
    if (doc === undefined) throw new Error(`no object ${describeRef(ref)}`);
    return JSON.stringify(doc);
  }
}

async function setup(options: HarnessOptions = {}) {
  const reader = new MemoryReader();
  const h = await pipelineHarness({ reader, ...options });
  const ingest = h.rt.pipeline.ingestor;
  /** An analysis (or evaluation) file arriving, readable again later through the reader. */
  const analysis = (doc: unknown, name: string) => ingest.contactDocument(doc, { label: name, ref: reader.put({ kind: 'file', path: `/objects/${name}` }, doc) });
  const ctr = (doc: unknown, name = 'ctr.json') => ingest.contactRecord(doc, { label: name });
  return { h, reader, ingest, analysis, ctr };
}

/** A copy of the voice-cancellation contact (analysis file and CTR) under another contact id. */
function voiceContact(contactId: string) {
  const file = fixture('analysis/voice-cancellation.json');
  file.CustomerMetadata.ContactId = contactId;
  const record = fixture('contact/ctr-voice-cancellation.json');
  record.ContactId = contactId;
  return { file, record };
}

describe('the CTR/analysis join', () => {
  it('gives the same evaluation in both arrival orders', async () => {
    const a = await setup();
    expect((await a.analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).status).toBe('pending');
    const released = await a.ctr(fixture('contact/ctr-voice-cancellation.json'));
    expect(a.h.loggedErrors).toEqual([]); // an evaluation that threw is logged and left for the sweep
    expect(released).toMatchObject({ status: 'stored', evaluations: [{ matchedRules: ['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD'], contactRecord: 'ctr', label: 'voice.json' }] });

    const b = await setup();
    await b.ctr(fixture('contact/ctr-voice-cancellation.json'));
    expect(await b.analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).toMatchObject({
      status: 'evaluated',
      evaluations: [{ matchedRules: ['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD'], contactRecord: 'ctr' }],
    });
    expect(b.h.runner.invocations.map((i) => i.event)).toEqual(a.h.runner.invocations.map((i) => i.event));
    expect(b.h.runner.invocations[0]!.eventKey).toBe('file:///objects/voice.json');
  });

  it('joins an analysis with the contact events, not a DescribeContact response older than they are, and at once', async () => {
    const { h, ingest, analysis } = await setup();
    // a response taken before the agent answered, naming another agent
    const response = fixture('contact/describe-contact-voice-cancellation.json');
    response.Contact.AgentInfo.Id = '00000000-0000-4000-8000-00000000a9e7';
    response.Contact.LastUpdateTimestamp = '2025-03-11T14:02:20Z';
    await ingest.contactRecord(response, { label: 'describe.json' });
    // CONNECTED_TO_AGENT at 14:02:27
    await ingest.dispatch(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'contact event' });
    expect(await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).toMatchObject({ status: 'evaluated', evaluations: [{ contactRecord: 'contact-events' }] });
    expect(h.loggedErrors).toEqual([]);
    // a response alone is what the analysis is joined with, and reported so
    const alone = await setup();
    await alone.ingest.contactRecord(fixture('contact/describe-contact-voice-cancellation.json'), { label: 'describe.json' });
    expect(await alone.analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).toMatchObject({ status: 'evaluated', evaluations: [{ contactRecord: 'describe-contact' }] });
    const agents = h.runner.invocations.map((i) => (i.event as { ContactLens: { PostCall: { Agent?: { AgentId?: string } } } }).ContactLens.PostCall.Agent?.AgentId);
    expect(new Set(agents)).toEqual(new Set(['a1c3e5f7-9b2d-4f6a-8c0e-2b4d6f8a0c2e']));
  });

  it('drops a pending analysis whose local file was removed: its CTR is stored and acknowledged, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connect-rules-gone-'));
    try {
      const { h, ingest } = await setup({ reader: new FileObjectReader() });
      const path = join(dir, 'voice.json');
      writeFileSync(path, JSON.stringify(fixture('analysis/voice-cancellation.json')));
      expect((await ingest.contactObject({ kind: 'file', path }, { label: 'voice.json' })).status).toBe('pending');
      rmSync(path);
      expect(await ingest.contactRecord(fixture('contact/ctr-voice-cancellation.json'), { label: 'ctr.json' })).toMatchObject({
        status: 'stored',
        detail: 'contact record stored; dropped voice.json waiting for it: its file is gone',
        evaluations: [],
      });
      expect(await h.rt.pipeline.store.openSubjects({ instanceId: INSTANCE, contactId: VOICE })).toEqual([]);
      expect(h.loggedErrors).toEqual([]);
      expect(h.runner.rulesRun()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins evaluation exports the same way', async () => {
    const a = await setup();
    expect((await a.analysis(fixture('evaluation/evaluation-voice-cancellation.json'), 'eval.json')).status).toBe('pending');
    await a.ctr(fixture('contact/ctr-voice-cancellation.json'));
    const b = await setup();
    await b.ctr(fixture('contact/ctr-voice-cancellation.json'));
    await b.analysis(fixture('evaluation/evaluation-voice-cancellation.json'), 'eval.json');
    expect(a.h.runner.rulesRun()).toEqual(['LOW_COMPLIANCE_SECTION']);
    expect(b.h.runner.invocations.map((i) => i.event)).toEqual(a.h.runner.invocations.map((i) => i.event));
    expect(a.h.runner.invocations[0]!.event.ContactLens?.ContactEvaluation?.Agent?.RoutingProfile).toContain('routing-profile');
  });

  it('evaluates once when the CTR and the analysis arrive at the same moment', async () => {
    const { h, analysis, ctr } = await setup();
    for (let i = 0; i < 6; i++) {
      const contactId = `c0ffee00-0000-4000-8000-00000000000${i}`;
      const { file, record } = voiceContact(contactId);
      const deliver = [() => ctr(record), () => analysis(file, `v${i}.json`)];
      if (i % 2 === 0) deliver.reverse();
      const settled = await Promise.allSettled(deliver.map((d) => d()));
      // A delivery that found the analysis claimed by the other is failed (UnsettledWorkError), and redelivered.
      for (const [k, r] of settled.entries()) {
        if (r.status === 'rejected') {
          expect((r.reason as Error).name).toBe('UnsettledWorkError');
          expect(['stored', 'duplicate']).toContain((await deliver[k]!()).status);
        }
      }
      const runs = h.runner.invocations.filter((inv) => inv.event.ContactLens?.PostCall?.ContactId === contactId && inv.actionIndex === 0);
      expect(runs.map((r) => r.rule.Name)).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
    }
  });

  it('evaluates the original and the redacted file of a contact once; or only the configured output', async () => {
    const redacted = fixture('analysis/voice-cancellation.json');
    redacted.ContentMetadata = { Output: 'Redacted', RedactionTypes: ['PII'], RedactionTypesMetadata: { PII: { RedactionMaskMode: 'PII' } } };
    const any = await setup();
    await any.ctr(fixture('contact/ctr-voice-cancellation.json'));
    await any.analysis(fixture('analysis/voice-cancellation.json'), 'original.json');
    expect(await any.analysis(redacted, 'redacted.json')).toMatchObject({ status: 'duplicate', detail: expect.stringContaining('already has its OnPostCallAnalysisAvailable input from original.json') });
    expect(any.h.runner.rulesRun()).toHaveLength(2);

    const original = await setup({ config: { analysisOutput: 'original' } });
    expect(await original.analysis(redacted, 'redacted.json')).toMatchObject({ status: 'ignored', detail: expect.stringContaining('CONNECT_RULES_ANALYSIS_OUTPUT=original') });
    expect((await original.analysis(fixture('analysis/voice-cancellation.json'), 'original.json')).status).toBe('pending');
  });
});

describe('exactly once under failures and redelivery', () => {
  it('an evaluation that failed runs again on the redelivery, once', async () => {
    const { h, analysis, ctr } = await setup();
    await ctr(fixture('contact/ctr-voice-cancellation.json'));
    h.runner.failNext = 1;
    await expect(analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).rejects.toThrow('executor unavailable');
    expect(h.runner.invocations).toHaveLength(0);
    expect((await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).status).toBe('evaluated');
    expect((await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).status).toBe('duplicate');
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
  });

  it('an actions runtime that fails to load (functions/lazy-actions.ts) fails the delivery; the redelivery loads it and runs the actions once', async () => {
    let loads = 0;
    const { h, analysis, ctr } = await setup({
      wrapRunner: (counting) =>
        new LazyActionRunner(async () => {
          if (loads++ === 0) throw new Error("Cannot find module './ingest-analysis.chunks/actions-chunk-X.mjs'");
          return counting;
        }, { observes: false }),
    });
    await ctr(fixture('contact/ctr-voice-cancellation.json'));
    await expect(analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).rejects.toThrow(
      "the actions runtime could not be loaded (Cannot find module './ingest-analysis.chunks/actions-chunk-X.mjs')",
    );
    expect(h.runner.invocations).toHaveLength(0);
    expect((await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).status).toBe('evaluated');
    expect((await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json')).status).toBe('duplicate');
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
    expect(loads).toBe(2);
  });

  it('a pending analysis that fails on its CTR fails the CTR delivery (the CTR is stored); its redelivery evaluates it, not the sweep', async () => {
    const { h, ingest, analysis, ctr } = await setup();
    await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json');
    h.runner.failNext = 1;
    await expect(ctr(fixture('contact/ctr-voice-cancellation.json'))).rejects.toThrow(/contact record stored.*voice.json: executor unavailable/);
    expect(await ctr(fixture('contact/ctr-voice-cancellation.json'))).toMatchObject({
      status: 'stored',
      evaluations: [{ contactRecord: 'ctr', matchedRules: ['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD'] }],
    });
    h.clock.advance(601);
    expect(await ingest.sweep()).toEqual([]);
    expect(h.runner.rulesRun()).toEqual(['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD']);
  });

  it('a claim whose holder died is taken over after the lease, not before', async () => {
    const { h, analysis } = await setup();
    const { store } = h.rt.pipeline;
    await analysis(fixture('analysis/voice-cancellation.json'), 'voice.json');
    const [item] = await store.openSubjects({ instanceId: INSTANCE, contactId: VOICE });
    expect(await store.claimSubject(item!, h.clock.now())).toBeTypeOf('string');
    expect(await store.claimSubject(item!, h.clock.now())).toBeUndefined();
    h.clock.advance(h.config.claimLeaseSeconds + 1);
    expect(await store.claimSubject(item!, h.clock.now())).toBeTypeOf('string');
  });

  it('a real-time rule fires once when two matching segments are processed at the same time', async () => {
    const { h, ingest } = await setup();
    await ingest.dispatch(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'contact event' });
    const segment = (id: string, offset: number) => ({
      ...fixture('realtime/voice-cancellation.json')[2],
      Segments: [{ Transcript: { Id: id, ParticipantId: 'CUSTOMER', ParticipantRole: 'CUSTOMER', Content: 'I want a refund.', BeginOffsetMillis: offset, EndOffsetMillis: offset + 1500, Sentiment: 'NEGATIVE' } }],
    });
    const deliver = [() => ingest.segment(segment('s-1', 1000), { label: 'one' }), () => ingest.segment(segment('s-2', 4000), { label: 'two' })];
    const settled = await Promise.allSettled(deliver.map((d) => d()));
    // The one that found the firing claimed while the other ran its actions is failed (not acknowledged) and redelivered.
    const results = [];
    for (const [k, r] of settled.entries()) {
      if (r.status === 'fulfilled') results.push(r.value);
      else {
        expect((r.reason as Error).name).toBe('UnsettledWorkError');
        results.push(await deliver[k]!());
      }
    }
    expect(h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);
    expect(results.flatMap((r) => r.evaluations.flatMap((e) => [...e.matchedRules, ...(e.alreadyFired ?? [])]))).toEqual(
      expect.arrayContaining(['REALTIME_REFUND_RETENTION']),
    );
    // a failed firing is given back: the next matching segment fires it
    const other = await setup();
    await other.ingest.dispatch(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'contact event' });
    other.h.runner.failNext = 1;
    await expect(other.ingest.segment(segment('s-1', 1000), { label: 'one' })).rejects.toThrow('executor unavailable');
    await other.ingest.segment(segment('s-2', 4000), { label: 'two' });
    expect(other.h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);
    // a firing claimed by an attempt that died: a segment within its lease fails (it is not "already fired"); after it, the rule fires
    const dead = await setup();
    await dead.ingest.dispatch(fixture('eventbridge/contact-event-voice-connected.json'), { label: 'contact event' });
    const contact = { instanceId: INSTANCE, contactId: fixture('eventbridge/contact-event-voice-connected.json').detail.contactId as string };
    const rule = (await dead.h.service.listRules(INSTANCE, {})).RuleSummaryList.find((r: { Name: string }) => r.Name === 'REALTIME_REFUND_RETENTION')!;
    expect(await dead.h.rt.pipeline.store.claimFiring(contact, rule.RuleId, dead.h.clock.now())).toBeTypeOf('string');
    await expect(dead.ingest.segment(segment('s-1', 1000), { label: 'one' })).rejects.toThrow(/REALTIME_REFUND_RETENTION.*claimed by another invocation/);
    expect(dead.h.runner.rulesRun()).toEqual([]);
    dead.h.clock.advance(dead.h.config.claimLeaseSeconds + 1);
    await dead.ingest.segment(segment('s-1', 1000), { label: 'one again' });
    expect(dead.h.runner.rulesRun()).toEqual(['REALTIME_REFUND_RETENTION']);
  });
});

describe('rules and events', () => {
  it('feeds events emitted by actions back one level deeper, up to the depth limit', async () => {
    // every run emits an OnCaseUpdate that CASE_CLOSED_BILLING matches: an endless chain, cut at depth 2
    class EmittingRunner implements ActionRunner {
      readonly depths: number[] = [];
      async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
        return invocations.map((i) => {
          this.depths.push(i.depth);
          const emitted = { ...fixture('canonical/OnCaseUpdate.json'), EventId: `cascade-${i.depth + 1}` };
          return { type: i.action.ActionType, ruleName: i.rule.Name, status: 'SUCCEEDED' as const, detail: 'ok', emitted: [emitted] };
        });
      }
    }
    const reader = new MemoryReader();
    const h: PipelineHarness = await pipelineHarness({ reader, config: { maxCascadeDepth: 2 } });
    const runner = new EmittingRunner();
    (h.rt.pipeline.processor as unknown as { deps: { runner: ActionRunner } }).deps.runner = runner;
    const [result] = await h.rt.pipeline.ingestor.dispatch(fixture('canonical/OnCaseUpdate.json'), { label: 'case.json' });
    expect(runner.depths).toEqual([0, 1, 2]);
    expect(result!.evaluations.map((e) => [e.depth, e.eventKey, e.cascadeDropped ?? 0])).toEqual([
      [0, 'event:8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', 0],
      [1, 'cascade-1', 0],
      [2, 'cascade-2', 1],
    ]);
  });

  it('evaluates a rule with pre-evaluation filters only for contacts with those tags', async () => {
    const { h, ctr, analysis } = await setup();
    const body = JSON.parse(JSON.stringify(fixture('../../examples/rules/post-call-supervisor-request.json')));
    await h.service.createRule(INSTANCE, { ...body, Name: 'TAGGED_SUPERVISOR', PreEvaluationFilters: { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Program', FilterValue: 'VIP', Operator: 'EQUALS' }] } }, 'arn:aws:iam::111122223333:user/test');
    const redacted = fixture('analysis/voice-redacted-entitytype.json');
    const record = fixture('contact/ctr-voice-redacted-entitytype.json');
    await ctr({ ...record, Tags: { Program: 'VIP' } });
    await analysis(redacted, 'redacted.json');
    expect(h.runner.rulesRun()).toEqual(['SUPERVISOR_REQUEST', 'TAGGED_SUPERVISOR']);

    const other = await setup();
    await other.h.service.createRule(INSTANCE, { ...body, Name: 'TAGGED_SUPERVISOR', PreEvaluationFilters: { AndConditions: [{ ResourceType: 'CONTACT', FilterType: 'TAG', FilterKey: 'Program', FilterValue: 'VIP', Operator: 'EQUALS' }] } }, 'arn:aws:iam::111122223333:user/test');
    await other.ctr(record);
    await other.analysis(redacted, 'redacted.json');
    expect(other.h.runner.rulesRun()).toEqual(['SUPERVISOR_REQUEST']);
  });

  it('refuses events of an instance it does not serve; gives actions the run clock', async () => {
    const { h, ctr } = await setup({ config: { instances: { knownInstances: new Set(['another-instance']) } } });
    await expect(ctr(fixture('contact/ctr-voice-cancellation.json'))).rejects.toMatchObject({ reason: 'unknown-instance' });
    const served = await setup();
    served.h.clock.ms = Date.parse('2031-01-02T03:04:05Z');
    await served.ingest.dispatch(fixture('canonical/OnSlaBreach.json'), { label: 'sla.json' });
    expect(served.h.runner.invocations[0]!.now.toISOString()).toBe('2031-01-02T03:04:05.000Z');
    expect(h.runner.invocations).toHaveLength(0);
  });
});
