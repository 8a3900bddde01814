#!/usr/bin/env node
// The CLI runs its bundled build (dist/cli, made by `npm install` or `npm run build`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('connect-rules: the CLI is not built (no dist/cli/main.js); run `npm run build` in the package folder.\n');
  process.exit(1);
}
await import(main.href);
