/**
 * Whether dist/ already holds the build of the sources as they are. `npm install`
 * builds (prepare), then `npm test`'s global set-up and the library test's `npm pack`
 * (prepare again) would make the same files: CI's two `npm test` runs built dist/ five
 * times (about 15 s of CPU each with the declarations; now once, and once more for the
 * JavaScript on Node 22).
 *
 * A build writes, beside its outputs, a stamp: a key (compiler version, the build's own
 * code, the lock file) and the content hash of every file it read and wrote. The next
 * build is skipped only when the key and every hash are the same: an edited source,
 * dependency or output, a deleted output or a changed build script all build again.
 * A package's package.json is hashed with its files (it decides which of its files are
 * read), so a file that an unchanged import resolves to differently is seen too.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Stamp {
  readonly key: string;
  /** Path relative to the root → sha1 of its content. */
  readonly files: Record<string, string>;
}

const sha1 = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex');
/** The content hash a stamp records for `file` (undefined when it is gone). */
export const hashOf = (file: string): string | undefined => (existsSync(file) ? sha1(readFileSync(file)) : undefined);

/** Every file under `dir`, at any depth (absolute paths when `dir` is). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The files of build/ that make the build (not its tests): a change to any of them builds again. */
function buildCode(root: string): string[] {
  return filesUnder(join(root, 'build'))
    .map((f) => relative(root, f))
    .filter((f) => /\.(ts|cjs|json)$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
}

/** The stamp's key: what the build is made with, beyond the files it reads. */
export function stampKey(root: string, compiler: string): string {
  const parts = [compiler, ...['package.json', 'package-lock.json', 'tsconfig.json', ...buildCode(root)].map((f) => `${f} ${hashOf(join(root, f)) ?? '-'}`)];
  return sha1(parts.join('\n'));
}

/** The package.json of each package a file under node_modules/ belongs to. */
function packageManifests(files: readonly string[]): string[] {
  const manifests = new Set<string>();
  for (const file of files) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) manifests.add(`${m[1]}/package.json`);
  }
  return [...manifests];
}

/** True when `stampFile` records `key` and every file it lists still has its recorded content. */
export function isCurrent(root: string, stampFile: string, key: string): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.key !== key || Object.keys(stamp.files).length === 0) return false;
  return Object.entries(stamp.files).every(([file, hash]) => hashOf(join(root, file)) === hash);
}

/** Forgets a stamp (before building: a build that fails half-way leaves none). */
export function removeStamp(stampFile: string): void {
  rmSync(stampFile, { force: true });
}

/**
 * Linux stamps files from a coarse clock (up to a tick behind Date.now()) and some file
 * systems keep whole seconds: a save just after the start could show an mtime just before
 * it. A file saved within this of the start only costs one more build.
 */
export const MTIME_SLACK_MS = 1000;

/** What a build read and wrote, and when it started (`Date.now()` before it read anything). */
export interface BuildRecord {
  /** Absolute or relative to the root. */
  readonly read: readonly string[];
  readonly written: readonly string[];
  readonly startedMs: number;
}

/**
 * Records `key` and the content of the files the build read and wrote. The hashes are
 * taken now, after the build: a source saved while the build ran would be recorded with
 * its new content while dist/ holds the output of the old one, and every later build
 * would skip. So no stamp is written when a read file was changed after the build
 * started, less MTIME_SLACK_MS; the next build builds. Changed by its ctime as well as its
 * mtime: a tool may set the mtime of what it writes to the past (`touch -d`, `cp -p`,
 * `tar -x`, `rsync -t`, a checkout keeping times), but the kernel sets the ctime to now
 * on any write or change of times, and nothing but the clock sets it back. The project's
 * files only: a dependency is judged by its mtime, as before. `hash` is the content hash
 * (a test's stand-in can save a file at the moment it is read).
 */
export function writeStamp(root: string, stampFile: string, key: string, build: BuildRecord, hash: (file: string) => string | undefined = hashOf): void {
  const rel = (f: string) => (f.startsWith('/') ? relative(root, f) : f);
  const read = [...new Set(build.read.map(rel))];
  const readAll = [...new Set([...read, ...packageManifests(read)])];
  // hashes before times: a file saved after its hash shows a new time (no stamp); times first, a save between its time check and its hash would be recorded with its new content over the old output
  const all = [...new Set([...readAll, ...build.written.map(rel)])].sort();
  const hashes: Record<string, string> = {};
  for (const file of all) {
    const digest = hash(join(root, file));
    if (digest === undefined) return; // a file gone since the build read it: no stamp, the next build builds
    hashes[file] = digest;
  }
  for (const file of readAll) {
    const path = join(root, file);
    if (!existsSync(path)) return; // gone since it was hashed
    const { mtimeMs, ctimeMs } = statSync(path);
    // not a dependency's ctime: `npm install` runs prepare (a build) just after writing node_modules/, whose stamp would then be lost
    const changedMs = file.includes('node_modules/') ? mtimeMs : Math.max(mtimeMs, ctimeMs);
    if (changedMs >= build.startedMs - MTIME_SLACK_MS) return; // edited since the build began
  }
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ key, files: hashes } satisfies Stamp));
  renameSync(tmp, stampFile);
}
