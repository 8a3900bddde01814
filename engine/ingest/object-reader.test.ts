import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryObjectReader, FileObjectReader, localObjectReader } from './object-reader.ts';
import { ObjectGoneError } from './s3.ts';

const dir = mkdtempSync(join(tmpdir(), 'objects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DirectoryObjectReader (S3 objects from a folder)', () => {
  it('reads s3://<bucket>/<key> from <dir>/<bucket>/<key>', async () => {
    mkdirSync(join(dir, 'amazon-connect-local/connect/Analysis/Voice'), { recursive: true });
    writeFileSync(join(dir, 'amazon-connect-local/connect/Analysis/Voice/c1_analysis.json'), '{"Channel":"VOICE"}');
    const reader = new DirectoryObjectReader(dir);
    expect(await reader.read({ kind: 's3', bucket: 'amazon-connect-local', key: 'connect/Analysis/Voice/c1_analysis.json', versionId: 'v1' })).toBe('{"Channel":"VOICE"}');
  });

  it('says which file is missing, and refuses a key that leaves the folder', async () => {
    const reader = new DirectoryObjectReader(dir);
    const missing = reader.read({ kind: 's3', bucket: 'amazon-connect-local', key: 'nothing.json' });
    await expect(missing).rejects.toThrow(`s3://amazon-connect-local/nothing.json: no file ${join(dir, 'amazon-connect-local/nothing.json')} (the objects folder stands in for S3)`);
    await expect(missing).rejects.toBeInstanceOf(ObjectGoneError);
    await expect(reader.read({ kind: 's3', bucket: 'b', key: '../../etc/passwd' })).rejects.toMatchObject({ reason: 'invalid-payload', message: expect.stringContaining('leaves the objects folder') });
    await expect(reader.read({ kind: 'file', path: '/etc/hostname' })).rejects.toThrow('not file references');
  });
});

describe('a missing object is ObjectGoneError, any other failure is not', () => {
  it('FileObjectReader: a removed file is gone; a folder read as a file is another failure', async () => {
    await expect(new FileObjectReader().read({ kind: 'file', path: join(dir, 'removed.json') })).rejects.toBeInstanceOf(ObjectGoneError);
    const notAFile = new FileObjectReader().read({ kind: 'file', path: dir });
    await expect(notAFile).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(notAFile).rejects.not.toBeInstanceOf(ObjectGoneError);
  });

  it('FileObjectReader: a named pipe is refused unread as bad input naming the file', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await expect(new FileObjectReader().read({ kind: 'file', path: fifo })).rejects.toMatchObject({
      name: 'BadInputError',
      reason: 'invalid-payload',
      message: `${fifo}: a named pipe, not a regular file`,
    });
  });

  it('localObjectReader reads files, and S3 objects only from the folder it is given, saying what to set without one', async () => {
    writeFileSync(join(dir, 'replayed.json'), '{"a":1}');
    mkdirSync(join(dir, 'amazon-connect-local/connect/Analysis/Voice'), { recursive: true });
    writeFileSync(join(dir, 'amazon-connect-local/connect/Analysis/Voice/c1_analysis.json'), '{"Channel":"VOICE"}');
    expect(await localObjectReader(undefined).read({ kind: 'file', path: join(dir, 'replayed.json') })).toBe('{"a":1}');
    expect(await localObjectReader(dir).read({ kind: 's3', bucket: 'amazon-connect-local', key: 'connect/Analysis/Voice/c1_analysis.json' })).toBe('{"Channel":"VOICE"}');
    const none = localObjectReader(undefined).read({ kind: 's3', bucket: 'amazon-connect-local', key: 'connect/Analysis/Voice/c1_analysis.json' });
    await expect(none).rejects.toThrow('set CONNECT_RULES_S3_DIR');
    await expect(none).rejects.not.toBeInstanceOf(ObjectGoneError);
  });
});
