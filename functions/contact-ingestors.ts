/**
 * The ingestors of the four file readers (ingestContactRecords, ingestAnalysis,
 * ingestEvaluations, ingestSweep): each the role of the contact join it runs
 * (engine/pipeline/join/), with the readers of the kinds it evaluates. A module apart
 * from ingestors.ts, whose EventBridge routes import the event families' schemas:
 * their top-level code would stay in these bundles.
 */
import type { IngestOptions, IngestResult } from '../engine/pipeline/ingest-result.ts';
import { IngestCore, type IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { contactDocumentArrived, contactObjectArrived } from '../engine/pipeline/join/arrival.ts';
import { contactRecordArrived } from '../engine/pipeline/join/record.ts';
import { analysisFileReader, bothReaders, evaluationExportReader, SubjectEvaluator, type SubjectReaders } from '../engine/pipeline/join/subjects.ts';
import { sweepPending } from '../engine/pipeline/join/sweep.ts';
import type { ObjectRef } from '../engine/ingest/s3.ts';

/** Contact records and the analyses and evaluations waiting for them (ingestContactRecords). */
export function contactRecordsIngestor(deps: IngestorDeps) {
  const join = new SubjectEvaluator(new IngestCore(deps), bothReaders());
  return { contactRecord: (record: unknown, options: IngestOptions): Promise<IngestResult> => contactRecordArrived(join, record, options) };
}

/** The sweep of the analyses and evaluations still waiting after the grace period (ingestSweep). */
export function sweepIngestor(deps: IngestorDeps) {
  const join = new SubjectEvaluator(new IngestCore(deps), bothReaders());
  return { sweep: (at?: Date | 'all', limit?: number): Promise<IngestResult[]> => sweepPending(join, at, limit) };
}

/** The arrivals of one kind's files, joined with their contact record: `readers` that kind's. */
function arrivals(deps: IngestorDeps, readers: SubjectReaders) {
  const join = new SubjectEvaluator(new IngestCore(deps), readers);
  return {
    contactObject: (ref: ObjectRef, options: Partial<IngestOptions> = {}): Promise<IngestResult> => contactObjectArrived(join, ref, options),
    contactDocument: (doc: unknown, options: IngestOptions & { ref: ObjectRef; channel?: 'VOICE' | 'CHAT' }): Promise<IngestResult> => contactDocumentArrived(join, doc, options),
  };
}

/** Contact Lens analysis files (ingestAnalysis): no evaluation export reader. */
export const analysisIngestor = (deps: IngestorDeps) => arrivals(deps, analysisFileReader);

/** Evaluation exports (ingestEvaluations): no analysis file reader. */
export const evaluationsIngestor = (deps: IngestorDeps) => arrivals(deps, evaluationExportReader);
