/**
 * The build stamp (build/stamp.ts): dist/ counts as built only for the sources as the
 * build read them. A source saved while a build runs must build again next time.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashOf, isCurrent, MTIME_SLACK_MS, stampKey, writeStamp } from './stamp.ts';

let root: string;
const stamp = () => join(root, 'dist/.stamp.json');
const source = () => join(root, 'src/a.ts');
const output = () => join(root, 'dist/a.js');
/** A file whose mtime is `ageMs` before now (a source saved well before the build). */
function writeAged(file: string, text: string, ageMs: number): void {
  writeFileSync(file, text);
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(file, when, when);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stamp-'));
  for (const dir of ['build', 'src', 'dist']) mkdirSync(join(root, dir));
  writeFileSync(join(root, 'build/build.ts'), '// the build');
  writeAged(source(), 'export const a = 1;', 60_000);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build stamp', () => {
  it('records a build whose sources were not touched while it ran: the next build is skipped', () => {
    const key = stampKey(root, 'compiler 1');
    // the source's change time is when beforeEach wrote it (its mtime was set back, its ctime cannot be): the build starts well after
    const startedMs = Date.now() + 1500;
    writeFileSync(output(), 'export const a = 1;'); // outputs are written after the start: that is fine
    writeStamp(root, stamp(), key, { read: [source()], written: [output()], startedMs });
    expect(isCurrent(root, stamp(), key)).toBe(true);
  });

  it('writes no stamp when a source was saved after the build started: the next build builds', () => {
    const key = stampKey(root, 'compiler 1');
    const startedMs = Date.now();
    writeFileSync(output(), 'export const a = 1;'); // built from the old content
    writeFileSync(source(), 'export const a = 2;'); // saved while the build ran
    utimesSync(source(), (startedMs + 2000) / 1000, (startedMs + 2000) / 1000);
    writeStamp(root, stamp(), key, { read: [source()], written: [output()], startedMs });
    expect(isCurrent(root, stamp(), key)).toBe(false);
  });

  it('writes no stamp when a source was changed while the build ran and its mtime set to the past (touch -d, cp -p, tar -x)', () => {
    const key = stampKey(root, 'compiler 1');
    const startedMs = Date.now();
    writeFileSync(output(), 'export const a = 1;'); // built from the old content
    writeAged(source(), 'export const a = 2;', 3_600_000); // then replaced by a copy that keeps an hour-old mtime
    writeStamp(root, stamp(), key, { read: [source()], written: [output()], startedMs });
    expect(isCurrent(root, stamp(), key)).toBe(false);
  });

  it('writes no stamp when a source is saved while the stamp is being made (between its time check and its hash)', () => {
    const key = stampKey(root, 'compiler 1');
    const savedMs = statSync(source()).ctimeMs; // beforeEach's save, just before the build started
    const startedMs = savedMs + 1001; // past the slack: that save alone would be stamped
    writeFileSync(output(), 'export const a = 1;'); // built from the old content
    // the editor saves the source just as writeStamp reads it, written again until its ctime is past the slack writeStamp
    // allows (a later ctime alone is not enough: a kernel with fine-grained ctimes may give one under 1 ms later, revD D1)
    const hashWhileSaving = (file: string) => {
      if (file === source()) do writeFileSync(file, 'export const a = 2;'); while (statSync(file).ctimeMs < startedMs - MTIME_SLACK_MS);
      return hashOf(file);
    };
    writeStamp(root, stamp(), key, { read: [source()], written: [output()], startedMs }, hashWhileSaving);
    expect(isCurrent(root, stamp(), key)).toBe(false);
  });

  it('still sees a source edited after the stamp was written', () => {
    const key = stampKey(root, 'compiler 1');
    writeFileSync(output(), 'export const a = 1;');
    writeStamp(root, stamp(), key, { read: [source()], written: [output()], startedMs: Date.now() });
    writeFileSync(source(), 'export const a = 3;');
    expect(isCurrent(root, stamp(), key)).toBe(false);
  });
});
