/**
 * The partitions plugin: the same partitions less the regions' descriptions, which no
 * endpoint rule of a client the Lambdas bundle reads; a module of another form fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './build.ts';
import { SENT_OPERATIONS } from './sdk-declared-errors.ts';
import { withoutRegionDescriptions } from './sdk-partitions.ts';

const require = createRequire(join(ROOT, 'package.json'));
const packageFolder = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const PARTITIONS = join(packageFolder('@aws-sdk/core'), 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');

/** The object a partitions module's source exports (it is one JSON literal). */
const info = (source: string): { partitions: { id: string; outputs: unknown; regionRegex: string; regions: Record<string, object> }[]; version: string } =>
  JSON.parse(source.slice(source.indexOf('=') + 1, source.lastIndexOf(';')));

describe('the partitions the Lambdas bundle', () => {
  const source = readFileSync(PARTITIONS, 'utf8');
  const before = info(source);
  const after = info(withoutRegionDescriptions(source, PARTITIONS));

  it('keeps every partition, its outputs and region pattern, and every region by name, without descriptions', () => {
    expect(before.partitions.some((p) => Object.values(p.regions).some((r) => 'description' in r))).toBe(true);
    expect(after.version).toBe(before.version);
    expect(after.partitions.map((p) => p.id)).toEqual(before.partitions.map((p) => p.id));
    after.partitions.forEach((p, i) => {
      const { regions, ...rest } = before.partitions[i]!;
      expect(p).toEqual({ ...rest, regions: Object.fromEntries(Object.entries(regions).map(([name, r]) => [name, Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'description'))])) });
    });
  });

  it('leaves out only what no endpoint rule of a bundled client reads', () => {
    for (const client of Object.keys(SENT_OPERATIONS)) {
      const folder = join(packageFolder(`@aws-sdk/${client}`), 'dist-es/endpoint');
      for (const file of readdirSync(folder)) expect(readFileSync(join(folder, file), 'utf8'), `${client}/${file}`).not.toContain('description');
    }
  });

  it('fails a module of another form, naming it', () => {
    expect(() => withoutRegionDescriptions('export const partitionsInfo = load();\n', 'x/partitions.js')).toThrow('x/partitions.js: not `export const partitionsInfo = {...};`');
  });
});
