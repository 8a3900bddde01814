/**
 * The common group of a backtest, one contact record and one analysis file of the
 * same contact, joined without the pipeline's ingestor: the ingestor stores the
 * record, registers, claims and completes the analysis through several awaited steps
 * on an in-memory state (about 25 µs a call of a backtest's 250), and for this group
 * all of that ends where this does: the analysis's trigger event built with the record,
 * evaluated with its tags under the analysis's delivery key.
 *
 * Only the plain case is taken here: any check the ingestor would fail, or a join it
 * would not make (the two name different contacts or instances), returns undefined
 * and the group goes through the ingestor, which words its own problems. The
 * ingestor's checks for this pair are called here: the contact record's (contact-join.ts
 * `contactKey`: normalised, a ContactId, a known instance) and the analysis's
 * (`subjectInfo`: a Channel, a CustomerMetadata.ContactId, a known instance), and
 * its event is the contact join's (`subjectEvent`). direct.test.ts holds both paths to the same results over
 * generated groups, plain and broken.
 */
import type { ContactFacts, ContactFactsCache } from '../context/contact-record.ts';
import type { TriggerEvent } from '../context/types.ts';
import type { InstanceDirectory } from '../ingest/instances.ts';
import { analysisFileReader, contactKey, subjectEvent, subjectInfo } from '../pipeline/contact-join.ts';
import { contactTags } from '../pipeline/ingest-result.ts';
import type { Unit } from './pieces.ts';

export interface DirectJoin {
  readonly contactId: string;
  readonly event: TriggerEvent;
  /** The record's normalised facts (the report's day and queue). */
  readonly facts: ContactFacts;
  readonly contactTags: Record<string, string> | undefined;
}

/**
 * The analysis `analysis` joined with the contact record `record` as the ingestor joins
 * them when the record comes first, or undefined when the ingestor must handle them.
 * The caller evaluates the event under the analysis's delivery key.
 */
export function directJoin(
  record: Unit,
  analysis: Unit,
  deps: { readonly instances: InstanceDirectory; readonly contactFacts: ContactFactsCache },
): DirectJoin | undefined {
  if (record.kind !== 'contact-record' || record.deliveryKey !== undefined || analysis.kind !== 'analysis-file') return undefined;
  try {
    // the ingestor's checks of each (their throws: the ingestor's path, which words them)
    const facts = deps.contactFacts.of(record.payload, record.label);
    const key = contactKey(facts, deps.instances, record.label);
    // no channel from an S3 key here: an analysis without Channel goes through the ingestor
    const info = subjectInfo(analysis.payload, analysis.label, deps.instances);
    if (info.key.contactId !== key.contactId || info.key.instanceId !== key.instanceId) return undefined;
    const event = subjectEvent(analysisFileReader, { info, doc: analysis.payload, record: record.payload, label: analysis.label, contactFacts: deps.contactFacts });
    return { contactId: key.contactId, event, facts, contactTags: contactTags({ format: 'ctr', record: record.payload }) };
  } catch {
    return undefined;
  }
}
