/**
 * The trigger event `eval` evaluates, from any one payload `replay` reads one event
 * from: an analysis file, real-time segments or a canonical event (buildTriggerEvent),
 * and through the ingestion adapters a Cases, Zendesk or Salesforce EventBridge event,
 * an evaluation export or a metric snapshot. What holds no single trigger event
 * (a contact event, an S3 notification, a Lambda batch) is refused with what to do.
 * Loaded with the command's action, not at start-up; the EventBridge adapters (Cases,
 * Zendesk, Salesforce, contact events) only for an EventBridge event.
 */
import type { BuildTriggerEventInput, RealtimeStream, TriggerEvent } from '../../engine/context/index.ts';
import { buildTriggerEvent, realtimeSnapshots, SourceMismatchError } from '../../engine/context/index.ts';
import { BadInputError } from '../../engine/ingest/errors.ts';
import { detectPayload, PAYLOAD_NAMES, type PayloadKind } from '../../engine/ingest/detect.ts';
import { evaluationExportToTriggerEvent } from '../../engine/ingest/evaluation.ts';
import { metricSnapshotToTriggerEvent } from '../../engine/ingest/metrics.ts';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { UsageError } from '../io.ts';

export interface EvalEventInput extends BuildTriggerEventInput {
  readonly eventFile: string;
  /** `--instance-id`: the instance of an event that names none (a Cases event names a Cases domain). */
  readonly instanceId?: string;
}

/** Payloads that hold no single trigger event, and what to do instead. */
const NOT_ONE_EVENT: Partial<Record<PayloadKind, string>> = {
  'kinesis-event': 'a batch of records: run it with `connect-rules replay`, which reads each record',
  'sqs-event': 'a batch of messages: run it with `connect-rules replay`, which reads each message',
  's3-notification': 'it names objects in a bucket, not an event: give the analysis file or evaluation export itself with --event',
};

/** The EventBridge router (engine/ingest/eventbridge.ts), loaded only by a caller that may meet an EventBridge event. */
export type EventBridgeRouter = typeof import('../../engine/ingest/eventbridge.ts').routeEventBridgeEvent;

/** The event to judge; for real-time segments also the points the pipeline judges them at (`stream`, whose `final` is `event`). */
export interface EvalEvent {
  readonly event: TriggerEvent;
  readonly readsContact: boolean;
  readonly stream?: RealtimeStream;
}

export async function evalTriggerEvent(input: EvalEventInput): Promise<EvalEvent> {
  const kind = detectPayload(input.event);
  const route = kind === 'eventbridge-event' ? (await import('../../engine/ingest/eventbridge.ts')).routeEventBridgeEvent : undefined;
  return triggerEventOf(input, route, kind);
}

/** evalTriggerEvent without waiting (the REPL's commands answer at once): `route` is the router, loaded beforehand. */
export function triggerEventOf(input: EvalEventInput, route: EventBridgeRouter | undefined, kind = detectPayload(input.event)): EvalEvent {
  const instead = NOT_ONE_EVENT[kind];
  if (instead) throw new UsageError(`${input.eventFile}: ${PAYLOAD_NAMES[kind]}; ${instead}`);
  try {
    switch (kind) {
      case 'eventbridge-event':
        if (!route) throw new Error('an EventBridge event and no router loaded (evalTriggerEvent loads it)');
        return { event: fromEventBridge(input, route), readsContact: false };
      case 'evaluation-export':
        return {
          event: agreeing(
            evaluationExportToTriggerEvent(input.event, input.contact, { file: input.eventFile, contactFile: input.contactFile, instanceId: input.instanceId }),
            input,
          ),
          readsContact: true,
        };
      case 'metric-snapshot':
        return { event: agreeing(metricSnapshotToTriggerEvent(input.event, { file: input.eventFile, instanceId: input.instanceId }), input), readsContact: false };
      case 'segment':
      case 'list': {
        const stream = realtimeSnapshots(input);
        return stream ? { event: stream.final, readsContact: true, stream } : { event: buildTriggerEvent(input), readsContact: true };
      }
      default:
        return { event: buildTriggerEvent(input), readsContact: true };
    }
  } catch (err) {
    if (err instanceof BadInputError && err.reason === 'unknown-instance') {
      // The Lambdas' wording speaks of configuration; here the fix is a flag.
      throw new UsageError(`${err.message.replace(/ and no default instance is configured$/, '')}: give it with --instance-id`);
    }
    throw err;
  }
}

function fromEventBridge(input: EvalEventInput, routeEventBridgeEvent: EventBridgeRouter): TriggerEvent {
  const directory = input.instanceId === undefined ? {} : { defaultInstanceId: input.instanceId };
  const route = routeEventBridgeEvent(input.event, directory, input.eventFile);
  switch (route.kind) {
    case 'trigger': {
      const wanted = input.source === undefined ? route.events : route.events.filter((e) => e.EventSourceName === input.source);
      if (wanted.length === 0) throw mismatch(input, route.events[0]!.EventSourceName, `an EventBridge event (${String((input.event as Record<string, unknown>)['detail-type'])})`);
      return wanted[0]!;
    }
    case 'contact-event':
      throw new UsageError(
        `${input.eventFile}: an Amazon Connect contact event: no rule is evaluated on it (it tells the engine about the contact); run it with \`connect-rules replay\` beside the contact's analysis file`,
      );
    case 'objects':
      throw new UsageError(`${input.eventFile}: ${PAYLOAD_NAMES['s3-notification']}; ${NOT_ONE_EVENT['s3-notification']}`);
    case 'ignored':
      throw new UsageError(`${input.eventFile}: no rule is evaluated on this event: ${route.reason}`);
  }
}

/** The event when it is of the source the rule (or --source) names. */
function agreeing(event: TriggerEvent, input: EvalEventInput): TriggerEvent {
  if (input.source !== undefined && event.EventSourceName !== input.source) throw mismatch(input, event.EventSourceName, PAYLOAD_NAMES[detectPayload(input.event)]);
  return event;
}

/** As buildTriggerEvent says it, so `eval` words it alike (eval-hints.ts). */
const mismatch = (input: EvalEventInput, detected: EventSourceName, what: string): SourceMismatchError =>
  new SourceMismatchError(input.eventFile, detected, input.source!, what);
