import { readdirSync } from 'node:fs';
import { processStat } from '../../storage/process-stat.ts';

/**
 * Whether a process id is still in the process table: running, or a zombie nobody
 * has reaped yet (what a command that waits for its children must leave: neither).
 */
export function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of `pid`'s child processes whose command is `name` (e.g. the java a command embeds), from Linux's /proc. */
export function childrenNamed(pid: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry)); // undefined: the process ended while we looked
    if (stat?.ppid === pid && stat.comm === name) found.push(stat.pid);
  }
  return found;
}
