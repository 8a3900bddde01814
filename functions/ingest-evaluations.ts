/**
 * Submitted contact evaluations: the evaluation export files Amazon Connect writes
 * to S3 (`…/Evaluations/…/<time>-<evaluationId>.json`) → `OnContactEvaluationSubmit`,
 * joined with the contact's stored contact trace record like an analysis file.
 */
import { createIngestRuntime, lazyHandler, type IngestRuntime } from './ingest-runtime.ts';
import { createS3FilesHandler } from './ingest-s3-files.ts';

export const createEvaluationsHandler = (rt: IngestRuntime) => createS3FilesHandler(rt, 'evaluation');

export const handler = lazyHandler(() => createEvaluationsHandler(createIngestRuntime()));
