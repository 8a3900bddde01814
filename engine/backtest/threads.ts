/**
 * Backtest's worker threads, started before anything else of a backtest is loaded
 * (this module imports nothing of the engine): a thread loads its code while the
 * calling one loads and checks the rules; the pool (pool.ts) then sends them the rules.
 *
 * The worker file is resolved next to this module: from the TypeScript sources
 * (tsx) it is worker-boot.mjs (which registers tsx in the thread); from the built
 * CLI it is dist/cli/backtest-worker.js (an entry of build/build.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker entry for the running form of this module (sources or bundle), if it exists. */
export function workerEntry(moduleUrl = import.meta.url): URL | undefined {
  // Built, this module is in the bundle's folder or a chunk folder under it.
  const candidates = moduleUrl.endsWith('.ts') ? ['./worker-boot.mjs'] : ['./backtest-worker.js', '../backtest-worker.js'];
  return candidates.map((c) => new URL(c, moduleUrl)).find((url) => existsSync(fileURLToPath(url)));
}

/**
 * Worker threads started before their rules are known (`createPool` sends them the
 * rules): a thread loads its code while the calling one loads and checks the rules.
 * None when `count` is 0 or the worker file is missing (the pool then runs tasks on
 * the calling thread). `close` ends them, used or not.
 */
export class StartedThreads {
  readonly workers: readonly Worker[];
  /** Each thread's first error (it could not start, or died), kept for its whole life: the pool's tasks report it. */
  readonly early = new Map<Worker, Error>();

  constructor(count: number, onWarning: (message: string) => void = () => {}) {
    const entry = count > 0 ? workerEntry() : undefined;
    if (count > 0 && !entry) onWarning('backtest: the worker file is missing from this build; evaluating on one thread');
    this.workers = entry ? Array.from({ length: count }, () => new Worker(entry)) : [];
    for (const w of this.workers) w.once('error', (err) => this.early.set(w, err));
  }

  private closing?: Promise<void>;

  /** Ends the threads; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.workers.map((w) => w.terminate())).then(() => {});
    return this.closing;
  }
}

