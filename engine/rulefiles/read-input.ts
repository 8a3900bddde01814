/**
 * The one bounded reader of the files a user names (rule files, events, contact
 * records, users files, rule tests) and of standard input: only a regular file is
 * read, and at most its kind's limit, so a named pipe, a device (/dev/zero) or an
 * endless pipe can neither block a run nor fill memory. A refusal is an
 * InputRefusal, worded by readProblem (read-problem.ts) as every other read failure.
 * Synchronous for the CLI's reads of files; `readInputFileAsync` for a server's event loop;
 * standard input asynchronously, once (`readStandardInput`).
 * A leaf: the CLI loads it at start.
 */
// fs.promises read where used, not imported: the CLI loads this module at start, and built-ins reach its bundles through require (build/builtins-by-require.ts).
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, type Stats } from 'node:fs';
import { firstNotUtf8, notUtf8Problem } from './utf8.ts';

const MiB = 1024 * 1024;

/**
 * The most a file of each kind may hold, in bytes: far above real ones (a CreateRule
 * body is at most 256 KiB; a Contact Lens analysis file of a long call a few MB),
 * and below what would exhaust memory (V8's longest string is 512 MiB).
 */
export const INPUT_LIMITS = {
  rules: 32 * MiB,
  event: 256 * MiB,
  users: 16 * MiB,
  'rule test': 32 * MiB,
  'standard input': 32 * MiB,
} as const satisfies Record<string, number>;

export type InputKind = keyof typeof INPUT_LIMITS;

/** Why a path was not read although it is there: the reason is the whole message after the path. */
export class InputRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InputRefusal';
  }
}

/** What a path is when it is not a regular file (a folder is EISDIR, as a read of it says). */
const NOT_REGULAR: ReadonlyArray<readonly [(s: Stats) => boolean, string]> = [
  [(s) => s.isFIFO(), 'a named pipe'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
];

const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;

/**
 * The text of bytes read from a user's file or standard input: UTF-8, strictly (the one
 * decoding rule of every reader: eval, replay, backtest, serve's stored references); bytes
 * that are not are refused at their byte offset, never read as U+FFFD.
 */
export function decodeInput(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new InputRefusal(notUtf8Problem(bytes, firstNotUtf8(bytes) ?? { offset: 0, length: 0 }));
  return bytes.toString('utf8');
}

/** How each kind is called in a refusal. */
const NOUNS: Readonly<Record<InputKind, string>> = {
  rules: 'a rule file',
  event: 'an event file',
  users: 'a users file',
  'rule test': 'a rule test file',
  'standard input': 'standard input',
};

export const overLimit = (kind: InputKind, size?: number): InputRefusal =>
  new InputRefusal(`${size === undefined ? 'over' : `${mib(size)}, over`} the limit of ${mib(INPUT_LIMITS[kind])} for ${NOUNS[kind]}`);

/** Opened without blocking: a FIFO opens at once, then is refused. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The text (UTF-8) of regular file `path`, at most `kind`'s limit. A folder throws
 * EISDIR, a read failure its system error, anything else not read an InputRefusal.
 */
export function readInputFile(path: string, kind: InputKind): string {
  const { fd, size } = openInputFile(path, kind);
  try {
    return readBounded(fd, kind, size);
  } finally {
    closeSync(fd);
  }
}

/** readInputFile without blocking the event loop (serve and the local stage read stored references with it). */
export async function readInputFileAsync(path: string, kind: InputKind): Promise<string> {
  const handle = await fsp.open(path, OPEN_FLAGS);
  try {
    const size = checkInput(await handle.stat(), path, kind);
    const reads = boundedReads(kind, size);
    for (let step = reads.next(); ; ) {
      if (step.done) return step.value;
      step = reads.next((await handle.read(step.value, 0, step.value.length, null)).bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Opens regular file `path` for a reader of its own (backtest's index pass reads a
 * head first), refusing as readInputFile does; the caller closes `fd` and reads at
 * most `kind`'s limit (`size` is within it).
 */
export function openInputFile(path: string, kind: InputKind): { fd: number; size: number } {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    return { fd, size: checkInput(fstatSync(fd), path, kind) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Why a path that is neither a folder nor a regular file is not read (`a named pipe, not a regular file`); undefined for a file or folder. */
export function notRegularFile(stat: Stats): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  return `${NOT_REGULAR.find(([is]) => is(stat))?.[1] ?? 'not a file'}, not a regular file`;
}

/** The size of an opened regular file within `kind`'s limit; a folder throws EISDIR, anything else an InputRefusal. */
function checkInput(stat: Stats, path: string, kind: InputKind): number {
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
  const other = notRegularFile(stat);
  if (other) throw new InputRefusal(other);
  if (stat.size > INPUT_LIMITS[kind]) throw overLimit(kind, stat.size);
  return stat.size;
}

/** What reading standard input gave: read once per process, whoever asks first. */
let standardInput: Promise<string> | undefined;
let standardInputRead: { text: string } | { error: unknown } | undefined;

/**
 * Standard input's text (`fmt -`, rules `-`, a piped REPL), read once, to its end but
 * never past its limit, in bytes. Asynchronously, through process.stdin: a pipe that is
 * slow, or was left non-blocking by whoever shares it, is waited for; a synchronous read
 * of fd 0 failed there with EAGAIN.
 */
export function readStandardInput(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  standardInput ??= refuseFolderStdin(stream)
    .then(() => readStreamBounded(stream, 'standard input'))
    .then(
    (text) => ((standardInputRead = { text }), text),
    (error: unknown) => {
      standardInputRead = { error };
      throw error;
    },
  );
  return standardInput;
}

/**
 * The text readStandardInput read (or its error), for a synchronous reader (loadRules'
 * `-`) called after it: the CLI reads standard input before a command that is given `-`
 * runs (cli/program.ts).
 */
export function standardInputText(): string {
  if (standardInputRead === undefined) throw new Error('standard input was not read: await readStandardInput() first');
  if ('error' in standardInputRead) throw standardInputRead.error;
  return standardInputRead.text;
}

/** A folder as standard input (`fmt - < dir`) is refused as one: process.stdin ends on it silently, which read as empty. */
async function refuseFolderStdin(stream: NodeJS.ReadableStream): Promise<void> {
  if (stream !== process.stdin) return;
  let folder = false;
  try {
    folder = fstatSync(0).isDirectory();
  } catch {
    // No fd 0 to look at (closed): reading it says what it says.
  }
  if (folder) throw new InputRefusal('standard input is a folder, not the text of a file (give the folder as the argument instead of `-`)');
}

/** A stream's bytes to its end as UTF-8 text, refusing (and ending the stream) past `kind`'s limit. */
async function readStreamBounded(stream: NodeJS.ReadableStream, kind: InputKind): Promise<string> {
  const limit = INPUT_LIMITS[kind];
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    // Leaving the loop ends the stream: an endless one (`< /dev/zero`) is read no further.
    if (total > limit) throw overLimit(kind);
    chunks.push(bytes);
  }
  return decodeInput(Buffer.concat(chunks, total));
}

/** Reads `fd` to its end, refusing at `kind`'s limit. */
function readBounded(fd: number, kind: InputKind, expected: number): string {
  const reads = boundedReads(kind, expected);
  for (let step = reads.next(); ; ) {
    if (step.done) return step.value;
    step = reads.next(readSync(fd, step.value, 0, step.value.length, null));
  }
}

/**
 * The reads of a bounded reader, for a synchronous or an asynchronous file: yields
 * the buffer to read into next, is given the bytes read (0 at the end), and returns
 * the text; refuses at `kind`'s limit (a file may grow after its size was read).
 */
function* boundedReads(kind: InputKind, expected: number): Generator<Buffer, string, number> {
  const limit = INPUT_LIMITS[kind];
  const chunks: Buffer[] = [];
  let total = 0;
  let buffer = Buffer.allocUnsafe(Math.min(expected, limit) + 1);
  for (;;) {
    const n = yield buffer;
    if (n === 0) break;
    total += n;
    if (total > limit) throw overLimit(kind);
    chunks.push(buffer.subarray(0, n));
    if (n === buffer.length) buffer = Buffer.allocUnsafe(Math.min(Math.max(buffer.length, 64 * 1024), limit + 1 - total));
    else buffer = buffer.subarray(n);
  }
  // One read is the common case (the size read at open): its bytes are decoded where they are, not copied first.
  return decodeInput(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
}
