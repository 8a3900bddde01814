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

describe('an option value a command cannot take exits 1 with the usage, before anything is sent (F-e)', () => {
  it.each([
    ['--transcript', 'cancel', 'expected ROLE:words, e.g. CUSTOMER:cancel my account'],
    ['--sort', 'FOO:asc', 'expected one of INITIATION_TIMESTAMP, SCHEDULED_TIMESTAMP, CONNECTED_TO_AGENT_TIMESTAMP, DISCONNECT_TIMESTAMP, INITIATION_METHOD, CHANNEL'],
    ['--sort', 'CHANNEL:up', 'expected FIELD, FIELD:asc or FIELD:desc'],
    ['--transcript-match', 'some', 'expected all, any or none'],
    ['--attribute', 'tier', 'expected KEY=VALUE'],
    ['--time-type', 'NOW', 'expected one of INITIATION_TIMESTAMP'],
  ])('contacts search %s %s', (flag, value, expected) => {
    // An endpoint nothing listens on: a value that got through would fail there, exit 2, without the usage.
    const r = runCli(['contacts', 'search', '--instance-id', 'i-1', '--endpoint', 'http://127.0.0.1:9', flag, value]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: option '${flag} <`);
    expect(r.stderr).toContain(`argument '${value}' is invalid. ${expected}`);
    expect(r.stderr).toContain('\nUsage: connect-rules contacts search [options]\n');
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
