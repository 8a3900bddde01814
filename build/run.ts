/**
 * `npm run build` (and `prepare`, so `npm install` and `npm pack` build): the
 * bundles under dist/ and, unless `--no-types`, the library's declarations. Each part
 * is skipped when dist/ already holds it for the sources as they are (build/stamp.ts:
 * `npm pack` after `npm install` builds nothing again); `--force` builds anyway.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildJavaScript, buildJavaScriptIfStale, ROOT } from './build.ts';
import { filesUnder, isCurrent, removeStamp, stampKey, writeStamp } from './stamp.ts';

const started = performance.now();
const force = process.argv.includes('--force');
const built = force ? (await buildJavaScript(), true) : await buildJavaScriptIfStale();
let typesBuilt = false;
if (!process.argv.includes('--no-types')) {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  const stamp = join(ROOT, 'dist/.types-build.json');
  const key = stampKey(ROOT, `typescript ${(require('typescript/package.json') as { version: string }).version}`);
  if (force || !isCurrent(ROOT, stamp, key)) {
    const startedMs = Date.now();
    removeStamp(stamp);
    // --listFiles: every file the program read, for the stamp; anything else tsc prints (its errors) is shown
    let out: string;
    try {
      out = execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'build/tsconfig.types.json'), '--listFiles'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (err) {
      process.stdout.write(((err as { stdout?: string }).stdout ?? '').split('\n').filter((l) => !(l.startsWith('/') && existsSync(l))).join('\n'));
      throw err;
    }
    const read = out.split('\n').filter((l) => l.startsWith('/'));
    writeStamp(ROOT, stamp, key, { read, written: filesUnder(join(ROOT, 'dist/types')), startedMs });
    typesBuilt = true;
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(built || typesBuilt ? `connect-rules: built dist/ in ${seconds} s` : `connect-rules: dist/ is up to date with the sources (${seconds} s to check; --force builds anyway)`);
