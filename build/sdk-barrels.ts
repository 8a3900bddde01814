/**
 * The SDK's barrel modules (an `index.js` of nothing but `export ... from` lines) as
 * star re-exports of one module per line, so that a lazily loaded chunk's SDK code is
 * not loaded at init. esbuild's code splitting files a module under every entry point
 * (and every `import()`ed chunk) that reaches it through the import records of a live
 * module, whether or not that entry uses it; a barrel that re-exports by name is live,
 * so every module it names was reachable from every chunk using any one of them: what
 * only the S3 reader's chunk or the actions' chunk uses (the REST-XML and REST-JSON
 * protocols, the XML parser, HTTP bindings, checksum streams: ~30 KB of ingestAnalysis)
 * landed in a chunk the function imports at init. A barrel of `export * from` lines
 * is not live itself, and each line's module (`export { A, B } from "./x"` exactly as
 * written) is reached only from the chunks that use A or B. The exports are the same
 * names bound to the same code; a barrel with any code of its own is left as it is.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

const BARREL = /[\\/]node_modules[\\/]@(?:aws-sdk|smithy)[\\/][^\\/]+[\\/]dist-es[\\/](?:.+[\\/])?index\.js$/;
/** One re-export statement: `export * from "m"`, `export * as n from "m"`, `export { a, b as c } from "m"`. */
const STATEMENT = /\s*export\s*(\*\s*(?:as\s+[\w$]+\s*)?|\{[^}]*\}\s*)from\s*("[^"\n]+"|'[^'\n]+')\s*;?/y;
const NAMESPACE = 'sdk-barrel-line';

/** The statements of a module that is only re-exports, else undefined. */
export function reExports(text: string): { clause: string; statement: string }[] | undefined {
  const out: { clause: string; statement: string }[] = [];
  STATEMENT.lastIndex = 0;
  let end = 0;
  for (let m = STATEMENT.exec(text); m; m = STATEMENT.exec(text)) {
    out.push({ clause: m[1]!.trim(), statement: m[0].trim() });
    end = STATEMENT.lastIndex;
  }
  return text.slice(end).trim() === '' && out.length > 0 ? out : undefined;
}

export const sdkBarrels: Plugin = {
  name: 'sdk-barrels',
  setup(build) {
    build.onLoad({ filter: BARREL }, async (args) => {
      const statements = reExports(await readFile(args.path, 'utf8'));
      if (!statements) return undefined;
      const lines = statements.map(({ clause, statement }, i) => (clause === '*' ? statement : `export * from ${JSON.stringify(`${NAMESPACE}:${i}`)};`));
      return { contents: `${lines.join('\n')}\n`, loader: 'js' };
    });
    build.onResolve({ filter: new RegExp(`^${NAMESPACE}:\\d+$`) }, (args) => ({
      path: `${args.importer}#${args.path.slice(NAMESPACE.length + 1)}`,
      namespace: NAMESPACE,
      sideEffects: false,
      pluginData: { barrel: args.importer },
    }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
      const { barrel } = args.pluginData as { barrel: string };
      const i = Number(args.path.slice(args.path.lastIndexOf('#') + 1));
      const statement = reExports(await readFile(barrel, 'utf8'))![i]!.statement;
      return { contents: `${statement}\n`, loader: 'js', resolveDir: dirname(barrel) };
    });
  },
};
