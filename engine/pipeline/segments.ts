/**
 * Real-time segments: each record is folded into the contact's real-time state
 * (optimistic versioned writes, engine/dynamo/optimistic.ts), then the real-time
 * rules are evaluated, at most once per contact and rule.
 */
import { normaliseContactRecord } from '../context/contact-record.ts';
import { isObject, type JsonObject } from '../context/json.ts';
import { applySegments, looksLikeSegmentEvent, realtimeTriggerEvent, REALTIME_SOURCES, withSessionAttributes, type RealtimeContactState } from '../context/realtime.ts';
import { CONFLICT, retryOnConflict } from '../dynamo/optimistic.ts';
import { BadInputError } from '../ingest/errors.ts';
import { resolveInstance } from '../ingest/instances.ts';
import type { IngestCore } from './ingest-core.ts';
import { contactTags, contentKey, flatten, type IngestOptions, type IngestResult } from './ingest-result.ts';
import type { ContactKey } from './state-store.ts';
import type { StoredRealtimeState } from './state/realtime.ts';
import { contactRecordsState, realtimeState } from './state/repositories.ts';
import { LIMIT_PASSED, markerLimit, MARKS_STATE, RealtimeStateOverLimitError, RealtimeStateTooLargeError, type RealtimeTooLarge } from './state/realtime-too-large.ts';
import { RealtimeStateExpiredError, type RealtimeExpired } from './state/realtime-lost.ts';
import type { MetricName } from './telemetry.ts';
import { contactStartMillis } from '../rules/new-contacts.ts';
import type { ActiveRuleSet } from '../rules/published-rules.ts';
import { ConnectAsks, SESSION_RETRY_MS, sessionBackingOff } from './connect-asks.ts';

/** How many times a segment is folded into the contact's state again when another writer got there first. */
const MAX_STATE_ATTEMPTS = 10;

export class SegmentIngest {
  /** This function instance's asks of Connect, paused after its failures (connect-asks.ts). */
  private readonly asks = new ConnectAsks();

  constructor(private readonly core: IngestCore) {
    // the contact's state and what its contact events told (the rules fired once per contact: the core's gate)
    core.deps.store.use(realtimeState, contactRecordsState);
  }

  /** One real-time segment record: folded into the contact's state, then the real-time rules evaluated (once per contact). */
  segment(record: unknown, options: IngestOptions): Promise<IngestResult> {
    const deliveryKey = options.deliveryKey ?? contentKey(record);
    const rec = record as JsonObject;
    const channel = rec?.Channel === 'CHAT' || (isObject(rec) && 'StreamingEventType' in rec) ? 'CHAT' : 'VOICE';
    const source = REALTIME_SOURCES[channel];
    this.core.deps.telemetry.count('EventsReceived', source);
    return this.core.once(deliveryKey, source, options.label, async () => {
      if (!looksLikeSegmentEvent(record)) {
        throw new BadInputError('unknown-format', `${options.label}: not a real-time segment record (expected EventType or StreamingEventType and ContactId)`);
      }
      const contactId = String(rec.ContactId);
      const instanceId = resolveInstance(this.core.deps.config.instances, { instanceId: typeof rec.InstanceId === 'string' ? rec.InstanceId : undefined }, options.label);
      const key = { instanceId, contactId };
      const base = { kind: 'segment' as const, label: options.label, deliveryKey, source, instanceId, contactId };
      const contact = await this.core.deps.store.getContactRecord(key);
      const contactFacts = contact ? normaliseContactRecord(contact.record, 'the contact record') : undefined;
      // contact events carry no attributes: only a CTR or DescribeContact response tells them, even when newer events speak for the contact
      const soFar = contact?.origin === 'contact-events';
      const stored = soFar && contact.storedRecord !== undefined ? normaliseContactRecord(contact.storedRecord, 'the stored contact record') : undefined;
      const attributes = soFar ? stored?.Attributes : contactFacts?.Attributes;
      // The source's published rules, read at most once per record: whether one reads the attributes, then evaluated.
      const read: { set?: ActiveRuleSet; readsAttributes?: Promise<boolean> } = {};
      const readsAttributes = () =>
        (read.readsAttributes ??= this.core.deps.processor.ruleSetFor(instanceId, source).then(
          (set) => (read.set = set).set.sessionFacts.has('ContactAttribute'),
          () => true, // not read: asked as before, and the evaluation reads them again (and reports why not)
        ));
      // asked of Connect at most once per delivery, and only while the session has none (a conflict's retry reuses the answer)
      let asked: Promise<ConnectAnswer> | undefined;
      const state = await retryOnConflict(
        MAX_STATE_ATTEMPTS,
        async () => {
          const current = await this.readRealtime(key, channel, source, { deliveryKey, label: options.label });
          if (current === CONFLICT || (current && 'notFolded' in current)) return current;
          const ask = attributes === undefined && current?.state.SessionAttributes === undefined && !sessionBackingOff(current?.state, this.core.deps.now().getTime());
          const answer = ask ? await (asked ??= this.askConnect(key, initialContactId(contact?.record) ?? contactId, source, options.label, readsAttributes)) : undefined;
          // real-time rules read the attributes of the session's start (AWS: realtime.ts withSessionAttributes)
          const folded = withSessionAttributes(applySegments(current?.state, record as never, { file: options.label }), attributes ?? answer?.attributes);
          const next = answer?.failedAt !== undefined ? { ...folded, SessionAttributesFailedAt: answer.failedAt } : folded;
          return (await this.putRealtime(key, channel, next, current, source, { deliveryKey, label: options.label })) ? next : CONFLICT;
        },
        () => new Error(`${options.label}: the real-time state of contact ${contactId} kept changing under this update`),
      );
      if ('notFolded' in state) return this.notFolded(key, state.notFolded, base);
      const type = String(rec.EventType ?? rec.StreamingEventType ?? '');
      if (type !== 'SEGMENTS') {
        return { ...base, status: 'stored', detail: `${type || 'record'}: real-time state updated (${state.Status})`, evaluations: [] };
      }
      const event = realtimeTriggerEvent(state, contactFacts, { file: options.label, contactSoFar: soFar });
      const result = await this.core.deps.processor.processTriggerEvent(event, {
        eventKey: `realtime:${instanceId}:${contactId}`,
        gate: this.core.gate(key),
        gateFor: this.core.gateFor,
        contactTags: contactTags(contact),
        contactStartMillis: contactStartMillis(contact?.record),
        label: options.label,
        ...(read.set ? { ruleSet: read.set } : {}),
      });
      return { ...base, status: 'evaluated', evaluations: flatten(result, { contactRecord: contact?.origin ?? 'none' }) };
    });
  }

  /**
   * Writes the folded state over `current`, the state it was folded from. A state past
   * a limit of what is stored (an item's size, the chunks' count, one transaction's size:
   * state/realtime-too-large.ts) fails this record alone, counted (`RealtimeStateTooLarge`);
   * a stored state past a limit of the state (an item, the chunks' count: MARKS_STATE) is
   * then marked (`TooLarge`, under its version: false when another writer got there first,
   * to fold again), so that later records of the contact are refused at their read
   * (`overLimit`). A transaction's size is this record's (a late item rewriting the chunks
   * from it on), not the state's: nothing is marked and later records in order go on
   * folding. A state not stored yet has nothing to mark: the next record, alone, may fit.
   */
  private async putRealtime(
    key: ContactKey,
    channel: string,
    state: RealtimeContactState,
    current: StoredRealtimeState | undefined,
    source: string,
    record: { readonly deliveryKey: string; readonly label: string },
  ): Promise<boolean> {
    const { store, telemetry } = this.core.deps;
    const now = this.core.deps.now();
    const expected = current?.version ?? 0;
    try {
      return await store.putRealtime(key, channel, state, current, now);
    } catch (err) {
      if (!(err instanceof RealtimeStateTooLargeError)) throw err;
      const marker: RealtimeTooLarge = { At: now.toISOString(), DeliveryKey: record.deliveryKey, Label: record.label, Bytes: err.bytes, Messages: err.messages, Limit: err.limit };
      // No stored state (expected 0), or a limit only this record passed (MARKS_STATE): nothing to mark, so each retry of this record folds, fails and is counted again.
      if (expected > 0 && MARKS_STATE[err.limit] && !(await store.markRealtimeTooLarge(key, channel, marker, expected, now))) return false;
      telemetry.count('RealtimeStateTooLarge', source);
      throw err;
    }
  }

  /**
   * The contact's stored state, or why this record cannot fold into it (a marked state:
   * `overLimit`, `lost`). A state found to have lost a chunk (realtime-lost.ts) is marked
   * `Expired` under the version read (CONFLICT when another writer got there first: read
   * again), counted `RealtimeStateExpired`, and this record fails (retried, then
   * dead-lettered: once per contact).
   */
  private async readRealtime(
    key: ContactKey,
    channel: string,
    source: string,
    record: { readonly deliveryKey: string; readonly label: string },
  ): Promise<StoredRealtimeState | undefined | { readonly notFolded: NotFolded } | typeof CONFLICT> {
    const { store, telemetry } = this.core.deps;
    let current: StoredRealtimeState | undefined;
    try {
      current = await store.getRealtime(key, channel);
    } catch (err) {
      if (!(err instanceof RealtimeStateExpiredError)) throw err;
      const now = this.core.deps.now();
      const marker: RealtimeExpired = { At: now.toISOString(), DeliveryKey: record.deliveryKey, Label: record.label, Chunk: err.chunk, Written: err.written };
      if (!(await store.markRealtimeExpired(key, channel, marker, err.version, now))) return CONFLICT;
      telemetry.count('RealtimeStateExpired', source);
      throw err;
    }
    if (current?.tooLarge) return this.overLimit(key, channel, current.tooLarge, record.deliveryKey);
    if (current?.expired) return this.lost(key, channel, current.expired, current.version, record.deliveryKey);
    return current;
  }

  /**
   * A record of a contact whose state is marked too large: the record that passed the
   * limit fails again as it did (a retry or redelivery of it, not counted again, then
   * dead-lettered); any other is not folded (`notFolded`).
   */
  private overLimit(key: ContactKey, channel: string, marker: RealtimeTooLarge, deliveryKey: string): { readonly notFolded: NotFolded } {
    if (marker.DeliveryKey === deliveryKey) throw new RealtimeStateTooLargeError(key, channel, marker.Bytes, marker.Messages, markerLimit(marker));
    return {
      notFolded: {
        error: new RealtimeStateOverLimitError(key, channel, marker),
        reason: 'realtime-state-too-large',
        metric: 'RealtimeStateTooLarge',
        why: `its contact's state is past what a stored state holds (${LIMIT_PASSED[markerLimit(marker)]}`,
        at: { limitPassedAt: marker.Label },
      },
    };
  }

  /** As `overLimit`, for a state marked as having lost a chunk of its transcript (realtime-lost.ts). */
  private lost(key: ContactKey, channel: string, marker: RealtimeExpired, version: number, deliveryKey: string): { readonly notFolded: NotFolded } {
    if (marker.DeliveryKey === deliveryKey) throw new RealtimeStateExpiredError(key, channel, marker.Chunk, marker.Written, version);
    return {
      notFolded: {
        error: new RealtimeStateExpiredError(key, channel, marker.Chunk, marker.Written, version, marker),
        reason: 'realtime-state-expired',
        metric: 'RealtimeStateExpired',
        why: `its contact's state lost chunk ${marker.Chunk} of its transcript (DynamoDB's TTL deleted it`,
        at: { chunkLostAt: marker.Label },
      },
    };
  }

  /**
   * A record no retry can fold (the marker stays with the state until it expires): not
   * failed, which would hold its shard back through every retry and then dead-letter it
   * for nothing, but reported: an `error` result (replay and backtest list it; the
   * delivery is done, so a redelivery is a duplicate), logged at WARN with its label (the
   * shard and sequence number to read it again from) and counted (`RealtimeStateTooLarge`,
   * `RealtimeStateExpired`).
   */
  private notFolded(key: ContactKey, why: NotFolded, base: Omit<IngestResult, 'status' | 'evaluations'> & { readonly source: string }): IngestResult {
    this.core.deps.telemetry.count(why.metric, base.source);
    this.core.log.warn(`real-time record not folded: ${why.why}; counted ${why.metric}, not retried)`, {
      contactId: key.contactId,
      instanceId: key.instanceId,
      label: base.label,
      deliveryKey: base.deliveryKey,
      ...why.at,
      error: why.error,
    });
    return { ...base, status: 'error', error: { reason: why.reason, message: why.error.message }, evaluations: [] };
  }

  /**
   * The session's attributes from the source of the deployment (Connect's
   * GetContactAttributes, session-attributes.ts), for a session whose attributes no
   * stored record tells; none without a source, when no published rule of the source
   * reads them (the rule set's `sessionFacts`, known at compile time), or while
   * Connect's asks are paused (connect-asks.ts). A failed call loses nothing: the
   * segment is folded and evaluated with the attributes not yet known (their
   * conditions do not apply), and the session asks again after its back-off.
   */
  private async askConnect(key: ContactKey, initial: string, source: string, label: string, readsAttributes: () => Promise<boolean>): Promise<ConnectAnswer> {
    const connect = this.core.deps.contactAttributes;
    if (!connect || !(await readsAttributes())) return {};
    if (!this.asks.mayAsk(this.core.deps.now().getTime())) {
      this.core.deps.telemetry.count('SessionAttributesNotAsked', source);
      return {};
    }
    try {
      const attributes = await connect.attributes(key.instanceId, initial);
      this.asks.succeeded();
      this.core.deps.telemetry.count('SessionAttributesRead', source);
      return { attributes };
    } catch (err) {
      const failedAt = this.core.deps.now();
      this.asks.failed(err, failedAt.getTime());
      this.core.deps.telemetry.count('SessionAttributesUnavailable', source);
      this.core.log.warn(`GetContactAttributes failed: the segment is evaluated with the contact attributes not yet known; the session asks again after ${SESSION_RETRY_MS / 1000} s`, {
        contactId: key.contactId,
        instanceId: key.instanceId,
        label,
        error: err as Error,
      });
      return { failedAt: failedAt.toISOString() };
    }
  }
}

type SessionAttributes = Readonly<Record<string, string>>;

/** Why a record of a marked state is not folded: its error, its result's reason, its count, the WARN line's words, and the record that marked it. */
interface NotFolded {
  readonly error: Error;
  readonly reason: string;
  readonly metric: MetricName;
  readonly why: string;
  readonly at: Readonly<Record<string, string>>;
}

/** What one ask of Connect gave: the attributes, or the time it failed (neither: not asked). */
interface ConnectAnswer {
  readonly attributes?: SessionAttributes;
  readonly failedAt?: string;
}

/**
 * The initial contact of a transferred contact, as its stored contact events (`{Contact}`,
 * their `initialContactId`) or a CTR-shaped record tell it; undefined when none does (the
 * segment's contact is then asked for: a contact that was not transferred is its own initial one).
 */
function initialContactId(record: unknown): string | undefined {
  const r = isObject(record) ? (isObject(record.Contact) ? record.Contact : record) : undefined;
  return typeof r?.InitialContactId === 'string' && r.InitialContactId !== '' ? r.InitialContactId : undefined;
}
