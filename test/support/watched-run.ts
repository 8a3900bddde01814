/**
 * Runs a command to its end, given up on by its own progress rather than a wall
 * deadline (storage/progress-watch.ts): the CPU of its whole process tree or its
 * output growing. A loaded CI only makes it slower; a hung one (a child waiting on
 * something that never comes) is killed, with its process group, and the error says
 * what it did and its last output.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isStopped, processStat, type ProcessStat } from '../../storage/process-stat.ts';
import { describeGiveUp, ProgressWatch, type ProgressLimits, type ProgressSample } from '../../storage/progress-watch.ts';

/** How much of the output the error quotes (its end). */
const TAIL = 4_000;
const SAMPLE_MS = 1_000;

/**
 * The CPU `root` and every process below it have used, those ended and waited for
 * included (their time is in their parent's children's time); stopped when the root is.
 * Undefined where /proc cannot tell.
 */
export function treeSample(root: number): Omit<ProgressSample, 'outputBytes'> | undefined {
  const rootStat = processStat(root);
  if (!rootStat) return undefined;
  const children = new Map<number, ProcessStat[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry)); // undefined: it ended while we looked
    if (!stat) continue;
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  let cpuMs = 0;
  const walk = (stat: ProcessStat) => {
    cpuMs += stat.cpuMs + stat.childrenCpuMs;
    for (const child of children.get(stat.pid) ?? []) walk(child);
  };
  walk(rootStat);
  return { cpuMs, stopped: isStopped(rootStat) };
}

/**
 * For a child the tests wait on to start (serve, with or without its DynamoDB Local; osls offline
 * bundling): its tree works all along until ready, so a minute with no CPU and no output is a hang;
 * ten minutes whatever else (a test's own timeout must be longer: the watch then says why).
 */
export const STARTUP_LIMITS: ProgressLimits = { cpuMs: Infinity, stallMs: 60_000, progressCpuMs: 200, wallMs: 600_000 };

/**
 * Watches the process tree of `pid` (and `outputBytes`, its output so far) until the returned
 * stop function is called: `onGiveUp` is called once, with why, when `limits` give up on it.
 * In place of a wall-clock timer on a child's first line.
 */
export function watchProgress(pid: number, limits: ProgressLimits, onGiveUp: (why: string) => void, outputBytes: () => number = () => 0): () => void {
  const watch = new ProgressWatch(limits);
  const timer = setInterval(() => {
    const tree = treeSample(pid);
    const giveUp = watch.observe(tree && { ...tree, outputBytes: outputBytes() });
    if (!giveUp) return;
    clearInterval(timer);
    onGiveUp(describeGiveUp(giveUp, limits));
  }, SAMPLE_MS);
  return () => clearInterval(timer);
}

export interface WatchedRun {
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time it took. */
  readonly ms: number;
}

/** Runs `command` (in its own process group) to a zero exit; rejects on another exit, or when `limits` give up on it (the group killed). */
export function watchedRun(command: string, args: readonly string[], options: SpawnOptions, limits: ProgressLimits): Promise<WatchedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    child.stdout!.on('data', (chunk: Buffer) => ((stdout += chunk), (bytes += chunk.length)));
    child.stderr!.on('data', (chunk: Buffer) => ((stderr += chunk), (bytes += chunk.length)));
    const tail = () => `${stdout}${stderr}`.slice(-TAIL);
    const stopWatching =
      child.pid === undefined
        ? () => undefined
        : watchProgress(
            child.pid,
            limits,
            (why) => {
              try {
                process.kill(-child.pid!, 'SIGKILL');
              } catch {
                // already gone
              }
              reject(new Error(`${[command, ...args].join(' ')} was given up on: ${why}. Its last output:\n${tail()}`));
            },
            () => bytes,
          );
    child.once('error', (err) => {
      stopWatching();
      reject(err);
    });
    child.once('close', (code, signal) => {
      stopWatching();
      if (code === 0) resolve({ stdout, stderr, ms: performance.now() - started });
      else reject(new Error(`${[command, ...args].join(' ')} exited (${signal ?? `code ${code}`}):\n${tail()}`));
    });
  });
}
