/**
 * When to give up waiting on a child process that should become ready (DynamoDB
 * Local's java) or finish (a packaging), judged by its own work rather than by wall
 * time alone: on a loaded host (load 30 on 2 cores) a JVM that starts in 6 CPU
 * seconds takes minutes of wall time, while a hung one must still be given up on.
 *
 * Three rules, the first to trip wins:
 * - cpu: it has used this much CPU and is still not there (it spins: a busy loop, a
 *   JVM collecting garbage forever);
 * - no-progress: it has made no progress (less than `progressCpuMs` of CPU, no new
 *   output) for `stallMs` of time in which it was not stopped: a process stopped by
 *   SIGSTOP (or a debugger) is not held to account until it is continued;
 * - wall: the generous bound on wall time, whatever else (a child stopped forever,
 *   or one that keeps making a little progress).
 * Where /proc cannot tell (another OS: no sample), only the wall rule applies.
 */

export interface ProgressLimits {
  /** CPU it may use in all before it is given up on. */
  readonly cpuMs: number;
  /** Time (while not stopped) it may go without progress. */
  readonly stallMs: number;
  /** CPU that counts as progress: a hung JVM's housekeeping threads still use a little. */
  readonly progressCpuMs: number;
  /** Wall time, whatever else. */
  readonly wallMs: number;
}

/** What the watched process(es) did so far. */
export interface ProgressSample {
  /** CPU time used so far. */
  readonly cpuMs: number;
  /** Stopped (SIGSTOP, a debugger). */
  readonly stopped: boolean;
  /** Output written so far, where output is progress too. */
  readonly outputBytes?: number;
}

export type GiveUpRule = 'cpu' | 'no-progress' | 'wall';

/** Why a watch gave up, with the figures its message gives. */
export interface GiveUp {
  readonly rule: GiveUpRule;
  /** Wall time since the watch began. */
  readonly wallMs: number;
  /** CPU used (the last sample; 0 without one). */
  readonly cpuMs: number;
  /** Time without progress (while not stopped) when it gave up. */
  readonly quietMs: number;
}

/**
 * A gap between two samples counts at most this much toward the quiet time: a longer
 * one means this process itself was not running (stopped along with its child by
 * Ctrl-Z, or not scheduled), so it could not have seen the child's progress either.
 */
const MAX_COUNTED_GAP_MS = 2_500;

export class ProgressWatch {
  private readonly started: number;
  private last: number;
  private progressCpu = -Infinity;
  private progressOutput = -1;
  private quietMs = 0;
  private cpuMs = 0;

  constructor(
    private readonly limits: ProgressLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.last = now();
  }

  /** Takes the latest sample (undefined where /proc cannot tell); why to give up, or undefined to keep waiting. */
  observe(sample: ProgressSample | undefined): GiveUp | undefined {
    const at = this.now();
    const gap = Math.min(at - this.last, MAX_COUNTED_GAP_MS);
    this.last = at;
    if (sample) {
      this.cpuMs = sample.cpuMs;
      const output = sample.outputBytes ?? 0;
      if (sample.cpuMs >= this.progressCpu + this.limits.progressCpuMs || output > this.progressOutput) {
        this.progressCpu = sample.cpuMs;
        this.progressOutput = output;
        this.quietMs = 0;
      } else if (!sample.stopped) {
        this.quietMs += gap;
      }
    }
    const wallMs = at - this.started;
    const rule: GiveUpRule | undefined =
      sample && sample.cpuMs >= this.limits.cpuMs ? 'cpu' : sample && this.quietMs >= this.limits.stallMs ? 'no-progress' : wallMs >= this.limits.wallMs ? 'wall' : undefined;
    return rule && { rule, wallMs, cpuMs: this.cpuMs, quietMs: this.quietMs };
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a give-up saw, in words: "it used 60.0 s of CPU (the limit) in 75.2 s". */
export function describeGiveUp(giveUp: GiveUp, limits: ProgressLimits): string {
  const { cpuMs, wallMs, quietMs } = giveUp;
  switch (giveUp.rule) {
    case 'cpu':
      return `it used ${seconds(cpuMs)} of CPU (the limit is ${seconds(limits.cpuMs)}) in ${seconds(wallMs)}`;
    case 'no-progress':
      return `it made no progress (less than ${seconds(limits.progressCpuMs)} of CPU, no output) for ${seconds(quietMs)} while not stopped (the limit is ${seconds(limits.stallMs)}), ${seconds(cpuMs)} of CPU in ${seconds(wallMs)} in all`;
    case 'wall':
      return `${seconds(wallMs)} passed (the limit is ${seconds(limits.wallMs)}), in which it used ${seconds(cpuMs)} of CPU`;
  }
}
