/**
 * Writes engine/transcript/word-scan-wasm-bytes.ts from the assembler
 * (engine/transcript/word-scan-wasm-assembly.ts): `npm run wasm` after changing it.
 * The bundles hold the bytes, not the assembler; word-scan.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../engine/transcript/word-scan-wasm-assembly.ts';
import { ROOT } from './build.ts';

/** The bytes file's text for `bytes`. */
export function wordScanBytesSource(bytes: Uint8Array): string {
  return `/**
 * The WebAssembly module of word-scan-wasm.ts, as word-scan-wasm-assembly.ts assembles it
 * (written by \`npm run wasm\`, build/word-scan-wasm.ts; do not edit). Base64, decoded
 * when the first text is read, not when a Lambda loads its code.
 */
const BASE64 = '${Buffer.from(bytes).toString('base64')}';

/** The module's bytes. */
export function wordScanModule(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(BASE64), (c) => c.charCodeAt(0));
}
`;
}

export const WORD_SCAN_BYTES_FILE = join(ROOT, 'engine/transcript/word-scan-wasm-bytes.ts');

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(WORD_SCAN_BYTES_FILE, wordScanBytesSource(assemble()));
