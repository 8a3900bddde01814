/**
 * `connect-rules completion bash|zsh`: the script the real binary prints, run by
 * the real shell's completion machinery (COMP_WORDS/COMP_CWORD into the function
 * `complete -p` names), and `eval`'s colours on and off.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

const bashScript = runCli(['completion', 'bash']);

/** The candidates bash offers for the command line `words`, the cursor on its last word. */
function bashCandidates(words: readonly string[]): string[] {
  const at = scratch({ 'completion.bash': bashScript.stdout });
  const program = [
    'source "$1"; shift',
    "fn=$(complete -p connect-rules | sed -E 's/.*-F ([^ ]+) .*/\\1/')",
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))',
    '"$fn"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['-c', program, 'bash', at('completion.bash'), ...words], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean);
}

describe('connect-rules completion', () => {
  it('bash completes command names from the program', () => {
    expect(bashScript.status).toBe(0);
    expect(bashCandidates(['connect-rules', 'ev'])).toEqual(['eval']);
    expect(bashCandidates(['connect-rules', 'co'])).toEqual(['contacts', 'completion']);
  });

  it("bash completes a command's own flags", () => {
    expect(bashCandidates(['connect-rules', 'eval', '--ex'])).toEqual(['--explain']);
    expect(bashCandidates(['connect-rules', 'eval', '--function', 'r.json', '--e'])).toEqual(['--event', '--explain']);
    expect(bashCandidates(['connect-rules', 'validate', '--ex'])).toEqual([]);
  });

  it("bash completes a group's subcommands, their flags, and an argument's choices", () => {
    expect(bashCandidates(['connect-rules', 'contacts', 'des'])).toEqual(['describe']);
    expect(bashCandidates(['connect-rules', 'contacts', 'describe', '--ins'])).toEqual(['--instance-id']);
    expect(bashCandidates(['connect-rules', 'completion', ''])).toEqual(['bash', 'zsh', '--help']);
  });

  const zsh = spawnSync('zsh', ['--version']);
  it.skipIf(zsh.error !== undefined)('zsh: the script parses (skipped: zsh is not installed here)', () => {
    const result = runCli(['completion', 'zsh']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('compdef _connect_rules connect-rules');
    const at = scratch({ 'completion.zsh': result.stdout });
    const parsed = spawnSync('zsh', ['-n', at('completion.zsh')], { encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    expect(parsed.status).toBe(0);
  });

  it('refuses a shell it has no script for', () => {
    const result = runCli(['completion', 'fish']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("command-argument value 'fish' is invalid for argument 'shell'. Allowed choices are bash, zsh.");
  });
});
