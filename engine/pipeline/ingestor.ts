/**
 * The stateful steps of ingestion, one method per kind of delivered payload, shared
 * by the Lambda handlers (functions/ingest-*.ts) and replay. Each method:
 *
 * 1. runs once per delivery key (Powertools idempotency: a redelivery gets the first
 *    result back, marked `duplicate`, and runs nothing);
 * 2. turns the payload into trigger events with the pure adapters (engine/ingest,
 *    engine/context), joining the contact's stored record;
 * 3. evaluates them (process.ts) and returns a JSON report.
 *
 * Post-contact analyses and evaluations need the contact record (CTR) of their
 * contact, which may arrive after them. An analysis whose contact has no stored
 * record is kept PENDING; the CTR's arrival evaluates the pending analyses of its
 * contact; the sweep evaluates those still pending after the grace period with
 * whatever is known then (docs/pipeline.md "Contact records and analyses").
 */
import { createHash } from 'node:crypto';
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { ANALYSIS_SOURCES, analysisChannel, looksLikeAnalysisFile } from '../context/analysis-file.ts';
import { loadCanonicalEvent } from '../context/canonical.ts';
import { normaliseContactRecord } from '../context/contact-record.ts';
import { ContextInputError } from '../context/errors.ts';
import { buildTriggerEvent } from '../context/index.ts';
import { instantMillis, isObject, type JsonObject } from '../context/json.ts';
import { applySegments, looksLikeSegmentEvent, realtimeTriggerEvent, REALTIME_SOURCES, withSessionAttributes, type RealtimeContactState } from '../context/realtime.ts';
import type { TriggerEvent } from '../context/types.ts';
import { mergeContactFacts, type ContactEventFacts } from '../ingest/contact-events.ts';
import { detectPayload } from '../ingest/detect.ts';
import { decodeKinesisRecord, decodeSqsRecord } from '../ingest/envelopes.ts';
import { BadInputError, badInputReason, isBadInput, parseJsonText } from '../ingest/errors.ts';
import { eventBridgeDeliveryKey, routeEventBridgeEvent, type EventBridgeFamily } from '../ingest/eventbridge.ts';
import { evaluationExportToTriggerEvent, evaluationIdentity, looksLikeEvaluationExport } from '../ingest/evaluation.ts';
import { requireKnownInstance, resolveInstance } from '../ingest/instances.ts';
import { metricSnapshotToTriggerEvent } from '../ingest/metrics.ts';
import { classifyKey, describeRef, objectDeliveryKey, objectsFromNotification, type ObjectReader, type ObjectRef, type S3ObjectRef } from '../ingest/s3.ts';
import type { AnalysisOutput, PipelineConfig } from './config.ts';
import type { Deduplicator } from './dedup.ts';
import { contactIdOf, type ActionReport, type EvaluatedEvent, type FiringGate, type TriggerProcessor, type TriggerResult } from './process.ts';
import type { ContactKey, ContactStateStore, StoredContactRecord, SubjectItem } from './state-store.ts';
import type { Telemetry } from './telemetry.ts';
import { UnsettledWorkError } from './unsettled.ts';

export type InputKind =
  | 'contact-record'
  | 'contact-event'
  | 'analysis-file'
  | 'evaluation-export'
  | 's3-object'
  | 'segment'
  | 'eventbridge-event'
  | 'canonical-event'
  | 'metric-snapshot'
  | 'sweep'
  | 'unknown';

export type IngestStatus =
  /** Rules were evaluated (`evaluations`). */
  | 'evaluated'
  /** Waiting for the contact record (an analysis or evaluation before its CTR). */
  | 'pending'
  /** State stored, nothing to evaluate now (a CTR, a contact event, a STARTED segment). */
  | 'stored'
  /** Recognised, nothing for the rules (a .wav, a case deletion, another handler's events). */
  | 'ignored'
  /** Already processed: nothing ran again. */
  | 'duplicate'
  /** Bad input or a failure (replay's reports; handlers throw instead). */
  | 'error';

/** One evaluated trigger event, as JSON. */
export interface Evaluation extends EvaluatedEvent {
  readonly alreadyFired?: readonly string[];
  readonly actions: readonly ActionReport[];
  /** The input the event came from (a file, an S3 URI), when not the one reported. */
  readonly label?: string;
  /** Which contact record the event was joined with (contact-based sources). */
  readonly contactRecord?: 'ctr' | 'contact-events' | 'none';
  /** Why it was evaluated now, when later than its arrival (`contact record arrived`, `grace period ended`). */
  readonly trigger?: string;
  readonly cascadeDropped?: number;
}

export interface IngestResult {
  readonly kind: InputKind;
  readonly status: IngestStatus;
  readonly label: string;
  readonly deliveryKey?: string;
  /** The EventSourceName, or the upstream for inputs without one. */
  readonly source?: string;
  readonly instanceId?: string;
  readonly contactId?: string;
  readonly detail?: string;
  /** For `error`: bad input (its reason) or a failure. */
  readonly error?: { readonly reason: string; readonly message: string };
  readonly evaluations: readonly Evaluation[];
}

export interface IngestOptions {
  /** Label for reports and errors (a file name, an S3 URI, a record id). */
  readonly label: string;
  /** The delivery identity; default the content hash of the payload. */
  readonly deliveryKey?: string;
}

export interface IngestorDeps {
  readonly config: PipelineConfig;
  readonly store: ContactStateStore;
  readonly processor: TriggerProcessor;
  readonly dedup: Deduplicator;
  readonly reader: ObjectReader;
  readonly telemetry: Telemetry;
  readonly now: () => Date;
}

/** `sha256:<hex>` of a payload's JSON: the delivery identity of a payload that has no other. */
export function contentKey(payload: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(payload)).digest('hex')}`;
}

function flatten(result: TriggerResult, extra: Partial<Evaluation> = {}): Evaluation[] {
  const own: Evaluation = {
    source: result.source,
    instanceId: result.instanceId,
    ...(result.contactId !== undefined ? { contactId: result.contactId } : {}),
    eventKey: result.eventKey,
    depth: result.depth,
    rulesEvaluated: result.rulesEvaluated,
    matchedRules: [...result.matchedRules],
    ...(result.alreadyFired.length > 0 ? { alreadyFired: [...result.alreadyFired] } : {}),
    actions: result.actions.map((a) => ({ ...a })),
    ...(result.cascadeDropped > 0 ? { cascadeDropped: result.cascadeDropped } : {}),
    ...(result.depth === 0 ? extra : {}),
  };
  return [own, ...result.cascaded.flatMap((c) => flatten(c))];
}

/** The tags of a stored contact record (CTR `Tags`, contact events `tags`), for PreEvaluationFilters. */
function contactTags(contact: StoredContactRecord | undefined): Record<string, string> | undefined {
  const record = contact?.record as JsonObject | undefined;
  const tags = contact?.format === 'ctr' ? record?.Tags : isObject(record?.Contact) ? record.Contact.Tags : undefined;
  if (!isObject(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The subject key and source of an analysis file or evaluation export. */
interface SubjectInfo {
  readonly subject: string;
  readonly source: EventSourceName;
  readonly key: ContactKey;
  readonly kind: 'analysis-file' | 'evaluation-export';
}

export class Ingestor {
  constructor(private readonly deps: IngestorDeps) {}

  private get log() {
    return this.deps.telemetry.logger;
  }

  /** Runs `work` once per delivery key; a redelivery returns the first result as `duplicate`. */
  private async once(deliveryKey: string, source: string, label: string, work: () => Promise<IngestResult>): Promise<IngestResult> {
    const { result, ran } = await this.deps.dedup.once(deliveryKey, work);
    if (ran) return result;
    this.deps.telemetry.count('Duplicates', result.source ?? source);
    this.log.info('duplicate delivery: already processed, nothing runs again', { deliveryKey, source: result.source ?? source, label, first: result.label });
    return {
      ...result,
      label,
      status: 'duplicate',
      detail: `a redelivery: already ${result.status === 'evaluated' ? 'evaluated' : `processed (${result.status})`}, nothing runs again`,
      evaluations: [],
    };
  }

  private gate(key: ContactKey): FiringGate {
    const { store, now } = this.deps;
    return {
      claim: async (rule) => {
        const token = await store.claimFiring(key, rule.RuleId, now());
        // Claimed by an attempt that may still run its actions, or died within its lease:
        // not "already fired". The delivery fails and is retried (then takes the claim over).
        if (token === undefined && (await store.firingElsewhere(key, rule.RuleId))) {
          throw new UnsettledWorkError(`real-time rule ${rule.Name} on contact ${key.contactId}`, ['its firing is claimed by another invocation']);
        }
        return token;
      },
      done: (rule, token, eventKey) => store.markFired(key, rule.RuleId, token, eventKey, now()),
      release: (rule, token) => store.releaseFiring(key, rule.RuleId, token),
    };
  }

  /** Real-time sources fire at most once per contact and rule; other sources are not gated. */
  private readonly gateFor = (event: TriggerEvent): FiringGate | undefined => {
    if (event.EventSourceName !== REALTIME_SOURCES.VOICE && event.EventSourceName !== REALTIME_SOURCES.CHAT) return undefined;
    const contactId = contactIdOf(event);
    return contactId ? this.gate({ instanceId: event.InstanceId, contactId }) : undefined;
  };

  // ---------------------------------------------------------------- contact records

  /** A contact trace record (or DescribeContact response): stored, then the contact's pending analyses are evaluated. */
  contactRecord(record: unknown, options: IngestOptions): Promise<IngestResult> {
    const deliveryKey = options.deliveryKey ?? contentKey(record);
    this.deps.telemetry.count('EventsReceived', 'ContactTraceRecord');
    return this.once(deliveryKey, 'ContactTraceRecord', options.label, async () => {
      const facts = normaliseContactRecord(record, options.label);
      if (!facts.ContactId) throw new BadInputError('invalid-payload', `${options.label}: a contact record without ContactId`, '/ContactId');
      const instanceId = resolveInstance(this.deps.config.instances, { instanceId: facts.InstanceId }, `${options.label} (contact record)`);
      const key = { instanceId, contactId: facts.ContactId };
      const raw = record as JsonObject;
      const updatedAt =
        instantMillis(raw.LastUpdateTimestamp) ?? instantMillis(facts.DisconnectTimestamp) ?? instantMillis(facts.InitiationTimestamp) ?? 0;
      const stored = await this.deps.store.putContactRecord(key, record, updatedAt, this.deps.now());
      const contact: StoredContactRecord | undefined =
        stored === 'stored' ? { format: 'ctr', record, updatedAt } : await this.deps.store.getContactRecord(key);
      const evaluations: Evaluation[] = [];
      const unsettled: string[] = [];
      for (const subject of await this.deps.store.openSubjects(key)) {
        try {
          const out = await this.evaluateSubject(subject, { contact, trigger: `contact record arrived (${options.label})` });
          if (out) evaluations.push(...out);
          else unsettled.push(`${subject.label} is claimed by another invocation`);
        } catch (err) {
          this.deps.telemetry.count('Failures', 'PendingAnalysis');
          this.log.error('pending analysis could not be evaluated on its contact record; the contact record is retried', {
            subject: subject.sk,
            label: subject.label,
            contactId: key.contactId,
            error: err as Error,
          });
          unsettled.push(`${subject.label}: ${(err as Error)?.message ?? String(err)}`);
        }
      }
      // The CTR is stored, but acknowledging it now would leave the analysis to the sweep
      // (the grace period and more): the retry evaluates it (a dead claim is taken over).
      if (unsettled.length > 0) throw new UnsettledWorkError(`${options.label} (contact record stored)`, unsettled);
      return {
        kind: 'contact-record',
        status: 'stored',
        label: options.label,
        deliveryKey,
        source: 'ContactTraceRecord',
        instanceId,
        contactId: key.contactId,
        detail:
          (stored === 'stored' ? 'contact record stored' : 'older than the stored contact record (kept the stored one)') +
          (evaluations.length > 0 ? `; evaluated ${evaluations.filter((e) => e.depth === 0).length} analysis waiting for it` : ''),
        evaluations,
      };
    });
  }

  /** What an Amazon Connect contact event tells about a contact, merged into its stored facts. */
  contactEvent(facts: ContactEventFacts, instanceId: string, options: IngestOptions & { deliveryKey: string }): Promise<IngestResult> {
    this.deps.telemetry.count('EventsReceived', 'ContactEvent');
    return this.once(options.deliveryKey, 'ContactEvent', options.label, async () => {
      const key = { instanceId, contactId: facts.contactId };
      await this.deps.store.mergeContactEvents(key, (stored) => mergeContactFacts(stored, facts), this.deps.now());
      return {
        kind: 'contact-event',
        status: 'stored',
        label: options.label,
        deliveryKey: options.deliveryKey,
        source: 'ContactEvent',
        instanceId,
        contactId: facts.contactId,
        detail: `contact event ${facts.eventType ?? ''} stored`.replace('  ', ' '),
        evaluations: [],
      };
    });
  }

  // ---------------------------------------------------------------- analyses and evaluations

  /** An S3 object (or a local file): read, then handled as the analysis file or evaluation export it is. */
  async contactObject(ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
    const label = options.label ?? describeRef(ref);
    const deliveryKey = options.deliveryKey ?? objectDeliveryKey(ref);
    const klass = ref.kind === 's3' ? classifyKey(ref.key) : undefined;
    if (klass?.kind === 'other') {
      this.deps.telemetry.count('Ignored', 'S3Object');
      return { kind: 's3-object', status: 'ignored', label, deliveryKey, source: 'S3Object', detail: 'not a Contact Lens analysis file or evaluation export (by its key)', evaluations: [] };
    }
    const source = klass?.kind === 'analysis' ? ANALYSIS_SOURCES[klass.channel] : klass?.kind === 'evaluation' ? 'OnContactEvaluationSubmit' : 'S3Object';
    this.deps.telemetry.count('EventsReceived', source);
    // Deduplicated before the read: a redelivered notification reads nothing.
    return this.once(deliveryKey, source, label, async () => {
      const doc = parseJsonText(await this.deps.reader.read(ref), label);
      if (klass?.kind === 'analysis' && !looksLikeAnalysisFile(doc)) {
        throw new BadInputError('not-an-analysis-file', `${label}: named like a Contact Lens analysis file but is not one (no Transcript and ConversationCharacteristics)`);
      }
      if (klass?.kind === 'evaluation' && !looksLikeEvaluationExport(doc)) {
        throw new BadInputError('not-an-analysis-file', `${label}: named like an evaluation export but is not one (no evaluationId and metadata)`);
      }
      return this.arrival(doc, { label, deliveryKey, ref, channel: klass?.kind === 'analysis' ? klass.channel : undefined });
    });
  }

  private subjectInfo(doc: unknown, label: string, channel?: 'VOICE' | 'CHAT'): SubjectInfo {
    const { instances } = this.deps.config;
    if (looksLikeAnalysisFile(doc)) {
      const d = doc as JsonObject;
      const ch = analysisChannel(d) ?? channel;
      if (!ch) throw new BadInputError('invalid-payload', `${label}: an analysis file without Channel`, '/Channel');
      const meta = isObject(d.CustomerMetadata) ? d.CustomerMetadata : {};
      const contactId = typeof meta.ContactId === 'string' ? meta.ContactId : undefined;
      if (!contactId) throw new BadInputError('invalid-payload', `${label}: an analysis file without CustomerMetadata.ContactId`, '/CustomerMetadata/ContactId');
      const instanceId = resolveInstance(instances, { instanceId: typeof meta.InstanceId === 'string' ? meta.InstanceId : undefined }, label);
      const source = ANALYSIS_SOURCES[ch];
      return { subject: `ANALYSIS#${source}`, source, key: { instanceId, contactId }, kind: 'analysis-file' };
    }
    if (looksLikeEvaluationExport(doc)) {
      const ids = evaluationIdentity(doc, label);
      const instanceId = resolveInstance(instances, { instanceId: ids.instanceId }, label);
      return { subject: `EVALUATION#${ids.evaluationId}`, source: 'OnContactEvaluationSubmit', key: { instanceId, contactId: ids.contactId }, kind: 'evaluation-export' };
    }
    throw new BadInputError('not-an-analysis-file', `${label}: not a Contact Lens analysis file nor an evaluation export`);
  }

  private buildSubjectEvent(info: Pick<SubjectInfo, 'kind' | 'key'>, doc: unknown, contact: StoredContactRecord | undefined, label: string, ref: ObjectRef): TriggerEvent {
    if (info.kind === 'evaluation-export') {
      return evaluationExportToTriggerEvent(doc, contact?.record, { file: label, contactFile: 'the contact record', instanceId: info.key.instanceId });
    }
    const channel = ref.kind === 's3' ? classifyKey(ref.key) : undefined;
    return buildTriggerEvent({
      event: doc,
      contact: contact?.record,
      eventFile: label,
      contactFile: 'the contact record',
      ...(channel?.kind === 'analysis' && !analysisChannel(doc as JsonObject) ? { source: ANALYSIS_SOURCES[channel.channel] } : {}),
    });
  }

  private outputSkipped(doc: unknown, output: AnalysisOutput): string | undefined {
    if (output === 'any' || !looksLikeAnalysisFile(doc)) return undefined;
    const meta = (doc as JsonObject).ContentMetadata;
    const kind = isObject(meta) && typeof meta.Output === 'string' ? meta.Output : 'Raw';
    if (output === 'original' && kind === 'Redacted') return 'a redacted analysis file (CONNECT_RULES_ANALYSIS_OUTPUT=original)';
    if (output === 'redacted' && kind !== 'Redacted') return 'an original analysis file (CONNECT_RULES_ANALYSIS_OUTPUT=redacted)';
    return undefined;
  }

  /**
   * An analysis file or evaluation export at hand (`ref` says where to read it again
   * if it must wait for its contact record).
   */
  contactDocument(doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
    const deliveryKey = options.deliveryKey ?? objectDeliveryKey(options.ref);
    const guess = looksLikeAnalysisFile(doc) ? ANALYSIS_SOURCES[analysisChannel(doc as JsonObject) ?? options.channel ?? 'VOICE'] : 'OnContactEvaluationSubmit';
    this.deps.telemetry.count('EventsReceived', guess);
    return this.once(deliveryKey, guess, options.label, () => this.arrival(doc, { ...options, deliveryKey }));
  }

  /** The arrival of an analysis file or evaluation export: evaluated now if its contact record is there, else kept pending. */
  private async arrival(doc: unknown, options: IngestOptions & { deliveryKey: string; ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
    const { label, ref, deliveryKey } = options;
    const info = this.subjectInfo(doc, label, options.channel);
    const base = { kind: info.kind, label, deliveryKey, source: info.source, instanceId: info.key.instanceId, contactId: info.key.contactId } as const;
    const skipped = this.outputSkipped(doc, this.deps.config.analysisOutput);
    if (skipped) {
      this.deps.telemetry.count('Ignored', info.source);
      return { ...base, status: 'ignored', detail: skipped, evaluations: [] };
    }
    // Checked now, so a bad file is reported on its own delivery, never on its contact record's.
    this.buildSubjectEvent(info, doc, undefined, label, ref);

    const now = this.deps.now();
    const dueAt = new Date(now.getTime() + this.deps.config.contactRecordGraceSeconds * 1000).toISOString();
    const reg = await this.deps.store.registerSubject(info.key, info.subject, { eventKey: deliveryKey, ref, label, dueAt }, now);
    if (!reg.created && reg.item.eventKey !== deliveryKey) {
      this.deps.telemetry.count('Duplicates', info.source);
      return {
        ...base,
        status: 'duplicate',
        detail: `contact ${info.key.contactId} already has its ${info.source} input from ${reg.item.label} (${reg.item.status.toLowerCase()}): evaluated once`,
        evaluations: [],
      };
    }
    if (!reg.created && reg.item.status === 'DONE') {
      this.deps.telemetry.count('Duplicates', info.source);
      return { ...base, status: 'duplicate', detail: `already evaluated (${reg.item.evaluatedAt ?? ''})`, evaluations: [] };
    }
    const contact = await this.deps.store.getContactRecord(info.key);
    if (!contact || contact.format !== 'ctr') {
      this.deps.telemetry.count('PendingContactRecord', info.source);
      return {
        ...base,
        status: 'pending',
        detail: `waiting for the contact record of ${info.key.contactId}: evaluated when it arrives, or after ${this.deps.config.contactRecordGraceSeconds} s with what is known then`,
        evaluations: [],
      };
    }
    const evaluations = await this.evaluateSubject(reg.item, { contact, doc });
    // Claimed elsewhere: by the delivery of its contact record (which acknowledges only once
    // it is evaluated), or by an attempt that died; this delivery is retried until it is done.
    if (!evaluations) throw new UnsettledWorkError(label, [`${label} is claimed by another invocation`]);
    return { ...base, status: 'evaluated', evaluations };
  }

  /**
   * Claims and evaluates one analysis or evaluation (on arrival, on its contact
   * record's arrival, or by the sweep). Undefined when another evaluator holds it.
   */
  private async evaluateSubject(
    item: SubjectItem,
    given: { contact?: StoredContactRecord; doc?: unknown; trigger?: string },
  ): Promise<Evaluation[] | undefined> {
    const { store, now, telemetry } = this.deps;
    const token = await store.claimSubject(item, now());
    if (!token) return undefined;
    try {
      const key = { instanceId: item.instanceId, contactId: item.contactId };
      const doc = given.doc ?? parseJsonText(await this.deps.reader.read(item.ref), item.label);
      const contact = given.contact ?? (await store.getContactRecord(key));
      const info = this.subjectInfo(doc, item.label, item.ref.kind === 's3' ? (classifyKey(item.ref.key) as { channel?: 'VOICE' | 'CHAT' }).channel : undefined);
      const event = this.buildSubjectEvent(info, doc, contact, item.label, item.ref);
      const result = await this.deps.processor.processTriggerEvent(event, { eventKey: item.eventKey, contactTags: contactTags(contact), gateFor: this.gateFor });
      const joined = contact?.format ?? 'none';
      await store.completeSubject(item, token, joined, now());
      if (joined !== 'ctr') telemetry.count('EvaluatedWithoutContactRecord', info.source);
      return flatten(result, { label: item.label, contactRecord: joined, ...(given.trigger ? { trigger: given.trigger } : {}) });
    } catch (err) {
      await store.releaseSubject(item, token);
      throw err;
    }
  }

  /**
   * Evaluates the analyses whose grace period ended (`'all'`: every pending one,
   * replay's end of run), with the contact record if it arrived meanwhile. One
   * result per subject; a failure is reported and the subject stays pending.
   */
  async sweep(at: Date | 'all' = this.deps.now(), limit = 100): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    for (const item of await this.deps.store.dueSubjects(at, limit)) {
      const base = { kind: 'sweep' as const, label: item.label, deliveryKey: item.eventKey, instanceId: item.instanceId, contactId: item.contactId };
      const trigger = at === 'all' ? 'end of replay: no contact record came' : `grace period ended (${this.deps.config.contactRecordGraceSeconds} s)`;
      try {
        const evaluations = await this.evaluateSubject(item, { trigger });
        if (evaluations) results.push({ ...base, status: 'evaluated', source: evaluations[0]?.source, evaluations });
      } catch (err) {
        this.deps.telemetry.count('Failures', 'Sweep');
        this.log.error('sweep: pending analysis could not be evaluated (it stays pending)', { label: item.label, subject: item.sk, error: err as Error });
        results.push({ ...base, status: 'error', error: errorInfo(err), detail: (err as Error).message, evaluations: [] });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- real-time segments

  /** One real-time segment record: folded into the contact's state, then the real-time rules evaluated (once per contact). */
  segment(record: unknown, options: IngestOptions): Promise<IngestResult> {
    const deliveryKey = options.deliveryKey ?? contentKey(record);
    const rec = record as JsonObject;
    const channel = rec?.Channel === 'CHAT' || (isObject(rec) && 'StreamingEventType' in rec) ? 'CHAT' : 'VOICE';
    const source = REALTIME_SOURCES[channel];
    this.deps.telemetry.count('EventsReceived', source);
    return this.once(deliveryKey, source, options.label, async () => {
      if (!looksLikeSegmentEvent(record)) {
        throw new BadInputError('unknown-format', `${options.label}: not a real-time segment record (expected EventType or StreamingEventType and ContactId)`);
      }
      const contactId = String(rec.ContactId);
      const instanceId = resolveInstance(this.deps.config.instances, { instanceId: typeof rec.InstanceId === 'string' ? rec.InstanceId : undefined }, options.label);
      const key = { instanceId, contactId };
      const base = { kind: 'segment' as const, label: options.label, deliveryKey, source, instanceId, contactId };
      let state: RealtimeContactState | undefined;
      const contact = await this.deps.store.getContactRecord(key);
      const contactFacts = contact ? normaliseContactRecord(contact.record, 'the contact record') : undefined;
      for (let attempt = 1; ; attempt++) {
        const current = await this.deps.store.getRealtime(key, channel);
        // real-time rules read the attributes of the session's start (AWS: realtime.ts withSessionAttributes)
        state = withSessionAttributes(applySegments(current?.state, record as never, { file: options.label }), contactFacts);
        if (await this.deps.store.putRealtime(key, channel, state, current?.version ?? 0, this.deps.now())) break;
        if (attempt >= 10) throw new Error(`${options.label}: the real-time state of contact ${contactId} kept changing under this update`);
      }
      const type = String(rec.EventType ?? rec.StreamingEventType ?? '');
      if (type !== 'SEGMENTS') {
        return { ...base, status: 'stored', detail: `${type || 'record'}: real-time state updated (${state.Status})`, evaluations: [] };
      }
      const event = realtimeTriggerEvent(state, contactFacts, { file: options.label });
      const result = await this.deps.processor.processTriggerEvent(event, {
        eventKey: `realtime:${instanceId}:${contactId}`,
        gate: this.gate(key),
        gateFor: this.gateFor,
        contactTags: contactTags(contact),
      });
      return { ...base, status: 'evaluated', evaluations: flatten(result, { contactRecord: contact?.format ?? 'none' }) };
    });
  }

  // ---------------------------------------------------------------- canonical events, EventBridge, snapshots

  /** Evaluates trigger events (already loaded), joining the contact's stored record for contact-based sources. */
  private async evaluateEvents(events: readonly TriggerEvent[], deliveryKey: string, label: string): Promise<Evaluation[]> {
    const out: Evaluation[] = [];
    for (const [i, loaded] of events.entries()) {
      requireKnownInstance(this.deps.config.instances, loaded.InstanceId, label);
      const contactId = contactIdOf(loaded);
      const contact = contactId ? await this.deps.store.getContactRecord({ instanceId: loaded.InstanceId, contactId }) : undefined;
      const event = contact ? buildTriggerEvent({ event: loaded, contact: contact.record, eventFile: label, contactFile: 'the contact record' }) : loaded;
      const eventKey = loaded.EventId ? `event:${loaded.EventId}` : events.length > 1 ? `${deliveryKey}#${i}` : deliveryKey;
      const result = await this.deps.processor.processTriggerEvent(event, { eventKey, gateFor: this.gateFor, contactTags: contactTags(contact) });
      out.push(...flatten(result, contactId ? { contactRecord: contact?.format ?? 'none' } : {}));
    }
    return out;
  }

  /** A canonical trigger event (docs/canonical-events.md). Delivery key: `event:<EventId>`, else the content hash. */
  triggerEvent(payload: unknown, options: IngestOptions): Promise<IngestResult> {
    const eventId = isObject(payload) && typeof payload.EventId === 'string' ? payload.EventId : undefined;
    const deliveryKey = options.deliveryKey ?? (eventId ? `event:${eventId}` : contentKey(payload));
    const source = isObject(payload) && typeof payload.EventSourceName === 'string' ? payload.EventSourceName : 'CanonicalEvent';
    this.deps.telemetry.count('EventsReceived', source);
    return this.once(deliveryKey, source, options.label, async () => {
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
    this.deps.telemetry.count('EventsReceived', 'OnMetricDataUpdate');
    const event = metricSnapshotToTriggerEvent(payload, { file: options.label, instanceId: this.deps.config.instances.defaultInstanceId });
    const deliveryKey = options.deliveryKey ?? `event:${event.EventId}`;
    return this.once(deliveryKey, 'OnMetricDataUpdate', options.label, async () => {
      const loaded = loadCanonicalEvent(JSON.parse(JSON.stringify(event)), { file: options.label });
      const evaluations = await this.evaluateEvents([loaded], deliveryKey, options.label);
      return { kind: 'metric-snapshot', status: 'evaluated', label: options.label, deliveryKey, source: 'OnMetricDataUpdate', instanceId: loaded.InstanceId, evaluations };
    });
  }

  /**
   * An EventBridge event: Cases, third-party, contact events, S3 Object Created,
   * canonical events or snapshots in `detail` (engine/ingest/eventbridge.ts). `accept`
   * limits the families (a handler per upstream); others are ignored.
   */
  async eventBridge(payload: unknown, options: IngestOptions & { accept?: ReadonlySet<EventBridgeFamily> }): Promise<IngestResult[]> {
    const event = payload as JsonObject;
    const deliveryKey = options.deliveryKey ?? (isObject(payload) && typeof payload.id === 'string' ? eventBridgeDeliveryKey(event) : contentKey(payload));
    const route = routeEventBridgeEvent(payload, this.deps.config.instances, options.label, options.accept);
    switch (route.kind) {
      case 'ignored': {
        this.deps.telemetry.count('EventsReceived', 'EventBridge');
        this.deps.telemetry.count('Ignored', 'EventBridge');
        return [{ kind: 'eventbridge-event', status: 'ignored', label: options.label, deliveryKey, source: 'EventBridge', detail: route.reason, evaluations: [] }];
      }
      case 'contact-event':
        return [await this.contactEvent(route.facts, route.instanceId, { label: options.label, deliveryKey })];
      case 'objects':
        return Promise.all(route.objects.map((ref: S3ObjectRef) => this.contactObject(ref, {})));
      case 'trigger': {
        const source = route.events[0]?.EventSourceName ?? 'EventBridge';
        this.deps.telemetry.count('EventsReceived', source);
        return [
          await this.once(deliveryKey, source, options.label, async () => ({
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

  /** S3 notifications of any accepted shape → the objects they name. */
  async s3Notification(payload: unknown, options: Pick<IngestOptions, 'label'>): Promise<IngestResult[]> {
    const out = objectsFromNotification(payload, options.label);
    if (out.objects.length === 0) {
      this.deps.telemetry.count('Ignored', 'S3Object');
      return [{ kind: 's3-object', status: 'ignored', label: options.label, source: 'S3Object', detail: out.ignored ?? 'no object', evaluations: [] }];
    }
    const results: IngestResult[] = [];
    for (const ref of out.objects) results.push(await this.contactObject(ref, {}));
    return results;
  }

  // ---------------------------------------------------------------- any payload

  /**
   * Any payload replay (or the canonical handler) is given, recognised by its shape.
   * Never throws: bad input and failures come back as `error` results, one per
   * payload, so the rest of a file or batch goes on.
   */
  async dispatch(payload: unknown, options: IngestOptions & { ref?: ObjectRef }): Promise<IngestResult[]> {
    const kind = detectPayload(payload);
    try {
      switch (kind) {
        case 'list': {
          const out: IngestResult[] = [];
          for (const [i, item] of (payload as unknown[]).entries()) {
            const ref: ObjectRef | undefined =
              options.ref?.kind === 'file' ? { kind: 'file', path: options.ref.path, pointer: `${options.ref.pointer ?? ''}/${i}` } : undefined;
            out.push(...(await this.dispatch(item, { label: `${options.label}#${i}`, ...(ref ? { ref } : {}) })));
          }
          return out;
        }
        case 'kinesis-event':
        case 'sqs-event': {
          const out: IngestResult[] = [];
          for (const [i, record] of ((payload as JsonObject).Records as unknown[]).entries()) {
            const label = `${options.label}#${i}`;
            try {
              const decoded = kind === 'kinesis-event' ? decodeKinesisRecord(record, label) : { ...decodeSqsRecord(record, label), deliveryKey: undefined };
              out.push(...(await this.dispatch(decoded.payload, { label, ...(decoded.deliveryKey ? { deliveryKey: decoded.deliveryKey } : {}) })));
            } catch (err) {
              out.push(this.errorResult(err, 'unknown', label));
            }
          }
          return out;
        }
        case 's3-notification':
          return await this.s3Notification(payload, options);
        case 'eventbridge-event':
          return await this.eventBridge(payload, options);
        case 'canonical-event':
          return [await this.triggerEvent(payload, options)];
        case 'segment':
          return [await this.segment(payload, options)];
        case 'analysis-file':
        case 'evaluation-export': {
          const ref = options.ref ?? { kind: 'file' as const, path: options.label };
          return [await this.contactDocument(payload, { ...options, ref, deliveryKey: options.deliveryKey ?? contentKey(payload) })];
        }
        case 'metric-snapshot':
          return [await this.metricSnapshot(payload, options)];
        case 'contact-record':
          return [await this.contactRecord(payload, options)];
        case 'unknown':
          throw new BadInputError(
            'unknown-format',
            `${options.label}: not a format the engine reads (contact trace record, analysis file, evaluation export, real-time segment, EventBridge event, S3 notification, canonical trigger event, metric snapshot, or a Kinesis/SQS Lambda event of them)`,
          );
      }
    } catch (err) {
      return [this.errorResult(err, kind === 'unknown' || kind === 'list' ? 'unknown' : kindOf(kind), options.label)];
    }
  }

  /** An `error` result; bad input is counted and logged as such. */
  errorResult(err: unknown, kind: InputKind, label: string): IngestResult {
    const info = errorInfo(err);
    if (isBadInput(err)) {
      this.deps.telemetry.count('InvalidInput', kind);
      this.log.warn('bad input', { label, kind, reason: info.reason, message: info.message });
    } else {
      this.deps.telemetry.count('Failures', kind);
      this.log.error('input failed', { label, kind, error: err as Error });
    }
    return { kind, status: 'error', label, error: info, detail: info.message, evaluations: [] };
  }
}

function kindOf(kind: ReturnType<typeof detectPayload>): InputKind {
  switch (kind) {
    case 's3-notification':
      return 's3-object';
    case 'kinesis-event':
    case 'sqs-event':
    case 'list':
      return 'unknown';
    default:
      return kind;
  }
}

/** Reason and message of an error, for reports and logs. */
export function errorInfo(err: unknown): { reason: string; message: string } {
  if (isBadInput(err)) return { reason: badInputReason(err), message: err.message };
  if (err instanceof ContextInputError) return { reason: 'invalid-payload', message: err.message };
  return { reason: 'failure', message: err instanceof Error ? err.message : String(err) };
}

