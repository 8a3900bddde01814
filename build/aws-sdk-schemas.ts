/**
 * An esbuild plugin that lets the AWS SDK's schema modules tree-shake.
 *
 * Each `@aws-sdk/client-*` keeps the schemas of all its operations in one module
 * (`dist-es/schemas/schemas_0.js`), and their traits are objects with computed keys
 * naming module constants (`{ [_h]: ["POST", ...] }` where `const _h = "http"`).
 * esbuild must assume a computed key may run code, so it keeps every schema: the
 * Connect client alone brings 190 KB of them for one command. Writing those keys as
 * the string literals the constants hold (`{ "http": [...] }`) is the same object,
 * and unused schemas then drop out (5 KB for that command).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

export const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
/** A top-level string constant: `const _h = "http";` (a JSON string literal, escapes included). */
const STRING_CONSTANT = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/** The module's text with every computed key that names one of its string constants written as that string. */
export function inlineSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) constants.set(name!, literal!);
  return source.replace(COMPUTED_KEY, (key, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${literal}:`;
  });
}

export const awsSdkSchemaKeys: Plugin = {
  name: 'aws-sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async (args) => ({ contents: inlineSchemaKeys(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};
