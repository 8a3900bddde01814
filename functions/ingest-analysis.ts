/**
 * Contact Lens post-contact analysis files (S3 object-created notifications; the
 * file is read from S3) → `OnPostCallAnalysisAvailable` / `OnPostChatAnalysisAvailable`
 * by the file's `Channel`, joined with the contact's stored contact trace record.
 * An analysis whose CTR has not arrived yet waits for it (evaluated on the CTR's
 * arrival, or by the sweep after the grace period): docs/pipeline.md.
 */
import { createIngestRuntime, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { analysisIngestor } from './contact-ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import { createS3FilesHandler, type S3FilesIngestor } from './ingest-s3-files.ts';

export const createAnalysisHandler = (rt: IngestRuntime<S3FilesIngestor>) => createS3FilesHandler(rt, 'analysis');

export const handler = lazyHandler((context) => createAnalysisHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, analysisIngestor)));
