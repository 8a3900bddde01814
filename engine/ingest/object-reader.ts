/**
 * ObjectReaders: where the pipeline reads Contact Lens output files from. The
 * Lambda reads S3 (s3-reader.ts); replay reads local files. A pending analysis keeps
 * its reference, so the contact record's arrival (or the sweep) reads it again.
 */
import { readFile } from 'node:fs/promises';
import { isObject } from '../context/json.ts';
import { BadInputError, parseJsonText } from './errors.ts';
import type { ObjectReader, ObjectRef } from './s3.ts';

/** Reads `file` references from the local disk; a `pointer` selects one element of a JSON file. */
export class FileObjectReader implements ObjectReader {
  async read(ref: ObjectRef): Promise<string> {
    if (ref.kind !== 'file') throw new Error(`this reader reads local files, not ${ref.kind} objects (s3://${ref.bucket}/${ref.key})`);
    const text = await readFile(ref.path, 'utf8');
    if (!ref.pointer) return text;
    let doc: unknown = parseJsonText(text, ref.path);
    for (const part of ref.pointer.split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      doc = Array.isArray(doc) ? doc[Number(key)] : isObject(doc) ? doc[key] : undefined;
    }
    if (doc === undefined) throw new BadInputError('invalid-payload', `${ref.path}: nothing at ${ref.pointer}`);
    return JSON.stringify(doc);
  }
}

/** Dispatches by reference kind. */
export class CompositeObjectReader implements ObjectReader {
  constructor(private readonly readers: Partial<Record<ObjectRef['kind'], ObjectReader>>) {}

  read(ref: ObjectRef): Promise<string> {
    const reader = this.readers[ref.kind];
    if (!reader) throw new Error(`no reader for ${ref.kind} objects`);
    return reader.read(ref);
  }
}
