/**
 * An esbuild plugin for the Lambda bundles: the nodes of each AWS SDK client's endpoint
 * rules (`dist-es/endpoint/bdd.js`: `const nodes = new Int32Array([-1, 1, -1, 0, 3, r + 115, …])`)
 * written as the short string of build/endpoint-nodes.ts, unpacked to the same
 * Int32Array when the module loads (S3's 1,659 numbers in ~20 µs). What the rules decide
 * is unchanged: the same nodes, conditions and results reach the SDK's resolver. S3's
 * nodes were 6.3 KB of each file reader's 600 KB (test/deploy/package.test.ts), 2.5 KB packed.
 * A module not in the form read here fails the build, naming it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { packNodes, unpackNodes } from './endpoint-nodes.ts';

export const ENDPOINT_RULES_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]endpoint[\\/]bdd\.js$/;
/** The nodes' array literal, and the constant its results are offset by (`const r = 100_000_000;`). */
const NODES = /new Int32Array\(\[([^\]]*)\]\)/;
const RESULTS = /^const (\w+) = (\d[\d_]*);$/gm;
const UNPACKER = fileURLToPath(new URL('./endpoint-nodes.ts', import.meta.url));

/** The module's source with its nodes packed (`unpackNodes("…", r)`); throws if it is not in the form read here. */
export function packEndpointNodes(source: string, file: string): string {
  const literal = NODES.exec(source);
  if (!literal) throw new Error(`${file}: no \`new Int32Array([...])\` of endpoint nodes, which build/sdk-endpoint-nodes.ts packs`);
  const constants = new Map([...source.matchAll(RESULTS)].map((m) => [m[1]!, Number(m[2]!.replaceAll('_', ''))]));
  const tokens = literal[1]!.split(',').map((t) => t.trim()).filter((t) => t !== '');
  let offset: string | undefined;
  const nodes = tokens.map((t) => {
    const number = /^-?\d+$/.test(t) ? Number(t) : undefined;
    if (number !== undefined) return number;
    const [, name, k] = /^(\w+) \+ (\d+)$/.exec(t) ?? [];
    if (name === undefined || !constants.has(name) || (offset !== undefined && offset !== name)) throw new Error(`${file}: endpoint node \`${t}\` is not a number or <results constant> + number`);
    offset = name;
    return constants.get(name)! + Number(k);
  });
  const results = offset === undefined ? 0 : constants.get(offset)!;
  const packed = packNodes(nodes, results);
  const back = unpackNodes(packed, results);
  if (back.length !== nodes.length || nodes.some((v, i) => back[i] !== v)) throw new Error(`${file}: endpoint nodes do not unpack to themselves`);
  const call = `unpackNodes(${JSON.stringify(packed)}, ${offset ?? 0})`;
  return `import { unpackNodes } from ${JSON.stringify(UNPACKER)};\n${source.slice(0, literal.index)}${call}${source.slice(literal.index + literal[0].length)}`;
}

export const sdkEndpointNodes: Plugin = {
  name: 'sdk-endpoint-nodes',
  setup(build) {
    build.onLoad({ filter: ENDPOINT_RULES_MODULE }, async (args) => ({ contents: packEndpointNodes(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
