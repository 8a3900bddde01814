import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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

  it("is a rule folder's wording for a rule file it cannot read", () => {
    mkdirSync(join(dir, 'rules'));
    symlinkSync('b.json', join(dir, 'rules/a.json'));
    expect(() => loadRules(join(dir, 'rules'))).toThrow(`${join(dir, 'rules')}/a.json: a link to b.json, which does not exist`);
  });
});
