/**
 * Submitted contact evaluations: the evaluation export files Amazon Connect writes
 * to S3 (`…/Evaluations/…/<time>-<evaluationId>.json`) → `OnContactEvaluationSubmit`,
 * joined with the contact's stored contact trace record like an analysis file.
 */
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { arrivalRole } from '../engine/pipeline/join/arrival.ts';
import { evaluationExportReader, subjectEvaluator } from '../engine/pipeline/join/subjects.ts';
import type { IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { createS3FilesHandler, type S3FilesIngestor } from './ingest-s3-files.ts';

/** Evaluation exports: the arrival role, with no analysis file reader (ingest-contact-records.ts says why a role alone). */
export const evaluationsIngestor = (deps: IngestorDeps) => arrivalRole(subjectEvaluator(deps, evaluationExportReader));

export const createEvaluationsHandler = (rt: IngestRuntime<S3FilesIngestor>) => createS3FilesHandler(rt, 'evaluation');

export const handler = lazyHandler((context) => createEvaluationsHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, evaluationsIngestor)));
