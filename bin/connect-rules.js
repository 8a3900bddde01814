#!/usr/bin/env node
// The CLI runs its bundled build (dist/cli, made by `npm install` or `npm run build`).
import { existsSync } from 'node:fs';
import module from 'node:module';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('connect-rules: the CLI is not built (no dist/cli/main.js); run `npm run build` in the package folder.\n');
  process.exit(1);
}
// Node 22.1+ keeps V8's compiled code of the bundle on disk between runs (in the
// system's temporary folder), so a start does not compile it again; older Nodes skip it.
module.enableCompileCache?.();
await import(main.href);
