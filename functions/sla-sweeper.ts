/**
 * The SLA sweeper as a scheduled Lambda (e.g. every minute), for deployments whose
 * cases live on the engine's DynamoDB cases table: Active SLAs past their target time
 * become Overdue (each once, a conditional update) and their OnSlaBreach trigger
 * events are put on the engine's EventBridge bus as canonical events, where the
 * canonical-events ingestion handler runs them through the rules (on the `local`
 * stage: in the local outbox, functions/engine-bus-publisher.ts). With Amazon Connect
 * Cases as the back end, Cases tracks SLAs itself and this function is not needed.
 *
 * `createSlaSweeperHandler` is the handler with its parts given (tests, `serve` uses
 * functions/actions-local.ts instead). Deployed by deploy/functions.ts (`slaSweeper`).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { createLocalActionRuntime } from '../engine/actions/local/backend.ts';
import type { ActionRuntime } from '../engine/actions/runtime.ts';
import type { TriggerEvent } from '../engine/context/types.ts';
import { SLA_BREACH_DETAIL_TYPE } from '../engine/ingest/engine-bus.ts';
import { dynamoDbClientFromEnv } from '../storage/dynamodb-client.ts';
import { accountOverride, type InvocationContext } from './invocation.ts';
import { enginePublisherFromEnv, type EnginePublisher } from './engine-bus-publisher.ts';
import { regionFromEnv } from '../storage/aws-env.ts';

export { SLA_BREACH_DETAIL_TYPE };

export interface SlaSweeperParts {
  readonly runtime: Pick<ActionRuntime, 'sweepSlas'>;
  /** Where the breach events go: the engine bus, or the local outbox (functions/engine-bus-publisher.ts). */
  readonly publish: EnginePublisher;
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** Sweeps once; puts each breach event where engine events go; returns what it found. */
export function createSlaSweeperHandler(parts: SlaSweeperParts) {
  const logger = parts.logger ?? new Logger({ serviceName: 'connect-rules-sla-sweeper' });
  return async (): Promise<{ breached: number; events: TriggerEvent[] }> => {
    const now = (parts.clock ?? (() => new Date()))();
    const events = await parts.runtime.sweepSlas(now);
    const undelivered = events.length > 0 ? await parts.publish(SLA_BREACH_DETAIL_TYPE, events, now) : [];
    // The SLAs are Overdue already, so the next sweep will not find them again: log each
    // undelivered event in full (it can be resent to the canonical-events handler).
    for (const { event, errorCode } of undelivered) logger.error('SLA breach event not delivered', { errorCode, event });
    logger.info('SLA sweep', { at: now.toISOString(), breached: events.length });
    return { breached: events.length, events };
  };
}

let parts: SlaSweeperParts | undefined;

/** The scheduled handler: parts from the environment, built once per container (the account: the invoked function's, functions/invocation.ts). */
export async function sweepFromEnvironment(_event?: unknown, context?: InvocationContext): Promise<{ breached: number }> {
  if (!parts) {
    const region = regionFromEnv();
    const dynamoDb = dynamoDbClientFromEnv(region);
    // The cases table is the local back end's, the only one this function bundles.
    const runtime = createLocalActionRuntime({ dynamoDb, config: accountOverride(context) });
    const { publish } = enginePublisherFromEnv({ eventBridge: () => new EventBridgeClient({ region }), outbox: runtime.outbox, bus: runtime.config });
    parts = { runtime, publish };
  }
  const { breached } = await createSlaSweeperHandler(parts)();
  return { breached };
}
