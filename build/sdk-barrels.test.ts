/**
 * sdk-barrels.ts: an SDK barrel's re-exports as one module per line, so that esbuild's
 * code splitting files what only a lazily imported chunk uses (here the REST-XML
 * protocol, which only the S3 reader's chunk uses) under that chunk, not under the
 * entry that imports the same barrel for something else (the DynamoDB client's JSON
 * protocol); the barrel's exports unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './build.ts';
import { lambdaChunks } from './lambda-chunks.ts';
import { reExports, sdkBarrels } from './sdk-barrels.ts';

const dir = mkdtempSync(join(tmpdir(), 'connect-rules-sdk-barrels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'handler.mjs'),
  "import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';\nexport const json = typeof AwsJson1_0Protocol;\nexport const later = async () => typeof (await import('./xml.mjs')).xml;\n",
);
writeFileSync(join(dir, 'xml.mjs'), "import { AwsRestXmlProtocol } from '@aws-sdk/core/protocols';\nexport const xml = AwsRestXmlProtocol;\n");
writeFileSync(join(dir, 'names.mjs'), "import * as protocols from '@aws-sdk/core/protocols';\nexport const names = Object.keys(protocols).sort();\n");

const OPTIONS: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  nodePaths: [join(ROOT, 'node_modules')],
  metafile: true,
  logLevel: 'silent',
};
const XML_PROTOCOL = '@aws-sdk/core/dist-es/submodules/protocols/xml/AwsRestXmlProtocol.js';

/** The modules with code in the files a Node import of the entry loads before it runs (the entry and its static imports). */
function atInit(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((f) => outputs[f]!.entryPoint !== undefined && !f.includes('.chunks/') && f.endsWith('.mjs'))!;
  const files = new Set<string>();
  const visit = (f: string): void => {
    if (files.has(f)) return;
    files.add(f);
    for (const i of outputs[f]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  return [...files].flatMap((f) => Object.entries(outputs[f]!.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([p]) => p));
}

async function bundle(name: string, entry: string, plugins: BuildOptions['plugins']): Promise<{ file: string; metafile: Metafile }> {
  const out = join(dir, name);
  const { metafile } = await build({ ...OPTIONS, plugins, entryPoints: { handler: join(dir, entry) }, outdir: out });
  return { file: join(out, 'handler.mjs'), metafile: metafile! };
}

describe('sdkBarrels', () => {
  it("files a barrel's module under the chunk that uses it, not under the entry, which loads it with the chunk", async () => {
    const { file, metafile } = await bundle('with', 'handler.mjs', [sdkBarrels, lambdaChunks]);
    expect(atInit(metafile).filter((p) => p.endsWith(XML_PROTOCOL))).toEqual([]);
    expect(Object.values(metafile.outputs).some((o) => Object.keys(o.inputs).some((p) => p.endsWith(XML_PROTOCOL)))).toBe(true);
    const handler = (await import(file)) as { json: string; later: () => Promise<string> };
    expect([handler.json, await handler.later()]).toEqual(['function', 'function']);
  });

  it('is needed: without it esbuild puts that module in a chunk the entry loads at init', async () => {
    const { metafile } = await bundle('without', 'handler.mjs', [lambdaChunks]);
    expect(atInit(metafile).filter((p) => p.endsWith(XML_PROTOCOL))).toHaveLength(1);
  });

  it("leaves a barrel's exports as they were", async () => {
    const names = async (label: string, plugins: BuildOptions['plugins']) => ((await import((await bundle(label, 'names.mjs', plugins)).file)) as { names: string[] }).names;
    const before = await names('names-without', [lambdaChunks]);
    expect(before).toContain('AwsRestXmlProtocol');
    expect(await names('names-with', [sdkBarrels, lambdaChunks])).toEqual(before);
  });
});

describe('reExports', () => {
  it('reads every re-export form of a barrel', () => {
    expect(reExports('export { a, b as c } from "./x";\nexport * from \'./y\';\nexport * as n from "@smithy/core/z";\n')).toEqual([
      { clause: '{ a, b as c }', statement: 'export { a, b as c } from "./x";' },
      { clause: '*', statement: "export * from './y';" },
      { clause: '* as n', statement: 'export * as n from "@smithy/core/z";' },
    ]);
  });

  it('leaves a module with code of its own, or an import, alone', () => {
    expect(reExports('export { a } from "./x";\nexport const b = 1;\n')).toBeUndefined();
    expect(reExports('import { a } from "./x";\nexport { a };\n')).toBeUndefined();
    expect(reExports('')).toBeUndefined();
  });
});
