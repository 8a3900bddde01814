/**
 * The S3 reader of the functions that read Contact Lens analysis and evaluation
 * files (ingestAnalysis, ingestEvaluations, ingestContactRecords, ingestSweep, and
 * contactsApi for transcript search). Only they import it: the others bundle no S3 client (about 75 KB of
 * code and its share of every cold start, `npm run bench`). Those that do load it at their first read, from a
 * chunk of its own (s3-reader-chunk.ts): ingestContactRecords and ingestSweep read an object only when an
 * analysis or evaluation waits, contactsApi only for a transcript search, so most of their cold starts parse none of it.
 */
import { LazyObjectReader } from '../engine/ingest/lazy-reader.ts';
import { DirectoryObjectReader, s3DirFromEnv } from '../engine/ingest/object-reader.ts';
import type { ObjectReader } from '../engine/ingest/s3.ts';
import type { PipelineConfig } from '../engine/pipeline/config.ts';
import { clientEndpointFromEnv } from '../storage/endpoints.ts';

/** `CONNECT_RULES_S3_DIR` is set where the function was packaged without the folder reader (a stage other than `local`). */
export class S3FolderNotPackagedError extends Error {
  override readonly name = 'S3FolderNotPackagedError';
  constructor() {
    super('CONNECT_RULES_S3_DIR is set, but only the `local` stage packages the reader of a folder standing in for S3 (deploy/local-stage.ts): unset it to read S3');
  }
}

/**
 * GetObject through a client loaded and made at the first read (`AWS_ENDPOINT_URL_S3`, or the older `S3_ENDPOINT`, overrides the endpoint).
 * The client follows region redirects: a bucket in another Region answers S3's 301 PermanentRedirect naming its Region
 * (`x-amz-bucket-region`), and the read is sent again signed for it, where the SDK's default fails it (a reader's bucket is
 * a parameter, not always in the function's Region); each such read costs the extra round trip, as the SDK keeps no map
 * of buckets to Regions.
 * with `CONNECT_RULES_S3_DIR` set, the objects are read from that folder instead (`<dir>/<bucket>/<key>`), as the `local` stage
 * does (deploy/local-stage.ts).
 */
export function s3Files(config: Pick<PipelineConfig, 'region'>, env: NodeJS.ProcessEnv = process.env): ObjectReader {
  // Packaging replaces the variable: 'no' on every stage but `local` (deploy/local-stage.ts `packagedS3FolderDefine`), so a
  // deployed bundle holds no folder reader (4 KB a reader, with the bounded file reads it takes); unbundled it is unset.
  if (process.env.CONNECT_RULES_PACKAGED_S3_FOLDER === 'no') {
    if (env.CONNECT_RULES_S3_DIR?.trim()) throw new S3FolderNotPackagedError();
  } else {
    const dir = s3DirFromEnv(env);
    if (dir) return new DirectoryObjectReader(dir);
  }
  const endpoint = clientEndpointFromEnv('S3', env);
  const settings = { region: config.region, followRegionRedirects: true };
  // The S3 client is loaded, and made, at the first read (its chunk: s3-reader-chunk.ts).
  return new LazyObjectReader(() => import('./s3-reader-chunk.ts').then((chunk) => chunk.s3ObjectReader(endpoint ? { ...settings, endpoint, forcePathStyle: true } : settings)));
}
