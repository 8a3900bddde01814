/**
 * `connect-rules replay <files or folders...> --rules <file or folder>`: payloads in
 * the real formats (contact trace records, analysis files, evaluation exports,
 * real-time segments, EventBridge events, S3 notifications, canonical events, metric
 * snapshots, Kinesis/SQS Lambda events of them), each recognised by its shape, fed in
 * order through the same pipeline as the Lambda handlers, on an embedded DynamoDB
 * Local (or `--endpoint`). The rules are CreateRule request bodies loaded through
 * the rules API's own CreateRule. `npm start` runs it on the bundled examples.
 *
 * Output: per event its source, matched rules, actions and their results, and
 * totals; `--json` prints one JSON object `{events, summary, rules}`. A bad input is
 * reported (status `error`) and the run goes on; the exit code is then 1. Logs go to
 * stderr with `--verbose`, a progress bar too when stderr is a terminal.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { duplicateKeyWarning } from '../../grammar/json/duplicate-key.ts';
import { checkDataDir, readText, runCommand, UsageError } from '../io.ts';
import { dynamoDbFailure, endpointOption } from '../connection.ts';
import { progressBar } from '../progress.ts';
import type { ReplayEntry, ReplaySummary, LoadedRule } from '../../engine/pipeline/replay.ts';
import { accountFromEnv, regionFromEnv } from '../../storage/aws-env.ts';
import { BEGAN_BEFORE_PUBLISHED } from '../../engine/rules/began-before-published.ts';

interface ReplayOptions {
  rules: string;
  users?: string;
  instanceId?: string;
  json?: boolean;
  dryRun?: boolean;
  endpoint?: string;
  dataDir?: string;
  clock?: Date;
  verbose?: boolean;
}

function parseClock(value: string): Date {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO-8601 date-time, e.g. 2025-03-12T10:00:00Z');
  return new Date(ms);
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay payloads in the real formats through the trigger pipeline and report what the rules did (npm start)')
    .argument('<paths...>', 'files or folders of payloads, fed in the given order (folders: by file name)')
    .requiredOption('--rules <path>', 'the rules: CreateRule bodies (a file, a list, a folder), DescribeRule responses or a CloudFormation template; checked as CreateRule checks them')
    .option('--instance-id <id>', 'the instance the rules are created in and events that name none belong to (default: the one the payloads name)')
    .option('--json', 'print one JSON object: {"events": [...], "summary": {...}}')
    .option('--dry-run', 'record the actions matched rules would run, without running them')
    .option('--users <file>', 'users of the instance for notifications (a ListUsers/DescribeUser export, as examples/users.json)')
    .addOption(endpointOption('dynamodb', 'DynamoDB endpoint to use instead of an embedded DynamoDB Local (needs Java 17)', ['dataDir']))
    .option('--data-dir <dir>', 'keep the embedded DynamoDB Local\'s data in this folder (as `serve --data-dir`), so `outbox --data-dir` can read it afterwards (default: in memory)')
    .option('--clock <iso>', 'the time of the run, as actions see it (e.g. for SLA deadlines)', parseClock)
    .option('--verbose', 'structured logs of the pipeline on stderr')
    .action((paths: string[], options: ReplayOptions) => runCommand(() => replay(paths, options)));
}

async function replay(paths: string[], options: ReplayOptions): Promise<number> {
  const { collectInputsAndSkipped, readRuleBodies, loadRulesInto, instanceHints, replayFiles, summarize, entriesOf, semanticWarning, parseReplayPayload } = await import('../../engine/pipeline/replay.ts');
  const started = Date.now();
  if (options.dataDir !== undefined) checkDataDir(options.dataDir, false);
  // A ReplayUsageError is a UserError: runCommand prints it with exit code 2.
  const collected = collectInputsAndSkipped(paths);
  const skipped = collected.skipped.map((f) => ({ file: f.label, reason: f.reason }));
  const inputs = collected.inputs.map((input): typeof input & { payload?: unknown; parseError?: Error } => {
    try {
      const text = readText(input.path);
      // kept for the whole run: JSON.parse's value, which does not pin the text (parseReplayPayload)
      const payload = parseReplayPayload(text, input.label);
      // As eval warns: the pipeline reads the last of a key written twice, and so does replay, but a hand-edited file says so.
      const warning = duplicateKeyWarning(input.label, text);
      if (warning) process.stderr.write(`warning: ${warning}\n`);
      return { ...input, payload };
    } catch (err) {
      return { ...input, parseError: err as Error };
    }
  });
  // Every rule checked as CreateRule checks it, before anything starts: a refused rule names its file.
  const bodies = readRuleBodies(options.rules, process.cwd(), (warning) => process.stderr.write(`warning: ${warning}\n`));
  // The users file too, before DynamoDB Local starts (seconds), naming its instance; startLocalActions puts what was read.
  const users = options.users && !options.dryRun ? (await import('../../engine/actions/local/users.ts')).readUsersFileAt(options.users, true) : undefined;

  const hints = new Set<string>();
  for (const input of inputs) if (input.payload !== undefined) instanceHints(input.payload, hints);
  const defaultInstance = options.instanceId ?? (hints.size === 1 ? [...hints][0] : undefined);
  const instances = options.instanceId ? [options.instanceId] : [...hints];
  if (instances.length === 0) {
    throw new UsageError('replay: no payload names an Amazon Connect instance; give the instance of the rules with --instance-id');
  }

  const [{ openDynamoDb, JavaNotFoundError }, { ensureTablesIndexed }, { createRulesService }, pipelineModules] =
    await Promise.all([
      import('../../storage/local-dynamodb.ts'),
      import('../../engine/contacts/reindex.ts'),
      import('../../engine/rules/factory.ts'),
      Promise.all([
        import('../../engine/pipeline/factory.ts'),
        import('../../engine/pipeline/config.ts'),
        import('../../engine/pipeline/telemetry.ts'),
        import('../../engine/ingest/object-reader.ts'),
        import('../../engine/actions/types.ts'),
        import('../../functions/actions-local.ts'),
        import('../../engine/actions/preview.ts'),
      ]),
    ]);
  const [{ createPipeline }, { pipelineConfigFromEnv }, { stderrLogger, SILENT_LOGGER }, { FileObjectReader }, { RecordingActionRunner }, { startLocalActions }, { previewAction }] =
    pipelineModules;

  let db: Awaited<ReturnType<typeof openDynamoDb>>;
  try {
    db = await openDynamoDb({ endpoint: options.endpoint, dataDir: options.dataDir }, regionFromEnv());
  } catch (err) {
    if (err instanceof JavaNotFoundError) {
      process.stderr.write(`connect-rules replay: ${err.message.replaceAll('connect-rules serve', 'connect-rules replay')}\n`);
      return 1;
    }
    throw new UsageError(`connect-rules replay: ${(err as Error).message}`);
  }

  const interactive = !options.json && process.stderr.isTTY === true;
  const dynamoDb = db.client;
  try {
    // Tables an older version made: the contacts stored before become searchable too (as serve does).
    for (const notice of await ensureTablesIndexed(dynamoDb)) process.stderr.write(`connect-rules replay: ${notice}\n`);
    const { service } = await createRulesService({ dynamoDb });
    const caller = `arn:aws:iam::${accountFromEnv()}:user/connect-rules-replay`;
    let loaded: LoadedRule[] = [];
    for (const instanceId of instances) loaded = await loadRulesInto(service, instanceId, bodies, caller);

    const base = pipelineConfigFromEnv();
    const config = {
      ...base,
      instances: {
        ...base.instances,
        ...(defaultInstance ? { defaultInstanceId: defaultInstance } : {}),
        ...(options.instanceId ? { knownInstances: new Set([options.instanceId]) } : {}),
      },
    };
    const clock = options.clock;
    const logger = options.verbose ? stderrLogger('DEBUG') : SILENT_LOGGER;
    // The action executors on their local back ends (tables of the same DynamoDB), unless --dry-run.
    const actions = options.dryRun
      ? undefined
      : await startLocalActions({ dynamoDb, ...(users ? { users } : {}), onError: (message, error) => logger.error(message, { error }) });
    const pipeline = createPipeline({
      dynamoDb,
      reader: new FileObjectReader(),
      config,
      runner: actions ? actions.runtime.runner : new RecordingActionRunner(),
      logger,
      ...(clock ? { now: () => clock } : {}),
      requestOf: (invocation) => previewAction(invocation).request,
    });
    const progress = interactive && inputs.length > 1 ? progressBar(process.stderr) : undefined;
    const entries = await replayFiles(pipeline.ingestor, inputs, { progress });
    progress?.(inputs.length, inputs.length, '', true);
    if (actions) {
      // SLAs overdue at the run's clock (--clock): their OnSlaBreach events through the rules.
      const at = clock ?? new Date();
      for (const breach of await actions.runtime.sweepSlas(at)) {
        const results = await pipeline.ingestor.dispatch(breach, { label: `SLA sweep at ${at.toISOString()}` });
        for (const r of results) entries.push(...entriesOf(r));
      }
    }
    const summary = summarize(entries, inputs.length);
    // Once a run: a rule with a semantic condition was evaluated, so a verdict came from the matcher in place (a lexical stand-in by default).
    const standIn = semanticWarning(bodies, entries);
    if (standIn) process.stderr.write(`warning: ${standIn}\n`);
    const rules = { loaded: loaded.length, published: loaded.filter((r) => r.publishStatus === 'PUBLISHED').length, instances };
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ events: entries, summary: { ...summary, rules, skipped } }, null, 2)}\n`);
    } else {
      process.stdout.write(formatReport(entries, summary, { rules, loaded, skipped, dynamoDb: options.endpoint ?? (options.dataDir ? `embedded DynamoDB Local (data kept in ${options.dataDir})` : 'embedded DynamoDB Local'), dryRun: Boolean(options.dryRun), ms: Date.now() - started }));
    }
    return summary.errors > 0 ? 1 : 0;
  } catch (err) {
    // Worded for an endpoint given only when one was: the embedded DynamoDB Local is none the user chose.
    throw (options.endpoint !== undefined ? dynamoDbFailure('replay', options.endpoint, err) : undefined) ?? err;
  } finally {
    await db.close();
  }
}

const STATUS_MARK: Readonly<Record<string, string>> = {
  evaluated: '',
  pending: '… pending',
  stored: '● stored',
  ignored: '○ ignored',
  duplicate: '= duplicate',
  error: '✖ error',
};

const short = (id: string | undefined) => (id && id.length > 13 ? `${id.slice(0, 8)}…` : (id ?? ''));

/** The readable report. */
export function formatReport(
  entries: readonly ReplayEntry[],
  summary: ReplaySummary,
  info: {
    rules: { loaded: number; published: number; instances: readonly string[] };
    loaded: readonly LoadedRule[];
    /** Files of the given folders that were not read, with the reason. */
    skipped?: readonly { file: string; reason: string }[];
    dynamoDb: string;
    dryRun: boolean;
    ms: number;
  },
): string {
  const lines: string[] = [];
  lines.push(
    `Replaying ${summary.files} file${summary.files === 1 ? '' : 's'} against ${info.rules.loaded} rules (${info.rules.published} published) ` +
      `in instance ${info.rules.instances.join(', ')} on ${info.dynamoDb}${info.dryRun ? ' (dry run: actions recorded, not run)' : ''}`,
    '',
  );
  // Entries of one file holding several payloads (`file#3`) go under the file; runs of
  // evaluations where nothing new fired (a segment stream) are folded into one line.
  const baseOf = (file: string) => file.replace(/#\d+$/, '');
  const indexOf = (file: string) => /#(\d+)$/.exec(file)?.[1];
  const quiet = (e: ReplayEntry) => e.status === 'evaluated' && e.matchedRules.length === 0 && !e.trigger && !e.depth;
  const signature = (e: ReplayEntry) => JSON.stringify([baseOf(e.file), e.source, e.contactId, e.contactRecord, e.alreadyFired ?? []]);
  let lastFile = '';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const base = baseOf(e.file);
    if (base !== lastFile) {
      lines.push(base);
      lastFile = base;
    }
    let last = e;
    if (quiet(e)) while (i + 1 < entries.length && quiet(entries[i + 1]!) && signature(entries[i + 1]!) === signature(e)) last = entries[++i]!;
    const first = indexOf(e.file);
    const at = first === undefined ? '' : last !== e ? `#${first}-#${indexOf(last.file)}  ` : `#${first}  `;
    const indent = '  '.repeat(1 + (e.depth ?? 0));
    const who = [e.source, e.contactId ? `contact ${short(e.contactId)}` : undefined].filter(Boolean).join('  ');
    if (e.status !== 'evaluated') {
      lines.push(`${indent}${at}${STATUS_MARK[e.status]}  ${who}${e.detail ? `  ${e.detail}` : ''}`);
      continue;
    }
    const extras = [
      e.trigger ? `after: ${e.trigger}` : undefined,
      e.contactRecord && e.contactRecord !== 'ctr' ? `contact record: ${e.contactRecord}` : undefined,
      e.depth ? `emitted by an action (depth ${e.depth})` : undefined,
    ].filter(Boolean);
    const verdict = e.matchedRules.length > 0 ? `${e.matchedRules.length} of ${e.rulesEvaluated ?? 0} rules matched` : `no rule fired (${e.rulesEvaluated ?? 0} evaluated)`;
    lines.push(`${indent}${at}${who}  ${verdict}${extras.length ? `  (${extras.join('; ')})` : ''}`);
    for (const name of e.alreadyFired ?? []) lines.push(`${indent}  · ${name} matched again: already fired for this contact`);
    for (const name of e.beganBeforePublished ?? []) lines.push(`${indent}  · ${name} ${BEGAN_BEFORE_PUBLISHED}`);
    for (const name of e.matchedRules) {
      lines.push(`${indent}  ✔ ${name}`);
      for (const a of e.actions.filter((x) => x.rule === name)) lines.push(`${indent}      ${a.type}  ${a.status}  ${a.detail}`);
    }
  }
  lines.push('', 'Per rule:', ...perRuleTotals(entries, info.loaded));
  if (info.skipped?.length) {
    lines.push('', `Not read: ${info.skipped.length} file${info.skipped.length === 1 ? '' : 's'}`);
    for (const f of info.skipped) lines.push(`  ${f.file}: ${f.reason}`);
  }
  const byStatus = Object.entries(summary.actionsByStatus)
    .map(([s, n]) => `${n} ${s.toLowerCase()}`)
    .join(', ');
  lines.push(
    '',
    `${summary.evaluated} trigger events evaluated, ${summary.rulesEvaluated} rule evaluations, ${summary.matches} matches, ` +
      `${summary.actions} actions${byStatus ? ` (${byStatus})` : ''}`,
    `${summary.stored} stored, ${summary.pending} waited for a contact record, ${summary.duplicates} duplicates, ${summary.ignored} ignored, ` +
      `${summary.errors} errors; ${(info.ms / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/** One line per loaded rule: the events it matched (fired), its actions by status; a DRAFT says it was not evaluated. */
function perRuleTotals(entries: readonly ReplayEntry[], loaded: readonly LoadedRule[]): string[] {
  const fired = new Map<string, number>();
  const again = new Map<string, number>();
  const actions = new Map<string, Map<string, number>>();
  for (const e of entries) {
    if (e.status !== 'evaluated') continue;
    for (const name of e.matchedRules) fired.set(name, (fired.get(name) ?? 0) + 1);
    for (const name of e.alreadyFired ?? []) again.set(name, (again.get(name) ?? 0) + 1);
    for (const a of e.actions) {
      let byStatus = actions.get(a.rule);
      if (!byStatus) actions.set(a.rule, (byStatus = new Map()));
      byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    }
  }
  const width = Math.max(0, ...loaded.map((r) => r.name.length));
  return [...loaded]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((r) => {
      if (r.publishStatus !== 'PUBLISHED') return `  ${r.name.padEnd(width)}  ${r.publishStatus}: not evaluated`;
      const n = fired.get(r.name) ?? 0;
      const statuses = [...(actions.get(r.name) ?? [])].map(([s, k]) => `${k} ${s.toLowerCase()}`).join(', ');
      const repeat = again.get(r.name) ? `, matched again ${again.get(r.name)} (already fired)` : '';
      return `  ${r.name.padEnd(width)}  ${n} match${n === 1 ? '' : 'es'}${repeat}${statuses ? `; actions: ${statuses}` : ''}`;
    });
}
