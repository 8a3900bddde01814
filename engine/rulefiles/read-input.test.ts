import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from './load.ts';
import { INPUT_LIMITS, readInputFile } from './read-input.ts';
import { readProblem } from './read-problem.ts';

const dir = mkdtempSync(join(tmpdir(), 'connect-rules-read-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemOf(path: string, kind: keyof typeof INPUT_LIMITS): string {
  try {
    readInputFile(path, kind);
  } catch (err) {
    return readProblem(path, err);
  }
  throw new Error(`${path} was read`);
}

describe('readInputFile', () => {
  it('reads a regular file whole, as UTF-8', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a": "é"}');
    expect(readInputFile(join(dir, 'ok.json'), 'event')).toBe('{"a": "é"}');
  });

  it("refuses a file over its kind's limit by its size, before reading it (a sparse file holds no bytes)", () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, INPUT_LIMITS.rules + 1);
    expect(problemOf(big, 'rules')).toBe('32 MiB, over the limit of 32 MiB for a rule file');
    truncateSync(big, INPUT_LIMITS.event + 5 * 1024 * 1024);
    expect(problemOf(big, 'event')).toBe('261 MiB, over the limit of 256 MiB for an event file');
  });

  it('words a folder, a device and a loop of links as what they are', () => {
    mkdirSync(join(dir, 'folder'));
    expect(problemOf(join(dir, 'folder'), 'event')).toBe('cannot read (EISDIR)');
    expect(problemOf('/dev/null', 'event')).toBe('a character device, not a regular file');
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    expect(problemOf(join(dir, 'loop-a'), 'event')).toBe('a loop of symbolic links (each leads on to another, never to a file)');
  });
});

describe('rule files', () => {
  it('a loop of links given as the rules is called a loop, not a missing file', () => {
    expect(() => loadRules(join(dir, 'loop-a'))).toThrow(`${join(dir, 'loop-a')}: a loop of symbolic links`);
  });

  it("a link back to a folder being walked is skipped with a warning; the folder's rules are read once", () => {
    mkdirSync(join(dir, 'rules/sub'), { recursive: true });
    writeFileSync(join(dir, 'rules/sub/r.txt'), 'on post-call\nqueue in ("q")');
    symlinkSync('..', join(dir, 'rules/sub/up'));
    const { rules, warnings } = loadRules(join(dir, 'rules'));
    expect(rules).toHaveLength(1);
    expect(warnings).toEqual([`${join(dir, 'rules/sub/up')}: skipped: a link back to a folder that holds it`]);
  });
});
