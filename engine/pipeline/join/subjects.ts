/**
 * The contact join's shared part: what an analysis file or evaluation export is
 * (its subject key and source, `subjectInfo`), the reader of each kind, and the
 * evaluation of one waiting subject (`SubjectEvaluator`), which each role of the join
 * runs: a contact record's arrival (record.ts), an analysis's or evaluation's arrival
 * (arrival.ts), the sweep of those still waiting (sweep.ts). A function holds only
 * the role it runs (its handler, functions/ingest-*.ts); ContactJoin
 * (../contact-join.ts) runs them all (replay, serve).
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import { ANALYSIS_SOURCES, analysisChannel, looksLikeAnalysisFile } from '../../context/analysis-file.ts';
import type { ContactFacts, ContactFactsCache } from '../../context/contact-record.ts';
import { analysisFileInputToTriggerEvent } from '../../context/analysis-input.ts';
import { isObject, type JsonObject } from '../../context/json.ts';
import type { TriggerEvent } from '../../context/types.ts';
import { BadInputError, parseJsonText } from '../../ingest/errors.ts';
import { evaluationExportToTriggerEvent, evaluationIdentity, looksLikeEvaluationExport } from '../../ingest/evaluation.ts';
import { resolveInstance, type InstanceDirectory } from '../../ingest/instances.ts';
import { classifyKey, describeRef, ObjectGoneError } from '../../ingest/s3.ts';
import { IngestCore, type IngestorDeps } from '../ingest-core.ts';
import { contactTags, flatten, type Evaluation } from '../ingest-result.ts';
import type { ContactKey, StoredContactRecord, SubjectItem } from '../state-store.ts';
import { contactRecordsState, subjectsState } from '../state/repositories.ts';
import { contactStartMillis } from '../../rules/new-contacts.ts';

/** What evaluating a pending subject gives when its file no longer exists. */
export const GONE = Symbol('file gone');

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

/** The subject keys' prefixes: an analysis by its source, an evaluation by its id. */
const ANALYSIS_SUBJECT = 'ANALYSIS#';
const EVALUATION_SUBJECT = 'EVALUATION#';

/** The source of a subject key that subjectInfo made. */
export const subjectSource = (subject: string): EventSourceName =>
  subject.startsWith(EVALUATION_SUBJECT) ? 'OnContactEvaluationSubmit' : (subject.slice(ANALYSIS_SUBJECT.length) as EventSourceName);

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
    return { subject: `${ANALYSIS_SUBJECT}${source}`, source, key: { instanceId, contactId }, kind: 'analysis-file' };
  }
  if (looksLikeEvaluationExport(doc)) {
    const ids = evaluationIdentity(doc, label);
    const instanceId = resolveInstance(instances, { instanceId: ids.instanceId }, label);
    return { subject: `${EVALUATION_SUBJECT}${ids.evaluationId}`, source: 'OnContactEvaluationSubmit', key: { instanceId, contactId: ids.contactId }, kind: 'evaluation-export' };
  }
  throw new BadInputError('not-an-analysis-file', `${label}: not a Contact Lens analysis file nor an evaluation export`);
}

/** What `subjectEvent` needs to build one kind's trigger event. */
export type SubjectEventInput = Readonly<{ info: Pick<SubjectInfo, 'kind' | 'key' | 'source'>; doc: unknown; record: unknown; label: string; contactFacts: ContactFactsCache | undefined }>;

/**
 * The reader of each kind of document the contact join evaluates. Each handler passes
 * only its own kinds' (its handler, functions/ingest-*.ts), as it does the state's repositories, so
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

/** Both kinds' readers (made when asked: a spread at load is code esbuild keeps, with both readers, in every bundle). */
export const bothReaders = (): SubjectReaders => ({ ...analysisFileReader, ...evaluationExportReader });

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
export function readerOf(readers: SubjectReaders, kind: SubjectInfo['kind'], label: string): NonNullable<SubjectReaders[SubjectInfo['kind']]> {
  const read = readers[kind];
  if (!read) throw new Error(`${label}: ${kind === 'analysis-file' ? 'an analysis file' : 'an evaluation export'}: this ingestor was built without its ${kind} reader (its handler, functions/ingest-*.ts)`);
  return read;
}

/** One waiting analysis or evaluation evaluated, with the readers of the kinds this join evaluates. */
export class SubjectEvaluator {
  /** `readers`: those of the kinds this join evaluates (analysisFileReader, evaluationExportReader, or both spread). */
  constructor(
    readonly core: IngestCore,
    readonly readers: SubjectReaders,
  ) {
    core.deps.store.use(contactRecordsState, subjectsState);
  }

  /**
   * Claims and evaluates one analysis or evaluation (on arrival, on its contact
   * record's arrival, or by the sweep). Undefined when another evaluator holds it;
   * GONE when its file, read again, no longer exists (`dropGone`).
   */
  async evaluateSubject(
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
      const result = await this.core.deps.processor.processTriggerEvent(event, {
        eventKey: item.eventKey,
        contactTags: contactTags(contact),
        contactStartMillis: contactStartMillis(contact?.record),
        gateFor: this.core.gateFor,
        label: item.label,
      });
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
      // JSON.parse, not parseEventText: the readers that re-read a waiting file (ingestContactRecords, ingestSweep)
      // are at their code ratchet (test/deploy/package.test.ts), and the analysis's first read, on arrival, is the hot one.
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
    this.core.deps.telemetry.count('PendingFileGone', subjectSource(item.sk));
    this.core.log.warn('pending analysis dropped: its file is gone, so it can never be evaluated', {
      file: describeRef(item.ref),
      label: item.label,
      subject: item.sk,
      contactId: item.contactId,
    });
  }
}

/** A function's evaluator over its dependencies, with the readers of its kinds (each file reader's handler, functions/ingest-*.ts). */
export const subjectEvaluator = (deps: IngestorDeps, readers: SubjectReaders): SubjectEvaluator => new SubjectEvaluator(new IngestCore(deps), readers);
