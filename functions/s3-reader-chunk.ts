/**
 * The S3 reader of the functions that read objects, in a chunk of its own: the one
 * module functions/ingest-files.ts imports with `import()`, at the first read
 * (engine/ingest/lazy-reader.ts). One export, so the chunk holds only what it reaches.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3ObjectReader } from '../engine/ingest/s3-reader.ts';
import type { ObjectReader } from '../engine/ingest/s3.ts';

export const s3ObjectReader = (settings: S3ClientConfig): ObjectReader => new S3ObjectReader(new S3Client(settings));
