/**
 * Where backtest tasks run: N worker threads (one per core by default), each with
 * the rules compiled once, or the calling thread itself (`workers: 0`). Tasks go to
 * the least busy worker; `run` resolves with the task's result.
 *
 * The worker file is resolved next to this module: from the TypeScript sources
 * (tsx) it is worker-boot.mjs (which registers tsx in the thread); from the built
 * CLI it is dist/cli/backtest-worker.js (an entry of build/build.ts). When it is absent the pool
 * runs in the calling thread and says so.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GroupEvaluator, indexFiles, type EvaluatorSetup, type FileIndex, type GroupResult, type GroupTask } from './group.ts';

/** Tasks carry several files or groups: a message costs more than indexing a contact record. */
export type Task =
  | { readonly type: 'index'; readonly files: readonly { readonly path: string; readonly label: string }[] }
  | { readonly type: 'groups'; readonly groups: readonly GroupTask[] };
type ResultOf<T extends Task> = T extends { type: 'index' } ? FileIndex[] : GroupResult;

/** Runs a task on this thread. */
export async function runTask(task: Task, evaluator: GroupEvaluator, setup: EvaluatorSetup): Promise<FileIndex[] | GroupResult> {
  return task.type === 'index' ? indexFiles(task.files, setup.directory) : evaluator.evaluateGroups(task.groups);
}

export interface TaskPool {
  readonly threads: number;
  run<T extends Task>(task: T): Promise<ResultOf<T>>;
  close(): Promise<void>;
}

/** The worker entry for the running form of this module (sources or bundle), if it exists. */
export function workerEntry(moduleUrl = import.meta.url): URL | undefined {
  // Built, this module is in the bundle's folder or a chunk folder under it.
  const candidates = moduleUrl.endsWith('.ts') ? ['./worker-boot.mjs'] : ['./backtest-worker.js', '../backtest-worker.js'];
  return candidates.map((c) => new URL(c, moduleUrl)).find((url) => existsSync(fileURLToPath(url)));
}

/** The calling thread as a pool of one. */
function inlinePool(setup: EvaluatorSetup): TaskPool {
  const evaluator = new GroupEvaluator(setup);
  return {
    threads: 0,
    run: ((task: Task) => runTask(task, evaluator, setup)) as TaskPool['run'],
    close: async () => {},
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createPool(setup: EvaluatorSetup, workers: number, onWarning: (message: string) => void = () => {}): TaskPool {
  if (workers <= 0) return inlinePool(setup);
  const entry = workerEntry();
  if (!entry) {
    onWarning('backtest: the worker file is missing from this build; evaluating on one thread');
    return inlinePool(setup);
  }
  let nextId = 0;
  const threads = Array.from({ length: workers }, () => {
    const worker = new Worker(entry, { workerData: setup });
    const pending = new Map<number, Pending>();
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`backtest worker: ${m.error}`));
      else p?.resolve(m.result);
    });
    worker.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return { worker, pending };
  });
  return {
    threads: workers,
    run: ((task: Task) => {
      const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ ...task, id });
      });
    }) as TaskPool['run'],
    close: async () => {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
