import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryObjectReader } from './object-reader.ts';

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
    await expect(reader.read({ kind: 's3', bucket: 'amazon-connect-local', key: 'nothing.json' })).rejects.toThrow(
      `s3://amazon-connect-local/nothing.json: no file ${join(dir, 'amazon-connect-local/nothing.json')} (the objects folder stands in for S3)`,
    );
    await expect(reader.read({ kind: 's3', bucket: 'b', key: '../../etc/passwd' })).rejects.toMatchObject({ reason: 'invalid-payload', message: expect.stringContaining('leaves the objects folder') });
    await expect(reader.read({ kind: 'file', path: '/etc/hostname' })).rejects.toThrow('not file references');
  });
});
