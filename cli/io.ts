/**
 * Reading and writing the user's files for the CLI, with errors that name the file.
 */
import { accessSync, constants, createWriteStream, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { binaryAt } from '../grammar/binary.ts';
import { UserError } from '../grammar/errors.ts';
import { duplicateKeyWarning } from '../grammar/json/duplicate-key.ts';
import { parseJsonOr } from '../grammar/json/parse-error.ts';
import { readInputFile, type InputKind } from '../engine/rulefiles/read-input.ts';
import { readProblem } from '../engine/rulefiles/read-problem.ts';
import { StoppingError } from '../storage/embedded-child.ts';

/** A problem with what the user gave the CLI: printed on stderr, exit code 2. */
export class UsageError extends UserError {}

/** A file the user named, bounded by its kind's limit (engine/rulefiles/read-input.ts); an event by default. */
export function readText(file: string, kind: InputKind = 'event'): string {
  try {
    return readInputFile(file, kind);
  } catch (err) {
    throw new UsageError(`${file}: ${readProblem(file, err)}`);
  }
}

/**
 * Checks `--data-dir` before anything starts: the folder an embedded DynamoDB Local keeps
 * its data in (made when missing, unless `kept`: outbox and contacts read what a run kept).
 * A file there, or a file on the way to it, is refused naming it, not left to mkdir's EEXIST.
 */
export function checkDataDir(path: string, kept: boolean): void {
  let stat;
  try {
    // not `throwIfNoEntry: false`: Node 22 answers undefined for ENOTDIR too (a path through a file), Node 20 throws
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`--data-dir ${path}: ${(code && WRITE_PROBLEMS[code]) ?? `cannot read (${code ?? String(err)})`}`);
  }
  if (stat === undefined) {
    if (kept) throw new UsageError(`no folder ${path}: give the --data-dir a replay or serve kept its data in`);
  } else if (!stat.isDirectory()) {
    throw new UsageError(`--data-dir ${path}: ${stat.isFile() ? 'a file' : 'not a file'}, not a folder (the folder DynamoDB Local keeps its data in)`);
  }
}

/** What a file-system error code means for a path the user gave to write (else the code itself). */
const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  // what mkdir (recursive) says when the folder to make is a file
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

function cannotWrite(path: string, flag: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`${path}: cannot write ${flag} (${(code && WRITE_PROBLEMS[code]) ?? code ?? String(err)})`);
}

/** Makes the missing parent folder of output file `path` (as `test --junit` always did). */
const makeParentFolder = (path: string): void => {
  mkdirSync(dirname(resolve(path)), { recursive: true });
};

/** Runs `write` on the user's output path; a file-system failure becomes a user error naming the path and the flag. */
export function writingTo<T>(path: string, flag: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (typeof (err as NodeJS.ErrnoException).code === 'string') throw cannotWrite(path, flag, err);
    throw err;
  }
}

/**
 * Before a run whose result goes to output file `path` (`--html`, `--csv`, `--junit`,
 * `--out`): creates its missing parent folder and checks the file can be written
 * there, so a long run is not lost at its very end.
 */
export function prepareOutputFile(path: string, flag: string): void {
  writingTo(path, flag, () => {
    makeParentFolder(path);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    accessSync(dirname(resolve(path)), constants.W_OK);
  });
}

/**
 * Writes output file `path` now, its missing parent folder made first; a failure is
 * writingTo's one line. (The write itself reports what prepareOutputFile checks.)
 */
export function writeOutputFile(path: string, flag: string, text: string): void {
  writingTo(path, flag, () => {
    makeParentFolder(path);
    writeFileSync(path, text);
  });
}

/** Before a run that writes files into folder `dir`: creates it when missing and checks it can be written. */
export function prepareOutputFolder(dir: string, flag: string): void {
  writingTo(dir, flag, () => {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  });
}

/** Output written as it is made (`backtest --csv`): opened now (a failure to open is reported before the run), a write failure reported by `close`. */
export interface OutputStream {
  write(text: string): void;
  close(): Promise<void>;
}

export function openOutputStream(path: string, flag: string): OutputStream {
  // Opening reports what prepareOutputFile would check; only the parent folder needs making.
  const fd = writingTo(path, flag, () => {
    makeParentFolder(path);
    return openSync(path, 'w');
  });
  const stream = createWriteStream(path, { fd });
  let failed: unknown;
  stream.on('error', (err) => (failed ??= err));
  return {
    write: (text) => {
      if (failed === undefined) stream.write(text);
    },
    close: async () => {
      if (failed === undefined) {
        stream.end();
        await new Promise<void>((done) => {
          stream.once('finish', done);
          stream.once('error', () => done());
        });
      }
      if (failed !== undefined) throw cannotWrite(path, flag, failed);
    },
  };
}

/**
 * A JSON file's value. `warn`, when given, hears of a key written twice in one object:
 * the last is read, as JSON.parse and the Lambda runtime read an event (events are not
 * refused for it: docs/canonical-events.md), but a hand-edited file says so.
 */
export function readJson(file: string, warn?: (message: string) => void): unknown {
  const text = readText(file);
  const binary = binaryAt(text);
  if (binary) throw new UsageError(`${file}: not a text file (${binary}); expected JSON`);
  const value = parseJsonOr(text, file, (problem) => new UsageError(problem));
  const warning = warn && duplicateKeyWarning(file, text);
  if (warning) warn(warning);
  return value;
}

/** One problem as `--json` prints it; null where the problem has no place. */
export interface JsonError {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

/**
 * The problems of a user error's message, one per line, as `--json` prints them.
 * Every message of the CLI starts with what it is about (`file:line:col: ` or
 * `file: `), so its lines are read back rather than every thrower taught a second form.
 */
export function jsonErrors(message: string): JsonError[] {
  return message.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const located = /^(.+?):(\d+):(\d+): (.*)$/s.exec(line);
    if (located) return { file: located[1]!, line: Number(located[2]), column: Number(located[3]), message: located[4]! };
    const filed = /^([^:\s][^:]*?): (.*)$/s.exec(line);
    if (filed && /[./\\]/.test(filed[1]!)) return { file: filed[1]!, line: null, column: null, message: filed[2]! };
    return { file: null, line: null, column: null, message: line };
  });
}

/**
 * Where a command writes and what decides its colours: the process itself, or buffers
 * when a test runs the command's body in its own process (test/support/cli-in-process.ts,
 * `runInProcess`: the same text and exit code without starting Node again).
 */
export interface Output {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
}

/** `{"errors": [...]}` on stdout, the `--json` form of a refusal. */
export function writeJsonErrors(errors: readonly JsonError[], io: Output = process): void {
  io.stdout.write(`${JSON.stringify({ errors }, null, 2)}\n`);
}

/** An error that is the user's to fix: every such class, of every layer, extends UserError (errors/user-error.ts). */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * Runs a command body; user errors go to stderr with exit code 2, never a stack
 * trace (with `json`, as `{"errors": [...]}` on stdout).
 */
export async function runCommand(body: () => Promise<number | void> | number | void, options: { json?: boolean } = {}): Promise<void> {
  process.exitCode = await commandStatus(body, options);
}

/** What runCommand does, writing to `io` and answering the exit code instead of setting it. */
export async function commandStatus(body: () => Promise<number | void> | number | void, options: { json?: boolean } = {}, io: Output = process): Promise<number> {
  try {
    return (await body()) ?? 0;
  } catch (err) {
    if (isUserError(err)) {
      if (options.json) writeJsonErrors(jsonErrors(err.message), io);
      else io.stderr.write(`${err.message}\n`);
      return 2;
    }
    // a child asked for while a stop signal's grace runs (storage/embedded-child.ts): the signal, raised again once the
    // children are stopped, ends the command by its own status; rethrown, this would end it first, exit 1 with a stack
    if (err instanceof StoppingError) return new Promise<never>(() => {});
    throw err;
  }
}
