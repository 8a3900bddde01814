import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../context/types.ts';
import { ActionError, type BusEvent } from './backends.ts';
import { MemoryActionLedger } from './ledger.ts';
import { ActionsUnsettledError, ExecutorRunner, FAILURE_DETAIL_TYPE, isRetryable } from './runner.ts';
import { invocation, postCallEvent, rule } from '../../test/support/action-fakes.ts';
import type { ActionExecutor, ActionInvocation } from './types.ts';

const CATEGORY = { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} } as const;
const EB = { ActionType: 'GENERATE_EVENTBRIDGE_EVENT', EventBridgeAction: { Name: 'X' } } as const;
const EVAL = { ActionType: 'SUBMIT_AUTO_EVALUATION', SubmitAutoEvaluationAction: { EvaluationFormId: 'f' } } as const;

function counting(type: ActionExecutor['type'], behave: (n: number, inv: ActionInvocation) => unknown = () => undefined, idempotent = true) {
  const calls: ActionInvocation[] = [];
  const executor: ActionExecutor = {
    type,
    idempotent,
    async execute(inv) {
      calls.push(inv);
      const r = behave(calls.length, inv);
      if (r instanceof Error) throw r;
      return { type, ruleName: inv.rule.Name, status: 'SUCCEEDED', detail: `ran ${calls.length}`, ...(r as object) };
    },
  };
  return { executor, calls };
}

const bus = () => {
  const events: BusEvent[] = [];
  return { events, bus: { putEvent: async (e: BusEvent) => (events.push(e), { eventId: e.id }) } };
};

describe('ExecutorRunner', () => {
  it('runs each (event, rule, action) once: a redelivery is DUPLICATE with the first outcome and emitted events', async () => {
    const emitted: TriggerEvent = { EventSourceName: 'OnCaseCreate', InstanceId: 'i', Case: { CaseId: 'c' } };
    const { executor, calls } = counting('GENERATE_EVENTBRIDGE_EVENT', () => ({ emitted: [emitted], output: { id: 1 } }));
    const runner = new ExecutorRunner({ executors: [executor] });
    const r = rule('OnPostCallAnalysisAvailable', [EB]);
    const [first] = await runner.run([invocation(postCallEvent(), r)]);
    const [again] = await runner.run([invocation(postCallEvent(), r)]);
    expect(calls).toHaveLength(1);
    expect(first!.status).toBe('SUCCEEDED');
    expect(again!.status).toBe('DUPLICATE');
    expect(again!.output).toEqual({ id: 1 });
    expect(again!.emitted).toEqual(first!.emitted);
    expect(first!.emitted![0]).toMatchObject({ EventSourceName: 'OnCaseCreate', Cascade: { Depth: 1, Rules: ['rule-1'], ParentEventKey: 'post-call-1' } });
    expect(first!.emitted![0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    // another action index of the same rule is its own unit
    const [other] = await runner.run([invocation(postCallEvent(), r, 0, { actionIndex: 1 })]);
    expect(other!.status).toBe('SUCCEEDED');
  });

  it('a claim held by another attempt is not acknowledged: run throws after the others ran, and the retry after the lease takes over', async () => {
    const ledger = new MemoryActionLedger();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const eb = counting('GENERATE_EVENTBRIDGE_EVENT');
    const cat = counting('ASSIGN_CONTACT_CATEGORY');
    const runner = new ExecutorRunner({ executors: [eb.executor, cat.executor], ledger, leaseMs: 60_000, clock: () => clock });
    const r = rule('OnPostCallAnalysisAvailable', [EB, CATEGORY]);
    const invs = [invocation(postCallEvent(), r, 0), invocation(postCallEvent(), r, 1)];
    // An attempt that died while running action 0 (its lease runs one minute).
    await ledger.claim('post-call-1|rule-1|0', new Date(clock), 60_000);
    const err = await runner.run(invs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionsUnsettledError);
    expect((err as ActionsUnsettledError).unsettled).toEqual([
      expect.objectContaining({ key: 'post-call-1|rule-1|0', type: 'GENERATE_EVENTBRIDGE_EVENT', reason: expect.stringContaining('claimed by another attempt') }),
    ]);
    expect([eb.calls.length, cat.calls.length]).toEqual([0, 1]);
    clock += 61_000;
    expect((await runner.run(invs)).map((o) => o.status)).toEqual(['SUCCEEDED', 'DUPLICATE']);
    expect([eb.calls.length, cat.calls.length]).toEqual([1, 1]);
  });

  it('a dead non-idempotent attempt fails instead of repeating', async () => {
    const ledger = new MemoryActionLedger();
    const { executor, calls } = counting('GENERATE_EVENTBRIDGE_EVENT', undefined, false);
    const b = bus();
    const clock = Date.parse('2026-01-01T00:00:00Z');
    const runner = new ExecutorRunner({ executors: [executor], ledger, bus: b.bus, leaseMs: 60_000, clock: () => clock });
    const inv = invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [EB]));
    await ledger.claim('post-call-1|rule-1|0', new Date(clock - 120_000), 60_000);
    const [out] = await runner.run([inv]);
    expect(out!.status).toBe('FAILED');
    expect(out!.detail).toContain('ActionInterrupted');
    expect(calls).toHaveLength(0);
    expect(b.events[0]!.detail).toMatchObject({ reasonCode: 'ActionInterrupted', actionType: 'GENERATE_EVENTBRIDGE_EVENT' });
  });

  it('in Lambda, a claim holds until the invocation deadline at most', async () => {
    const ledger = new MemoryActionLedger();
    const clock = Date.parse('2026-01-01T00:00:00Z');
    const { executor } = counting('ASSIGN_CONTACT_CATEGORY', () => new Error('crash'));
    const runner = new ExecutorRunner({ executors: [executor], ledger, clock: () => clock, sleep: async () => undefined });
    runner.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 });
    await runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]))]);
    expect(ledger.items.get('post-call-1|rule-1|0')!.leaseUntil).toBe('2026-01-01T00:00:30.000Z');
  });

  it('the ledger unreachable: nothing runs, nothing is acknowledged', async () => {
    const ledger = new MemoryActionLedger();
    ledger.claim = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const { executor, calls } = counting('ASSIGN_CONTACT_CATEGORY');
    const runner = new ExecutorRunner({ executors: [executor], ledger });
    await expect(runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]))])).rejects.toThrow(/action ledger could not be written/);
    expect(calls).toHaveLength(0);
  });

  it('a transient error that outlasts the retries is retried with the delivery, which takes the claim over at once', async () => {
    const ledger = new MemoryActionLedger();
    const clock = Date.parse('2026-01-01T00:00:00Z');
    const b = bus();
    const { executor, calls } = counting('ASSIGN_CONTACT_CATEGORY', (n) => (n <= 3 ? Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) : undefined));
    const runner = new ExecutorRunner({ executors: [executor], ledger, bus: b.bus, clock: () => clock, sleep: async () => undefined });
    const inv = invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]));
    await expect(runner.run([inv])).rejects.toThrow(/ECONNREFUSED|after 3 attempts/);
    expect(b.events).toEqual([]); // not a final failure: no failure event
    expect((await runner.run([inv]))[0]!.status).toBe('SUCCEEDED');
    expect(calls).toHaveLength(4);
  });

  it('an outcome the ledger could not record is not acknowledged', async () => {
    const ledger = new MemoryActionLedger();
    ledger.complete = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const { executor, calls } = counting('ASSIGN_CONTACT_CATEGORY');
    const runner = new ExecutorRunner({ executors: [executor], ledger });
    await expect(runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]))])).rejects.toThrow(/could not be recorded/);
    expect(calls).toHaveLength(1);
  });

  it('a dead idempotent attempt is taken over and run again', async () => {
    const ledger = new MemoryActionLedger();
    const { executor, calls } = counting('ASSIGN_CONTACT_CATEGORY');
    const clock = Date.parse('2026-01-01T00:00:00Z');
    const runner = new ExecutorRunner({ executors: [executor], ledger, leaseMs: 1_000, clock: () => clock });
    const inv = invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]));
    await ledger.claim('post-call-1|rule-1|0', new Date(clock - 10_000), 1_000);
    expect((await runner.run([inv]))[0]!.status).toBe('SUCCEEDED');
    expect(calls).toHaveLength(1);
  });

  it('retries retryable errors with backoff, then succeeds', async () => {
    const delays: number[] = [];
    const { executor, calls } = counting('ASSIGN_CONTACT_CATEGORY', (n) => (n < 3 ? Object.assign(new Error('slow down'), { name: 'ThrottlingException' }) : undefined));
    const runner = new ExecutorRunner({ executors: [executor], sleep: async (ms) => void delays.push(ms), random: () => 1, retry: { attempts: 3, baseDelayMs: 100 } });
    const [out] = await runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [CATEGORY]))]);
    expect(out!.status).toBe('SUCCEEDED');
    expect(out!.detail).toContain('after 3 attempts');
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('a final failure emits the Action Execution Failed event and the other actions carry on', async () => {
    const b = bus();
    const failing = counting('GENERATE_EVENTBRIDGE_EVENT', () => new ActionError('ResourceNotFoundException', 'ContactFlowId provided does not belong to connect instance'));
    const ok = counting('ASSIGN_CONTACT_CATEGORY');
    const runner = new ExecutorRunner({ executors: [failing.executor, ok.executor], bus: b.bus, sleep: async () => undefined });
    const r = rule('OnPostCallAnalysisAvailable', [EB, CATEGORY]);
    const out = await runner.run([invocation(postCallEvent(), r, 0), invocation(postCallEvent(), r, 1)]);
    expect(out.map((o) => o.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(failing.calls).toHaveLength(1); // not retryable
    expect(b.events).toHaveLength(1);
    const e = b.events[0]!;
    expect(e.detailType).toBe(FAILURE_DETAIL_TYPE);
    expect(e.source).toBe('connect-rules');
    expect(e.resources).toEqual([invocation(postCallEvent(), r).instanceArn]);
    expect(e.detail).toMatchObject({
      ruleId: 'rule-1',
      actionType: 'GENERATE_EVENTBRIDGE_EVENT',
      triggerEvent: 'POST_CALL',
      reasonCode: 'ResourceNotFoundException',
      error: 'ContactFlowId provided does not belong to connect instance',
    });
    expect(JSON.parse(e.detail.additionalInfo as string)).toMatchObject({ code: 'ResourceNotFoundException', retryable: false });
    // The failure is recorded: a redelivery does not run it again.
    expect((await runner.run([invocation(postCallEvent(), r, 0)]))[0]!.status).toBe('DUPLICATE');
  });

  it('runs categories first and auto evaluations last, outcomes in the given order', async () => {
    const order: string[] = [];
    const mk = (t: ActionExecutor['type']) => counting(t, () => void order.push(t)).executor;
    const runner = new ExecutorRunner({ executors: [mk('SUBMIT_AUTO_EVALUATION'), mk('GENERATE_EVENTBRIDGE_EVENT'), mk('ASSIGN_CONTACT_CATEGORY')] });
    const r = rule('OnPostCallAnalysisAvailable', [EVAL, EB, CATEGORY]);
    const out = await runner.run([0, 1, 2].map((i) => invocation(postCallEvent(), r, i)));
    expect(order).toEqual(['ASSIGN_CONTACT_CATEGORY', 'GENERATE_EVENTBRIDGE_EVENT', 'SUBMIT_AUTO_EVALUATION']);
    expect(out.map((o) => o.type)).toEqual(['SUBMIT_AUTO_EVALUATION', 'GENERATE_EVENTBRIDGE_EVENT', 'ASSIGN_CONTACT_CATEGORY']);
  });

  it('loop detection: a rule that already acted in the chain is not run again', async () => {
    const { executor, calls } = counting('GENERATE_EVENTBRIDGE_EVENT');
    const runner = new ExecutorRunner({ executors: [executor] });
    const event = { ...postCallEvent(), Cascade: { Depth: 2, Rules: ['rule-0', 'rule-1'] } } as TriggerEvent;
    const [out] = await runner.run([invocation(event, rule('OnPostCallAnalysisAvailable', [EB]), 0, { depth: 2 })]);
    expect(out!.status).toBe('SKIPPED');
    expect(out!.detail).toContain('loop detected');
    expect(calls).toHaveLength(0);
  });

  it('depth limit: emitted events past it are dropped and the detail says so', async () => {
    const emitted: TriggerEvent = { EventSourceName: 'OnCaseUpdate', InstanceId: 'i', Case: { CaseId: 'c' } };
    const { executor } = counting('GENERATE_EVENTBRIDGE_EVENT', () => ({ emitted: [emitted] }));
    const runner = new ExecutorRunner({ executors: [executor], maxCascadeDepth: 2 });
    const [out] = await runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [EB]), 0, { depth: 2 })]);
    expect(out!.status).toBe('SUCCEEDED');
    expect(out!.emitted).toBeUndefined();
    expect(out!.detail).toContain('cascade depth limit 2 reached: 1 follow-up event(s) not emitted (OnCaseUpdate)');
  });

  it('an action type without executor is SKIPPED', async () => {
    const runner = new ExecutorRunner({ executors: [] });
    const [out] = await runner.run([invocation(postCallEvent(), rule('OnPostCallAnalysisAvailable', [EB]))]);
    expect(out).toMatchObject({ status: 'SKIPPED', detail: 'no executor is configured for GENERATE_EVENTBRIDGE_EVENT' });
  });

  it('classifies errors', () => {
    expect(isRetryable(Object.assign(new Error(), { name: 'ThrottlingException' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error(), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(Object.assign(new Error(), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error(), { name: 'ServiceQuotaExceededException' }))).toBe(false);
    expect(isRetryable(new ActionError('InvalidParameterException', 'x'))).toBe(false);
  });
});
