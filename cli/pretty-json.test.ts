import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePrettyJson } from './pretty-json.ts';

const pieces = (value: unknown, split?: number) => {
  const out: string[] = [];
  writePrettyJson(value, (chunk) => out.push(chunk), split);
  return out;
};

describe('writePrettyJson', () => {
  it('writes what JSON.stringify(value, null, 2) prints, whatever the value and the depth it cuts at', () => {
    // Values JSON.stringify treats apart: members it omits or writes as null, toJSON, -0, empty containers.
    const odd = fc.constantFrom(undefined, () => 1, Symbol('s'), new Date(0), -0, [], {}, Object.create(null), '\n"\\\u2028');
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), odd, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 4 }), (v, split) => {
        expect(pieces(v, split).join('')).toBe(String(JSON.stringify(v, null, 2)));
      }),
      { numRuns: 500 },
    );
  });

  it('hands a large value over in several chunks, none much larger than 256 KiB', () => {
    const report = { summary: { contacts: 3 }, rules: Array.from({ length: 40 }, (_, i) => ({ name: `r${i}`, contacts: Array.from({ length: 2000 }, (_, k) => `contact-${k}`) })) };
    const chunks = pieces(report);
    expect(chunks.join('')).toBe(JSON.stringify(report, null, 2));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(256 * 1024 + 60_000);
  });
});
