/**
 * CPU time of the calling thread alone. `process.cpuUsage` counts every thread of the
 * process, V8's background ones too (garbage collection, the optimising compiler);
 * on Linux the kernel keeps each thread's own in `/proc/thread-self/schedstat` (its
 * first field: nanoseconds on a CPU). Read through one open descriptor at offset 0,
 * which makes the kernel write the line anew: one system call a reading.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** A reader of this thread's CPU nanoseconds, or undefined where the file is not there (not Linux). */
export function threadCpuReader(): { read(): number; close(): void } | undefined {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(128);
  const read = (): number => {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const line = buffer.toString('latin1', 0, n);
    return Number(line.slice(0, line.indexOf(' ')));
  };
  if (!Number.isFinite(read())) {
    closeSync(fd);
    return undefined;
  }
  return { read, close: () => closeSync(fd) };
}
