/**
 * Drives a program in a real pseudo-terminal, as a person at a terminal would:
 * keys in, the screen's bytes out. The pty comes from Python's standard `pty`
 * module (python3 is on every machine of this project's kind, CI included, and
 * needs no native npm build, unlike node-pty); a small relay copies our pipe to
 * the pty master and the master to our pipe. `available()` says whether it can
 * run here, so a test can skip with a reason instead of failing.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';

const RELAY = String.raw`
import os, pty, sys, select, struct, fcntl, termios, signal
cols, rows = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
stdin_open = True
while True:
    fds = [fd] + ([0] if stdin_open else [])
    r, _, _ = select.select(fds, [], [], 0.05)
    if fd in r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        os.write(1, data)
    if 0 in r:
        data = os.read(0, 65536)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** `undefined` when a pty can be had here, else why not. */
export function unavailableReason(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import pty, termios, fcntl, select'], { encoding: 'utf8' });
  if (probe.error) return `python3 is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `python3 has no pty support: ${probe.stderr.trim()}`;
  return undefined;
}

/** ANSI escape sequences (colours, cursor moves) out: the text a person reads. */
export const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\r/g, '');

export const KEYS = { enter: '\r', tab: '\t', up: '\u001b[A', ctrlC: '\u0003', ctrlD: '\u0004' } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first child of process `pid` (Linux /proc), if there is one. */
function firstChild(pid: number): number | undefined {
  try {
    const [child] = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return child ? Number(child) : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes process `pid` has read so far, from any file (Linux /proc `rchar`). */
function bytesRead(pid: number): number | undefined {
  try {
    const m = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class PtyProgram {
  private readonly child: ChildProcessWithoutNullStreams;
  /** Everything the program wrote to the terminal, escapes included. */
  raw = '';
  private readonly exited: Promise<number | null>;

  constructor(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; cols?: number; rows?: number } = {}) {
    this.child = spawn('python3', ['-c', RELAY, String(options.cols ?? 160), String(options.rows ?? 50), command, ...args], {
      env: { TERM: 'xterm-256color', ...options.env },
      cwd: options.cwd,
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.raw += chunk;
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.raw += chunk;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** The screen's text so far, escapes removed. */
  get text(): string {
    return stripAnsi(this.raw);
  }

  /** Types keys (a string is sent as is: `\r` is Enter). */
  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  /**
   * Types keys and waits until the program has read them, so that the next keys come in
   * a read of their own, as a person's next key press does: Node's readline takes a Tab
   * that arrives in one read with more keys as pasted text, not a completion (a second
   * Tab that lists the candidates must not share the first's read). The wait is on the
   * program's bytes read (/proc, its idle prompt reads nothing else), not a pause sized
   * for an idle machine; where /proc cannot tell, a person's pause.
   */
  async typeRead(keys: string, timeoutMs = 15_000): Promise<void> {
    const program = firstChild(this.child.pid!);
    const before = program === undefined ? undefined : bytesRead(program);
    this.type(keys);
    if (program === undefined || before === undefined) return void (await sleep(300));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const read = bytesRead(program);
      if (read === undefined || read >= before + Buffer.byteLength(keys)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the program to read ${JSON.stringify(keys)}; the terminal shows:\n${this.text}`);
      await sleep(10);
    }
  }

  /** Waits until the text written after `from` (an offset into `raw`) matches. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = stripAnsi(this.raw.slice(from));
      if (pattern.test(seen)) return seen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the terminal shows:\n${seen}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Types a line, then waits for what it prints up to the next prompt matching `prompt`. */
  async enter(line: string, prompt: RegExp): Promise<string> {
    const from = this.raw.length;
    this.type(line + KEYS.enter);
    return this.waitFor(prompt, from);
  }

  exit(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    this.child.kill();
  }
}
