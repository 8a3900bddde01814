/**
 * The action runner the pipeline hands matched rules' actions to (`ActionRunner`):
 *
 * - dispatch by ActionType through a table of executors;
 * - exactly once per (eventKey, ruleId, actionIndex) through the ledger (a DynamoDB
 *   conditional write): a redelivery gets DUPLICATE with the first outcome, including
 *   the events it emitted (their EventIds are deterministic, so feeding them again is
 *   itself deduplicated downstream);
 * - retries with exponential backoff and full jitter for retryable errors;
 * - a final failure emits `Amazon Connect Rules Action Execution Failed` on the event
 *   bus and the other actions carry on;
 * - cascades: events the actions emit are stamped with `Cascade` (depth, the rules that
 *   acted so far) and returned in `emitted` for the pipeline to feed back; past the
 *   depth limit they are dropped, and a rule that already acted in an event's chain is
 *   not run again on it (loop detection), each said in the outcome's detail.
 *
 * Order: category assignments run first and auto-evaluations last (an evaluation reads
 * the categories of the contact); outcomes come back in the order of the invocations.
 */
import type { TriggerEvent } from '../context/types.ts';
import type { ActionType } from '../rules/model.ts';
import { ActionError, type CascadeInfo, type EventBus } from './backends.ts';
import { stableUuid } from './ids.ts';
import { ledgerKey, MemoryActionLedger, type ActionLedger, type StoredOutcome } from './ledger.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome, ActionRunner } from './types.ts';

export const FAILURE_DETAIL_TYPE = 'Amazon Connect Rules Action Execution Failed';

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). Default 3. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
/** The same default as the pipeline's (engine/pipeline/process.ts): events emitted deeper are dropped. */
export const DEFAULT_MAX_CASCADE_DEPTH = 5;

export interface ExecutorRunnerOptions {
  readonly executors: readonly ActionExecutor[];
  /** Default: in memory (one process). */
  readonly ledger?: ActionLedger;
  /** Where failure events go (EventBridge deployed, the outbox locally). */
  readonly bus?: EventBus;
  /** `source` of failure events (default `connect-rules`: `aws.` sources are AWS's own). */
  readonly eventSource?: string;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxCascadeDepth?: number;
  /** How long a claim holds before another attempt may take it over (default 5 min). */
  readonly leaseMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Sees every trigger event before its rules run (ActionRunner.observe). */
  readonly observe?: (event: TriggerEvent) => Promise<void>;
  readonly random?: () => number;
  readonly onError?: (message: string, error: unknown) => void;
}

/** Where the trigger event came from, for the failure event's `triggerEvent` (documented: the first four). */
export const TRIGGER_EVENT_NAMES: Readonly<Record<string, string>> = {
  OnRealTimeCallAnalysisAvailable: 'REAL_TIME_CALL',
  OnPostCallAnalysisAvailable: 'POST_CALL',
  OnPostChatAnalysisAvailable: 'POST_CHAT',
  OnZendeskTicketCreate: 'THIRD_PARTY',
  OnZendeskTicketStatusUpdate: 'THIRD_PARTY',
  OnSalesforceCaseCreate: 'THIRD_PARTY',
  OnRealTimeChatAnalysisAvailable: 'REAL_TIME_CHAT',
  OnEmailAnalysisAvailable: 'EMAIL',
  OnContactEvaluationSubmit: 'CONTACT_EVALUATION',
  OnMetricDataUpdate: 'METRIC_DATA',
  OnCaseCreate: 'CASE',
  OnCaseUpdate: 'CASE',
  OnSlaBreach: 'SLA_BREACH',
};

const PHASE: Partial<Record<ActionType, number>> = { ASSIGN_CONTACT_CATEGORY: 0, SUBMIT_AUTO_EVALUATION: 2 };

const RETRYABLE_NAMES = /Throttl|TooManyRequests|ProvisionedThroughputExceeded|RequestLimitExceeded|InternalServ|ServiceUnavailable|TransactionConflict|LimitExceededException$|^TimeoutError$/;
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Whether an error is worth another attempt. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ActionError) return err.retryable;
  const e = err as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e?.$retryable) return true;
  if ((e?.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  return typeof e?.name === 'string' && RETRYABLE_NAMES.test(e.name) && e.name !== 'ServiceQuotaExceededException';
}

export function reasonCodeOf(err: unknown): string {
  if (err instanceof ActionError) return err.reasonCode;
  const name = (err as { name?: string })?.name;
  return name && name !== 'Error' ? name : 'InternalServiceException';
}

/** The cascade information of an event (absent for upstream events). */
export function cascadeOf(event: TriggerEvent): CascadeInfo | undefined {
  const c = (event as { Cascade?: CascadeInfo }).Cascade;
  return c && typeof c === 'object' && Array.isArray(c.Rules) ? c : undefined;
}

export class ExecutorRunner implements ActionRunner {
  private readonly table: ReadonlyMap<ActionType, ActionExecutor>;
  readonly ledger: ActionLedger;
  private readonly retry: RetryPolicy;
  private readonly maxDepth: number;
  private readonly leaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ExecutorRunnerOptions) {
    this.table = new Map(options.executors.map((e) => [e.type, e]));
    this.ledger = options.ledger ?? new MemoryActionLedger();
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxDepth = options.maxCascadeDepth ?? DEFAULT_MAX_CASCADE_DEPTH;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
  }

  async observe(event: TriggerEvent): Promise<void> {
    await this.options.observe?.(event);
  }

  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    const order = invocations
      .map((inv, i) => ({ inv, i, phase: PHASE[inv.action.ActionType] ?? 1 }))
      .sort((a, b) => a.phase - b.phase || a.i - b.i);
    const out: ActionOutcome[] = new Array(invocations.length);
    for (const { inv, i } of order) out[i] = await this.runOne(inv);
    return out;
  }

  /** Runs one invocation: never throws (a failure is a FAILED outcome). */
  async runOne(inv: ActionInvocation): Promise<ActionOutcome> {
    const base = { type: inv.action.ActionType, ruleName: inv.rule.Name };
    const executor = this.table.get(inv.action.ActionType);
    if (!executor) return { ...base, status: 'SKIPPED', detail: `no executor is configured for ${inv.action.ActionType}` };

    const chain = cascadeOf(inv.event)?.Rules ?? [];
    if (chain.includes(inv.rule.RuleId)) {
      return {
        ...base,
        status: 'SKIPPED',
        detail: `loop detected: rule ${inv.rule.Name} already acted in the chain of events that led here (depth ${inv.depth}); not run again`,
        output: { loop: true, chain: [...chain] },
      };
    }

    const key = ledgerKey(inv.eventKey, inv.rule.RuleId, inv.actionIndex);
    let claim;
    try {
      claim = await this.ledger.claim(key, inv.now, this.leaseMs);
    } catch (err) {
      // Without the ledger, running could repeat the action: fail it instead (at most once).
      this.options.onError?.('action ledger unavailable', err);
      return this.fail(inv, base, undefined, key, new ActionError('LedgerUnavailable', `the action ledger could not be written: ${(err as Error).message}`));
    }
    if (claim.state === 'done') {
      const first = claim.outcome;
      return {
        ...base,
        status: 'DUPLICATE',
        detail: `already run for this event (first outcome ${first.status}: ${first.detail})`,
        ...(first.output ? { output: first.output } : {}),
        ...(first.emitted && first.emitted.length > 0 ? { emitted: first.emitted } : {}),
      };
    }
    if (claim.state === 'running') {
      return { ...base, status: 'DUPLICATE', detail: `already running for this event elsewhere (claim held until ${claim.leaseUntil})` };
    }
    if (claim.state === 'taken-over' && !executor.idempotent) {
      return this.fail(
        inv,
        base,
        claim.token,
        key,
        new ActionError(
          'ActionInterrupted',
          `an earlier attempt started at ${claim.previousStart ?? 'an unknown time'} ended without an outcome; ${inv.action.ActionType} is not idempotent, so it is not run again (at most once)`,
        ),
      );
    }

    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        const outcome = await executor.execute(inv);
        const final = this.withCascade(inv, outcome, chain);
        await this.ledger.complete(key, claim.token, stored(final), inv.now).catch((err: unknown) => this.options.onError?.('ledger completion failed', err));
        return attempt > 1 ? { ...final, detail: `${final.detail} (after ${attempt} attempts)` } : final;
      } catch (err) {
        if (attempt >= this.retry.attempts || !isRetryable(err)) {
          const suffix = attempt > 1 ? ` (after ${attempt} attempts)` : '';
          return this.fail(inv, base, claim.token, key, err, suffix);
        }
        const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(this.random() * cap);
        await this.ledger.renew(key, claim.token, new Date(Date.now() + this.leaseMs + delay)).catch(() => undefined);
        await this.sleep(delay);
      }
    }
  }

  private withCascade(inv: ActionInvocation, outcome: ActionOutcome, chain: readonly string[]): ActionOutcome {
    const emitted = outcome.emitted ?? [];
    if (emitted.length === 0) return outcome;
    // Events from the SLA sweeper come in at depth 0 but carry the depth of their chain.
    const depth = Math.max(inv.depth, cascadeOf(inv.event)?.Depth ?? 0) + 1;
    if (depth > this.maxDepth) {
      const { emitted: _dropped, ...rest } = outcome;
      return {
        ...rest,
        detail: `${outcome.detail}; cascade depth limit ${this.maxDepth} reached: ${emitted.length} follow-up event(s) not emitted (${emitted.map((e) => e.EventSourceName).join(', ')})`,
      };
    }
    const cascade: CascadeInfo = { Depth: depth, Rules: [...chain, inv.rule.RuleId], ParentEventKey: inv.eventKey };
    return {
      ...outcome,
      emitted: emitted.map((e, i) => ({
        ...e,
        EventId: e.EventId ?? stableUuid('emitted', inv.eventKey, inv.rule.RuleId, inv.actionIndex, i),
        Cascade: cascade,
      })),
    };
  }

  private async fail(
    inv: ActionInvocation,
    base: { type: ActionType; ruleName: string },
    token: string | undefined,
    key: string,
    err: unknown,
    suffix = '',
  ): Promise<ActionOutcome> {
    const reasonCode = reasonCodeOf(err);
    const message = (err as Error)?.message ?? String(err);
    const detail = {
      ruleId: inv.rule.RuleId,
      actionType: inv.action.ActionType,
      triggerEvent: TRIGGER_EVENT_NAMES[inv.event.EventSourceName] ?? inv.event.EventSourceName,
      instanceArn: inv.instanceArn,
      reasonCode,
      error: message,
      additionalInfo: JSON.stringify({
        message,
        code: reasonCode,
        statusCode: (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode,
        time: inv.now.toISOString(),
        requestId: (err as { $metadata?: { requestId?: string } })?.$metadata?.requestId,
        retryable: isRetryable(err),
      }),
    };
    const failureEvent = {
      source: this.options.eventSource ?? 'connect-rules',
      'detail-type': FAILURE_DETAIL_TYPE,
      resources: [inv.instanceArn],
      detail,
    };
    let sent = false;
    if (this.options.bus) {
      try {
        await this.options.bus.putEvent({
          source: failureEvent.source,
          detailType: FAILURE_DETAIL_TYPE,
          detail,
          resources: failureEvent.resources,
          time: inv.now,
          instanceId: inv.event.InstanceId,
          id: stableUuid('failure', key),
        });
        sent = true;
      } catch (busErr) {
        this.options.onError?.('the action failure event could not be sent', busErr);
      }
    }
    const outcome: ActionOutcome = {
      ...base,
      status: 'FAILED',
      detail: `${reasonCode}: ${message}${suffix}${sent ? '' : this.options.bus ? ' (the failure event could not be sent)' : ''}`,
      output: { reasonCode, failureEvent },
    };
    if (token) await this.ledger.complete(key, token, stored(outcome), inv.now).catch((e: unknown) => this.options.onError?.('ledger completion failed', e));
    return outcome;
  }
}

function stored(o: ActionOutcome): StoredOutcome {
  return {
    status: o.status,
    detail: o.detail,
    ...(o.output ? { output: o.output } : {}),
    ...(o.emitted && o.emitted.length > 0 ? { emitted: o.emitted } : {}),
  };
}
