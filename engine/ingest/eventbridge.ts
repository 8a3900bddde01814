/**
 * EventBridge events → what the pipeline does with them, by `source` and
 * `detail-type`:
 *
 * | event | route |
 * |---|---|
 * | `aws.cases` (`Amazon Connect Cases Change` / `…Event`) | OnCaseCreate, OnCaseUpdate, OnSlaBreach (cases.ts) |
 * | `aws.partner/zendesk.com/…` | OnZendeskTicketCreate, OnZendeskTicketStatusUpdate (third-party.ts) |
 * | `aws.partner/appflow/salesforce.com/…`, `aws.partner/salesforce.com/…` | OnSalesforceCaseCreate (third-party.ts) |
 * | `aws.connect` `Amazon Connect Contact Event` | contact facts for the contact's state (contact-events.ts) |
 * | `aws.s3` `Object Created` | the object, read like an S3 notification (s3.ts) |
 * | any source whose `detail` is a canonical trigger event | that event (EventId defaults to the EventBridge id) |
 * | any source whose `detail` is a metric snapshot | OnMetricDataUpdate (metrics.ts) |
 * | anything else | ignored |
 *
 * The envelope is checked against EVENTBRIDGE_EVENT (engine/ingest/envelopes.ts), and
 * its `detail` must be a JSON object ("detail: A JSON object that contains information
 * about the event", Amazon EventBridge User Guide, "Events"): a `null`, string or
 * missing detail is bad input (reported and dead-lettered), never ignored.
 */
import { isCanonicalEvent, loadCanonicalEvent } from '../context/canonical.ts';
import type { JsonObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';
import { casesEventToTriggerEvents, isCasesEvent } from './cases.ts';
import { contactEventFacts, isContactEvent, type ContactEventFacts } from './contact-events.ts';
import { BadInputError } from './errors.ts';
import { resolveInstance, type InstanceDirectory } from './instances.ts';
import { looksLikeMetricSnapshot, metricSnapshotToTriggerEvent } from './metrics.ts';
import { objectsFromNotification, type S3ObjectRef } from './s3.ts';
import { EVENTBRIDGE_EVENT } from './envelopes.ts';
import { firstProblem } from '../schema/check.ts';
import { isSalesforceEvent, isZendeskEvent, salesforceEventToTriggerEvents, zendeskEventToTriggerEvents } from './third-party.ts';

export type EventBridgeFamily = 'cases' | 'third-party' | 'contact-events' | 's3' | 'canonical' | 'metrics';

export type EventBridgeRoute =
  | { readonly kind: 'trigger'; readonly family: EventBridgeFamily; readonly events: readonly TriggerEvent[] }
  | { readonly kind: 'contact-event'; readonly facts: ContactEventFacts; readonly instanceId: string }
  | { readonly kind: 'objects'; readonly objects: readonly S3ObjectRef[] }
  | { readonly kind: 'ignored'; readonly family?: EventBridgeFamily; readonly reason: string };

/** `eventbridge:<id>`: the same on every redelivery of the event. */
export const eventBridgeDeliveryKey = (event: JsonObject): string => `eventbridge:${String(event.id)}`;

/** The family of an EventBridge event (undefined: none the engine reads). */
export function eventBridgeFamily(event: JsonObject): EventBridgeFamily | undefined {
  if (isCasesEvent(event)) return 'cases';
  if (isZendeskEvent(event) || isSalesforceEvent(event)) return 'third-party';
  if (isContactEvent(event)) return 'contact-events';
  if (event.source === 'aws.s3') return 's3';
  if (isCanonicalEvent(event.detail)) return 'canonical';
  if (looksLikeMetricSnapshot(event.detail)) return 'metrics';
  return undefined;
}

/** How the events of one family become a route (the envelope checked, `detail` a JSON object). */
export type FamilyRoute = (event: JsonObject, directory: InstanceDirectory, label: string) => EventBridgeRoute;

/**
 * The routes a caller reads, by family. A Lambda function names only its own
 * (functions/ingestors.ts), so its bundle holds only those families' adapters; the
 * others' events are still recognised (the family tests are small) and ignored.
 */
export type EventBridgeRoutes = { readonly [F in EventBridgeFamily]?: FamilyRoute };

export const casesRoute: FamilyRoute = (event, directory, label) => {
  const out = casesEventToTriggerEvents(event, directory, label);
  return 'ignored' in out ? { kind: 'ignored', family: 'cases', reason: out.ignored } : { kind: 'trigger', family: 'cases', events: load(out.events, label) };
};

export const thirdPartyRoute: FamilyRoute = (event, directory, label) => {
  const out = isZendeskEvent(event) ? zendeskEventToTriggerEvents(event, directory, label) : salesforceEventToTriggerEvents(event, directory, label);
  return 'ignored' in out ? { kind: 'ignored', family: 'third-party', reason: out.ignored } : { kind: 'trigger', family: 'third-party', events: load(out.events, label) };
};

export const contactEventsRoute: FamilyRoute = (event, directory, label) => {
  const facts = contactEventFacts(event, label);
  const fromArn = facts.instanceArn ? /:instance\/([^/]+)/.exec(facts.instanceArn)?.[1] : undefined;
  const instanceId = resolveInstance(directory, { instanceId: fromArn }, `${label} (contact event)`);
  return { kind: 'contact-event', facts, instanceId };
};

export const s3Route: FamilyRoute = (event, _directory, label) => {
  const out = objectsFromNotification(event, label);
  return out.objects.length === 0 ? { kind: 'ignored', family: 's3', reason: out.ignored ?? 'no object' } : { kind: 'objects', objects: out.objects };
};

export const canonicalRoute: FamilyRoute = (event, directory, label) => {
  const detail = event.detail as JsonObject;
  const loaded = loadCanonicalEvent({ EventId: String(event.id), ...detail }, { file: `${label} (detail)` });
  resolveInstance(directory, { instanceId: loaded.InstanceId }, label);
  return { kind: 'trigger', family: 'canonical', events: [loaded] };
};

export const metricsRoute: FamilyRoute = (event, directory, label) => {
  const trigger = metricSnapshotToTriggerEvent(event.detail, { file: `${label} (detail)`, instanceId: directory.defaultInstanceId });
  resolveInstance(directory, { instanceId: trigger.InstanceId }, label);
  return { kind: 'trigger', family: 'metrics', events: [trigger] };
};

/** Every family's route: the CLI, backtest and the whole Ingestor (replay, `serve`). */
export const ALL_ROUTES: EventBridgeRoutes = {
  cases: casesRoute,
  'third-party': thirdPartyRoute,
  'contact-events': contactEventsRoute,
  s3: s3Route,
  canonical: canonicalRoute,
  metrics: metricsRoute,
};

/**
 * Routes one EventBridge event by `routes`; events of a family with no route there
 * are ignored with the reason. Throws BadInputError / InputFormatError on bad input.
 */
export function routeEventBridgeEventBy(routes: EventBridgeRoutes, v: unknown, directory: InstanceDirectory, label: string): EventBridgeRoute {
  const problem = firstProblem(EVENTBRIDGE_EVENT, v);
  if (problem) throw new BadInputError('invalid-payload', `${label}: not an EventBridge event: ${problem}`);
  const event = v as JsonObject;
  const detail = event.detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    const got = detail === undefined ? 'none' : detail === null ? 'null' : Array.isArray(detail) ? 'an array' : `a ${typeof detail}`;
    throw new BadInputError('invalid-payload', `${label}: an EventBridge event's detail must be a JSON object, got ${got}`, '/detail');
  }
  const family = eventBridgeFamily(event);
  const name = `${String(event.source)} ${String(event['detail-type'])}`;
  if (!family) return { kind: 'ignored', reason: `no rule source reads ${name} events` };
  const route = routes[family];
  if (!route) return { kind: 'ignored', family, reason: `${name} events are not for this handler` };
  return route(event, directory, label);
}

/** Routes one EventBridge event by every family's route (see routeEventBridgeEventBy). */
export function routeEventBridgeEvent(v: unknown, directory: InstanceDirectory, label: string): EventBridgeRoute {
  return routeEventBridgeEventBy(ALL_ROUTES, v, directory, label);
}

/**
 * Adapter output through the canonical loader: checked, with the derived members
 * filled. Not copied first: the loader never changes its input (it copies what gains
 * a member), and the adapters build their events afresh, of plain JSON values and
 * nothing of the EventBridge event but its strings and numbers (eventbridge.test.ts,
 * canonical.test.ts hold both to it).
 */
function load(events: readonly TriggerEvent[], label: string): TriggerEvent[] {
  return events.map((e) => loadCanonicalEvent(e, { file: label }));
}
