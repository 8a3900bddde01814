/**
 * A child process a command embeds (DynamoDB Local's java) ends with the command,
 * and before it. On a stop signal each embedded child is sent SIGTERM and waited
 * for (SIGKILL after a grace period) until Node has seen its exit, that is reaped
 * it; only then does the command end by that signal, as it would have without a
 * listener. A second signal while waiting kills the children at once. Ending first
 * (as this did until session 13) orphaned java: `kill <replay>` returned while java
 * still ran or lay unreaped, a zombie of whatever adopted it (the CI's PID 1 reaped
 * it more than 20 s late).
 *
 * What a command keeps on disk while it starts a child (javac's build folder) is
 * removed just before the signal ends it (cleanUpBeforeSignalEnd): its own `finally`
 * never runs then.
 *
 * A command that handles the signal itself (serve's orderly shutdown) stops its
 * children in its own order; a second signal still kills them. On the process's
 * 'exit' (process.exit: no chance to wait there) the children are killed.
 *
 * The handlers are installed before a child is spawned (spawnEmbedded), not after:
 * without a listener a stop signal ends the process by default, and one landing
 * between the child's start and its embedding (the spawn's own work, a busy host
 * not scheduling this process) orphaned it. That is what the clean-clone CI of
 * session 13 saw once on Node 22 (test/cli/replay-signal.test.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** The signals that end a command: each stops the embedded children first. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface EmbeddedChild {
  /** SIGTERM, then SIGKILL after the grace period; resolves once the child has exited (reaped). Idempotent. */
  stop(): Promise<void>;
  /** Resolves once the child has exited, stopped or by itself. */
  readonly exited: Promise<void>;
}

export interface EmbedChildOptions {
  /** How long a stopped child may take to exit before it is killed (default 5 s). */
  readonly graceMs?: number;
}

interface Running {
  stop(): Promise<void>;
  kill(): void;
  readonly exited: Promise<void>;
}

const running = new Set<Running>();
/** What a command keeps on disk while it starts a child (javac's build folder): removed before a stop signal ends the process. */
const cleanups = new Set<() => void>();
/** Whether a stop signal has come already (the next one kills). */
let signalled = false;
/** Whether this module ends the process once the children are stopped. */
let ending = false;

const killAll = () => {
  for (const child of running) child.kill();
};

function onSignal(signal: NodeJS.Signals): void {
  if (signalled) killAll();
  signalled = true;
  // The command listens too (serve): it stops the children in its own order.
  if (ending || process.listeners(signal).some((listener) => listener !== onSignal)) return;
  ending = true;
  void Promise.allSettled([...running].map((child) => child.stop())).then(() => {
    listen(false);
    runCleanups();
    // Without a listener the signal ends the process with the status a shell and a supervisor expect.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/**
 * Ends the process by `signal` now: every embedded child killed (SIGKILL) and waited
 * for until reaped, then the signal raised again with no listener left, so the
 * command ends by it. A command's own second stop signal (serve's "again, exiting now").
 */
export async function endNow(signal: NodeJS.Signals): Promise<void> {
  ending = true;
  killAll();
  await Promise.allSettled([...running].map((child) => child.exited));
  for (const stopSignal of STOP_SIGNALS) process.removeAllListeners(stopSignal);
  runCleanups();
  process.kill(process.pid, signal);
}

/**
 * Runs `cleanup` (synchronous) before a stop signal ends the process, until the returned
 * function is called: the command's own `finally` never runs then, as the process ends by
 * the signal once its children are stopped. The stop signals are handled meanwhile, as
 * while a child runs, so none ends the process before the cleanup.
 */
export function cleanUpBeforeSignalEnd(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  listen(true);
  return () => {
    cleanups.delete(cleanup);
    stopListeningIfIdle();
  };
}

function runCleanups(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // the process is ending by the signal whatever one cleanup does
    }
  }
  cleanups.clear();
}

/** No child running and nothing to clean up: a stop signal ends the process by default again. */
const stopListeningIfIdle = () => {
  if (running.size === 0 && cleanups.size === 0 && !ending) listen(false);
};

let listening = false;
function listen(on: boolean): void {
  if (listening === on) return;
  listening = on;
  for (const signal of STOP_SIGNALS) process[on ? 'on' : 'removeListener'](signal, onSignal);
  process[on ? 'on' : 'removeListener']('exit', killAll);
}

/** A child asked for once a stop signal is being acted on: the command is ending, nothing new is started. */
export class StoppingError extends Error {
  override readonly name = 'StoppingError';
  constructor(command: string) {
    super(`not starting ${command}: the command is stopping on a signal`);
  }
}

/**
 * Spawns `command` as a child that ends with this process (module header); its
 * stop() is the way to end it early. The stop signals are handled from before the
 * spawn, so no signal can end this process between the child's start and its embedding.
 */
export function spawnEmbedded(
  command: string,
  args: readonly string[],
  spawnOptions: SpawnOptions,
  options: EmbedChildOptions = {},
): EmbeddedChild & { readonly child: ChildProcess } {
  if (ending) throw new StoppingError(command);
  listen(true);
  let child: ChildProcess;
  try {
    child = spawn(command, args, spawnOptions);
  } catch (err) {
    stopListeningIfIdle();
    throw err;
  }
  return { child, ...embedChild(child, options) };
}

function embedChild(child: ChildProcess, options: EmbedChildOptions): EmbeddedChild {
  const graceMs = options.graceMs ?? 5_000;
  // Just spawned (spawnEmbedded): it cannot have exited yet.
  let done = false;
  let markExited!: () => void;
  const exited = new Promise<void>((resolve) => (markExited = resolve));
  const self: Running = {
    exited,
    kill: () => {
      if (!done) child.kill('SIGKILL');
    },
    stop: () => {
      stopping ??= (async () => {
        if (done) return;
        child.kill('SIGTERM');
        const timer = setTimeout(self.kill, graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
  let stopping: Promise<void> | undefined;
  const release = () => {
    done = true;
    if (running.delete(self)) stopListeningIfIdle();
    markExited();
  };
  child.once('exit', release);
  // Never started (no such command): no 'exit' follows.
  child.once('error', () => {
    if (child.pid === undefined) release();
  });
  running.add(self);
  return { stop: self.stop, exited };
}
