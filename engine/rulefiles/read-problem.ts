/**
 * The one wording of why a path the user named (or a folder holds) cannot be read,
 * for the CLI's reads (cli/io.ts readText), rule files (load.ts) and rule tests
 * (cli/commands/test.ts, engine/backtest/rule-tests.ts). A leaf: the CLI loads it at start.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { InputRefusal } from './read-input.ts';

/**
 * Why `path` cannot be read, given the error of the read (none: it does not exist):
 * a link to nothing (as `cp -r` of a folder of relative links leaves), a link whose
 * target cannot be read (its code, the target named: the link itself is fine), no such
 * `what`, or the system's code.
 */
export function readProblem(path: string, err?: unknown, what = 'file'): string {
  if (err instanceof InputRefusal) return err.reason;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // Before the link's own wording: every link of a loop exists, none leads to a file.
  if (code === 'ELOOP') return 'a loop of symbolic links (each leads on to another, never to a file)';
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    // Only a target that is not there makes a link dangling: ENOENT, or no error given (the caller found nothing).
    const gone = code === undefined ? err === undefined : code === 'ENOENT';
    return `a link to ${readlinkSync(path)}, which ${gone ? 'does not exist' : `cannot be read (${code ?? String(err)})`}`;
  }
  if (err !== undefined && code === undefined) return `cannot read (${String(err)})`;
  return code === undefined || code === 'ENOENT' ? `no such ${what}` : `cannot read (${code})`;
}
