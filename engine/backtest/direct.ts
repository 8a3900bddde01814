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
 * ingestor's checks for this pair are the contact record's (contact-join.ts
 * `contactRecord`: normalised, a ContactId, a known instance) and the analysis's
 * (`subjectInfo`: a Channel, a CustomerMetadata.ContactId, a known instance;
 * `buildSubjectEvent`). direct.test.ts holds both paths to the same results over
 * generated groups, plain and broken.
 */
import { analysisChannel } from '../context/analysis-file.ts';
import { analysisFileInputToTriggerEvent } from '../context/analysis-input.ts';
import type { ContactFactsCache } from '../context/contact-record.ts';
import { isObject, type JsonObject } from '../context/json.ts';
import type { TriggerEvent } from '../context/types.ts';
import { resolveInstance, type InstanceDirectory } from '../ingest/instances.ts';
import { contactTags } from '../pipeline/ingest-result.ts';
import type { Unit } from './pieces.ts';

export interface DirectJoin {
  readonly contactId: string;
  readonly event: TriggerEvent;
  /** What the ingestor hands the processor with it. */
  readonly eventKey: string;
  readonly contactTags: Record<string, string> | undefined;
}

/**
 * The analysis `analysis` joined with the contact record `record` as the ingestor joins
 * them when the record comes first (`deliveryKey`: the analysis's), or undefined when
 * the ingestor must handle them.
 */
export function directJoin(
  record: Unit,
  analysis: Unit,
  deliveryKey: string,
  deps: { readonly instances: InstanceDirectory; readonly contactFacts: ContactFactsCache },
): DirectJoin | undefined {
  if (record.kind !== 'contact-record' || record.deliveryKey !== undefined || analysis.kind !== 'analysis-file') return undefined;
  try {
    const facts = deps.contactFacts.of(record.payload, record.label);
    if (!facts.ContactId) return undefined;
    const recordInstance = resolveInstance(deps.instances, { instanceId: facts.InstanceId }, `${record.label} (contact record)`);
    const doc = analysis.payload as JsonObject;
    const channel = analysisChannel(doc);
    const meta = isObject(doc.CustomerMetadata) ? doc.CustomerMetadata : {};
    if (!channel || meta.ContactId !== facts.ContactId) return undefined;
    const instanceId = resolveInstance(deps.instances, { instanceId: typeof meta.InstanceId === 'string' ? meta.InstanceId : undefined }, analysis.label);
    if (instanceId !== recordInstance) return undefined;
    const event = analysisFileInputToTriggerEvent({
      event: doc,
      contact: record.payload,
      eventFile: analysis.label,
      contactFile: 'the contact record',
      contactFacts: deps.contactFacts,
    });
    return { contactId: facts.ContactId, event, eventKey: deliveryKey, contactTags: contactTags({ format: 'ctr', record: record.payload, updatedAt: 0 }) };
  } catch {
    return undefined;
  }
}
