/**
 * Writes engine/ingest/analysis-text/scan-bytes.ts from the assembler
 * (engine/ingest/analysis-text/scan-assembly.ts): `npm run wasm` after changing it.
 * The bundles hold the bytes, not the assembler; analysis-scan-wasm.test.ts fails while the two differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../engine/ingest/analysis-text/scan-assembly.ts';
import { ROOT } from './build.ts';
import { wasmBytesSource } from './word-scan-wasm.ts';

/** The bytes file's text for `bytes`. */
export const analysisScanBytesSource = (bytes: Uint8Array): string =>
  wasmBytesSource(bytes, { runner: 'read.ts', assembler: 'scan-assembly.ts', script: 'build/analysis-scan-wasm.ts', exportName: 'analysisScanModule', firstUse: 'the first analysis file is read' });

export const ANALYSIS_SCAN_BYTES_FILE = join(ROOT, 'engine/ingest/analysis-text/scan-bytes.ts');

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(ANALYSIS_SCAN_BYTES_FILE, analysisScanBytesSource(assemble()));
