/**
 * The command line itself, through the real binary: a misspelt flag is
 * named (with commander's "Did you mean") before the required option it left
 * missing, in every command, and exits 1 as README says; help reads well.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('a misspelt flag beside a required one', () => {
  it.each([
    [['replay', 'examples/events', '--rule', 'examples/rules', '--dry-run'], '--rule', '--rules'],
    // eval runs its own bundle (build/build.ts, ALONE): the same setup.
    [['eval', '--functon', 'f.json', '--event', 'e.json'], '--functon', '--function'],
    [['validate', '--functon', 'f.json'], '--functon', '--function'],
  ])('%j names the typo, not the missing option, and exits 1', (args, typo, meant) => {
    const r = runCli(args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: unknown option '${typo}'\\n\\(Did you mean ${meant}\\?\\)\\n`));
    expect(r.stderr).not.toContain('required option');
  });

  it('still says which required option is missing when no flag is misspelt', () => {
    const r = runCli(['validate', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: required option '--function <path>' not specified\n/);
  });

  it('prints the help asked for, typo or not', () => {
    const r = runCli(['validate', '--functon', 'f.json', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: connect-rules validate \[options\]\n/);
  });
});

describe('help', () => {
  it('says a default computed at start by what it means, once (contacts search --to)', () => {
    const r = runCli(['contacts', 'search', '--help']);
    expect(r.status).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--to <iso> end of the time range (default: now) --time-type');
    expect(help).not.toMatch(/default: "\d{4}-\d\d-\d\dT(?!00:00:00\.000Z)/);
  });
});
