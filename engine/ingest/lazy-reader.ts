/**
 * An object reader loaded at its first read. The functions that read S3 hand the
 * pipeline this one: the S3 client (its code and the Node built-ins it loads) sits in a
 * chunk of its own (functions/s3-reader-chunk.ts), which a Lambda imports only when an
 * invocation first reads an object, so parsing it is not part of every cold start
 * (ingestContactRecords reads one only when an analysis or evaluation was waiting for
 * the contact's record).
 *
 * A load that fails rejects the read that asked for it, as a failed read does (the
 * record or notification fails and is retried, then dead-lettered): nothing is
 * dropped. The next read loads again.
 */
import type { ObjectReader, ObjectRef } from './s3.ts';

/** The reader could not be loaded (its chunk missing or failing): the read that needed it fails. */
export class ObjectReaderLoadError extends Error {
  constructor(cause: unknown) {
    super(`the object reader could not be loaded (${cause instanceof Error ? cause.message : String(cause)}): the read fails and is retried`, { cause });
    this.name = new.target.name;
  }
}

export class LazyObjectReader implements ObjectReader {
  private loading?: Promise<ObjectReader>;

  constructor(private readonly load: () => Promise<ObjectReader>) {}

  async read(ref: ObjectRef): Promise<string> {
    return (await this.reader()).read(ref);
  }

  private reader(): Promise<ObjectReader> {
    this.loading ??= this.load().catch((cause: unknown) => {
      this.loading = undefined;
      throw new ObjectReaderLoadError(cause);
    });
    return this.loading;
  }
}
