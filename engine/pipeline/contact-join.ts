/**
 * The contact join: contact trace records are stored per contact (contact events are
 * merged into the same state by contact-events.ts), and the post-contact analyses and evaluation exports that need them wait for them.
 * An analysis whose contact has no stored record is kept PENDING; the record's
 * arrival evaluates the pending analyses of its contact; the sweep evaluates those
 * still pending after the grace period with whatever is known then
 * (docs/pipeline.md "Contact records and analyses").
 *
 * Each role is a module of join/ (record.ts, arrival.ts, sweep.ts, over the shared
 * subjects.ts), so that a function holds only the roles it runs
 * (functions/contact-ingestors.ts); ContactJoin runs them all (replay, serve).
 */
import type { IngestOptions, IngestResult } from './ingest-result.ts';
import type { ObjectRef } from '../ingest/s3.ts';
import { contactDocumentArrived, contactObjectArrived } from './join/arrival.ts';
import { contactRecordArrived } from './join/record.ts';
import { SubjectEvaluator } from './join/subjects.ts';
import { sweepPending } from './join/sweep.ts';

export { analysisFileReader, bothReaders, contactKey, evaluationExportReader, subjectEvent, subjectInfo } from './join/subjects.ts';
export type { SubjectEventInput, SubjectInfo, SubjectReaders } from './join/subjects.ts';

export class ContactJoin extends SubjectEvaluator {
  /** A contact trace record (or DescribeContact response): stored, then the contact's pending analyses are evaluated. */
  contactRecord(record: unknown, options: IngestOptions): Promise<IngestResult> {
    return contactRecordArrived(this, record, options);
  }

  /** An S3 object (or a local file): read, then handled as the analysis file or evaluation export it is. */
  contactObject(ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
    return contactObjectArrived(this, ref, options);
  }

  /** An analysis file or evaluation export at hand (`ref` says where to read it again if it must wait for its contact record). */
  contactDocument(doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> {
    return contactDocumentArrived(this, doc, options);
  }

  /** The analyses whose grace period ended (`'all'`: every pending one), evaluated. */
  sweep(at?: Date | 'all', limit?: number): Promise<IngestResult[]> {
    return sweepPending(this, at, limit);
  }
}
