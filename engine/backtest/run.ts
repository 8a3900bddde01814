/**
 * `runBacktest`: what the rules would have done on a set of files, with nothing run.
 *
 * 1. Index: the files are walked lazily and go to the workers in batches; each file is
 *    read once there and its payloads placed in groups (a contact, or an event about
 *    none). A large analysis file is read only as far as its head names its contact.
 * 2. Evaluate: the groups go to the workers in batches; each group's payloads are read
 *    by one worker (a large file now whole, once) and fed, in a fixed order (pieces.ts
 *    PHASE, then file order), through the pipeline's ingestor on an in-memory state;
 *    the worker sends back per subject the positions of the rules that matched and per
 *    task how many subjects each rule was evaluated on (report.ts sums them up).
 *
 * Only the index (a few numbers per payload) and the report stay in memory; files
 * are in memory only while a worker handles them, and at most `4 × workers` tasks
 * are in flight. Contact records and other small files are read in both passes: they
 * are a few per cent of the bytes (3 % in the benchmark), and keeping them between the passes would grow with the
 * inputs.
 */
import { availableParallelism } from 'node:os';
import type { InstanceDirectory } from '../ingest/instances.ts';
import { walkInputs } from '../pipeline/replay.ts';
import { GroupEvaluator, type EvaluatorSetup, type GroupItem, type GroupResult, type SubjectResult } from './group.ts';
import type { Problem } from './pieces.ts';
import { createPool } from './pool.ts';
import type { StartedThreads } from './threads.ts';
import { ReportBuilder, type BacktestReport } from './report.ts';
import type { RuleSetSpec } from './rules.ts';

/** The rules and the baseline to compare with, as a loader hands them back. */
export interface LoadedRules {
  readonly rules: RuleSetSpec;
  readonly baseline?: RuleSetSpec | undefined;
}

export interface BacktestOptions {
  readonly paths: readonly string[];
  /**
   * The rules, or how to load them with the baseline: called once, when the first files
   * are on their way to the threads (they read files without the rules).
   */
  readonly rules: RuleSetSpec | (() => LoadedRules);
  /** The rules run today, to compare with (when `rules` is a loader, it hands them back instead). */
  readonly baseline?: RuleSetSpec;
  /** Worker threads; 0 evaluates on the calling thread. Default: one per core. */
  readonly workers?: number;
  /** Threads started beforehand (threads.ts), instead of `workers`: they load their code while the caller loads the rules; the caller ends them. */
  readonly threads?: StartedThreads;
  /** Example contacts per rule in the report (default 5). */
  readonly examples?: number;
  readonly explainContact?: string;
  /** Without explainContact: explain the first contact of the rule that matched most (the HTML report's). */
  readonly autoExplain?: boolean;
  /** The instance of events that name none (Cases, tickets). */
  readonly instanceId?: string;
  readonly cwd?: string;
  /** Told after each task: which pass, how many done, of how many. */
  readonly progress?: (pass: 'reading' | 'evaluating', done: number, total: number) => void;
  /** Told each subject as it is evaluated (streaming outputs such as CSV). */
  readonly onSubject?: (subject: SubjectResult) => void;
  readonly onWarning?: (message: string) => void;
}

interface IndexedPiece {
  readonly file: number;
  readonly seq: number;
  readonly phase: number;
  readonly pointer: string;
}

/**
 * Files per index task and groups per evaluation task: each message wakes the main
 * thread, which on two cores takes one from a worker; with 32 groups a task (was 8)
 * the main thread used 0.12 s less CPU at 10,000 calls.
 */
export const INDEX_BATCH = 64;
const GROUP_BATCH = 32;

/**
 * Index tasks in flight a worker, while the main thread loads the rules: the rules are
 * loaded synchronously, so no result is taken and no task sent meanwhile. With the four
 * a worker of the evaluation pass, the workers indexed 512 files and then waited for
 * the rules (3.4 to 3.7 s each at 10,000 calls under load); with 256 (16,384 files a
 * worker) the walk sends every file of a run that size first. An index task is a list
 * of paths the main thread keeps anyway (`files`), and its result a few numbers a file.
 */
export const INDEX_TASKS_IN_FLIGHT = 256;

/** `items` in arrays of at most `size`. */
function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Runs `task` over `items` with at most `limit` in flight, in order of submission. */
async function bounded<T>(items: Iterable<T>, limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const item of items) {
    const p = task(item).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const workers = options.workers ?? availableParallelism();
  const directory: InstanceDirectory = { defaultInstanceId: options.instanceId ?? process.env.CONNECT_INSTANCE_ID ?? 'backtest-instance' };
  const pool = createPool(options.threads ?? workers, options.onWarning);
  // Four tasks a worker: one running, the rest queued, so a worker keeps busy while the main thread waits for its turn on a busy machine.
  const limit = Math.max(2, pool.threads * 4);
  try {
    // The total, for the progress bar only (walking is cheap next to reading).
    let total = 0;
    if (options.progress) for (const item of walkInputs(options.paths, cwd)) if ('input' in item) total++;

    // 1. Index, a batch of files per task.
    const files: { path: string; label: string }[] = [];
    const groups = new Map<string, IndexedPiece[]>();
    const problems: Problem[] = [];
    let seq = 0;
    let done = 0;
    let stop = false;
    const inputs = function* () {
      for (const item of walkInputs(options.paths, cwd)) {
        if (stop) return;
        if ('skipped' in item) problems.push({ label: item.skipped.label, reason: 'not-read', message: `${item.skipped.label}: ${item.skipped.reason}` });
        else yield { file: files.push({ path: item.input.path, label: item.input.label }) - 1, ...item.input };
      }
    };
    const indexing = bounded(batches(inputs(), INDEX_BATCH), Math.max(1, pool.threads) * INDEX_TASKS_IN_FLIGHT, async (batch) => {
      const indexes = await pool.run({ type: 'index', files: batch.map(({ path, label }) => ({ path, label })), directory });
      indexes.forEach((index, k) => {
        problems.push(...index.problems);
        for (const piece of index.pieces) {
          let list = groups.get(piece.group);
          if (!list) groups.set(piece.group, (list = []));
          list.push({ file: batch[k]!.file, seq: seq++, phase: piece.phase, pointer: piece.pointer });
        }
      });
      done += batch.length;
      options.progress?.('reading', done, total);
    });

    // The first tasks are on their way: the rules are loaded meanwhile, then sent (a thread compiles them between its tasks).
    let loaded: LoadedRules;
    try {
      loaded = typeof options.rules === 'function' ? options.rules() : { rules: options.rules, baseline: options.baseline };
    } catch (err) {
      stop = true;
      indexing.catch(() => {});
      throw err;
    }
    const { rules, baseline } = loaded;
    const report = new ReportBuilder(rules.rules, baseline?.rules, {
      examples: options.examples ?? 5,
      ...(options.explainContact ? { explainContact: options.explainContact } : {}),
    });
    const setup: EvaluatorSetup = {
      rules: rules.rules,
      ...(baseline ? { baseline: baseline.rules } : {}),
      directory,
      ...(options.explainContact ? { explainContact: options.explainContact } : {}),
      actions: options.onSubject ? 'all' : { examples: options.examples ?? 5 },
    };
    pool.setup(setup);
    await indexing;
    for (const p of problems) report.problem(p);

    // 2. Evaluate, a batch of groups per task; a group is evaluated by one worker.
    let evaluated = 0;
    const order = (a: IndexedPiece, b: IndexedPiece) => a.phase - b.phase || a.file - b.file || a.seq - b.seq;
    // In ascending order of contact: a worker then resolves the actions of a rule's first few contacts only (the report's examples
    // are the smallest ids, group.ts wantActions), not of every contact smaller than those it saw before.
    const keys = [...groups.keys()].sort();
    const tasks = function* () {
      for (const group of keys) {
        const pieces = groups.get(group)!;
        yield { group, items: pieces.sort(order).map((p): GroupItem => ({ path: files[p.file]!.path, label: files[p.file]!.label, pointer: p.pointer })) };
      }
    };
    // Results are taken in the order the batches were sent (those back early wait for those before them), so each rule's
    // contacts arrive in order and the report need not sort them. A task's slot is freed when its result is back, so a
    // thread behind on one batch does not stop the other: what waits is the other's results meanwhile (a few kilobytes each).
    const waiting = new Map<number, { result: GroupResult; size: number }>();
    let sent = 0;
    let next = 0;
    await bounded(batches(tasks(), GROUP_BATCH), limit, async (batch) => {
      const k = sent++;
      waiting.set(k, { result: await pool.run({ type: 'groups', groups: batch }), size: batch.length });
      for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
        waiting.delete(next++);
        report.group(ready.result);
        if (options.onSubject) for (const s of ready.result.subjects) options.onSubject(report.unpack(s));
        evaluated += ready.size;
        options.progress?.('evaluating', evaluated, groups.size);
      }
    });
    if (!report.hasExplain) {
      const contact = options.explainContact ?? (options.autoExplain ? report.mostMatchedContact() : undefined);
      const pieces = contact ? groups.get(`c:${contact}`) : undefined;
      if (contact && pieces) {
        // The one contact again, on this thread, with every rule's trace and all its actions (none left out by --examples).
        const items = pieces.sort(order).map((p) => ({ path: files[p.file]!.path, label: files[p.file]!.label, pointer: p.pointer }));
        const subject = (await new GroupEvaluator({ ...setup, actions: 'all', explainContact: contact }).evaluate(items)).subjects.find((x) => x.contactId === contact);
        if (subject) report.explainWith(report.unpack(subject));
      }
    }
    return report.build(files.length, (performance.now() - started) / 1000, pool.threads);
  } finally {
    await pool.close();
  }
}
