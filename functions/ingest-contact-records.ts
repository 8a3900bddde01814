/**
 * Contact trace records from the instance's Kinesis data stream: each record is one
 * CTR, stored per contact (newest wins); the post-contact analyses and evaluations
 * of the contact that were waiting for it are evaluated now. Partial batch failures:
 * a bad or failing record is reported alone (`batchItemFailures`).
 */
import { createIngestRuntime, kinesisRecordsHandler, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { contactRecordsIngestor } from './contact-ingestors.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import type { Ingestor } from '../engine/pipeline/ingestor.ts';

export const createContactRecordsHandler = (rt: IngestRuntime<Pick<Ingestor, 'contactRecord'>>) =>
  kinesisRecordsHandler(rt, 'contact-record', (ingestor, payload, options) => ingestor.contactRecord(payload, options));

export const handler = lazyHandler((context) => createContactRecordsHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, contactRecordsIngestor)));
