/**
 * `connect-rules contacts --data-dir` serves SearchContacts and DescribeContact on a
 * loopback port of its own for its own SDK requests; a web page must not read the
 * contacts through it either. A request with another machine's Host, or from another
 * origin, sent to that server while the command runs (test/support/foreign-host-probe.mjs),
 * is refused naming this command, not `serve --allowed-host`, which does not apply here.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.ts';

const PROBE = pathToFileURL(resolve(import.meta.dirname, '../support/foreign-host-probe.mjs')).href;

describe('connect-rules contacts --data-dir, its server refusing a web page', () => {
  it('refuses a foreign Host and a foreign Origin, naming the contacts command and no option to allow them', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connect-rules-contacts-host-'));
    const out = join(dir, 'probe.json');
    mkdirSync(join(dir, 'data'));
    const run = await runCliAsync(['contacts', 'search', '--data-dir', join(dir, 'data'), '--instance-id', '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '--json'], {
      env: { NODE_OPTIONS: `--import=${PROBE}`, FOREIGN_HOST_PROBE_OUT: out },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ Contacts: [], TotalCount: 0 });
    const [host, origin] = (JSON.parse(readFileSync(out, 'utf8')) as { status: number; body: string }[]).map((a) => ({ status: a.status, message: JSON.parse(a.body).Message as string }));
    expect(host!.status).toBe(403);
    expect(host!.message).toMatch(
      /^Host 'attacker\.example:(\d+)' does not name this server: the contacts server of connect-rules contacts --data-dir answers only requests addressed to 127\.0\.0\.1:\1 \(a loopback name\), which a web page reaching it through its own domain name \(DNS rebinding\) is not; it takes no other name: it serves only the command that started it$/,
    );
    expect(origin).toEqual({
      status: 403,
      message: "Origin 'https://attacker.example': the contacts server of connect-rules contacts --data-dir does not answer requests from web pages (it checks no signature, so any page could read the contacts)",
    });
  });
});
