/**
 * The ingestors of the four file readers (ingestContactRecords, ingestAnalysis,
 * ingestEvaluations, ingestSweep): the contact join with the readers of the kinds
 * each evaluates. A module apart from ingestors.ts, whose EventBridge routes import
 * the event families' schemas: their top-level code would stay in these bundles.
 */
import { analysisFileReader, ContactJoin, evaluationExportReader } from '../engine/pipeline/contact-join.ts';
import { IngestCore, type IngestorDeps } from '../engine/pipeline/ingest-core.ts';

/** Contact records and the analyses and evaluations waiting for them (ingestContactRecords), the sweep of those (ingestSweep). */
export const contactIngestor = (deps: IngestorDeps) => new ContactJoin(new IngestCore(deps), { ...analysisFileReader, ...evaluationExportReader });

/** Contact Lens analysis files, joined with their contact record (ingestAnalysis): no evaluation export reader. */
export const analysisIngestor = (deps: IngestorDeps) => new ContactJoin(new IngestCore(deps), analysisFileReader);

/** Evaluation exports, joined with their contact record (ingestEvaluations): no analysis file reader. */
export const evaluationsIngestor = (deps: IngestorDeps) => new ContactJoin(new IngestCore(deps), evaluationExportReader);

