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
