/**
 * Reading the user's files for the CLI, with errors that name the file.
 */
import { readFileSync } from 'node:fs';
import { binaryAt } from '../grammar/binary.ts';
import { UserError } from '../grammar/errors.ts';
import { parseJsonOr } from '../grammar/json/parse-error.ts';
import { InvalidEndpointError } from '../storage/endpoints.ts';

/** A problem with what the user gave the CLI: printed on stderr, exit code 2. */
export class UsageError extends UserError {}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`}`);
  }
}

export function readJson(file: string): unknown {
  const text = readText(file);
  const binary = binaryAt(text);
  if (binary) throw new UsageError(`${file}: not a text file (${binary}); expected JSON`);
  return parseJsonOr(text, file, (problem) => new UsageError(problem));
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

/** `{"errors": [...]}` on stdout, the `--json` form of a refusal. */
export function writeJsonErrors(errors: readonly JsonError[]): void {
  process.stdout.write(`${JSON.stringify({ errors }, null, 2)}\n`);
}

/**
 * The errors that are the user's to fix. storage/ is below grammar/errors.ts (the
 * layer rules), so its user errors cannot extend UserError: they are listed here.
 */
const USER_ERRORS: readonly (abstract new (...args: never[]) => Error)[] = [UserError, InvalidEndpointError];

export function isUserError(err: unknown): err is Error {
  return USER_ERRORS.some((kind) => err instanceof kind);
}

/**
 * Runs a command body; user errors go to stderr with exit code 2, never a stack
 * trace (with `json`, as `{"errors": [...]}` on stdout).
 */
export async function runCommand(body: () => Promise<number | void> | number | void, options: { json?: boolean } = {}): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (err) {
    if (isUserError(err)) {
      if (options.json) writeJsonErrors(jsonErrors(err.message));
      else process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
