/**
 * Payloads that are trigger events already or carry them: canonical trigger events,
 * metric snapshots, EventBridge events (Cases, third-party, contact events, S3
 * Object Created, canonical events or snapshots in `detail`) and S3 notifications,
 * whose objects go to the contact join.
 */
import { loadCanonicalEvent } from '../context/canonical.ts';
import { normaliseContactRecord } from '../context/contact-record.ts';
import { joinContactRecord } from '../context/join.ts';
import type { TriggerEvent } from '../context/types.ts';
import { requireKnownInstance } from '../ingest/instances.ts';
import { isObject, type JsonObject } from '../context/json.ts';
import { eventBridgeDeliveryKey, routeEventBridgeEventBy, type EventBridgeFamily, type EventBridgeRoutes } from '../ingest/eventbridge.ts';
import { agentRowsWithoutQueue, type metricSnapshotToTriggerEvent } from '../ingest/metrics.ts';
import type { objectsFromNotification, S3ObjectRef } from '../ingest/s3.ts';
import type { ContactEventIngest } from './contact-events.ts';
import type { ContactJoin } from './contact-join.ts';
import type { IngestCore } from './ingest-core.ts';
import { contactTags, contentKey, flatten, type Evaluation, type IngestOptions, type IngestResult } from './ingest-result.ts';
import { contactIdOf } from './process.ts';
import type { StoredContactRecord } from './state-store.ts';
import { contactStartMillis } from '../rules/new-contacts.ts';
import type { ActiveRuleSet } from '../rules/published-rules.ts';

/** The log line of a snapshot with agent rows that name no queue (docs/pipeline.md "Metric snapshots"). */
export const AGENT_ROWS_WITHOUT_QUEUE = 'agent rows name no queue: AGENT_ACTIVITY conditions filtered by queue do not apply to them';

/**
 * What an EventIngest reads, each part given by its builder: a Lambda function gives
 * only its own (functions/ingestors.ts), so its bundle holds only their adapters; the
 * whole Ingestor gives all. A payload that needs a part not given fails with an Error
 * naming it (the function was wired wrong; its events are not ignored in silence).
 */
export interface EventParts {
  /** The EventBridge routes by family (engine/ingest/eventbridge.ts); events of other families are ignored. */
  readonly routes: EventBridgeRoutes;
  /** A bare metric snapshot's trigger event (engine/ingest/metrics.ts). */
  readonly snapshot?: typeof metricSnapshotToTriggerEvent;
  /** A bare S3 notification's objects (engine/ingest/s3.ts), which go to `objects`. */
  readonly notification?: typeof objectsFromNotification;
  /** Joins a contact-based event with its contact's stored record (`joinStoredContact`). */
  readonly contacts?: typeof joinStoredContact;
  /** Where contact events go. */
  readonly contactEvents?: ContactEventIngest;
  /** Where S3 objects go (the contact join). */
  readonly objects?: ContactJoin;
}

/** A loaded trigger event joined with its contact's stored record (CTR or DescribeContact response); `loaded` is not changed. */
export function joinStoredContact(loaded: TriggerEvent, contact: StoredContactRecord): TriggerEvent {
  // joined onto the loaded event: loading it again would check its whole envelope a second time
  return joinContactRecord(loaded, normaliseContactRecord(contact.record, 'the contact record'), 'the contact record');
}

export class EventIngest {
  /**
   * The families it reads: its routes', and `metrics` with the bare snapshot part. A
   * handler takes bare payloads (canonical events, snapshots) of these only.
   */
  readonly families: ReadonlySet<EventBridgeFamily>;

  constructor(
    private readonly core: IngestCore,
    private readonly parts: EventParts,
  ) {
    const routed = Object.keys(parts.routes) as EventBridgeFamily[];
    this.families = new Set(parts.snapshot ? [...routed, 'metrics'] : routed);
  }

  private part<K extends Exclude<keyof EventParts, 'routes'>>(name: K, what: string): NonNullable<EventParts[K]> {
    const part = this.parts[name];
    if (!part) throw new Error(`${what}: this ingestor was built without its ${name} part (functions/ingestors.ts)`);
    return part as NonNullable<EventParts[K]>;
  }

  /** A canonical trigger event (docs/canonical-events.md). Delivery key: `event:<EventId>`, else the content hash. */
  triggerEvent(payload: unknown, options: IngestOptions): Promise<IngestResult> {
    const eventId = isObject(payload) && typeof payload.EventId === 'string' ? payload.EventId : undefined;
    const deliveryKey = options.deliveryKey ?? (eventId ? `event:${eventId}` : contentKey(payload));
    const source = isObject(payload) && typeof payload.EventSourceName === 'string' ? payload.EventSourceName : 'CanonicalEvent';
    this.core.deps.telemetry.count('EventsReceived', source);
    return this.core.once(deliveryKey, source, options.label, async () => {
      const loaded = loadCanonicalEvent(payload, { file: options.label });
      const evaluations = await this.evaluateEvents([loaded], deliveryKey, options.label);
      return {
        kind: 'canonical-event',
        status: 'evaluated',
        label: options.label,
        deliveryKey,
        source: loaded.EventSourceName,
        instanceId: loaded.InstanceId,
        ...(contactIdOf(loaded) ? { contactId: contactIdOf(loaded) } : {}),
        evaluations,
      };
    });
  }

  /** A metric snapshot (engine/ingest/metrics.ts). Delivery key: `metrics:<instance>:<SnapshotTime>`. */
  metricSnapshot(payload: unknown, options: IngestOptions): Promise<IngestResult> {
    this.core.deps.telemetry.count('EventsReceived', 'OnMetricDataUpdate');
    const event = this.part('snapshot', 'a metric snapshot')(payload, { file: options.label, instanceId: this.core.deps.config.instances.defaultInstanceId });
    const deliveryKey = options.deliveryKey ?? `event:${event.EventId}`;
    return this.core.once(deliveryKey, 'OnMetricDataUpdate', options.label, async () => {
      // not copied: the adapter's event is plain JSON of its own, which the loader never changes (engine/ingest/eventbridge.ts `load`)
      const loaded = loadCanonicalEvent(event, { file: options.label });
      const evaluations = await this.evaluateEvents([loaded], deliveryKey, options.label);
      return { kind: 'metric-snapshot', status: 'evaluated', label: options.label, deliveryKey, source: 'OnMetricDataUpdate', instanceId: loaded.InstanceId, evaluations };
    });
  }

  /**
   * An EventBridge event: Cases, third-party, contact events, S3 Object Created,
   * canonical events or snapshots in `detail` (engine/ingest/eventbridge.ts). Events
   * of a family without a route here are ignored.
   */
  async eventBridge(payload: unknown, options: IngestOptions): Promise<IngestResult[]> {
    const event = payload as JsonObject;
    const deliveryKey = options.deliveryKey ?? (isObject(payload) && typeof payload.id === 'string' ? eventBridgeDeliveryKey(event) : contentKey(payload));
    const route = routeEventBridgeEventBy(this.parts.routes, payload, this.core.deps.config.instances, options.label);
    switch (route.kind) {
      case 'ignored': {
        this.core.deps.telemetry.count('EventsReceived', 'EventBridge');
        this.core.deps.telemetry.count('Ignored', 'EventBridge');
        return [{ kind: 'eventbridge-event', status: 'ignored', label: options.label, deliveryKey, source: 'EventBridge', detail: route.reason, evaluations: [] }];
      }
      case 'contact-event':
        return [await this.part('contactEvents', 'a contact event').contactEvent(route.facts, route.instanceId, { label: options.label, deliveryKey })];
      case 'objects':
        return Promise.all(route.objects.map((ref: S3ObjectRef) => this.part('objects', 'an S3 object').contactObject(ref, {})));
      case 'trigger': {
        const source = route.events[0]?.EventSourceName ?? 'EventBridge';
        this.core.deps.telemetry.count('EventsReceived', source);
        return [
          await this.core.once(deliveryKey, source, options.label, async () => ({
            kind: 'eventbridge-event',
            status: 'evaluated',
            label: options.label,
            deliveryKey,
            source,
            instanceId: route.events[0]?.InstanceId,
            evaluations: await this.evaluateEvents(route.events, deliveryKey, options.label),
          })),
        ];
      }
    }
  }

  /** Evaluates trigger events (already loaded), joining the contact's stored record for contact-based sources. */
  private async evaluateEvents(events: readonly TriggerEvent[], deliveryKey: string, label: string): Promise<Evaluation[]> {
    const out: Evaluation[] = [];
    for (const [i, loaded] of events.entries()) {
      requireKnownInstance(this.core.deps.config.instances, loaded.InstanceId, label);
      // a snapshot's rule set is read first (then handed on), to know whether its unqueued agent rows matter
      const ruleSet = loaded.EventSourceName === 'OnMetricDataUpdate' ? await this.countAgentsWithoutQueue(loaded, label) : undefined;
      const contactId = contactIdOf(loaded);
      let contact: StoredContactRecord | undefined;
      let event = loaded;
      if (contactId) {
        // the part first: an ingestor without it fails before reading any state
        const join = this.part('contacts', `${label}: an ${loaded.EventSourceName} event`);
        contact = await this.core.deps.store.getContactRecord({ instanceId: loaded.InstanceId, contactId });
        if (contact) event = join(loaded, contact);
      }
      const eventKey = loaded.EventId ? `event:${loaded.EventId}` : events.length > 1 ? `${deliveryKey}#${i}` : deliveryKey;
      const result = await this.core.deps.processor.processTriggerEvent(event, {
        eventKey,
        gateFor: this.core.gateFor,
        contactTags: contactTags(contact),
        contactStartMillis: contactStartMillis(contact?.record),
        label: events.length > 1 ? `${label} [${i}]` : label,
        ...(ruleSet ? { ruleSet } : {}),
      });
      out.push(...flatten(result, contactId ? { contactRecord: contact?.origin ?? 'none' } : {}));
    }
    return out;
  }

  /**
   * Agent rows of a snapshot that name no queue are rows a queue-filtered AGENT_ACTIVITY
   * condition skips without a word outside `--explain`: while a published rule of the
   * instance has such a condition (known when its rule set is compiled), they are
   * counted, with one line per snapshot, so that a rule that never applies for this
   * reason shows in the metrics. Without one, agents on no contact (listed for no single
   * queue) are nothing an operator need hear of. Returns the rule set read; none when it
   * could not be (the evaluation reads it again and reports why; backtest has no stored rules).
   */
  private async countAgentsWithoutQueue(event: TriggerEvent, label: string): Promise<ActiveRuleSet | undefined> {
    const active = await this.core.deps.processor.ruleSetFor(event.InstanceId, event.EventSourceName).catch(() => undefined);
    if (!active?.set.filtersAgentsByQueue) return active;
    const n = agentRowsWithoutQueue(event);
    if (n === 0) return active;
    const { telemetry } = this.core.deps;
    telemetry.count('AgentRowsWithoutQueue', event.EventSourceName, n);
    telemetry.logger.info(AGENT_ROWS_WITHOUT_QUEUE, { label, eventId: event.EventId, agentRows: n });
    return active;
  }

  /** S3 notifications of any accepted shape → the objects they name. */
  async s3Notification(payload: unknown, options: Pick<IngestOptions, 'label'>): Promise<IngestResult[]> {
    const out = this.part('notification', 'an S3 notification')(payload, options.label);
    if (out.objects.length === 0) {
      this.core.deps.telemetry.count('Ignored', 'S3Object');
      return [{ kind: 's3-object', status: 'ignored', label: options.label, source: 'S3Object', detail: out.ignored ?? 'no object', evaluations: [] }];
    }
    const results: IngestResult[] = [];
    for (const ref of out.objects) results.push(await this.part('objects', 'an S3 object').contactObject(ref, {}));
    return results;
  }
}
