/**
 * The Lambda's ObjectReader: S3 GetObject of the exact version the notification
 * named (when the bucket is versioned), as text.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectReader, ObjectRef } from './s3.ts';

export class S3ObjectReader implements ObjectReader {
  constructor(private readonly s3: S3Client) {}

  async read(ref: ObjectRef): Promise<string> {
    if (ref.kind !== 's3') throw new Error(`this reader reads S3 objects, not ${ref.kind} references`);
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId ? { VersionId: ref.versionId } : {}) }),
    );
    if (!out.Body) throw new Error(`s3://${ref.bucket}/${ref.key}: empty GetObject response`);
    return out.Body.transformToString('utf-8');
  }
}
