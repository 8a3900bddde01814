/**
 * Every file a user names is read bounded (engine/rulefiles/read-input.ts): a named
 * pipe, /dev/zero or an endless standard input is refused with one line naming it,
 * never a hang or memory without end. Each run has a short timeout of its own, so a
 * regression fails here (status null) instead of hanging the suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, scratch } from '../support/cli.ts';
import { freshTableEnv, sharedDynamoDb } from '../support/dynamodb.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EVENT = 'examples/events/04-analysis-voice-cancellation.json';
const RULE = 'examples/rules/post-call-account-cancellation.json';

/** Runs the CLI with a timeout that a hang would hit; `stdin`: a path to give as standard input. */
function run(args: readonly string[], stdin?: string) {
  const fd = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' }, stdio: [fd, 'pipe', 'pipe'] });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    if (typeof fd === 'number') closeSync(fd);
  }
}

/**
 * Runs the CLI with a standard input that is an empty pipe in non-blocking mode (as a
 * writer sharing it may leave it), written half a second later: python3, which this
 * project's machines have (test/support/pty.ts), sets the mode Node cannot.
 */
function slowNonBlockingStdin(args: readonly string[], text: string) {
  const script = [
    'import os, subprocess, sys, time',
    'r, w = os.pipe()',
    'os.set_blocking(r, False)',
    'p = subprocess.Popen(sys.argv[2:], stdin=r)',
    'os.close(r)',
    'time.sleep(0.5)',
    'os.write(w, sys.argv[1].encode())',
    'os.close(w)',
    'sys.exit(p.wait())',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, text, process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fifo(): string {
  const path = scratch({})('pipe.json');
  execFileSync('mkfifo', [path]);
  return path;
}

describe('input files that are not regular files', () => {
  it('eval refuses a named pipe as the function or the event, naming it, without opening it for a blocking read', () => {
    const pipe = fifo();
    const fn = run(['eval', '--function', pipe, '--event', EVENT]);
    expect(fn.stderr).toBe(`${pipe}: a named pipe, not a regular file\n`);
    expect(fn.status).toBe(2);
    const ev = run(['eval', '--function', RULE, '--event', pipe]);
    expect(ev.stderr).toBe(`${pipe}: a named pipe, not a regular file\n`);
    expect(ev.status).toBe(2);
  });

  it('eval and validate refuse /dev/zero before reading any of it', () => {
    const ev = run(['eval', '--function', RULE, '--event', '/dev/zero']);
    expect(ev.stderr).toBe('/dev/zero: a character device, not a regular file\n');
    expect(ev.status).toBe(2);
    const fn = run(['validate', '--function', '/dev/zero', '--source', 'post-call']);
    expect(fn.stderr).toContain('/dev/zero: a character device, not a regular file');
    expect(fn.status).toBe(2);
  });

  it('fmt - with a folder as standard input says it is a folder, not that it is empty', () => {
    const dir = scratch({})('.');
    const out = run(['fmt', '-'], dir);
    expect(out.stderr).toBe('-: standard input is a folder, not the text of a file (give the folder as the argument instead of `-`)\n');
    expect(out.status).toBe(2);
  });

  it('fmt - stops reading an endless standard input at its limit', () => {
    const out = run(['fmt', '-'], '/dev/zero');
    expect(out.stderr).toBe('-: over the limit of 32 MiB for standard input\n');
    expect(out.status).toBe(2);
  });

  it('fmt -, rules - and a piped REPL wait for a slow standard input that its writer left non-blocking (a synchronous read failed with EAGAIN)', () => {
    for (const [args, expected] of [
      [['fmt', '-', '--to', 'text'], 'on post-call\nqueue in ("a") and holds >= 1\n'],
      [['validate', '--function', '-', '--source', 'post-call'], 'valid\n'],
      [['repl'], expect.stringContaining('OnPostCallAnalysisAvailable')],
    ] as const) {
      const r = slowNonBlockingStdin(args, 'on post-call\nqueue in (a)   and holds>=1\n');
      expect({ status: r.status, stdout: r.stdout }, args.join(' ')).toEqual({ status: 0, stdout: expected });
    }
  });

  it('the REPL stops reading an endless piped input at its limit', () => {
    const out = run(['repl', '--event', EVENT], '/dev/zero');
    expect(out.stdout).toBe('error standard input: over the limit of 32 MiB for standard input; nothing of it was run\n');
    expect(out.status).toBe(2);
  });

  it('the REPL bounds piped input in bytes, as fmt - does: CJK text within the limit in UTF-16 units but over it in UTF-8 is refused', () => {
    // 11.2 M characters: 33.6 MB of UTF-8, over the 32 MiB (33.55 MB) limit
    const piped = spawnSync(process.execPath, [BIN, 'repl'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' }, input: '中'.repeat(11_200_000) });
    expect(piped.stdout).toBe('error standard input: over the limit of 32 MiB for standard input; nothing of it was run\n');
    expect(piped.status).toBe(2);
  });

  it('replay refuses a users file that is /dev/zero before starting DynamoDB Local', () => {
    const out = run(['replay', EVENT, '--rules', RULE, '--users', '/dev/zero']);
    expect(out.stderr).toBe('/dev/zero: a character device, not a regular file\n');
    expect(out.status).toBe(2);
  });

  it("connect-rules test reports a case's event that is /dev/zero as that case's error", () => {
    const path = scratch({ 't.rules-test.json': { rules: join(ROOT, 'examples/rules'), cases: [{ name: 'zero', event: '/dev/zero', matches: ['ACCOUNT_CANCELLATION'] }] } });
    const out = run(['test', path('t.rules-test.json')]);
    expect(out.stdout).toMatch(/t\.rules-test\.json:6:16: cases\[0\]\.event: cannot read \/dev\/zero \(a character device, not a regular file\)\n/);
    expect(out.status).toBe(1);
  });

  it('backtest reports a named pipe in a folder as that file and evaluates the rest', () => {
    const path = scratch({});
    mkdirSync(path('events'));
    copyFileSync(join(ROOT, EVENT), path('events/04.json'));
    copyFileSync(join(ROOT, 'examples/events/05-ctr-voice-cancellation.json'), path('events/05.json'));
    execFileSync('mkfifo', [path('events/03-pipe.json')]);
    const out = run(['backtest', '--rules', RULE, path('events'), '--workers', '0', '--json']);
    expect(out.status).toBe(0);
    const report = JSON.parse(out.stdout) as { rules: { name: string; evaluated: number; matched: number }[]; details: { skipped: { reason: string; message: string }[] } };
    expect(report.details.skipped).toEqual([{ file: expect.stringMatching(/03-pipe\.json$/), reason: 'not-read', message: expect.stringMatching(/03-pipe\.json: a named pipe, not a regular file$/) }]);
    expect(report.rules).toEqual([expect.objectContaining({ name: 'ACCOUNT_CANCELLATION', evaluated: 1, matched: 1 })]);
  });

  it('backtest reports a link to nothing in a folder as that file and evaluates the rest, exit code 0 as for any file not read', () => {
    const path = scratch({});
    mkdirSync(path('events'));
    copyFileSync(join(ROOT, EVENT), path('events/04.json'));
    copyFileSync(join(ROOT, 'examples/events/05-ctr-voice-cancellation.json'), path('events/05.json'));
    symlinkSync('../gone/03.json', path('events/03-gone.json'));
    const out = run(['backtest', '--rules', RULE, path('events'), '--workers', '0', '--json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const report = JSON.parse(out.stdout) as { rules: { name: string; evaluated: number; matched: number }[]; details: { skipped: { reason: string; message: string }[] } };
    expect(report.details.skipped).toEqual([
      { file: expect.stringMatching(/03-gone\.json$/), reason: 'not-read', message: expect.stringMatching(/03-gone\.json: a link to \.\.\/gone\/03\.json, which does not exist$/) },
    ]);
    expect(report.rules).toEqual([expect.objectContaining({ name: 'ACCOUNT_CANCELLATION', evaluated: 1, matched: 1 })]);
    // Given by name, a link to nothing still stops the run: the path itself is wrong.
    const given = run(['backtest', '--rules', RULE, path('events/03-gone.json'), '--workers', '0']);
    expect(given).toMatchObject({ status: 2, stderr: expect.stringContaining('03-gone.json: a link to ../gone/03.json, which does not exist\n') });
  });

  it('backtest reports a file of 10^5 nested lists as that file and evaluates the rest, on worker threads too', () => {
    const path = scratch({ '03-deep.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}` });
    copyFileSync(join(ROOT, EVENT), path('04.json'));
    copyFileSync(join(ROOT, 'examples/events/05-ctr-voice-cancellation.json'), path('05.json'));
    for (const workers of ['0', '1']) {
      const out = run(['backtest', '--rules', RULE, path(''), '--workers', workers, '--json']);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const report = JSON.parse(out.stdout) as { rules: { name: string; evaluated: number; matched: number }[]; details: { skipped: { reason: string; message: string }[] } };
      expect(report.details.skipped).toEqual([
        { file: expect.stringMatching(/03-deep\.json#0#0#0$/), reason: 'unknown-format', message: expect.stringMatching(/03-deep\.json#0#0#0: a list of payloads inside 3 others; batches nest at most 3 deep/) },
      ]);
      expect(report.rules).toEqual([expect.objectContaining({ name: 'ACCOUNT_CANCELLATION', evaluated: 1, matched: 1 })]);
    }
  });
});

describe('events that are not UTF-8', () => {
  // The example analysis file saved in Latin-1 by an editor: the "c" of "cancel" is an é (0xe9).
  const utf8 = readFileSync(join(ROOT, EVENT));
  const at = utf8.indexOf('cancel');
  const path = scratch({});
  mkdirSync(path('events'));
  writeFileSync(path('events/04.json'), Buffer.concat([utf8.subarray(0, at), Buffer.from([0xe9]), utf8.subarray(at + 1)]));
  const before = utf8.subarray(0, at).toString('utf8');
  const where = `byte offset ${at} (line ${before.split('\n').length}, column ${at - before.lastIndexOf('\n')})`;
  const problem = `not UTF-8 text at ${where}: 0xe9 starts a UTF-8 character that 0x61 does not continue; save the file as UTF-8`;

  it('are refused by eval, replay and backtest alike, at their byte offset (replay read them with U+FFFD in place)', () => {
    const evaluated = run(['eval', '--function', RULE, '--event', path('events/04.json')]);
    expect(evaluated).toMatchObject({ status: 2, stderr: `${path('events/04.json')}: ${problem}\n` });

    const replayed = spawnSync(process.execPath, [BIN, 'replay', path('events'), '--rules', RULE, '--instance-id', '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '--dry-run', '--json', '--endpoint', sharedDynamoDb().endpoint], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...freshTableEnv(), NO_COLOR: '1' },
    });
    expect(replayed.status).toBe(1);
    const report = JSON.parse(replayed.stdout) as { events: { status: string; error?: { message: string } }[] };
    expect(report.events).toEqual([expect.objectContaining({ status: 'error', error: expect.objectContaining({ message: `${path('events/04.json')}: ${problem}` }) })]);

    const backtested = run(['backtest', '--rules', RULE, path('events'), '--workers', '0', '--json']);
    expect(backtested.status).toBe(0);
    const skipped = (JSON.parse(backtested.stdout) as { details: { skipped: unknown[] } }).details.skipped;
    expect(skipped).toEqual([{ file: expect.stringMatching(/04\.json$/), reason: 'not-read', message: expect.stringMatching(new RegExp(`04\\.json: ${problem.replace(/[.()]/g, '\\$&')}$`)) }]);
  });

  it('a U+FFFD written as UTF-8 is a character like any other: eval reads it', () => {
    const file = scratch({})('fffd.json');
    writeFileSync(file, utf8.toString('utf8').replace('cancel', 'canc\uFFFDl'));
    const evaluated = run(['eval', '--function', RULE, '--event', file]);
    expect(evaluated.stderr).not.toContain('not a text file');
    expect(evaluated.status).toBe(0);
  });
});
