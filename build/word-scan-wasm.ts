/**
 * Writes engine/transcript/word-scan-wasm-bytes.ts from the assembler
 * (engine/transcript/word-scan-wasm-assembly.ts): `npm run wasm` after changing it.
 * The bundles hold the bytes, not the assembler; word-scan.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../engine/transcript/word-scan-wasm-assembly.ts';
import { ROOT } from './build.ts';

/** The text of a module's bytes file: `bytes` as base64 behind `exportName`, for `runner`, assembled by `assembler`, written by `script`. */
export function wasmBytesSource(bytes: Uint8Array, { runner, assembler, script, exportName, firstUse }: { runner: string; assembler: string; script: string; exportName: string; firstUse: string }): string {
  return `/**
 * The WebAssembly module of ${runner}, as ${assembler} assembles it
 * (written by \`npm run wasm\`, ${script}; do not edit). Base64, decoded
 * when ${firstUse}, not when a Lambda loads its code.
 */
const BASE64 = '${Buffer.from(bytes).toString('base64')}';

/** The module's bytes. */
export function ${exportName}(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(BASE64), (c) => c.charCodeAt(0));
}
`;
}

/** The bytes file's text for `bytes`. */
export const wordScanBytesSource = (bytes: Uint8Array): string =>
  wasmBytesSource(bytes, { runner: 'word-scan-wasm.ts', assembler: 'word-scan-wasm-assembly.ts', script: 'build/word-scan-wasm.ts', exportName: 'wordScanModule', firstUse: 'the first text is read' });

export const WORD_SCAN_BYTES_FILE = join(ROOT, 'engine/transcript/word-scan-wasm-bytes.ts');

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(WORD_SCAN_BYTES_FILE, wordScanBytesSource(assemble()));
