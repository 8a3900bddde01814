/**
 * The transcript matcher's WebAssembly module reaches the bundles as bytes
 * (engine/transcript/word-scan-wasm-bytes.ts), not as its assembler: the bytes file must
 * be what the assembler makes now, and no bundle may hold the assembler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesOfBundle } from '../test/support/bundle-modules.ts';
import { assemble } from '../engine/transcript/word-scan-wasm-assembly.ts';
import { wordScanModule } from '../engine/transcript/word-scan-wasm-bytes.ts';
import { ROOT } from './build.ts';
import { WORD_SCAN_BYTES_FILE, withoutData, wordScanBytesSource } from './word-scan-wasm.ts';

describe('the word scan module kept as bytes', () => {
  it('is what word-scan-wasm-assembly.ts assembles (else: npm run wasm)', () => {
    expect(withoutData(readFileSync(WORD_SCAN_BYTES_FILE, 'utf8'))).toBe(withoutData(wordScanBytesSource(assemble())));
    expect(wordScanModule()).toEqual(assemble());
  });

  it('is in the rule language, and the assembler is not', async () => {
    const inputs = await modulesOfBundle(join(ROOT, 'engine/rules/rule-language.ts'));
    expect(inputs).toContain('engine/transcript/word-scan-wasm-bytes.ts');
    expect(inputs).not.toContain('engine/transcript/word-scan-wasm-assembly.ts');
  });
});
