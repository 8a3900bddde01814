/**
 * A process's state and CPU time from Linux's /proc/<pid>/stat (proc(5)). Undefined
 * where /proc cannot tell: another OS, or the process is gone.
 */
import { readFileSync } from 'node:fs';

/** /proc's clock ticks a second (sysconf(_SC_CLK_TCK)): USER_HZ, 100 on every architecture Node runs on Linux. */
const TICKS_PER_SECOND = 100;

export interface ProcessStat {
  readonly pid: number;
  /** The command's name, at most 15 bytes (e.g. `java`). */
  readonly comm: string;
  /** One letter: R running, S sleeping, D disk wait, T stopped by a signal, t stopped by a debugger, Z zombie, ... */
  readonly state: string;
  readonly ppid: number;
  /** User and system CPU time of all its threads so far. */
  readonly cpuMs: number;
  /** The same of its children that ended and were waited for. */
  readonly childrenCpuMs: number;
}

export function processStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid ...: comm may hold spaces and parentheses, so the fields start after its last ')'.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const ms = (i: number) => (Number(fields[i]) * 1000) / TICKS_PER_SECOND;
  return {
    pid,
    comm: text.slice(text.indexOf('(') + 1, close),
    state: fields[0] ?? '',
    ppid: Number(fields[1]),
    // utime, stime, cutime, cstime: the 14th to 17th fields of the line
    cpuMs: ms(11) + ms(12),
    childrenCpuMs: ms(13) + ms(14),
  };
}

/** Stopped by SIGSTOP/SIGTSTP or a debugger: it cannot make progress until continued, by no fault of its own. */
export const isStopped = (stat: ProcessStat): boolean => stat.state === 'T' || stat.state === 't';
