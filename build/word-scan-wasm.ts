/**
 * Writes engine/transcript/word-scan-wasm-bytes.ts from the assembler
 * (engine/transcript/word-scan-wasm-assembly.ts): `npm run wasm` after changing it.
 * The bundles hold the bytes, not the assembler; word-scan.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { assemble } from '../engine/transcript/word-scan-wasm-assembly.ts';
import { ROOT } from './build.ts';

/**
 * The text of a module's bytes file: `bytes` deflated (raw, level 9) and in base64 behind
 * `exportName`, for `runner`, assembled by `assembler`, written by `script`. Deflated: the
 * two modules are 2.1 and 2.8 KB of base64, 1.1 and 1.3 KB deflated, in bundles with
 * little of the 600 KB to spare (test/deploy/package.test.ts). Inflating costs microseconds
 * where node:zlib is loaded already (the readers' S3 chunk, ingestRealtime's state); the
 * functions without the S3 client (ingestCanonical, ingestCases, ingestThirdParty, the
 * evaluation API) load node:zlib at their first transcript: ~5 ms CPU once a container
 * (docs/performance.md, session 13's Lambda code).
 */
export function wasmBytesSource(bytes: Uint8Array, { runner, assembler, script, exportName, firstUse }: { runner: string; assembler: string; script: string; exportName: string; firstUse: string }): string {
  return `/**
 * The WebAssembly module of ${runner}, as ${assembler} assembles it
 * (written by \`npm run wasm\`, ${script}; do not edit). Deflated and in
 * base64, inflated when ${firstUse}, not when a Lambda loads its code
 * (a function that has not loaded node:zlib yet loads it then: ~5 ms CPU once).
 */
const DEFLATED = '${deflateRawSync(bytes, { level: 9 }).toString('base64')}';

/** The module's bytes. */
export function ${exportName}(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(DEFLATED, 'base64')));
}
`;
}

/** `source` (a bytes file's text) with its data left out: two zlib builds may deflate the same bytes differently, so the tests compare the rest and the bytes. */
export const withoutData = (source: string): string => source.replace(/^const DEFLATED = '[^']*';$/m, "const DEFLATED = '';");

/** The bytes file's text for `bytes`. */
export const wordScanBytesSource = (bytes: Uint8Array): string =>
  wasmBytesSource(bytes, { runner: 'word-scan-wasm.ts', assembler: 'word-scan-wasm-assembly.ts', script: 'build/word-scan-wasm.ts', exportName: 'wordScanModule', firstUse: 'the first text is read' });

export const WORD_SCAN_BYTES_FILE = join(ROOT, 'engine/transcript/word-scan-wasm-bytes.ts');

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(WORD_SCAN_BYTES_FILE, wordScanBytesSource(assemble()));
