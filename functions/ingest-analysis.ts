/**
 * Contact Lens post-contact analysis files (S3 object-created notifications; the
 * file is read from S3) → `OnPostCallAnalysisAvailable` / `OnPostChatAnalysisAvailable`
 * by the file's `Channel`, joined with the contact's stored contact trace record.
 * An analysis whose CTR has not arrived yet waits for it (evaluated on the CTR's
 * arrival, or by the sweep after the grace period): docs/pipeline.md.
 */
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { arrivalRole } from '../engine/pipeline/join/arrival.ts';
import { analysisFileReader, subjectEvaluator } from '../engine/pipeline/join/subjects.ts';
import type { IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { createS3FilesHandler, type S3FilesIngestor } from './ingest-s3-files.ts';

/** Contact Lens analysis files: the arrival role, with no evaluation export reader (ingest-contact-records.ts says why a role alone). */
export const analysisIngestor = (deps: IngestorDeps) => arrivalRole(subjectEvaluator(deps, analysisFileReader));

export const createAnalysisHandler = (rt: IngestRuntime<S3FilesIngestor>) => createS3FilesHandler(rt, 'analysis');

export const handler = lazyHandler((context) => createAnalysisHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, analysisIngestor)));
