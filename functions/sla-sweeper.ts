/**
 * The SLA sweeper as a scheduled Lambda (e.g. every minute), for deployments whose
 * cases live on the engine's DynamoDB cases table: Active SLAs past their target time
 * become Overdue (each once, a conditional update) and their OnSlaBreach trigger
 * events are put on the engine's EventBridge bus as canonical events, where the
 * canonical-events ingestion handler runs them through the rules. With Amazon Connect
 * Cases as the back end, Cases tracks SLAs itself and this function is not needed.
 *
 * `createSlaSweeperHandler` is the handler with its parts given (tests, `serve` uses
 * functions/actions-local.ts instead). Deploying it needs a FUNCTIONS entry in
 * deploy/functions.ts (schedule, `cases` readwrite, `engineBus:putEvents`, the bus
 * name in `CONNECT_RULES_EVENT_BUS`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { createActionRuntime, type ActionRuntime } from '../engine/actions/config.ts';
import type { TriggerEvent } from '../engine/context/types.ts';
import { SLA_BREACH_DETAIL_TYPE } from '../engine/ingest/engine-bus.ts';
import { endpointFromEnv } from '../storage/endpoints.ts';
import { accountOverride, type InvocationContext } from './invocation.ts';

export { SLA_BREACH_DETAIL_TYPE };

export interface SlaSweeperParts {
  readonly runtime: Pick<ActionRuntime, 'sweepSlas' | 'config'>;
  readonly eventBridge: EventBridgeClient;
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

/** Sweeps once; puts each breach event on the bus (10 per PutEvents call); returns what it sent. */
export function createSlaSweeperHandler(parts: SlaSweeperParts) {
  const logger = parts.logger ?? new Logger({ serviceName: 'connect-rules-sla-sweeper' });
  return async (): Promise<{ breached: number; events: TriggerEvent[] }> => {
    const now = (parts.clock ?? (() => new Date()))();
    const events = await parts.runtime.sweepSlas(now);
    const { eventSource, eventBusName } = parts.runtime.config;
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const out = await parts.eventBridge.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({ Source: eventSource, DetailType: SLA_BREACH_DETAIL_TYPE, Detail: JSON.stringify(e), Time: now, EventBusName: eventBusName })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        // The SLAs are Overdue already, so the next sweep will not find them again: log each
        // undelivered event in full (it can be resent to the canonical-events handler).
        out.Entries?.forEach((entry, k) => {
          if (entry.ErrorCode) logger.error('SLA breach event not delivered', { errorCode: entry.ErrorCode, event: batch[k] });
        });
      }
    }
    logger.info('SLA sweep', { at: now.toISOString(), breached: events.length });
    return { breached: events.length, events };
  };
}

let parts: SlaSweeperParts | undefined;

/** The scheduled handler: parts from the environment, built once per container (the account: the invoked function's, functions/invocation.ts). */
export async function sweepFromEnvironment(_event?: unknown, context?: InvocationContext): Promise<{ breached: number }> {
  if (!parts) {
    const endpoint = endpointFromEnv('DYNAMODB');
    const region = process.env.AWS_REGION ?? 'us-east-1';
    const dynamoDb = new DynamoDBClient(endpoint ? { endpoint, region } : { region });
    parts = {
      runtime: createActionRuntime({ dynamoDb, config: { backend: 'local', ...accountOverride(context) } }),
      eventBridge: new EventBridgeClient({ region }),
    };
  }
  const { breached } = await createSlaSweeperHandler(parts)();
  return { breached };
}
