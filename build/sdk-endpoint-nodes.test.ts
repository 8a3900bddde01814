/**
 * The endpoint-node plugin: every client the Lambdas bundle gets the same endpoint rules
 * back (nodes, conditions, results), resolves the same endpoints (or fails the same
 * way, with the partitions plugin too) for S3 requests of every kind its rules tell apart, and a module not in the form
 * the plugin reads fails the build.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleStdin } from '../test/support/bundle-stdin.ts';
import { ROOT } from './build.ts';
import { packNodes, unpackNodes } from './endpoint-nodes.ts';
import { SENT_OPERATIONS } from './sdk-declared-errors.ts';
import { DEFLATED_DATA_CLIENTS, deflateEndpointData, packEndpointNodes, sdkEndpointNodes } from './sdk-endpoint-nodes.ts';
import { sdkPartitions } from './sdk-partitions.ts';

const out = mkdtempSync(join(tmpdir(), 'connect-rules-endpoint-nodes-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const require = createRequire(join(ROOT, 'package.json'));
/** A client's dist-es/endpoint folder (its package.json's folder: the exports map hides dist-es). */
const endpointFolder = (client: string): string => join(dirname(require.resolve(`@aws-sdk/${client}/package.json`)), 'dist-es', 'endpoint');

interface Rules {
  bdd: { nodes: Int32Array; root: number; conditions: unknown; results: unknown };
  defaultEndpointResolver: (params: Record<string, unknown>) => { url: URL; properties?: unknown; headers?: unknown };
}

async function rules(client: string, name: string, plugins: Plugin[]): Promise<Rules> {
  const folder = endpointFolder(client);
  const contents = `export { bdd } from ${JSON.stringify(join(folder, 'bdd.js'))}; export { defaultEndpointResolver } from ${JSON.stringify(join(folder, 'endpointResolver.js'))};`;
  const { file } = await bundleStdin(out, `${client}-${name}`, contents, plugins);
  return (await import(pathToFileURL(file).href)) as Rules;
}

const resolved = (r: Rules, params: Record<string, unknown>): unknown => {
  try {
    const e = r.defaultEndpointResolver(params);
    return { url: e.url.href, properties: e.properties, headers: e.headers };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('the endpoint rules of the clients the Lambdas bundle', () => {
  for (const client of Object.keys(SENT_OPERATIONS)) {
    it(`${client}: the same nodes, conditions and results`, async () => {
      const [plain, packed] = await Promise.all([rules(client, 'plain', []), rules(client, 'packed', [sdkEndpointNodes])]);
      expect(packed.bdd.nodes).toBeInstanceOf(Int32Array);
      expect(Array.from(packed.bdd.nodes)).toEqual(Array.from(plain.bdd.nodes));
      expect(packed.bdd.root).toBe(plain.bdd.root);
      expect(packed.bdd.conditions).toEqual(plain.bdd.conditions);
      expect(packed.bdd.results).toEqual(plain.bdd.results);
      const bundled = readFileSync(join(out, `${client}-packed.mjs`), 'utf8');
      expect(bundled).not.toContain('new Int32Array([');
      // S3's conditions and results deflated: their literal (its "booleanEquals" conditions) is gone
      expect(bundled.includes('"booleanEquals"'), 'the rules as a literal').toBe(!DEFLATED_DATA_CLIENTS.includes(client));
    });
  }

  it('S3: the same endpoint, or the same refusal, for each kind of request its rules tell apart (with the partitions of build/sdk-partitions.ts too)', async () => {
    const [plain, packed] = await Promise.all([rules('client-s3', 'plain', []), rules('client-s3', 'packed', [sdkEndpointNodes, sdkPartitions])]);
    const base = { Region: 'us-east-1', UseFIPS: false, UseDualStack: false, Accelerate: false, ForcePathStyle: false, UseArnRegion: true, DisableMultiRegionAccessPoints: false, UseGlobalEndpoint: false };
    const cases: Record<string, unknown>[] = [
      { Bucket: 'amazon-connect-files', Key: 'Analysis/a.json' },
      { Bucket: 'amazon-connect-files', Region: 'eu-west-2' },
      { Bucket: 'with.dots.in.name', Region: 'eu-west-2' },
      { Bucket: 'amazon-connect-files', UseFIPS: true, UseDualStack: true, Region: 'us-gov-west-1' },
      { Bucket: 'amazon-connect-files', Region: 'cn-north-1' },
      { Bucket: 'amazon-connect-files', Accelerate: true },
      { Bucket: 'amazon-connect-files', ForcePathStyle: true, Endpoint: 'http://127.0.0.1:4569' },
      { Bucket: 'files--use1-az4--x-s3' },
      { Bucket: 'arn:aws:s3:us-west-2:111122223333:accesspoint/my-point' },
      { Bucket: 'arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap' },
      { Bucket: 'arn:aws:s3-outposts:us-west-2:111122223333:outpost/op-01234567890123456/accesspoint/reports' },
      { Bucket: 'arn:aws:s3-object-lambda:us-west-2:111122223333:accesspoint/mybanner' },
      { Bucket: 'Not_A_Valid_Bucket' },
      { Region: 'us-east-1' },
    ];
    for (const c of cases) expect(resolved(packed, { ...base, ...c }), JSON.stringify(c)).toEqual(resolved(plain, { ...base, ...c }));
  });
});

describe('packing', () => {
  it('gives back every kind of number: results, later and earlier nodes, -1, large values', () => {
    const results = 100_000_000;
    const nodes = [-1, 1, -1, 0, 3, results + 115, 1, 424, 4, 2, 1, results, 70, 5000, results + 4049, 6, 2, 91_124];
    const packed = packNodes(nodes, results);
    expect(packed).not.toMatch(/["\\]/);
    expect(Array.from(unpackNodes(packed, results))).toEqual(nodes);
  });

  it('refuses a number it cannot write (below -1)', () => {
    expect(() => packNodes([-2, 1, -1], 100)).toThrow(/-2 at 0 cannot be packed/);
  });

  it('fails a module whose data it would not deflate as it is, naming it', () => {
    const head = 'import { BinaryDecisionDiagram } from "@smithy/core/endpoints";\n';
    const tail = 'const root = 2;\nconst r = 100_000_000;\nconst nodes = new Int32Array([-1, 1, -1]);\nexport const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);\n';
    expect(() => deflateEndpointData(`${head}const _data = {\n  conditions: [() => 1],\n  results: [],\n};\n${tail}`, 'f/bdd.js')).toThrow("f/bdd.js: the endpoint rules' data is not JSON");
    expect(() => deflateEndpointData(`${head}const _data = {\n  conditions: [[\"isSet\", [{ ref: \"Region\" }]]],\n  results: [[-1]],\n};\n${tail}`, 'g/bdd.js')).not.toThrow();
    expect(() => deflateEndpointData(`${head}const data = {};\n${tail}`, 'h/bdd.js')).toThrow(/h\/bdd\.js: not the endpoint rules module/);
  });

  it('fails a module whose nodes are not numbers and <results> + number, naming it', () => {
    const module = 'const r = 100_000_000;\nconst nodes = new Int32Array([\n  -1, 1, -1,\n  0, r * 2, 3,\n]);\n';
    expect(() => packEndpointNodes(module, 'x/bdd.js')).toThrow('x/bdd.js: endpoint node `r * 2` is not a number or <results constant> + number');
    expect(() => packEndpointNodes('export const bdd = 1;\n', 'y/bdd.js')).toThrow(/y\/bdd\.js: no `new Int32Array/);
  });
});
