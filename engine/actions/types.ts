/**
 * The seam between the pipeline (which decides that a rule matched an event) and
 * the action executors (which make things happen). The pipeline builds one
 * invocation per action of each matched rule and hands them to an `ActionRunner`;
 * until real executors are configured, a recording runner reports what would run.
 */
import type { TriggerEvent } from '../context/types.ts';
import type { ActionType, RuleAction, StoredRule } from '../rules/model.ts';

export type ActionStatus =
  /** The action ran and did what it says. */
  | 'SUCCEEDED'
  /** The action failed for good (after its retries); the failure event was emitted. */
  | 'FAILED'
  /** Already run for this (event, rule, action): a redelivery or a retry (exactly once). */
  | 'DUPLICATE'
  /** Not run on purpose (a documented no-op, a dry run, a limit reached), with the reason in `detail`. */
  | 'SKIPPED'
  /** Recorded, not run: no executor is configured (the pipeline before the executors land, or --dry-run). */
  | 'RECORDED';

export interface ActionInvocation {
  /** The canonical trigger event the rule matched. */
  readonly event: TriggerEvent;
  /**
   * The identity of the event, the same across redeliveries (S3 object version,
   * Kinesis sequence number, EventBridge id, or the canonical EventId): with the rule
   * and the action index it is the exactly-once key.
   */
  readonly eventKey: string;
  readonly rule: StoredRule;
  readonly action: RuleAction;
  /** Position of `action` in `rule.Actions`. */
  readonly actionIndex: number;
  readonly instanceArn: string;
  /** The clock of this run (replay's --clock sets it). */
  readonly now: Date;
  /** 0 for upstream events; +1 for each event emitted by an action (cascades). */
  readonly depth: number;
}

export interface ActionOutcome {
  readonly type: ActionType;
  readonly ruleName: string;
  readonly status: ActionStatus;
  /** One line a user reads: what was done, or why not. */
  readonly detail: string;
  /** What the action produced (a task contact id, a case id, the event sent...). */
  readonly output?: Readonly<Record<string, unknown>>;
  /** Trigger events that follow from the action (case updated, SLA breached, evaluation submitted). */
  readonly emitted?: readonly TriggerEvent[];
}

/** Runs one action type. */
export interface ActionExecutor {
  readonly type: ActionType;
  /**
   * Running it twice for the same invocation has the effect of running it once (its
   * writes use deterministic ids or idempotency tokens). The runner re-runs only such
   * executors after a crashed attempt; the others fail instead of risking a repeat.
   */
  readonly idempotent?: boolean;
  execute(invocation: ActionInvocation): Promise<ActionOutcome>;
}

/** What the pipeline hands the actions of matched rules to. */
export interface ActionRunner {
  run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]>;
  /**
   * Sees every trigger event before its rules are evaluated, matched or not. The
   * local back ends use it to mirror what an upstream event describes (the case of
   * an aws.cases event), so actions on it work as they would on the real service.
   */
  observe?(event: TriggerEvent): Promise<void>;
  /** The Lambda context of the invocation (claims on actions hold until its deadline at most). */
  registerLambdaContext?(context: unknown): void;
}

/** Records what would run, runs nothing: the pipeline's runner until executors are configured. */
export class RecordingActionRunner implements ActionRunner {
  readonly recorded: ActionInvocation[] = [];

  async run(invocations: readonly ActionInvocation[]): Promise<readonly ActionOutcome[]> {
    this.recorded.push(...invocations);
    return invocations.map((i) => ({
      type: i.action.ActionType,
      ruleName: i.rule.Name,
      status: 'RECORDED' as const,
      detail: `would run ${i.action.ActionType} of rule ${i.rule.Name}`,
    }));
  }
}
