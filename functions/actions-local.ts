/**
 * The action services of `connect-rules serve` and `replay`, on action tables the
 * caller made (engine/contacts/reindex.ts `ensureTablesIndexed`): the local back end and runner (engine/actions/runtime.ts), the users seed file, the
 * evaluation routes, and the SLA sweeper timer. Events the services produce by
 * themselves (a manual SubmitContactEvaluation, an SLA breach found by the sweeper)
 * go to the dispatcher, which runs them through the rules (the pipeline).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLocalActionRuntime, type LocalActionRuntime } from '../engine/actions/local/backend.ts';
import type { ActionsConfig } from '../engine/actions/settings.ts';
import type { UsersFile } from '../engine/actions/local/users.ts';
import type { TriggerEvent } from '../engine/context/types.ts';
import { cascadeOf } from '../engine/actions/runner.ts';
import { evaluationApi } from './evaluation-api.ts';
import type { BoundApi } from './http/connect-api.ts';

/** Runs trigger events through the published rules (and their actions). */
export type EventDispatcher = (events: readonly TriggerEvent[]) => Promise<void>;

/** What the pipeline's TriggerProcessor offers (engine/pipeline/process.ts), structurally. */
export interface TriggerEventProcessor {
  processTriggerEvent(event: TriggerEvent, options: { eventKey: string; depth?: number }): Promise<unknown>;
}

/**
 * A dispatcher over the pipeline's processor: each event with its EventId as the
 * exactly-once key, at the depth of its cascade chain (an SLA breach continues the
 * chain of the rule that assigned the SLA).
 */
export function processorDispatcher(processor: TriggerEventProcessor): EventDispatcher {
  return async (events) => {
    for (const event of events) {
      await processor.processTriggerEvent(event, {
        eventKey: event.EventId ?? `${event.EventSourceName}:${event.EventTime ?? ''}`,
        depth: cascadeOf(event)?.Depth ?? 0,
      });
    }
  };
}

export interface LocalActionsOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly config?: Partial<ActionsConfig>;
  /** A users seed file (examples/users.json), read and checked by the caller before anything started (`readUsersFileAt`), to put in the users table. */
  readonly users?: UsersFile;
  readonly onError?: (message: string, error: unknown) => void;
}

export interface LocalActions {
  readonly runtime: LocalActionRuntime;
  /** The evaluation routes on the local evaluation service, for the local server. */
  readonly evaluationApi: BoundApi;
  /** Where submitted evaluations and SLA breaches go (the pipeline); returns the previous one. */
  setDispatcher(dispatch: EventDispatcher | undefined): EventDispatcher | undefined;
  /** One sweep: overdue SLAs → OnSlaBreach events, dispatched; returns them. */
  sweep(now?: Date): Promise<TriggerEvent[]>;
  /** Sweeps every `intervalMs` (default 30 s) until stopped. */
  startSweeper(intervalMs?: number, clock?: () => Date): () => void;
}

export async function startLocalActions(options: LocalActionsOptions): Promise<LocalActions> {
  let dispatch: EventDispatcher | undefined;
  const dispatchEvents = async (events: readonly TriggerEvent[]) => {
    if (!dispatch || events.length === 0) return;
    try {
      await dispatch(events);
    } catch (err) {
      options.onError?.('dispatching trigger events failed', err);
    }
  };
  const runtime = createLocalActionRuntime({
    dynamoDb: options.dynamoDb,
    ...(options.config ? { config: options.config } : {}),
    onEvaluationSubmitted: (event) => dispatchEvents([event]),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  if (options.users) await runtime.users.put(options.users.InstanceId, options.users.Users);
  const sweep = async (now: Date = new Date()) => {
    const events = await runtime.sweepSlas(now);
    await dispatchEvents(events);
    return events;
  };
  return {
    runtime,
    evaluationApi: evaluationApi(runtime.evaluations),
    setDispatcher: (d) => {
      const previous = dispatch;
      dispatch = d;
      return previous;
    },
    sweep,
    startSweeper: (intervalMs = 30_000, clock = () => new Date()) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        sweep(clock())
          .catch((err: unknown) => options.onError?.('SLA sweep failed', err))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
