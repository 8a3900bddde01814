/**
 * Under `node --jitless` V8 has no WebAssembly (`typeof WebAssembly` is "undefined"):
 * the transcript's word reader then reads every text stepwise in JavaScript
 * (engine/transcript/word-scan.ts `read`, chosen by `wasmWordReader()` of
 * word-scan-wasm.ts, null without WebAssembly) instead of with the automaton's
 * WebAssembly loop. The built CLI and library must give the same answers there.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = resolve(ROOT, 'examples');
const LIBRARY = resolve(ROOT, 'dist/lib/index.js');

const jitless = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --jitless` };

/** Runs `node [--jitless] args…` in the repository, to its end. */
function node(flags: readonly string[], args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...flags, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('without WebAssembly (node --jitless)', () => {
  it('the word reader falls back to JavaScript: wasmWordReader() is null there, a reader without the flag', () => {
    const probe = "import('./engine/transcript/word-scan-wasm.ts').then((m) => console.log(m.wasmWordReader() === null ? 'javascript' : 'webassembly'))";
    expect(node(['--jitless', '--import', 'tsx', '-e'], [probe]).stdout.trim()).toBe('javascript');
    expect(node(['--import', 'tsx', '-e'], [probe]).stdout.trim()).toBe('webassembly');
  });

  it('the built library matches the example calls with the same rules as with WebAssembly', () => {
    const run = (flags: readonly string[]) => {
      const out = node(flags, ['test/cli/jitless-library.mjs', LIBRARY, EXAMPLES]);
      expect(out.status, out.stderr).toBe(0);
      return JSON.parse(out.stdout) as { webAssembly: string; matched: Record<string, string[]> };
    };
    const withWasm = run([]);
    const withoutWasm = run(['--jitless']);
    expect(withWasm.webAssembly).toBe('object');
    expect(withoutWasm.webAssembly).toBe('undefined');
    // What examples/README.md says each call matches (NO_AGENT_GREETING is a draft: the
    // library's rule set evaluates it, a replay would not publish it).
    const expected = {
      voice: ['ACCOUNT_CANCELLATION', 'UNHAPPY_AFTER_HOLD'],
      chat: ['SLOW_FIRST_RESPONSE_REFUND'],
      redactedVoice: ['NO_AGENT_GREETING', 'SUPERVISOR_REQUEST'],
      realtimeChat: ['REALTIME_CHAT_LATE_FEE'],
    };
    expect(withoutWasm.matched).toEqual(expected);
    expect(withWasm.matched).toEqual(expected);
  });

  it('the built CLI `eval --explain` of the example call prints the same verdict and trace', () => {
    const args = [
      'eval', '--explain',
      '--function', 'examples/rules/post-call-account-cancellation.json',
      '--event', 'examples/events/04-analysis-voice-cancellation.json',
      '--contact', 'examples/events/05-ctr-voice-cancellation.json',
    ];
    const withWasm = runCli(args, { cwd: ROOT });
    const withoutWasm = runCli(args, { cwd: ROOT, env: jitless });
    expect(withWasm.status, withWasm.stderr).toBe(0);
    expect(withoutWasm.status, withoutWasm.stderr).toBe(0);
    // Node's own notice that --jitless turned WebAssembly off: the flag reached the CLI's process.
    expect(withoutWasm.stderr).toContain('--expose_wasm');
    expect(withoutWasm.stdout).toContain('MATCHED: OnPostCallAnalysisAvailable for contact b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a');
    expect(withoutWasm.stdout).toContain('matched "cancel my account" in item 0d8a880f-20e8-4818-8e93-8b75191dde74 (CUSTOMER, 00:06)');
    expect(withoutWasm.stdout).toBe(withWasm.stdout);
  });
});
