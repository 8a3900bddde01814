/**
 * `connect-rules backtest --rules <rules> [--baseline <rules>] <files or folders...>`:
 * what the rules would have done on past contacts, with no DynamoDB and nothing run
 * (engine/backtest). Prints a report per rule (evaluated, matched, rate, example
 * contacts with the requests their actions would make), the changes against a
 * baseline, and the files skipped with their reason; `--json`, `--csv FILE` (one row
 * per rule and contact, written as contacts are evaluated) and `--html FILE`.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { openOutputStream, prepareOutputFile, runCommand, writingTo } from '../io.ts';
import { progressBar } from '../progress.ts';
import { writePrettyJson } from '../pretty-json.ts';

interface BacktestCliOptions {
  rules: string;
  baseline?: string;
  json?: boolean;
  csv?: string;
  html?: string;
  workers?: number;
  explain?: string;
  examples?: number;
  instanceId?: string;
}

const count = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer of at least ${min}`);
  return n;
};

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('what rules would have done on past contacts: evaluated on files, nothing run, no DynamoDB')
    .argument('<paths...>', 'files or folders of payloads in the formats replay reads (joined per contact whatever their order)')
    .requiredOption('--rules <path>', 'the rules: CreateRule bodies (a JSON file, an array of them, or a folder)')
    .option('--baseline <path>', 'the rules run today, to compare with: per rule, contacts newly matched and no longer matched')
    .option('--json', 'print one JSON object {"summary", "rules", "changes", "details"}')
    .option('--csv <file>', 'write one row per (rule, contact) matched')
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option('--workers <n>', 'worker threads (default: one per core; 0: the main thread)', count(0))
    .option('--explain <contactId>', 'show the explain trace of every rule for this contact')
    .option('--examples <n>', 'example contacts per rule in the report (default 5)', count(0))
    .option('--instance-id <id>', 'the instance of events that name none (Cases events, tickets)')
    .action((paths: string[], options: BacktestCliOptions) => runCommand(() => backtest(paths, options), { json: options.json }));
}

async function backtest(paths: string[], options: BacktestCliOptions): Promise<number> {
  // Checked before the run: an output that cannot be written would lose the run at its end.
  if (options.html) prepareOutputFile(options.html, '--html');
  // The worker threads first: they load their code while this one loads the rest and checks the rules.
  const { StartedThreads } = await import('../../engine/backtest/threads.ts');
  const threads = new StartedThreads(options.workers ?? availableParallelism(), (message) => process.stderr.write(`${message}\n`));
  try {
    return await backtestOn(threads, paths, options);
  } finally {
    await threads.close();
  }
}

async function backtestOn(threads: import('../../engine/backtest/threads.ts').StartedThreads, paths: string[], options: BacktestCliOptions): Promise<number> {
  const [{ loadRuleSet }, { runBacktest }, text, semantic] = await Promise.all([
    import('../../engine/backtest/rules.ts'),
    import('../../engine/backtest/run.ts'),
    import('../backtest/text.ts'),
    import('../../engine/transcript/semantic.ts'),
  ]);
  /** Rules with a semantic-match condition: a one-line warning when one was evaluated (engine/transcript/semantic.ts). */
  const semanticRules = new Set<string>();
  // Loaded when runBacktest asks (once), when the threads have their first files to read.
  const sources = new Map<string, string>();
  const load = () => {
    const rules = loadRuleSet(options.rules, 'rules');
    const baseline = options.baseline ? loadRuleSet(options.baseline, 'baseline') : undefined;
    for (const w of [...rules.warnings, ...(baseline?.warnings ?? [])]) process.stderr.write(`rules: ${w}\n`);
    for (const r of [...(baseline?.rules ?? []), ...rules.rules]) sources.set(r.Name, r.TriggerEventSource.EventSourceName);
    for (const r of [...(baseline?.rules ?? []), ...rules.rules]) if (semantic.hasSemanticCondition(r.document)) semanticRules.add(r.Name);
    return { rules, baseline };
  };

  const csv = options.csv ? openOutputStream(options.csv, '--csv') : undefined;
  csv?.write(text.CSV_HEADER);
  const bar = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  const report = await runBacktest({
    paths,
    rules: load,
    threads,
    ...(options.examples !== undefined ? { examples: options.examples } : {}),
    ...(options.explain ? { explainContact: options.explain } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    autoExplain: options.html !== undefined,
    ...(bar ? { progress: (pass: string, done: number, total: number) => bar(done, total, pass) } : {}),
    ...(csv ? { onSubject: (s) => csv.write(text.csvRows(s, (rule) => sources.get(rule) ?? '')) } : {}),
    onWarning: (message) => process.stderr.write(`${message}\n`),
  });
  // Done with the threads: they end (each on its own core) while this one writes the report.
  threads.close().catch(() => {}); // its error, if any, comes again from the caller's close
  bar?.(0, 0, '', true);
  await csv?.close();
  const standIn = report.rules.some((r) => r.evaluated > 0 && semanticRules.has(r.name)) ? semantic.semanticStandInWarning() : undefined;
  if (standIn) process.stderr.write(`warning: ${standIn}\n`);
  const info = { rulesPath: options.rules, ...(options.baseline ? { baselinePath: options.baseline } : {}) };
  if (options.html) {
    const page = (await import('../backtest/html.ts')).renderHtml(report, { ...info, generatedAt: new Date() });
    writingTo(options.html, '--html', () => writeFileSync(options.html!, page));
  }
  if (options.json) {
    // In parts (36 MB at 10,000 calls): the reader takes the first while the next are made.
    writePrettyJson(text.jsonReport(report), (chunk) => process.stdout.write(chunk));
    process.stdout.write('\n');
  } else {
    process.stdout.write(text.formatTextReport(report, info));
    if (options.explain) process.stdout.write(text.formatExplain(report, options.explain, (await import('../../engine/compile/trace.ts')).formatTrace));
  }
  return 0;
}
