import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from './load.ts';
import { readProblem } from './read-problem.ts';

const dir = mkdtempSync(join(tmpdir(), 'connect-rules-read-problem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error reading `path` throws. */
function readError(path: string): unknown {
  try {
    readFileSync(path, 'utf8');
  } catch (err) {
    return err;
  }
  throw new Error(`${path} was read`);
}

describe('readProblem', () => {
  it('names the target of a link to nothing, a missing path as what was wanted, and any other code', () => {
    symlinkSync('../gone.json', join(dir, 'link.json'));
    expect(readProblem(join(dir, 'link.json'), readError(join(dir, 'link.json')))).toBe('a link to ../gone.json, which does not exist');
    expect(readProblem(join(dir, 'none.json'), readError(join(dir, 'none.json')))).toBe('no such file');
    expect(readProblem(join(dir, 'none'), undefined, 'file or folder')).toBe('no such file or folder');
    mkdirSync(join(dir, 'folder'));
    expect(readProblem(join(dir, 'folder'), readError(join(dir, 'folder')))).toBe('cannot read (EISDIR)');
  });

  it('calls a link dangling only when its target is not there; otherwise why the target cannot be read, naming it', () => {
    mkdirSync(join(dir, 'target-folder'));
    symlinkSync('target-folder', join(dir, 'to-folder.json'));
    expect(readProblem(join(dir, 'to-folder.json'), readError(join(dir, 'to-folder.json')))).toBe('a link to target-folder, which cannot be read (EISDIR)');
    // Root reads any file whatever its mode, so the error of an unreadable target is made here.
    writeFileSync(join(dir, 'locked.json'), '{}');
    symlinkSync('locked.json', join(dir, 'to-locked.json'));
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(readProblem(join(dir, 'to-locked.json'), denied)).toBe('a link to locked.json, which cannot be read (EACCES)');
    // A link whose target is a link to nothing: dangling at the end of the chain.
    symlinkSync('nowhere.json', join(dir, 'dangling.json'));
    symlinkSync('dangling.json', join(dir, 'to-dangling.json'));
    expect(readProblem(join(dir, 'to-dangling.json'), readError(join(dir, 'to-dangling.json')))).toBe('a link to dangling.json, which does not exist');
  });

  it("is a rule folder's wording for a rule file it cannot read", () => {
    mkdirSync(join(dir, 'rules'));
    symlinkSync('b.json', join(dir, 'rules/a.json'));
    expect(() => loadRules(join(dir, 'rules'))).toThrow(`${join(dir, 'rules')}/a.json: a link to b.json, which does not exist`);
  });
});
