/**
 * The reader loaded at its first read (functions/ingest-files.ts hands it the S3
 * reader's chunk): loaded once for every read after, a failed load fails the read that
 * asked (named, with its cause) and the next read loads again.
 */
import { describe, expect, it } from 'vitest';
import { LazyObjectReader, ObjectReaderLoadError } from './lazy-reader.ts';
import type { ObjectReader, ObjectRef } from './s3.ts';

const ref: ObjectRef = { kind: 's3', bucket: 'b', key: 'analysis/call.json' };
const reader: ObjectReader = { read: async (r) => `text of ${r.kind === 's3' ? r.key : r.path}` };

describe('LazyObjectReader', () => {
  it('loads nothing until the first read, then once for every read', async () => {
    let loads = 0;
    const lazy = new LazyObjectReader(async () => {
      loads++;
      return reader;
    });
    expect(loads).toBe(0);
    expect(await Promise.all([lazy.read(ref), lazy.read(ref)])).toEqual(['text of analysis/call.json', 'text of analysis/call.json']);
    await lazy.read(ref);
    expect(loads).toBe(1);
  });

  it('fails the read whose load fails, naming the cause, and loads again at the next read', async () => {
    let loads = 0;
    const lazy = new LazyObjectReader(async () => {
      if (++loads === 1) throw new Error('Cannot find module ./s3-reader-chunk.mjs');
      return reader;
    });
    const failed = await lazy.read(ref).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(ObjectReaderLoadError);
    expect((failed as Error).message).toContain('Cannot find module ./s3-reader-chunk.mjs');
    expect(await lazy.read(ref)).toBe('text of analysis/call.json');
    expect(loads).toBe(2);
  });

  it('passes a failed read of a loaded reader on as it is', async () => {
    const gone = new Error('NoSuchKey');
    const lazy = new LazyObjectReader(async () => ({ read: () => Promise.reject(gone) }));
    await expect(lazy.read(ref)).rejects.toBe(gone);
  });
});
