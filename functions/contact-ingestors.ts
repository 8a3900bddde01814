/**
 * The ingestors of the four file readers (ingestContactRecords, ingestAnalysis,
 * ingestEvaluations, ingestSweep): each the role of the contact join it runs
 * (engine/pipeline/join/), with the readers of the kinds it evaluates. A module apart
 * from ingestors.ts, whose EventBridge routes import the event families' schemas:
 * their top-level code would stay in these bundles.
 */
import { IngestCore, type IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { arrivalRole } from '../engine/pipeline/join/arrival.ts';
import { recordRole } from '../engine/pipeline/join/record.ts';
import { analysisFileReader, bothReaders, evaluationExportReader, SubjectEvaluator, type SubjectReaders } from '../engine/pipeline/join/subjects.ts';
import { sweepRole } from '../engine/pipeline/join/sweep.ts';

const evaluator = (deps: IngestorDeps, readers: SubjectReaders) => new SubjectEvaluator(new IngestCore(deps), readers);

/** Contact records and the analyses and evaluations waiting for them (ingestContactRecords). */
export const contactRecordsIngestor = (deps: IngestorDeps) => recordRole(evaluator(deps, bothReaders()));

/** The sweep of the analyses and evaluations still waiting after the grace period (ingestSweep). */
export const sweepIngestor = (deps: IngestorDeps) => sweepRole(evaluator(deps, bothReaders()));

/** Contact Lens analysis files (ingestAnalysis): no evaluation export reader. */
export const analysisIngestor = (deps: IngestorDeps) => arrivalRole(evaluator(deps, analysisFileReader));

/** Evaluation exports (ingestEvaluations): no analysis file reader. */
export const evaluationsIngestor = (deps: IngestorDeps) => arrivalRole(evaluator(deps, evaluationExportReader));
