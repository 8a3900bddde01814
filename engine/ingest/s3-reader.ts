/**
 * The Lambda's ObjectReader: S3 GetObject of the exact version the notification
 * named (when the bucket is versioned), as text.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectGoneError, type ObjectReader, type ObjectRef } from './s3.ts';

/** The S3 errors of GetObject that mean the object (or the version asked for) does not exist. */
const GONE = new Set(['NoSuchKey', 'NoSuchVersion']);

export class S3ObjectReader implements ObjectReader {
  private client: S3Client | undefined;

  /** A client, or how to make one: made at the first read, so a function that reads no object creates none. */
  constructor(private readonly s3: S3Client | (() => S3Client)) {}

  async read(ref: ObjectRef): Promise<string> {
    if (ref.kind !== 's3') throw new Error(`this reader reads S3 objects, not ${ref.kind} references`);
    this.client ??= typeof this.s3 === 'function' ? this.s3() : this.s3;
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId ? { VersionId: ref.versionId } : {}) }));
    } catch (err) {
      // By name, not class: the error a caller's own copy of the SDK builds is as good.
      if (GONE.has((err as Error).name)) throw new ObjectGoneError(ref, `s3://${ref.bucket}/${ref.key}: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
      throw err;
    }
    if (!out.Body) throw new Error(`s3://${ref.bucket}/${ref.key}: empty GetObject response`);
    return out.Body.transformToString('utf-8');
  }
}
