/**
 * The files the CLI writes (`backtest --html/--csv`, `test --junit`, `pull --out`,
 * `export --out`) are checked before the run: a missing parent folder is created, as
 * `export --out` always did, and a path that cannot be written is one line naming it
 * and its flag, exit 2, with nothing run and no stack trace (cli/io.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

/** A path under a regular file: no one can create a folder there. */
function underAFile(name: string): string {
  const file = scratch({ 'plain.txt': 'a file, not a folder' })('plain.txt');
  return join(file, name);
}

const EVENT = 'examples/events/05-ctr-voice-cancellation.json';

describe('an output path that cannot be written', () => {
  it.each([
    ['backtest --html', ['backtest', '--rules', 'examples/rules', EVENT, '--workers', '0', '--html'], '--html', 'r.html'],
    ['backtest --csv', ['backtest', '--rules', 'examples/rules', EVENT, '--workers', '0', '--csv'], '--csv', 'r.csv'],
    ['test --junit', ['test', 'examples', '--junit'], '--junit', 'r.xml'],
    ['pull --out', ['pull', '--instance-id', 'i', '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1', '--out'], '--out', 'rules'],
  ])('%s: refused before the run, one line naming it, exit 2', (_, args, flag, name) => {
    const path = underAFile(name);
    const out = runCli([...args, path]);
    expect(out.stderr).toBe(`${path}: cannot write ${flag} (a part of the path is a file, not a folder)\n`);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
  });
});

describe('an output path whose folder is missing', () => {
  it('backtest --html and --csv create it, as test --junit does', () => {
    const dir = join(scratch({})('x'), '..', 'missing', 'deeper');
    const html = join(dir, 'r.html');
    const csv = join(dir, 'csv', 'r.csv');
    const out = runCli(['backtest', '--rules', 'examples/rules', EVENT, '--workers', '0', '--html', html, '--csv', csv]);
    expect(out.status, out.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^rule,/);
    const junit = join(dir, 'junit', 'r.xml');
    expect(runCli(['test', 'examples', '--junit', junit]).status).toBe(0);
    expect(existsSync(junit)).toBe(true);
  });
});
