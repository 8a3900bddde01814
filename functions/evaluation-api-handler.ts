/**
 * The evaluation API (functions/evaluation-api.ts: the evaluation-form and
 * contact-evaluation operations of Amazon Connect on their REST paths) as one Lambda
 * function behind the HTTP API of the rules API (payload format 2.0), wrapped with
 * middy and the Powertools Logger. Same routes, same service as `connect-rules
 * serve`: `LocalEvaluationService` of the `local` action runtime
 * (engine/actions/local/backend.ts), on the engine's evaluations table, reading the contacts
 * table for the facts of the evaluated contact. Built once per container.
 *
 * A manual SubmitContactEvaluation stores the evaluation SUBMITTED, then puts its
 * OnContactEvaluationSubmit trigger event (the one `serve` hands to the pipeline) on
 * the engine's EventBridge bus as a canonical event (`detail` = the event, source
 * `CONNECT_RULES_EVENT_SOURCE`, bus `CONNECT_RULES_EVENT_BUS`), where the
 * `ingestCanonical` function runs it through the rules, with its retries and
 * dead-letter queue. No rule is evaluated here. On the `local` stage, which has no
 * EventBridge, the event goes to the local outbox instead (functions/engine-bus-publisher.ts),
 * whence `connect-rules outbox --lambda-event <id>` hands it to ingestCanonical.
 *
 * If the event cannot be put (after the SDK's retries), the evaluation stays
 * SUBMITTED and the request answers 500 (which the HTTP API 5xx alarm sees); the
 * event is logged in full at ERROR so it can be sent to the canonical-events function
 * by hand. A retried SubmitContactEvaluation then finds the evaluation SUBMITTED
 * (ResourceConflictException): the write and the put are not one transaction.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createLocalActionRuntime } from '../engine/actions/local/backend.ts';
import type { ActionsConfig } from '../engine/actions/settings.ts';
import type { TriggerEvent } from '../engine/context/types.ts';
import type { LocalEvaluationService } from '../engine/actions/evaluation/service.ts';
import { evaluationApi } from './evaluation-api.ts';
import { createConnectApi } from './http/connect-api.ts';
import { EVALUATION_SUBMITTED_DETAIL_TYPE } from '../engine/ingest/engine-bus.ts';
import { dynamoDbClientFromEnv } from '../storage/dynamodb-client.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { enginePublisherFromEnv, type EngineEventsTarget, type EnginePublisher } from './engine-bus-publisher.ts';
import { regionFromEnv } from '../storage/aws-env.ts';

/** `detail-type` of a submitted evaluation's trigger event on the engine bus (ingestCanonical reads any canonical `detail`). */
export { EVALUATION_SUBMITTED_DETAIL_TYPE };

export interface EvaluationApiParts {
  readonly dynamoDb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  /** Beyond the environment (engine/actions/settings.ts): tables, bus, source. The back end is always `local` (the only one bundled). */
  readonly config?: Partial<ActionsConfig>;
}

export interface EvaluationApiOptions {
  /** The clients and configuration, or a function giving them (called on the first request: Lambda cold start). */
  readonly parts: EvaluationApiParts | (() => EvaluationApiParts);
  readonly logger?: Logger;
}

/**
 * Puts a submitted evaluation's trigger event where engine events go (the bus, or the
 * local outbox: functions/engine-bus-publisher.ts); throws when it is not accepted.
 */
export function busPublisher(publish: EnginePublisher, bus: { eventBusName: string; target?: EngineEventsTarget }, logger: Logger) {
  const where = bus.target === 'outbox' ? 'the local outbox' : 'the engine bus';
  return async (event: TriggerEvent): Promise<void> => {
    const what = { eventId: event.EventId, eventBusName: bus.eventBusName, event };
    const notDelivered = 'OnContactEvaluationSubmit event not delivered: the evaluation is SUBMITTED, send this event to the canonical-events function';
    let undelivered;
    try {
      undelivered = await publish(EVALUATION_SUBMITTED_DETAIL_TYPE, [event]);
    } catch (err) {
      logger.error(notDelivered, { ...what, error: err as Error });
      throw err;
    }
    const failed = undelivered[0];
    if (failed) {
      logger.error(notDelivered, { ...what, errorCode: failed.errorCode, errorMessage: failed.errorMessage });
      throw new Error(`PutEvents refused the OnContactEvaluationSubmit event ${event.EventId}: ${failed.errorCode} ${failed.errorMessage ?? ''}`.trim());
    }
    logger.info(`OnContactEvaluationSubmit event put on ${where}`, { eventId: event.EventId });
  };
}

/** A middy handler serving the evaluation routes; the service is built on the first request. */
export function createEvaluationApiHandler(options: EvaluationApiOptions) {
  const logger = options.logger ?? new Logger({ serviceName: 'connect-rules-evaluation-api' });
  let built: { service: LocalEvaluationService; accountId: string } | undefined;
  // Synchronous, so the caller's account is known before the service is called; a failure is retried next request.
  const build = () => {
    if (built) return built;
    const parts = typeof options.parts === 'function' ? options.parts() : options.parts;
    // The publisher may write to the runtime's outbox, so it is bound once the runtime exists (before any request is served).
    let submitted: ((event: TriggerEvent) => Promise<void>) | undefined;
    const runtime = createLocalActionRuntime({ dynamoDb: parts.dynamoDb, config: parts.config, onEvaluationSubmitted: (event) => submitted!(event) });
    const { config } = runtime;
    const { target, publish } = enginePublisherFromEnv({ eventBridge: () => parts.eventBridge, outbox: runtime.outbox, bus: config });
    submitted = busPublisher(publish, { eventBusName: config.eventBusName, target }, logger);
    return (built = { service: runtime.evaluations, accountId: config.accountId });
  };
  return createConnectApi({ name: 'evaluation API', apis: [evaluationApi(() => build().service)], accountId: () => build().accountId, logger });
}

/** The parts of the deployed function, from the environment (`AWS_ENDPOINT_URL_DYNAMODB`, or the older `DYNAMODB_ENDPOINT`, overrides the endpoint). */
function partsFromEnvironment(): EvaluationApiParts {
  const region = regionFromEnv();
  return {
    dynamoDb: dynamoDbClientFromEnv(region),
    eventBridge: new EventBridgeClient({ region }),
  };
}

/** The deployed Lambda handler, built on the first invocation: the account is the invoked function's (functions/invocation.ts). */
export const handler = lazyHandler((context) =>
  createEvaluationApiHandler({ parts: () => ({ ...partsFromEnvironment(), config: accountOverride(context) }) }),
);
