/**
 * Contact trace records from the instance's Kinesis data stream: each record is one
 * CTR, stored per contact (newest wins); the post-contact analyses and evaluations
 * of the contact that were waiting for it are evaluated now. Partial batch failures:
 * a bad or failing record is reported alone (`batchItemFailures`).
 */
import { createIngestRuntime, kinesisRecordsHandler, type IngestRuntime } from './ingest-runtime.ts';
import { s3Files } from './ingest-files.ts';
import { recordRole } from '../engine/pipeline/join/record.ts';
import { bothReaders, subjectEvaluator } from '../engine/pipeline/join/subjects.ts';
import { accountOverride, lazyHandler } from './invocation.ts';
import type { IngestorDeps } from '../engine/pipeline/ingest-core.ts';
import type { Ingestor } from '../engine/pipeline/ingestor.ts';

/**
 * The contact join's record role, with the readers of both kinds that may wait for a
 * record. This module imports only its own role (engine/pipeline/join/): a role it does
 * not run would still bring its modules' chunks into init (esbuild splits by the modules
 * an entry reaches, used or not), as arrival.ts did the word scan's WebAssembly module.
 */
export const contactRecordsIngestor = (deps: IngestorDeps) => recordRole(subjectEvaluator(deps, bothReaders()));

export const createContactRecordsHandler = (rt: IngestRuntime<Pick<Ingestor, 'contactRecord'>>) =>
  kinesisRecordsHandler(rt, 'contact-record', (ingestor, payload, options) => ingestor.contactRecord(payload, options));

export const handler = lazyHandler((context) => createContactRecordsHandler(createIngestRuntime({ ...accountOverride(context), files: s3Files }, contactRecordsIngestor)));
