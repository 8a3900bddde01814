/**
 * The action runner the pipeline hands matched rules' actions to (`ActionRunner`):
 *
 * - dispatch by ActionType through a table of executors;
 * - exactly once per (eventKey, ruleId, actionIndex) through the ledger (a DynamoDB
 *   conditional write): a redelivery gets DUPLICATE with the first outcome, including
 *   the events it emitted (their EventIds are deterministic, so feeding them again is
 *   itself deduplicated downstream);
 * - retries with exponential backoff and full jitter for retryable errors;
 * - a final failure (an error that is not transient) emits `Amazon Connect Rules
 *   Action Execution Failed` on the event bus and the other actions carry on;
 * - an action whose outcome is not settled (its claim is held by another attempt that
 *   may still be running, the ledger cannot be written, a transient error outlasted
 *   the retries) is never reported as done: after the others ran, `run` throws
 *   `ActionsUnsettledError`, so the delivery fails and is retried (then dead-lettered);
 *   the retry takes a dead attempt's claim over once its lease has passed;
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
import { DEFAULT_MAX_CASCADE_DEPTH } from './settings.ts';
import type { ActionExecutor, ActionInvocation, ActionOutcome, ActionRunner } from './types.ts';

export const FAILURE_DETAIL_TYPE = 'Amazon Connect Rules Action Execution Failed';

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). Default 3. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

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
  /**
   * How long a claim holds before another attempt may take it over (default 5 min).
   * In Lambda (`registerLambdaContext`) a claim holds at most until the invocation's
   * deadline: past it the attempt is dead for sure, and that is also when the delivery's
   * idempotency record lets a redelivery in.
   */
  readonly leaseMs?: number;
  /** The wall clock of leases, ms (default Date.now; tests move it instead of waiting). */
  readonly clock?: () => number;
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

/** Why an action's outcome is not settled yet (the delivery must be retried). */
export interface UnsettledAction {
  readonly key: string;
  readonly type: ActionType;
  readonly ruleName: string;
  readonly reason: string;
}

/**
 * Some actions of the invocations have no settled outcome: the delivery must not be
 * acknowledged. Thrown by `run` after every other action ran (their outcomes are in
 * the ledger, so the retry gets them as DUPLICATE).
 */
export class ActionsUnsettledError extends Error {
  override readonly name = 'ActionsUnsettledError';
  constructor(
    readonly unsettled: readonly UnsettledAction[],
    readonly outcomes: readonly (ActionOutcome | undefined)[],
  ) {
    super(`${unsettled.length} action(s) without a settled outcome, the delivery is retried: ${unsettled.map((u) => `${u.ruleName}/${u.type}: ${u.reason}`).join('; ')}`);
  }
}

/** An action left unsettled by `settle` (internal). */
class Unsettled {
  constructor(readonly action: UnsettledAction) {}
}

export class ExecutorRunner implements ActionRunner {
  private readonly table: ReadonlyMap<ActionType, ActionExecutor>;
  readonly ledger: ActionLedger;
  private readonly retry: RetryPolicy;
  private readonly maxDepth: number;
  private readonly leaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => number;
  private remaining?: () => number;

  constructor(private readonly options: ExecutorRunnerOptions) {
    this.table = new Map(options.executors.map((e) => [e.type, e]));
    this.ledger = options.ledger ?? new MemoryActionLedger();
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxDepth = options.maxCascadeDepth ?? DEFAULT_MAX_CASCADE_DEPTH;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? Date.now;
  }

  /** The Lambda context of the invocation: claims hold until its deadline at most. */
  registerLambdaContext(context: unknown): void {
    const c = context as { getRemainingTimeInMillis?: () => number } | undefined;
    this.remaining = typeof c?.getRemainingTimeInMillis === 'function' ? () => c.getRemainingTimeInMillis!() : undefined;
  }

  /** How long a claim taken now holds. */
  private lease(): number {
    const left = this.remaining?.();
    return left !== undefined && Number.isFinite(left) ? Math.max(0, Math.min(this.leaseMs, left)) : this.leaseMs;
  }

  async observe(event: TriggerEvent): Promise<void> {
    await this.options.observe?.(event);
  }

  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    const order = invocations
      .map((inv, i) => ({ inv, i, phase: PHASE[inv.action.ActionType] ?? 1 }))
      .sort((a, b) => a.phase - b.phase || a.i - b.i);
    const out: (ActionOutcome | undefined)[] = new Array(invocations.length);
    const unsettled: UnsettledAction[] = [];
    for (const { inv, i } of order) {
      const r = await this.settle(inv);
      if (r instanceof Unsettled) unsettled.push(r.action);
      else out[i] = r;
    }
    if (unsettled.length > 0) throw new ActionsUnsettledError(unsettled, out);
    return out as ActionOutcome[];
  }

  /** Runs one invocation: an outcome (a failure is a FAILED one), or Unsettled when the outcome is not known. */
  private async settle(inv: ActionInvocation): Promise<ActionOutcome | Unsettled> {
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
    const unsettled = (reason: string) => new Unsettled({ key, type: inv.action.ActionType, ruleName: inv.rule.Name, reason });
    let claim;
    try {
      claim = await this.ledger.claim(key, new Date(this.clock()), this.lease());
    } catch (err) {
      // Without the ledger the action could run twice: it does not run now, the retry runs it.
      this.options.onError?.('action ledger unavailable', err);
      return unsettled(`the action ledger could not be written (${(err as Error).message})`);
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
      // Another attempt holds the claim: it may be running, or it died and its lease has not passed.
      return unsettled(`claimed by another attempt until ${claim.leaseUntil}`);
    }
    if (claim.state === 'taken-over' && !executor.idempotent) {
      const failed = await this.fail(
        inv,
        base,
        key,
        new ActionError(
          'ActionInterrupted',
          `an earlier attempt started at ${claim.previousStart ?? 'an unknown time'} ended without an outcome; ${inv.action.ActionType} is not idempotent, so it is not run again (at most once)`,
        ),
      );
      return (await this.record(key, claim.token, failed, inv)) ? failed : unsettled('its failure could not be recorded in the ledger');
    }

    const token = claim.token;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      let final: ActionOutcome;
      try {
        final = this.withCascade(inv, await executor.execute(inv), chain);
      } catch (err) {
        if (isRetryable(err) && attempt >= this.retry.attempts) {
          // Transient, and still failing: the outcome is unknown (the call may have had its
          // effect). The claim is given up so the retry takes it over at once.
          this.options.onError?.('action failed with a transient error after its retries; the delivery is retried', err);
          await this.ledger.release(key, token, new Date(this.clock())).catch(() => undefined);
          return unsettled(`${reasonCodeOf(err)} after ${attempt} attempts: ${(err as Error)?.message ?? String(err)}`);
        }
        if (!isRetryable(err)) {
          const suffix = attempt > 1 ? ` (after ${attempt} attempts)` : '';
          const failed = await this.fail(inv, base, key, err, suffix);
          return (await this.record(key, token, failed, inv)) ? failed : unsettled('its failure could not be recorded in the ledger');
        }
        const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(this.random() * cap);
        await this.ledger.renew(key, token, new Date(this.clock() + this.lease() + delay)).catch(() => undefined);
        await this.sleep(delay);
        continue;
      }
      // The effect happened; until the ledger says so, a retry would take it over and run it again.
      if (!(await this.record(key, token, final, inv))) return unsettled('its outcome could not be recorded in the ledger');
      return attempt > 1 ? { ...final, detail: `${final.detail} (after ${attempt} attempts)` } : final;
    }
  }

  /** Records an outcome in the ledger; false when it could not be written. */
  private async record(key: string, token: string, outcome: ActionOutcome, inv: ActionInvocation): Promise<boolean> {
    try {
      await this.ledger.complete(key, token, stored(outcome), inv.now);
      return true;
    } catch (err) {
      this.options.onError?.('ledger completion failed; the delivery is retried', err);
      return false;
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

  /** The FAILED outcome of a final failure, its failure event sent (the caller records it). */
  private async fail(inv: ActionInvocation, base: { type: ActionType; ruleName: string }, key: string, err: unknown, suffix = ''): Promise<ActionOutcome> {
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
