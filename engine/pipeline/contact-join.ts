/**
 * The contact join: contact trace records are stored per contact (contact events are
 * merged into the same state by contact-events.ts), and the post-contact analyses and evaluation exports that need them wait for them.
 * An analysis whose contact has no stored record is kept PENDING; the record's
 * arrival evaluates the pending analyses of its contact; the sweep evaluates those
 * still pending after the grace period with whatever is known then
 * (docs/pipeline.md "Contact records and analyses").
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';
import { ANALYSIS_SOURCES, analysisChannel, looksLikeAnalysisFile } from '../context/analysis-file.ts';
import { normaliseContactRecord, type ContactFacts, type ContactFactsCache } from '../context/contact-record.ts';
import { analysisFileInputToTriggerEvent } from '../context/analysis-input.ts';
import { isObject, type JsonObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';
import { BadInputError, parseJsonText } from '../ingest/errors.ts';
import { evaluationExportToTriggerEvent, evaluationIdentity, looksLikeEvaluationExport } from '../ingest/evaluation.ts';
import { resolveInstance, type InstanceDirectory } from '../ingest/instances.ts';
import { classifyKey, describeRef, ObjectGoneError, objectDeliveryKey, type ObjectRef } from '../ingest/s3.ts';
import { recordOfDescribeContact } from '../contacts/model.ts';
import type { AnalysisOutput } from './config.ts';
import type { IngestCore } from './ingest-core.ts';
import { contactTags, contentKey, errorInfo, flatten, type Evaluation, type IngestOptions, type IngestResult } from './ingest-result.ts';
import type { ContactKey, StoredContactRecord, SubjectItem } from './state-store.ts';
import { recordUpdatedAt } from './state/record-choice.ts';
import { contactRecordsState, subjectsState } from './state/repositories.ts';
import { UnsettledWorkError } from './unsettled.ts';

/** What evaluating a pending subject gives when its file no longer exists. */
const GONE = Symbol('file gone');

/** The subject key and source of an analysis file or evaluation export. */
export interface SubjectInfo {
  readonly subject: string;
  readonly source: EventSourceName;
  readonly key: ContactKey;
  readonly kind: 'analysis-file' | 'evaluation-export';
}

/**
 * The key of a contact record's contact (BadInputError without a ContactId or a known
 * instance): what `contactRecord` stores it under; the backtest's direct join
 * (engine/backtest/direct.ts) checks a record by it too.
 */
export function contactKey(facts: ContactFacts, instances: InstanceDirectory, label: string): ContactKey {
  if (!facts.ContactId) throw new BadInputError('invalid-payload', `${label}: a contact record without ContactId`, '/ContactId');
  return { instanceId: resolveInstance(instances, { instanceId: facts.InstanceId }, `${label} (contact record)`), contactId: facts.ContactId };
}

/**
 * The subject key and source of an analysis file (a Channel, or `channel` from its S3
 * key; a CustomerMetadata.ContactId; a known instance) or evaluation export, else
 * BadInputError. The backtest's direct join checks an analysis by it too.
 */
export function subjectInfo(doc: unknown, label: string, instances: InstanceDirectory, channel?: 'VOICE' | 'CHAT'): SubjectInfo {
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

/** What `subjectEvent` needs to build one kind's trigger event. */
export type SubjectEventInput = Readonly<{ info: Pick<SubjectInfo, 'kind' | 'key' | 'source'>; doc: unknown; record: unknown; label: string; contactFacts: ContactFactsCache | undefined }>;

/**
 * The reader of each kind of document the contact join evaluates. Each handler passes
 * only its own kinds' (functions/contact-ingestors.ts), as it does the state's repositories, so
 * a bundle holds no other kind's reader: ingestEvaluations no analysis file reader
 * (about 10 KB), ingestAnalysis no evaluation export reader.
 */
export type SubjectReaders = Readonly<Partial<Record<SubjectInfo['kind'], (input: SubjectEventInput) => TriggerEvent>>>;

/**
 * An analysis file's event, read as buildTriggerEvent reads one (under the source
 * subjectInfo chose: its Channel, else its S3 key's), without the other input forms' readers.
 */
export const analysisFileReader: SubjectReaders = {
  'analysis-file': ({ info, doc, record, label, contactFacts }) =>
    analysisFileInputToTriggerEvent({
      event: doc as JsonObject,
      contact: record,
      eventFile: label,
      contactFile: 'the contact record',
      ...(contactFacts ? { contactFacts } : {}),
      source: info.source,
    }),
};

/** An evaluation export's event. */
export const evaluationExportReader: SubjectReaders = {
  'evaluation-export': ({ info, doc, record, label }) =>
    evaluationExportToTriggerEvent(doc, record, { file: label, contactFile: 'the contact record', instanceId: info.key.instanceId }),
};

/**
 * The trigger event of an analysis file or evaluation export that `subjectInfo` checked
 * (`info`), joined with its contact record when there is one: what the contact join
 * evaluates, by `readers` (an error for a kind it has no reader of). The backtest's
 * direct join builds its event here too.
 */
export function subjectEvent(readers: SubjectReaders, input: SubjectEventInput): TriggerEvent {
  return readerOf(readers, input.info.kind, input.label)(input);
}

/** The reader of `kind`, else an error naming the part the ingestor was built without (a wiring fault, as in events.ts). */
function readerOf(readers: SubjectReaders, kind: SubjectInfo['kind'], label: string): NonNullable<SubjectReaders[SubjectInfo['kind']]> {
  const read = readers[kind];
  if (!read) throw new Error(`${label}: ${kind === 'analysis-file' ? 'an analysis file' : 'an evaluation export'}: this ingestor was built without its ${kind} reader (functions/contact-ingestors.ts)`);
  return read;
}

export class ContactJoin {
  /** `readers`: those of the kinds this join evaluates (analysisFileReader, evaluationExportReader, or both spread). */
  constructor(
    private readonly core: IngestCore,
    private readonly readers: SubjectReaders,
  ) {
    core.deps.store.use(contactRecordsState, subjectsState);
  }

  // ---------------------------------------------------------------- contact records

  /** A contact trace record (or DescribeContact response): stored, then the contact's pending analyses are evaluated. */
  contactRecord(record: unknown, options: IngestOptions): Promise<IngestResult> {
    const deliveryKey = options.deliveryKey ?? contentKey(record);
    this.core.deps.telemetry.count('EventsReceived', 'ContactTraceRecord');
    return this.core.once(deliveryKey, 'ContactTraceRecord', options.label, async () => {
      const facts = this.core.deps.contactFacts?.of(record, options.label) ?? normaliseContactRecord(record, options.label);
      const key = contactKey(facts, this.core.deps.config.instances, options.label);
      const { instanceId } = key;
      // Stored in the one shape the views, the index keys and the join read (a CTR's); the
      // facts already told a DescribeContact response (or its bare Contact) from a CTR.
      const input = record as JsonObject;
      const describeContact = facts.format === 'describe-contact';
      const shaped = describeContact ? recordOfDescribeContact(isObject(input.Contact) ? input.Contact : input) : input;
      const updatedAt = recordUpdatedAt(shaped);
      const stored = await this.core.deps.store.putContactRecord(key, shaped, updatedAt, this.core.deps.now(), describeContact);
      // A stored CTR speaks for the contact; anything else is read back, as any reader
      // would read it: a response may be older than the contact's events (state/record-choice.ts).
      const contact: StoredContactRecord | undefined =
        stored === 'stored' && !describeContact
          ? { format: 'ctr', origin: 'ctr', recordStored: true, record: shaped, updatedAt }
          : await this.core.deps.store.getContactRecord(key);
      const evaluations: Evaluation[] = [];
      const unsettled: string[] = [];
      const gone: string[] = [];
      for (const subject of await this.core.deps.store.openSubjects(key)) {
        try {
          const out = await this.evaluateSubject(subject, { contact, trigger: `contact record arrived (${options.label})` });
          if (out === GONE) gone.push(subject.label);
          else if (out) evaluations.push(...out);
          else unsettled.push(`${subject.label} is claimed by another invocation`);
        } catch (err) {
          this.core.deps.telemetry.count('Failures', 'PendingAnalysis');
          this.core.log.error('pending analysis could not be evaluated on its contact record; the contact record is retried', {
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
          (stored === 'stored'
            ? 'contact record stored'
            : describeContact
              ? 'a contact trace record or newer DescribeContact response is stored (kept it)'
              : 'older than the stored contact record (kept the stored one)') +
          (evaluations.length > 0 ? `; evaluated ${evaluations.filter((e) => e.depth === 0).length} analysis waiting for it` : '') +
          (gone.length > 0 ? `; dropped ${gone.join(', ')} waiting for it: ${gone.length === 1 ? 'its file is' : 'their files are'} gone` : ''),
        evaluations,
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
      this.core.deps.telemetry.count('Ignored', 'S3Object');
      return { kind: 's3-object', status: 'ignored', label, deliveryKey, source: 'S3Object', detail: 'not a Contact Lens analysis file or evaluation export (by its key)', evaluations: [] };
    }
    const source = klass?.kind === 'analysis' ? ANALYSIS_SOURCES[klass.channel] : klass?.kind === 'evaluation' ? 'OnContactEvaluationSubmit' : 'S3Object';
    this.core.deps.telemetry.count('EventsReceived', source);
    // Deduplicated before the read: a redelivered notification reads nothing.
    return this.core.once(deliveryKey, source, label, async () => {
      const doc = parseJsonText(await this.core.deps.reader.read(ref), label);
      if (klass?.kind === 'analysis' && !looksLikeAnalysisFile(doc)) {
        throw new BadInputError('not-an-analysis-file', `${label}: named like a Contact Lens analysis file but is not one (no Transcript and ConversationCharacteristics)`);
      }
      if (klass?.kind === 'evaluation' && !looksLikeEvaluationExport(doc)) {
        throw new BadInputError('not-an-analysis-file', `${label}: named like an evaluation export but is not one (no evaluationId and metadata)`);
      }
      return this.arrival(doc, { label, deliveryKey, ref, channel: klass?.kind === 'analysis' ? klass.channel : undefined });
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
    this.core.deps.telemetry.count('EventsReceived', guess);
    return this.core.once(deliveryKey, guess, options.label, () => this.arrival(doc, { ...options, deliveryKey }));
  }

  /** The arrival of an analysis file or evaluation export: evaluated now if its contact record is there, else kept pending. */
  private async arrival(doc: unknown, options: IngestOptions & { deliveryKey: string; ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
    const { label, ref, deliveryKey } = options;
    const info = subjectInfo(doc, label, this.core.deps.config.instances, options.channel);
    const read = readerOf(this.readers, info.kind, label); // before any state is read or written
    const base = { kind: info.kind, label, deliveryKey, source: info.source, instanceId: info.key.instanceId, contactId: info.key.contactId } as const;
    const skipped = this.outputSkipped(doc, this.core.deps.config.analysisOutput);
    if (skipped) {
      this.core.deps.telemetry.count('Ignored', info.source);
      return { ...base, status: 'ignored', detail: skipped, evaluations: [] };
    }
    // Built now, so a bad file is reported on its own delivery, never on its contact record's; with
    // the contact record when it is already stored (the usual order), that is the event evaluated below.
    const stored = await this.core.deps.store.getContactRecord(info.key);
    // A CTR or DescribeContact response is stored (its facts, or its contact events' when newer, speak for it).
    const known = stored?.recordStored ? stored : undefined;
    const event = read({ info, doc, record: known?.record, label, contactFacts: this.core.deps.contactFacts });

    const now = this.core.deps.now();
    const dueAt = new Date(now.getTime() + this.core.deps.config.contactRecordGraceSeconds * 1000).toISOString();
    const reg = await this.core.deps.store.registerSubject(info.key, info.subject, { eventKey: deliveryKey, ref, label, dueAt }, now);
    if (!reg.created && reg.item.eventKey !== deliveryKey) {
      this.core.deps.telemetry.count('Duplicates', info.source);
      return {
        ...base,
        status: 'duplicate',
        detail: `contact ${info.key.contactId} already has its ${info.source} input from ${reg.item.label} (${reg.item.status.toLowerCase()}): evaluated once`,
        evaluations: [],
      };
    }
    if (!reg.created && reg.item.status === 'DONE') {
      this.core.deps.telemetry.count('Duplicates', info.source);
      return { ...base, status: 'duplicate', detail: `already evaluated (${reg.item.evaluatedAt ?? ''})`, evaluations: [] };
    }
    // Read again after registering unless it was there: a record stored meanwhile saw no subject to evaluate.
    const contact = known ?? (await this.core.deps.store.getContactRecord(info.key));
    if (!contact?.recordStored) {
      this.core.deps.telemetry.count('PendingContactRecord', info.source);
      return {
        ...base,
        status: 'pending',
        detail: `waiting for the contact record of ${info.key.contactId}: evaluated when it arrives, or after ${this.core.deps.config.contactRecordGraceSeconds} s with what is known then`,
        evaluations: [],
      };
    }
    // The file is at hand (`doc`): never GONE here.
    const evaluations = (await this.evaluateSubject(reg.item, { contact, doc, ...(known ? { event } : {}) })) as Evaluation[] | undefined;
    // Claimed elsewhere: by the delivery of its contact record (which acknowledges only once
    // it is evaluated), or by an attempt that died; this delivery is retried until it is done.
    if (!evaluations) throw new UnsettledWorkError(label, [`${label} is claimed by another invocation`]);
    return { ...base, status: 'evaluated', evaluations };
  }

  /**
   * Claims and evaluates one analysis or evaluation (on arrival, on its contact
   * record's arrival, or by the sweep). Undefined when another evaluator holds it;
   * GONE when its file, read again, no longer exists (`dropGone`).
   */
  private async evaluateSubject(
    item: SubjectItem,
    given: { contact?: StoredContactRecord; doc?: unknown; trigger?: string; /** Built from `doc` and `contact`. */ event?: TriggerEvent },
  ): Promise<Evaluation[] | typeof GONE | undefined> {
    const { store, now, telemetry } = this.core.deps;
    const token = await store.claimSubject(item, now());
    if (!token) return undefined;
    try {
      const key = { instanceId: item.instanceId, contactId: item.contactId };
      const doc = given.doc ?? (await this.readAgain(item));
      if (doc === GONE) {
        await this.dropGone(item, token);
        return GONE;
      }
      const contact = given.contact ?? (await store.getContactRecord(key));
      const event =
        given.event ??
        subjectEvent(this.readers, {
          info: subjectInfo(doc, item.label, this.core.deps.config.instances, item.ref.kind === 's3' ? (classifyKey(item.ref.key) as { channel?: 'VOICE' | 'CHAT' }).channel : undefined),
          doc,
          record: contact?.record,
          label: item.label,
          contactFacts: this.core.deps.contactFacts,
        });
      const info = { source: event.EventSourceName };
      const result = await this.core.deps.processor.processTriggerEvent(event, { eventKey: item.eventKey, contactTags: contactTags(contact), gateFor: this.core.gateFor, label: item.label });
      const joined = contact?.origin ?? 'none';
      await store.completeSubject(item, token, joined, now());
      if (!contact?.recordStored) telemetry.count('EvaluatedWithoutContactRecord', info.source);
      return flatten(result, { label: item.label, contactRecord: joined, ...(given.trigger ? { trigger: given.trigger } : {}) });
    } catch (err) {
      await store.releaseSubject(item, token);
      throw err;
    }
  }

  /** The file of a pending subject, read again: GONE when it no longer exists (ObjectGoneError of the readers). */
  private async readAgain(item: SubjectItem): Promise<unknown> {
    try {
      return parseJsonText(await this.core.deps.reader.read(item.ref), item.label);
    } catch (err) {
      if (err instanceof ObjectGoneError) return GONE;
      throw err;
    }
  }

  /**
   * A pending subject whose file is gone (deleted, or expired by an S3 lifecycle rule)
   * can never be evaluated: retrying it would fail the CTR's delivery and log an error
   * on every sweep until the item's TTL, for nothing. It is dropped (the file put again
   * is a new arrival), said once at warn with the file named, and counted.
   */
  private async dropGone(item: SubjectItem, token: string): Promise<void> {
    await this.core.deps.store.discardSubject(item, token);
    const source = item.sk.startsWith('EVALUATION#') ? 'OnContactEvaluationSubmit' : item.sk.slice('ANALYSIS#'.length);
    this.core.deps.telemetry.count('PendingFileGone', source);
    this.core.log.warn('pending analysis dropped: its file is gone, so it can never be evaluated', {
      file: describeRef(item.ref),
      label: item.label,
      subject: item.sk,
      contactId: item.contactId,
    });
  }

  /**
   * Evaluates the analyses whose grace period ended (`'all'`: every pending one,
   * replay's end of run), with the contact record if it arrived meanwhile. One
   * result per subject; a failure is reported and the subject stays pending.
   */
  async sweep(at: Date | 'all' = this.core.deps.now(), limit = 100): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    for (const item of await this.core.deps.store.dueSubjects(at, limit)) {
      const base = { kind: 'sweep' as const, label: item.label, deliveryKey: item.eventKey, instanceId: item.instanceId, contactId: item.contactId };
      const trigger = at === 'all' ? 'end of replay: no contact record came' : `grace period ended (${this.core.deps.config.contactRecordGraceSeconds} s)`;
      try {
        const evaluations = await this.evaluateSubject(item, { trigger });
        if (evaluations === GONE) results.push({ ...base, status: 'ignored', detail: `its file ${describeRef(item.ref)} is gone: dropped, never evaluated`, evaluations: [] });
        else if (evaluations) results.push({ ...base, status: 'evaluated', source: evaluations[0]?.source, evaluations });
      } catch (err) {
        this.core.deps.telemetry.count('Failures', 'Sweep');
        this.core.log.error('sweep: pending analysis could not be evaluated (it stays pending)', { label: item.label, subject: item.sk, error: err as Error });
        results.push({ ...base, status: 'error', error: errorInfo(err), detail: (err as Error).message, evaluations: [] });
      }
    }
    return results;
  }
}
