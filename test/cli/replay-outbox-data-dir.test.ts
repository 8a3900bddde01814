/**
 * `replay --data-dir DIR` keeps its embedded DynamoDB Local's data in DIR, and
 * `outbox --data-dir DIR` (no --instance: the examples name one instance) shows
 * what the replay's actions sent: its emails and its EventBridge events; and
 * `contacts search --data-dir DIR` (serve's API on that folder) the contacts it stored.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/cli.ts';

/** The instance the examples name. */
const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

interface Action {
  rule: string;
  type: string;
  status: string;
}

describe('connect-rules replay --data-dir, then outbox --data-dir', () => {
  it('shows the emails and events the replay sent (the only instance as default), and the contacts it stored', async () => {
    // A relative --data-dir, as the README writes it (`.replay-data`): the user's folder, not one of DynamoDB Local's.
    const cwd = mkdtempSync(join(tmpdir(), 'connect-rules-replay-'));
    const dir = 'data';
    const examples = (path: string) => resolve('examples', path);
    const run = await runCliAsync(['replay', examples('events'), '--rules', examples('rules'), '--users', examples('users.json'), '--data-dir', dir, '--json'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const actions: Action[] = JSON.parse(run.stdout).events.flatMap((e: { actions: Action[] }) => e.actions);
    const sent = actions.filter((a) => a.type === 'SEND_NOTIFICATION' && a.status === 'SUCCEEDED').map((a) => a.rule);
    const published = actions.filter((a) => a.type === 'GENERATE_EVENTBRIDGE_EVENT' && a.status === 'SUCCEEDED').map((a) => a.rule);
    expect(sent.length).toBeGreaterThan(0);
    expect(readdirSync(join(cwd, dir)).some((f) => f.endsWith('.db'))).toBe(true);

    const shown = await runCliAsync(['outbox', '--data-dir', dir, '--json'], { cwd });
    expect(shown.status, shown.stderr).toBe(0);
    const outbox = JSON.parse(shown.stdout) as { emails: { RuleName: string }[]; events: { DetailType: string }[] };
    // One SEND_NOTIFICATION emails each of its recipients: compare the rules that sent.
    expect([...new Set(outbox.emails.map((e) => e.RuleName))].sort()).toEqual([...new Set(sent)].sort());
    expect(outbox.emails.length).toBeGreaterThanOrEqual(sent.length);
    expect(outbox.events.length).toBeGreaterThanOrEqual(published.length);

    const text = await runCliAsync(['outbox', '--data-dir', dir, '--emails'], { cwd });
    expect(text.stdout).toContain(`(rule ${sent[0]})`);

    // The contacts the replay stored, and the category a rule assigned, over the same folder.
    const categorised = actions.find((a) => a.type === 'ASSIGN_CONTACT_CATEGORY' && a.status === 'SUCCEEDED')!.rule;
    const found = await runCliAsync(['contacts', 'search', '--data-dir', dir, '--instance-id', INSTANCE, '--category', categorised, '--json'], { cwd });
    expect(found.status, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).Contacts.length).toBeGreaterThan(0);
  }, 240_000);

  it('a DescribeContact response replayed alone (its Arn names the instance): the contact is searched and described with what it carried', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'connect-rules-replay-'));
    const response = resolve('test/fixtures/contact/describe-contact-voice-cancellation.json');
    const run = await runCliAsync(['replay', response, '--rules', resolve('examples/rules'), '--data-dir', 'data'], { cwd });
    expect(run.status, run.stderr).toBe(0);
    const found = await runCliAsync(['contacts', 'search', '--data-dir', 'data', '--instance-id', INSTANCE, '--json'], { cwd });
    expect(found.status, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).Contacts).toEqual([
      expect.objectContaining({ Id: 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a', Channel: 'VOICE', QueueInfo: expect.objectContaining({ Id: 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c' }) }),
    ]);
    const described = await runCliAsync(['contacts', 'describe', 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a', '--data-dir', 'data', '--instance-id', INSTANCE, '--json'], { cwd });
    expect(described.status, described.stderr).toBe(0);
    expect(JSON.parse(described.stdout).Contact).toMatchObject({
      AgentInfo: { Id: 'a1c3e5f7-9b2d-4f6a-8c0e-2b4d6f8a0c2e' },
      Attributes: { Intent: 'Cancellation' },
      DisconnectReason: 'CUSTOMER_DISCONNECT',
    });
  }, 240_000);

  it('contacts --data-dir on a file: one line naming it, exit 2, no stack trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'connect-rules-replay-')), 'data');
    writeFileSync(file, 'not a folder');
    const run = await runCliAsync(['contacts', 'search', '--data-dir', file, '--instance-id', INSTANCE]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`--data-dir ${file}: a file, not a folder (the folder DynamoDB Local keeps its data in)\n`);
  });

  it('outbox --data-dir on a folder with no outbox: what that means, not a word about an --endpoint never given', async () => {
    // An empty folder: the embedded DynamoDB Local starts on it and has no outbox table to query.
    const dir = mkdtempSync(join(tmpdir(), 'connect-rules-replay-'));
    const run = await runCliAsync(['outbox', '--data-dir', dir, '--instance', INSTANCE]);
    expect(run.stderr).toBe('connect-rules outbox: no outbox table here: nothing was sent (did the replay run with --dry-run?)\n');
    expect(run.status).toBe(1);
  }, 120_000);

  it('outbox --data-dir on a folder DynamoDB Local cannot read: one line naming the cause and where its output is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connect-rules-replay-'));
    writeFileSync(join(dir, 'shared-local-instance.db'), 'not a database '.repeat(100));
    const run = await runCliAsync(['outbox', '--data-dir', dir, '--instance', INSTANCE]);
    const said = /^connect-rules outbox: DynamoDB Local on http:\/\/127\.0\.0\.1:\d+ answers with an error \(\w+\): SQLiteException: .*\[file is encrypted or is not a database\] \(its output: (\S+\.log)\)\n$/.exec(run.stderr);
    expect(said, run.stderr).not.toBeNull();
    expect(readFileSync(said![1]!, 'utf8')).toContain(`DbPath:\t${dir}`);
    rmSync(said![1]!);
    expect(run.status).toBe(1);
  }, 120_000);

  // Neither --endpoint nor --data-dir: a command-line mistake, test/cli/exit-codes.test.ts.
});

describe('a --data-dir whose DynamoDB Local cannot start (no java on the PATH)', () => {
  it('is said by outbox as serve and replay say it: one line naming the command, exit 1 (its error is a UserError, not rethrown as an input not there)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'connect-rules-no-java-'));
    try {
      // No folder on the PATH (the CLI is started by node's own path): `java` is not found.
      const env = { PATH: '/nonexistent-for-test' };
      for (const command of ['outbox', 'replay']) {
        const args = command === 'outbox' ? ['outbox', '--data-dir', '.'] : ['replay', resolve('examples/events'), '--rules', resolve('examples/rules'), '--data-dir', '.'];
        const run = await runCliAsync(args, { cwd, env });
        expect(run.stderr, command).toMatch(new RegExp(`^connect-rules ${command}: DynamoDB Local needs Java 17 or newer, but \`java\` was not found on the PATH`));
        expect(run.status, command).toBe(1);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
