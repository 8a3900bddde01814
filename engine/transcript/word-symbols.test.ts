import { describe, expect, it } from 'vitest';
import { CLASSES } from './word-scan-wasm.ts';
import { NON_ASCII, SYMBOL } from './word-symbols.ts';

describe('word symbols and the WebAssembly table (review B #8: CLASSES was written out as 42)', () => {
  it("the table has exactly one column per symbol an ASCII code has, and a text's other characters none", () => {
    const asciiSymbols = new Set(SYMBOL.subarray(0, 128));
    expect([...asciiSymbols].sort((a, b) => a - b)).toEqual(Array.from({ length: CLASSES }, (_, k) => k));
    expect(NON_ASCII).toBeGreaterThanOrEqual(CLASSES);
    expect(new Set(SYMBOL.subarray(128))).toEqual(new Set([NON_ASCII]));
  });
});
