/**
 * `npm run build` (and `prepare`, so `npm install` and `npm pack` build): the
 * bundles under dist/ and, unless `--no-types`, the library's declarations.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildJavaScript, ROOT } from './build.ts';

const started = performance.now();
await buildJavaScript();
if (!process.argv.includes('--no-types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'build/tsconfig.types.json')], { stdio: 'inherit' });
}
console.log(`connect-rules: built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
