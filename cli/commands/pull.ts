/**
 * `connect-rules pull`: every rule of an Amazon Connect instance (ListRules, all
 * pages, and DescribeRule each) written as one CreateRule body per rule,
 * `DIR/<Name>.json`; `--format text` writes the Function readably beside it in
 * `DIR/<Name>.txt`. What `push` takes back.
 */
import { type Command, Option } from 'commander';
import { readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { prepareOutputFolder, runCommand, writingTo } from '../io.ts';
import type { Connection } from '../../storage/endpoints.ts';
import { overConnectApi, withConnectionOptions } from '../connection.ts';

interface PullOptions extends Connection {
  instanceId: string;
  out: string;
  format: 'json' | 'text';
}

export function registerPull(program: Command): void {
  withConnectionOptions(
    program
      .command('pull')
      .description('write the rules of an Amazon Connect instance as files, one CreateRule body per rule (DIR/<Name>.json)')
      .requiredOption('--instance-id <id>', 'the Amazon Connect instance')
      .requiredOption('--out <dir>', 'the folder to write (created when missing)')
      .addOption(new Option('--format <format>', 'json: the Function as the API returns it; text: the Function in the readable form in DIR/<Name>.txt').choices(['json', 'text']).default('json')),
  ).action((options: PullOptions) => runCommand(() => overConnectApi('pull', options.endpoint, () => pull(options))));
}

async function pull(options: PullOptions): Promise<number> {
  const format = options.format;
  const [{ connectClientFor, fetchRemoteRules }, { writeRuleFiles }] = await Promise.all([import('../../engine/sync/connect.ts'), import('../../engine/sync/files.ts')]);
  prepareOutputFolder(options.out, '--out');
  const client = connectClientFor(options);
  try {
    const rules = await fetchRemoteRules(client, options.instanceId);
    const written = writingTo(options.out, '--out', () => writeRuleFiles(options.out, rules.map((r) => r.body), format));
    process.stdout.write(`pulled ${rules.length} rule${rules.length === 1 ? '' : 's'} of instance ${options.instanceId} into ${options.out}\n`);
    for (const file of written) process.stdout.write(`  ${relative(process.cwd(), file) || file}\n`);
    // Files of rules the instance no longer has are the user's to delete: named, never removed.
    const wrote = new Set(written.map((f) => resolve(f)));
    const stale = readdirSync(options.out).filter((f) => /\.(json|txt)$/i.test(f) && !wrote.has(resolve(options.out, f)));
    if (stale.length) process.stderr.write(`warning: in ${options.out} but not a rule of the instance (left as they are): ${stale.sort().join(', ')}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
