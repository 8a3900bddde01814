/**
 * The analysis-file reader's WebAssembly module reaches the bundles as bytes
 * (engine/ingest/analysis-text/scan-bytes.ts), not as its assembler: the bytes file must
 * be what the assembler makes now, and no bundle may hold the assembler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesOfBundle } from '../test/support/bundle-modules.ts';
import { assemble } from '../engine/ingest/analysis-text/scan-assembly.ts';
import { analysisScanModule } from '../engine/ingest/analysis-text/scan-bytes.ts';
import { ANALYSIS_SCAN_BYTES_FILE, analysisScanBytesSource } from './analysis-scan-wasm.ts';
import { ROOT } from './build.ts';
import { withoutData } from './word-scan-wasm.ts';

describe('the analysis-file scan module kept as bytes', () => {
  it('is what scan-assembly.ts assembles (else: npm run wasm)', () => {
    expect(withoutData(readFileSync(ANALYSIS_SCAN_BYTES_FILE, 'utf8'))).toBe(withoutData(analysisScanBytesSource(assemble())));
    expect(analysisScanModule()).toEqual(assemble());
  });

  it('is in the event reader, and the assembler is not', async () => {
    const inputs = await modulesOfBundle(join(ROOT, 'engine/ingest/event-text.ts'));
    expect(inputs).toContain('engine/ingest/analysis-text/scan-bytes.ts');
    expect(inputs).not.toContain('engine/ingest/analysis-text/scan-assembly.ts');
  });
});
