#!/usr/bin/env node
// The CLI runs its bundled build (dist/cli, made by `npm install` or `npm run build`).
// Built-ins through process.getBuiltinModule, not `import`: an ES import of `node:fs`
// loads all it keeps lazy (fs/promises, the streams), 3 ms of a start on Node 22
// (build/builtins-by-require.ts).
const { existsSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('connect-rules: the CLI is not built (no dist/cli/main.js); run `npm run build` in the package folder.\n');
  process.exit(1);
}
// A command named first that is built to start alone (build/build.ts, ALONE) runs its
// own bundle, which loads nothing of the other commands; it takes the same options
// and prints the same help.
const command = process.argv[2];
const alone = command !== undefined && /^[a-z]+$/.test(command) ? new URL(`../dist/cli/alone/${command}/main.js`, import.meta.url) : undefined;
// The AWS SDK warns on Node 20 that its releases after January 2027 need Node 22; this
// package pins its SDK versions and `engines` says which Node runs it, so a user asked
// for a verdict is not told to upgrade. Set the variable to "false" to see the notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Node 22.1+ keeps V8's compiled code of the bundle on disk between runs (in the
// system's temporary folder), so a start does not compile it again; older Nodes skip it.
module.enableCompileCache?.();
await import((alone && existsSync(alone) ? alone : main).href);
