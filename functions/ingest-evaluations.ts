/**
 * Submitted contact evaluations: the evaluation export files Amazon Connect writes
 * to S3 (`…/Evaluations/…/<time>-<evaluationId>.json`) → `OnContactEvaluationSubmit`,
 * joined with the contact's stored contact trace record like an analysis file.
 */
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { createS3FilesHandler } from './ingest-s3-files.ts';

export const createEvaluationsHandler = (rt: IngestRuntime) => createS3FilesHandler(rt, 'evaluation');

export const handler = lazyHandler((context) => createEvaluationsHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files })));
