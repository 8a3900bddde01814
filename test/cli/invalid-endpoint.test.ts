/**
 * An --endpoint that is not a URL is the user's to fix: every command that takes
 * one says so alike, in one line, exit code 2 (cli/io.ts runCommand), nothing sent.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.ts';

const NOT_A_URL = '127.0.0.1:8000';
const examples = (path: string) => resolve('examples', path);

describe('--endpoint that is not a URL', () => {
  it.each([
    ['outbox', ['outbox', '--endpoint', NOT_A_URL]],
    ['contacts reindex', ['contacts', 'reindex', '--endpoint', NOT_A_URL]],
    ['replay', ['replay', examples('events'), '--rules', examples('rules'), '--endpoint', NOT_A_URL]],
  ])('%s: one located line, exit 2', async (_command, args) => {
    const run = await runCliAsync(args);
    expect(run.stderr).toBe(`--endpoint must be a URL such as http://127.0.0.1:8000, got '${NOT_A_URL}'\n`);
    expect(run.status).toBe(2);
  });
});
