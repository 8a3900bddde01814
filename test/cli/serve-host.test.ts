/** `connect-rules serve` refuses to listen beyond this machine unless told to: its requests are not authenticated. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('connect-rules serve --host', () => {
  it('a non-loopback address without --allow-remote: exit 1 (a command-line mistake) and why, nothing started', () => {
    const r = runCli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: --host 0.0.0.0 is not a loopback address');
    expect(r.stderr).toContain('--allow-remote');
    expect(r.stdout).toBe('');
  });
});
