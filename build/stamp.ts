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
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Stamp {
  readonly key: string;
  /** Path relative to the root → sha1 of its content. */
  readonly files: Record<string, string>;
}

const sha1 = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex');
const hashOf = (file: string): string | undefined => (existsSync(file) ? sha1(readFileSync(file)) : undefined);

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

/** Records `key` and the content of `files` (absolute or relative to the root; the read ones and the written ones). */
export function writeStamp(root: string, stampFile: string, key: string, files: readonly string[]): void {
  const relativeFiles = [...new Set(files.map((f) => (f.startsWith('/') ? relative(root, f) : f)))];
  const all = [...new Set([...relativeFiles, ...packageManifests(relativeFiles)])].sort();
  const hashes: Record<string, string> = {};
  for (const file of all) {
    const hash = hashOf(join(root, file));
    if (hash === undefined) return; // a file gone since the build read it: no stamp, the next build builds
    hashes[file] = hash;
  }
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ key, files: hashes } satisfies Stamp));
  renameSync(tmp, stampFile);
}
