/**
 * An esbuild plugin for the Lambda bundles: the AWS partitions the SDK's endpoint rules
 * read (`@aws-sdk/core`'s partitions.js: each partition's DNS suffixes, region pattern
 * and regions) without each region's `description` ("Africa (Cape Town)"), which no
 * endpoint rule of a client the functions bundle reads (build/sdk-partitions.test.ts
 * holds them to that): ~1.9 KB of every function's 600 KB (test/deploy/package.test.ts).
 * A region is still known by its name, and resolves as before. A module not in the form
 * read here fails the build, naming it.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

export const PARTITIONS_MODULE = /[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]util-endpoints[\\/]lib[\\/]aws[\\/]partitions\.js$/;
const DECLARATION = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/;

interface Partitions {
  partitions: { id: string; regions: Record<string, Record<string, unknown>> }[];
}

/** The module's source with the regions' descriptions left out. */
export function withoutRegionDescriptions(source: string, file: string): string {
  const json = DECLARATION.exec(source)?.[1];
  if (json === undefined) throw new Error(`${file}: not \`export const partitionsInfo = {...};\`, which build/sdk-partitions.ts reads`);
  const info = JSON.parse(json) as Partitions;
  if (!Array.isArray(info.partitions)) throw new Error(`${file}: partitionsInfo has no partitions`);
  for (const partition of info.partitions) {
    for (const region of Object.values(partition.regions ?? {})) delete region.description;
  }
  return `export const partitionsInfo = ${JSON.stringify(info)};\n`;
}

export const sdkPartitions: Plugin = {
  name: 'sdk-partitions',
  setup(build) {
    build.onLoad({ filter: PARTITIONS_MODULE }, async (args) => ({ contents: withoutRegionDescriptions(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
