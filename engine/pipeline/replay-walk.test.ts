import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkInputs } from './replay.ts';

// A folder with every kind of entry the walk tells apart: files read and skipped, hidden
// entries, nested folders, and links to a file and to a folder.
const root = mkdtempSync(join(tmpdir(), 'walk-'));
const top = join(root, 'in');
for (const dir of ['in/b/c', 'in/.hidden', 'elsewhere']) mkdirSync(join(root, dir), { recursive: true });
for (const file of ['in/z.json', 'in/a.JSON', 'in/notes.txt', 'in/x.jsonc', 'in/.dot.json', 'in/b/c/deep.json', 'in/b/1.json', 'in/.hidden/h.json', 'elsewhere/t.json', 'elsewhere/u.json'])
  writeFileSync(join(root, file), '{}');
symlinkSync(join(root, 'elsewhere/t.json'), join(top, 'link-file.json'));
symlinkSync(join(root, 'elsewhere'), join(top, 'link-dir'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const walk = (paths: string[], cwd: string) => [...walkInputs(paths, cwd)].map((i) => ('input' in i ? `read ${i.input.label}` : `skip ${i.skipped.label}: ${i.skipped.reason}`));

describe('walkInputs', () => {
  it('lists a folder in name order, recursively, following links, with labels relative to the working directory', () => {
    const expected = [
      'skip .dot.json: hidden file',
      'read a.JSON',
      'read b/1.json',
      'read b/c/deep.json',
      'read link-dir/t.json',
      'read link-dir/u.json',
      'read link-file.json',
      'skip notes.txt: not a .json file',
      'skip x.jsonc: JSON with comments (.jsonc) is not read: strip the comments into a .json file',
      'read z.json',
    ];
    expect(walk(['.'], top)).toEqual(expected);
    expect(walk(['in'], root)).toEqual(expected.map((line) => line.replace(/^(read|skip) /, '$1 in/')));
    expect(walk(['../in/b'], join(root, 'elsewhere'))).toEqual(['read ../in/b/1.json', 'read ../in/b/c/deep.json']);
  });

  it('gives each input its absolute path, and reads a file named explicitly whatever its name', () => {
    const inputs = [...walkInputs(['b', 'notes.txt'], top)].flatMap((i) => ('input' in i ? [i.input] : []));
    expect(inputs).toEqual([
      { path: join(top, 'b/1.json'), label: 'b/1.json' },
      { path: join(top, 'b/c/deep.json'), label: 'b/c/deep.json' },
      { path: join(top, 'notes.txt'), label: 'notes.txt' },
    ]);
  });

  it('refuses a path given that does not exist, or a link given to nothing', () => {
    expect(() => walk(['nothing-here'], top)).toThrow('nothing-here: no such file or folder');
    const broken = mkdtempSync(join(root, 'broken-'));
    symlinkSync(join(root, 'gone.json'), join(broken, 'm.json'));
    expect(() => walk(['m.json'], broken)).toThrow(`m.json: a link to ${join(root, 'gone.json')}, which does not exist`);
  });

  it('reports a link to nothing inside a folder as that entry, and walks on', () => {
    const broken = mkdtempSync(join(root, 'dangling-'));
    writeFileSync(join(broken, 'a.json'), '{}');
    symlinkSync('../gone.json', join(broken, 'm.json'));
    writeFileSync(join(broken, 'z.json'), '{}');
    expect(walk(['.'], broken)).toEqual(['read a.json', 'skip m.json: a link to ../gone.json, which does not exist', 'read z.json']);
  });

  it('reports a loop of links and a link back to a folder being walked as those entries, and walks on', () => {
    const loops = mkdtempSync(join(root, 'loops-'));
    writeFileSync(join(loops, 'a.json'), '{}');
    symlinkSync('13-loop-b.json', join(loops, '13-loop-a.json'));
    symlinkSync('13-loop-a.json', join(loops, '13-loop-b.json'));
    mkdirSync(join(loops, 'sub'));
    symlinkSync('..', join(loops, 'sub/up'));
    writeFileSync(join(loops, 'z.json'), '{}');
    const loop = 'a loop of symbolic links (each leads on to another, never to a file)';
    expect(walk(['.'], loops)).toEqual([`skip 13-loop-a.json: ${loop}`, `skip 13-loop-b.json: ${loop}`, 'read a.json', 'skip sub/up: a link back to a folder that holds it', 'read z.json']);
    // Given by name, a loop is that entry's problem too.
    expect(walk(['13-loop-a.json', 'z.json'], loops)).toEqual([`skip 13-loop-a.json: ${loop}`, 'read z.json']);
  });

  it.skipIf(process.getuid?.() === 0)('reports a sub-folder it cannot list as that entry, and walks on', () => {
    const locked = mkdtempSync(join(root, 'locked-'));
    mkdirSync(join(locked, 'closed'));
    writeFileSync(join(locked, 'closed/x.json'), '{}');
    writeFileSync(join(locked, 'open.json'), '{}');
    chmodSync(join(locked, 'closed'), 0);
    try {
      expect(walk(['.'], locked)).toEqual(['skip closed: a folder that cannot be read (EACCES)', 'read open.json']);
    } finally {
      chmodSync(join(locked, 'closed'), 0o755);
    }
  });
});
