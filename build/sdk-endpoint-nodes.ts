/**
 * An esbuild plugin for the Lambda bundles: the nodes of each AWS SDK client's endpoint
 * rules (`dist-es/endpoint/bdd.js`: `const nodes = new Int32Array([-1, 1, -1, 0, 3, r + 115, …])`)
 * written as the short string of build/endpoint-nodes.ts, unpacked to the same
 * Int32Array when the module loads (S3's 1,659 numbers in ~20 µs). What the rules decide
 * is unchanged: the same nodes, conditions and results reach the SDK's resolver. S3's
 * nodes were 6.3 KB of each file reader's 600 KB (test/deploy/package.test.ts), 2.5 KB packed;
 * S3's conditions and results are also deflated (`deflateEndpointData`).
 * A module not in the form read here fails the build, naming it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { packNodes, unpackNodes } from './endpoint-nodes.ts';

export const ENDPOINT_RULES_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]endpoint[\\/]bdd\.js$/;
/** The nodes' array literal, and the constant its results are offset by (`const r = 100_000_000;`). */
const NODES = /new Int32Array\(\[([^\]]*)\]\)/;
const RESULTS = /^const (\w+) = (\d[\d_]*);$/gm;
const UNPACKER = fileURLToPath(new URL('./endpoint-nodes.ts', import.meta.url));
const INFLATER = fileURLToPath(new URL('./deflated-json.ts', import.meta.url));

/**
 * The clients whose rules' conditions and results are deflated too (`deflateEndpointData`):
 * S3's, 11.5 KB of each file reader as minified source and 3.4 KB deflated. Only clients
 * that load node:zlib themselves (S3: CRC32 checksums), so inflating loads no module;
 * DynamoDB's (4 KB, in every function) would load node:zlib at every cold start.
 */
export const DEFLATED_DATA_CLIENTS: readonly string[] = ['client-s3'];
const CLIENT = /[\\/]@aws-sdk[\\/](client-[^\\/]+)[\\/]/;
/** The module's parts `deflateEndpointData` reads: the import, `const _data = {...};` before `const root`, the export. */
const IMPORT = 'import { BinaryDecisionDiagram } from "@smithy/core/endpoints";\n';
const DATA = /^const _data = \{[\s\S]*?^\};\n(?=const root = )/m;
const EXPORT = 'export const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);';

/** Whether `v` is what JSON gives back as it is: null, booleans, finite numbers, strings, arrays and plain objects of them. */
function isJson(v: unknown): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(isJson);
  return typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isJson);
}

/**
 * The module's source with `_data` (the rules' conditions and results) as deflated JSON,
 * parsed at load (`inflatedJson`): the same values, though not the same objects where
 * the literal shared one (the resolver only reads them). `_data` is computed here by
 * running the module's own code up to it (the SDK's, as the bundle would run it); a
 * module not in the form read here, or whose data JSON would not give back, fails.
 */
export function deflateEndpointData(source: string, file: string): string {
  const data = DATA.exec(source);
  if (!source.startsWith(IMPORT) || !data || !source.trimEnd().endsWith(EXPORT)) {
    throw new Error(`${file}: not the endpoint rules module build/sdk-endpoint-nodes.ts deflates (its import, \`const _data = {...};\` before \`const root\`, its export)`);
  }
  const value: unknown = new Function(`${source.slice(IMPORT.length, data.index + data[0].length)}return _data;`)();
  const json = JSON.stringify(value);
  if (!isJson(value) || !isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`${file}: the endpoint rules' data is not JSON`);
  const call = `const _data = inflatedJson(${JSON.stringify(deflateRawSync(json, { level: 9 }).toString('base64'))});\n`;
  return `import { inflatedJson } from ${JSON.stringify(INFLATER)};\n${source.slice(0, data.index)}${call}${source.slice(data.index + data[0].length)}`;
}

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
    build.onLoad({ filter: ENDPOINT_RULES_MODULE }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const deflated = DEFLATED_DATA_CLIENTS.includes(CLIENT.exec(args.path)![1]!) ? deflateEndpointData(source, args.path) : source;
      return { contents: packEndpointNodes(deflated, args.path), loader: 'js' };
    });
  },
};
