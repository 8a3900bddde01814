import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstNotUtf8, notUtf8Problem } from './utf8.ts';

const at = (bytes: number[]) => {
  const b = Uint8Array.from(bytes);
  return notUtf8Problem(b, firstNotUtf8(b)!);
};

describe('firstNotUtf8', () => {
  it("agrees with Node's isUtf8, and what comes before the place it gives is UTF-8", () => {
    // Bytes mostly from the ranges UTF-8 uses, so that valid and nearly valid sequences are both common.
    const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    const text = fc.string({ unit: 'binary' }).map((s) => [...Buffer.from(s)]);
    fc.assert(
      fc.property(fc.array(fc.oneof(byte.map((b) => [b]), text), { maxLength: 40 }), (parts) => {
        const bytes = Uint8Array.from(parts.flat());
        const found = firstNotUtf8(bytes);
        expect(found === undefined).toBe(isUtf8(bytes));
        if (found) {
          expect(isUtf8(bytes.subarray(0, found.offset))).toBe(true);
          expect(isUtf8(bytes.subarray(0, found.offset + found.length))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says where, by byte offset, line and column, and what is wrong there', () => {
    // Latin-1 é in "café au lait" on line 2: é starts a three-byte character that the space does not continue.
    expect(at([...Buffer.from('{\n"x": "caf'), 0xe9, ...Buffer.from(' au lait"}')])).toBe(
      'not UTF-8 text at byte offset 11 (line 2, column 10): 0xe9 starts a UTF-8 character that 0x20 does not continue; save the file as UTF-8',
    );
    // Columns count characters: "é" written as UTF-8 is one.
    expect(at([...Buffer.from('"é'), 0xff])).toBe('not UTF-8 text at byte offset 3 (line 1, column 3): the byte 0xff starts no UTF-8 character; save the file as UTF-8');
    expect(at([...Buffer.from('"€'), 0xe2, 0x82])).toBe('not UTF-8 text at byte offset 4 (line 1, column 3): the bytes end inside a character (0xe2 0x82); save the file as UTF-8');
    // An encoded surrogate (CESU-8) and an overlong '/' are not UTF-8 either.
    expect(firstNotUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toEqual({ offset: 1, length: 2 });
    expect(firstNotUtf8(Uint8Array.from([0xc0, 0xaf]))).toEqual({ offset: 0, length: 1 });
  });
});
