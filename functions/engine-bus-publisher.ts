/**
 * Where the functions that produce trigger events by themselves (a manual
 * SubmitContactEvaluation, the SLA sweeper's breaches) put them: the engine's
 * EventBridge bus when deployed, where ingestCanonical runs them through the rules;
 * on the `local` stage (deploy/local-stage.ts sets `CONNECT_RULES_ENGINE_EVENTS=outbox`),
 * which has no EventBridge, the local outbox, the table `connect-rules outbox` reads,
 * where GENERATE_EVENTBRIDGE_EVENT actions land too. `connect-rules outbox
 * --lambda-event <id>` prints such an event as the EventBridge event ingestCanonical
 * receives, to run it with `osls invoke local -f ingestCanonical` (README "Serverless
 * local toolchain").
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { TriggerEvent } from '../engine/context/types.ts';
import type { EventBus } from '../engine/actions/backends.ts';

/** The variable that chooses the target, and its values (default `eventbridge`). */
export const ENGINE_EVENTS_VAR = 'CONNECT_RULES_ENGINE_EVENTS';
export const ENGINE_EVENTS_TARGETS = ['eventbridge', 'outbox'] as const;
export type EngineEventsTarget = (typeof ENGINE_EVENTS_TARGETS)[number];

export function engineEventsTarget(env: NodeJS.ProcessEnv = process.env): EngineEventsTarget {
  const value = env[ENGINE_EVENTS_VAR]?.trim() || 'eventbridge';
  if (!(ENGINE_EVENTS_TARGETS as readonly string[]).includes(value)) {
    throw new Error(`${ENGINE_EVENTS_VAR} must be ${ENGINE_EVENTS_TARGETS.join(' or ')}, got '${value}'`);
  }
  return value as EngineEventsTarget;
}

/** An event not delivered, with why (the caller logs it in full so it can be resent). */
export interface Undelivered {
  readonly event: TriggerEvent;
  readonly errorCode: string;
  readonly errorMessage?: string;
}

/** Puts canonical events of one detail-type; resolves with the ones not delivered, rejects when nothing could be tried. */
export type EnginePublisher = (detailType: string, events: readonly TriggerEvent[], time?: Date) => Promise<Undelivered[]>;

export interface EngineBus {
  readonly eventBusName: string;
  readonly eventSource: string;
}

const timeOf = (event: TriggerEvent, time?: Date) => time ?? (event.EventTime ? new Date(event.EventTime) : undefined);

/** PutEvents on the engine bus, 10 entries per call (its limit). */
export function eventBridgePublisher(eventBridge: EventBridgeClient, bus: EngineBus): EnginePublisher {
  return async (detailType, events, time) => {
    const undelivered: Undelivered[] = [];
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const out = await eventBridge.send(
        new PutEventsCommand({
          Entries: batch.map((event) => {
            const at = timeOf(event, time);
            return { EventBusName: bus.eventBusName, Source: bus.eventSource, DetailType: detailType, Detail: JSON.stringify(event), ...(at ? { Time: at } : {}) };
          }),
        }),
      );
      batch.forEach((event, k) => {
        const entry = out.Entries?.[k];
        if (entry?.ErrorCode || !entry?.EventId) undelivered.push({ event, errorCode: entry?.ErrorCode ?? 'NoEntry', ...(entry?.ErrorMessage ? { errorMessage: entry.ErrorMessage } : {}) });
      });
    }
    return undelivered;
  };
}

/** The local outbox: each event once under its EventId (a resent one is not doubled), as a GENERATE_EVENTBRIDGE_EVENT action's would be. */
export function outboxPublisher(outbox: Pick<EventBus, 'putEvent'>, bus: Pick<EngineBus, 'eventSource'>): EnginePublisher {
  return async (detailType, events, time) => {
    for (const event of events) {
      const at = timeOf(event, time) ?? new Date();
      await outbox.putEvent({
        id: event.EventId ?? `${event.EventSourceName}-${at.toISOString()}`,
        instanceId: event.InstanceId,
        source: bus.eventSource,
        detailType,
        detail: event as unknown as Record<string, unknown>,
        resources: [],
        time: at,
      });
    }
    return [];
  };
}

/** The publisher the environment chooses (`CONNECT_RULES_ENGINE_EVENTS`); the EventBridge client is made only when it is the target. */
export function enginePublisherFromEnv(
  parts: { eventBridge: () => EventBridgeClient; outbox: Pick<EventBus, 'putEvent'>; bus: EngineBus },
  env: NodeJS.ProcessEnv = process.env,
): { target: EngineEventsTarget; publish: EnginePublisher } {
  const target = engineEventsTarget(env);
  const publish = target === 'outbox' ? outboxPublisher(parts.outbox, parts.bus) : eventBridgePublisher(parts.eventBridge(), parts.bus);
  return { target, publish };
}
