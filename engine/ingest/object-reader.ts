/**
 * ObjectReaders: where the pipeline reads Contact Lens output files from. The
 * Lambda reads S3 (s3-reader.ts); replay reads local files; the Lambda handlers run
 * locally (the `local` stage of `osls invoke local` and `osls offline`) read S3 objects
 * from a folder. A pending analysis keeps its reference, so the contact record's
 * arrival (or the sweep) reads it again.
 */
import { InputRefusal, readInputFileAsync } from '../rulefiles/read-input.ts';
import { readProblem } from '../rulefiles/read-problem.ts';
import { resolve, sep } from 'node:path';
import { isObject } from '../context/json.ts';
import { BadInputError, parseJsonText } from './errors.ts';
import { ObjectGoneError, type ObjectReader, type ObjectRef } from './s3.ts';

/**
 * The text of `path` (the object `where` names); a missing file is ObjectGoneError
 * (`gone` says so for the user); a file refused unread (not a regular file, over the
 * limit) is bad input, worded as every refused read; any other failure as it is.
 */
async function readOrGone(path: string, ref: ObjectRef, where: string, gone: (err: Error) => string): Promise<string> {
  try {
    // Bounded and regular files only: a FIFO or /dev/zero named by a stored reference neither blocks nor fills memory.
    return await readInputFileAsync(path, 'event');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectGoneError(ref, gone(err as Error), { cause: err });
    // Not retryable: the same file is refused again.
    if (err instanceof InputRefusal) throw new BadInputError('invalid-payload', `${where}: ${readProblem(path, err)}`);
    throw err;
  }
}

/** Reads `file` references from the local disk; a `pointer` selects one element of a JSON file. */
export class FileObjectReader implements ObjectReader {
  async read(ref: ObjectRef): Promise<string> {
    if (ref.kind !== 'file') throw new Error(`this reader reads local files, not ${ref.kind} objects (s3://${ref.bucket}/${ref.key})`);
    const text = await readOrGone(ref.path, ref, ref.path, (err) => err.message);
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

/**
 * Reads `s3` references from a folder standing in for S3: `s3://<bucket>/<key>` is
 * the file `<dir>/<bucket>/<key>` (no versions: the one file is every version). A key
 * that would leave the folder (`..`) is refused.
 */
export class DirectoryObjectReader implements ObjectReader {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async read(ref: ObjectRef): Promise<string> {
    if (ref.kind !== 's3') throw new Error(`this reader reads S3 objects from a folder, not ${ref.kind} references`);
    const path = resolve(this.root, ref.bucket, ref.key);
    if (!path.startsWith(this.root + sep)) throw new BadInputError('invalid-payload', `s3://${ref.bucket}/${ref.key}: the key leaves the objects folder ${this.root}`);
    const where = `s3://${ref.bucket}/${ref.key}`;
    return readOrGone(path, ref, `${where} (file ${path})`, () => `${where}: no file ${path} (the objects folder stands in for S3)`);
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

/** Refuses every reference, saying where S3 objects are read from on this machine. */
const NO_S3_FOLDER: ObjectReader = {
  read: () => Promise.reject(new Error(`S3 objects are read here from a folder standing in for S3, and none is set: set CONNECT_RULES_S3_DIR (the local stage's is events/s3)`)),
};

/** The folder standing in for S3 (`<dir>/<bucket>/<key>`) that `CONNECT_RULES_S3_DIR` names (the `local` stage sets it, deploy/local-stage.ts), if any. */
export const s3DirFromEnv = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.CONNECT_RULES_S3_DIR?.trim() || undefined;

/**
 * What `serve` and `contacts --data-dir` read stored references with: local files (a replay's), and S3
 * objects (the `local` stage's) from `objectsDir` (default `CONNECT_RULES_S3_DIR`),
 * `<objectsDir>/<bucket>/<key>`; without it an S3 reference is refused saying so.
 */
export function localObjectReader(objectsDir: string | undefined = s3DirFromEnv()): ObjectReader {
  return new CompositeObjectReader({ file: new FileObjectReader(), s3: objectsDir ? new DirectoryObjectReader(objectsDir) : NO_S3_FOLDER });
}
