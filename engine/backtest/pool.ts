/**
 * Where backtest tasks run: N worker threads (one per core by default), each with
 * the rules compiled once, or the calling thread itself (`workers: 0`). Tasks go to
 * the least busy worker; `run` resolves with the task's result.
 * The threads are started by threads.ts (possibly before the rules are loaded). Tasks
 * of files (the index pass) need no rules, so they are sent first; `setup` sends the
 * rules, which tasks of groups need. When the worker file is absent the pool runs in
 * the calling thread and says so.
 */
import { serialize } from 'node:v8';
import { StartedThreads } from './threads.ts';
import type { InstanceDirectory } from '../ingest/instances.ts';
import { GroupEvaluator, indexFiles, type EvaluatorSetup, type FileIndex, type GroupResult, type GroupTask } from './group.ts';

/** Tasks carry several files or groups: a message costs more than indexing a contact record. */
export type Task =
  | { readonly type: 'index'; readonly files: readonly { readonly path: string; readonly label: string }[]; readonly directory: InstanceDirectory }
  | { readonly type: 'groups'; readonly groups: readonly GroupTask[] };
/** The rules as a thread is sent them: `EvaluatorSetup` serialised once by the pool (node:v8), for every thread. */
export interface SetupMessage {
  readonly type: 'setup';
  readonly bytes: Uint8Array;
}
type ResultOf<T extends Task> = T extends { type: 'index' } ? FileIndex[] : GroupResult;

/** Runs a task on this thread; a task of groups needs the rules, so one sent before them is the caller's mistake. */
export async function runTask(task: Task, evaluator: GroupEvaluator | undefined): Promise<FileIndex[] | GroupResult> {
  if (task.type === 'index') return indexFiles(task.files, task.directory);
  if (!evaluator) throw new Error('backtest: a task of groups before the rules');
  return evaluator.evaluateGroups(task.groups);
}

export interface TaskPool {
  readonly threads: number;
  /** The rules: each thread compiles them once, before its next task. */
  setup(setup: EvaluatorSetup): void;
  run<T extends Task>(task: T): Promise<ResultOf<T>>;
  close(): Promise<void>;
}

/** The calling thread as a pool of one. */
function inlinePool(): TaskPool {
  let evaluator: GroupEvaluator | undefined;
  return {
    threads: 0,
    setup: (setup) => void (evaluator = new GroupEvaluator(setup)),
    run: ((task: Task) => runTask(task, evaluator)) as TaskPool['run'],
    close: async () => {},
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createPool(threads: number | StartedThreads, onWarning: (message: string) => void = () => {}): TaskPool {
  const started = typeof threads === 'number' ? new StartedThreads(threads, onWarning) : threads;
  if (started.workers.length === 0) return inlinePool();
  let nextId = 0;
  const pool = started.workers.map((worker) => {
    const pending = new Map<number, Pending>();
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`backtest worker: ${m.error}`));
      else p?.resolve(m.result);
    });
    // threads.ts keeps the error (`early`) for the tasks sent after it.
    worker.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return { worker, pending };
  });
  return {
    threads: pool.length,
    // Serialised once for all the threads (the rules' parsed documents are 2.6 MB for 500 rules): posting the object
    // serialised it again for each, 75-112 ms of the main thread for two, while the threads wait for their rules.
    setup: (setup) => {
      const bytes = serialize(setup);
      pool.forEach(({ worker }) => worker.postMessage({ type: 'setup', bytes }));
    },
    run: ((task: Task) => {
      const thread = pool.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const failed = started.early.get(thread.worker);
        if (failed) return reject(failed);
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ ...task, id });
      });
    }) as TaskPool['run'],
    // Threads handed in are their owner's to end (cli/commands/backtest.ts).
    close: typeof threads === 'number' ? () => started.close() : async () => {},
  };
}
