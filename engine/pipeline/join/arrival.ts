/**
 * The contact join's role in ingestAnalysis and ingestEvaluations: an analysis file
 * or evaluation export arrives (an S3 object read, or a document at hand); it is
 * evaluated now if its contact's record is stored, else kept waiting for it.
 */
import { ANALYSIS_SOURCES, analysisChannel, looksLikeAnalysisFile } from '../../context/analysis-file.ts';
import { isObject, type JsonObject } from '../../context/json.ts';
import { BadInputError } from '../../ingest/errors.ts';
import { parseEventText } from '../../ingest/event-text.ts';
import { looksLikeEvaluationExport } from '../../ingest/evaluation.ts';
import { classifyKey, describeRef, objectDeliveryKey, type ObjectRef } from '../../ingest/s3.ts';
import type { AnalysisOutput } from '../config.ts';
import type { Evaluation, IngestOptions, IngestResult } from '../ingest-result.ts';
import { UnsettledWorkError } from '../unsettled.ts';
import { readerOf, subjectInfo, type SubjectEvaluator } from './subjects.ts';

/** An S3 object (or a local file): read, then handled as the analysis file or evaluation export it is. */
export async function contactObjectArrived(join: SubjectEvaluator, ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
  const label = options.label ?? describeRef(ref);
  const deliveryKey = options.deliveryKey ?? objectDeliveryKey(ref);
  const klass = ref.kind === 's3' ? classifyKey(ref.key) : undefined;
  if (klass?.kind === 'other') {
    join.core.deps.telemetry.count('Ignored', 'S3Object');
    return { kind: 's3-object', status: 'ignored', label, deliveryKey, source: 'S3Object', detail: 'not a Contact Lens analysis file or evaluation export (by its key)', evaluations: [] };
  }
  const source = klass?.kind === 'analysis' ? ANALYSIS_SOURCES[klass.channel] : klass?.kind === 'evaluation' ? 'OnContactEvaluationSubmit' : 'S3Object';
  join.core.deps.telemetry.count('EventsReceived', source);
  // Deduplicated before the read: a redelivered notification reads nothing.
  return join.core.once(deliveryKey, source, label, async () => {
    const doc = parseEventText(await join.core.deps.reader.read(ref), label);
    if (klass?.kind === 'analysis' && !looksLikeAnalysisFile(doc)) {
      throw new BadInputError('not-an-analysis-file', `${label}: named like a Contact Lens analysis file but is not one (no Transcript and ConversationCharacteristics)`);
    }
    if (klass?.kind === 'evaluation' && !looksLikeEvaluationExport(doc)) {
      throw new BadInputError('not-an-analysis-file', `${label}: named like an evaluation export but is not one (no evaluationId and metadata)`);
    }
    return arrival(join, doc, { label, deliveryKey, ref, channel: klass?.kind === 'analysis' ? klass.channel : undefined });
  });
}

function outputSkipped(doc: unknown, output: AnalysisOutput): string | undefined {
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
export function contactDocumentArrived(join: SubjectEvaluator, doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
  const deliveryKey = options.deliveryKey ?? objectDeliveryKey(options.ref);
  const guess = looksLikeAnalysisFile(doc) ? ANALYSIS_SOURCES[analysisChannel(doc as JsonObject) ?? options.channel ?? 'VOICE'] : 'OnContactEvaluationSubmit';
  join.core.deps.telemetry.count('EventsReceived', guess);
  return join.core.once(deliveryKey, guess, options.label, () => arrival(join, doc, { ...options, deliveryKey }));
}

/** The arrival of an analysis file or evaluation export: evaluated now if its contact record is there, else kept pending. */
async function arrival(join: SubjectEvaluator, doc: unknown, options: IngestOptions & { deliveryKey: string; ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
  const { label, ref, deliveryKey } = options;
  const info = subjectInfo(doc, label, join.core.deps.config.instances, options.channel);
  const read = readerOf(join.readers, info.kind, label); // before any state is read or written
  const base = { kind: info.kind, label, deliveryKey, source: info.source, instanceId: info.key.instanceId, contactId: info.key.contactId } as const;
  const skipped = outputSkipped(doc, join.core.deps.config.analysisOutput);
  if (skipped) {
    join.core.deps.telemetry.count('Ignored', info.source);
    return { ...base, status: 'ignored', detail: skipped, evaluations: [] };
  }
  // Built now, so a bad file is reported on its own delivery, never on its contact record's; with
  // the contact record when it is already stored (the usual order), that is the event evaluated below.
  const stored = await join.core.deps.store.getContactRecord(info.key);
  // A CTR or DescribeContact response is stored (its facts, or its contact events' when newer, speak for it).
  const known = stored?.recordStored ? stored : undefined;
  const event = read({ info, doc, record: known?.record, label, contactFacts: join.core.deps.contactFacts });

  const now = join.core.deps.now();
  const dueAt = new Date(now.getTime() + join.core.deps.config.contactRecordGraceSeconds * 1000).toISOString();
  const reg = await join.core.deps.store.registerSubject(info.key, info.subject, { eventKey: deliveryKey, ref, label, dueAt }, now);
  if (!reg.created && reg.item.eventKey !== deliveryKey) {
    join.core.deps.telemetry.count('Duplicates', info.source);
    return {
      ...base,
      status: 'duplicate',
      detail: `contact ${info.key.contactId} already has its ${info.source} input from ${reg.item.label} (${reg.item.status.toLowerCase()}): evaluated once`,
      evaluations: [],
    };
  }
  if (!reg.created && reg.item.status === 'DONE') {
    join.core.deps.telemetry.count('Duplicates', info.source);
    return { ...base, status: 'duplicate', detail: `already evaluated (${reg.item.evaluatedAt ?? ''})`, evaluations: [] };
  }
  // Read again after registering unless it was there: a record stored meanwhile saw no subject to evaluate.
  const contact = known ?? (await join.core.deps.store.getContactRecord(info.key));
  if (!contact?.recordStored) {
    join.core.deps.telemetry.count('PendingContactRecord', info.source);
    return {
      ...base,
      status: 'pending',
      detail: `waiting for the contact record of ${info.key.contactId}: evaluated when it arrives, or after ${join.core.deps.config.contactRecordGraceSeconds} s with what is known then`,
      evaluations: [],
    };
  }
  // The file is at hand (`doc`): never GONE here.
  const evaluations = (await join.evaluateSubject(reg.item, { contact, doc, ...(known ? { event } : {}) })) as Evaluation[] | undefined;
  // Claimed elsewhere: by the delivery of its contact record (which acknowledges only once
  // it is evaluated), or by an attempt that died; this delivery is retried until it is done.
  if (!evaluations) throw new UnsettledWorkError(label, [`${label} is claimed by another invocation`]);
  return { ...base, status: 'evaluated', evaluations };
}

/** The arrival role's ingestor over `join` (ingestAnalysis, ingestEvaluations: `join` has that kind's readers; ContactJoin composes it). */
export const arrivalRole = (join: SubjectEvaluator) => ({
  /** An S3 object (or a local file): read, then handled as the analysis file or evaluation export it is. */
  contactObject: (ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> => contactObjectArrived(join, ref, options),
  /** An analysis file or evaluation export at hand (`ref` says where to read it again if it must wait for its contact record). */
  contactDocument: (doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> => contactDocumentArrived(join, doc, options),
});
