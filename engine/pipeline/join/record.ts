/**
 * The contact join's role in ingestContactRecords: a contact trace record (or
 * DescribeContact response) is stored per contact, then the analyses and evaluations
 * of its contact that were waiting for it are evaluated (docs/pipeline.md).
 */
import { normaliseContactRecord } from '../../context/contact-record.ts';
import { isObject, type JsonObject } from '../../context/json.ts';
import { recordOfDescribeContact } from '../../contacts/model.ts';
import { contentKey, type Evaluation, type IngestOptions, type IngestResult } from '../ingest-result.ts';
import type { StoredContactRecord } from '../state-store.ts';
import { recordUpdatedAt } from '../state/record-choice.ts';
import { UnsettledWorkError } from '../unsettled.ts';
import { contactKey, GONE, type SubjectEvaluator } from './subjects.ts';

/** A contact trace record (or DescribeContact response): stored, then the contact's pending analyses are evaluated. */
export function contactRecordArrived(join: SubjectEvaluator, record: unknown, options: IngestOptions): Promise<IngestResult> {
  const deliveryKey = options.deliveryKey ?? contentKey(record);
  join.core.deps.telemetry.count('EventsReceived', 'ContactTraceRecord');
  return join.core.once(deliveryKey, 'ContactTraceRecord', options.label, async () => {
    const facts = join.core.deps.contactFacts?.of(record, options.label) ?? normaliseContactRecord(record, options.label);
    const key = contactKey(facts, join.core.deps.config.instances, options.label);
    const { instanceId } = key;
    // Stored in the one shape the views, the index keys and the join read (a CTR's); the
    // facts already told a DescribeContact response (or its bare Contact) from a CTR.
    const input = record as JsonObject;
    const describeContact = facts.format === 'describe-contact';
    const shaped = describeContact ? recordOfDescribeContact(isObject(input.Contact) ? input.Contact : input) : input;
    const updatedAt = recordUpdatedAt(shaped);
    const stored = await join.core.deps.store.putContactRecord(key, shaped, updatedAt, join.core.deps.now(), describeContact);
    const subjects = await join.core.deps.store.openSubjects(key);
    // Read back as any reader reads it, only when something waits for it: a response may be
    // older than the contact's events, and even a stored CTR (which speaks for the contact)
    // is read with the AI agents of an earlier DescribeContact response (RECORD#AI_AGENTS,
    // state/record-choice.ts withAiAgents), which no CTR carries.
    const contact: StoredContactRecord | undefined = subjects.length > 0 ? await join.core.deps.store.getContactRecord(key) : undefined;
    const evaluations: Evaluation[] = [];
    const unsettled: string[] = [];
    const gone: string[] = [];
    for (const subject of subjects) {
      try {
        const out = await join.evaluateSubject(subject, { contact, trigger: `contact record arrived (${options.label})` });
        if (out === GONE) gone.push(subject.label);
        else if (out) evaluations.push(...out);
        else unsettled.push(`${subject.label} is claimed by another invocation`);
      } catch (err) {
        join.core.deps.telemetry.count('Failures', 'PendingAnalysis');
        join.core.log.error('pending analysis could not be evaluated on its contact record; the contact record is retried', {
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

/** The record role's ingestor over `join` (ingestContactRecords; ContactJoin composes it). */
export const recordRole = (join: SubjectEvaluator) => ({
  /** A contact trace record (or DescribeContact response): stored, then the contact's pending analyses are evaluated. */
  contactRecord: (record: unknown, options: IngestOptions): Promise<IngestResult> => contactRecordArrived(join, record, options),
});
