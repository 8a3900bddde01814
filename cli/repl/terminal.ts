/**
 * The two front ends of the REPL: an interactive terminal (readline: prompts,
 * history across sessions, tab completion, Ctrl+C to drop a pending function)
 * and piped input (every line fed to the session, the results printed, exit
 * code 2 if any function was invalid or any command failed).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { isCommandLine } from './commands.ts';
import { complete } from './completer.ts';
import type { ReplSession } from './session.ts';

const HISTORY_SIZE = 1000;

/** `$CONNECT_RULES_HOME/repl_history`, or `~/.connect-rules_history`. */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONNECT_RULES_HOME ? join(env.CONNECT_RULES_HOME, 'repl_history') : join(homedir(), '.connect-rules_history');
}

function loadHistory(file: string): string[] {
  try {
    // The file holds the oldest line first; readline wants the newest first.
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, newestFirst: readonly string[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${[...newestFirst].slice(0, HISTORY_SIZE).reverse().join('\n')}\n`);
  } catch {
    // History is a convenience: a read-only home must not stop the REPL.
  }
}

/**
 * The lines of a function typed over several lines become one history entry, newest
 * first as readline keeps it, joined by spaces (JSON and the text form read the same
 * either way): the up arrow brings the whole function back. A line with a `#` comment
 * would swallow the lines after it once joined, so those stay apart. Dot-commands typed
 * while the function was pending stay entries of their own, behind it.
 */
export function mergeHistoryEntry(history: string[], lines: readonly string[]): boolean {
  const typed = lines.filter((l) => l.trim() !== '');
  const text = typed.filter((l) => !isCommandLine(l));
  if (text.length < 2 || text.some((l) => l.includes('#'))) return false;
  const newestFirst = [...typed].reverse();
  if (!newestFirst.every((l, i) => history[i] === l)) return false;
  history.splice(0, typed.length, text.map((l) => l.trim()).join(' '), ...newestFirst.filter(isCommandLine));
  return true;
}

export function runInteractive(session: ReplSession, input: NodeJS.ReadStream, output: NodeJS.WriteStream, banner: string): Promise<number> {
  const file = historyFile();
  const rl = createInterface({
    input,
    output,
    terminal: true,
    history: loadHistory(file),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(line, session.effectiveSource),
  });
  rl.on('history', (history: string[]) => saveHistory(file, history));
  // readline's own list (newest first): not in its typings, but what the up arrow reads.
  const history = (rl as unknown as { history: string[] }).history;
  /** The lines of the function being typed, while it is pending. */
  let functionLines: string[] = [];
  let interrupted = false;
  const prompt = () => {
    rl.setPrompt(session.prompt());
    rl.prompt();
  };
  output.write(banner);
  prompt();
  rl.on('line', (line) => {
    interrupted = false;
    const out = session.line(line);
    if (session.pending) {
      functionLines.push(line);
    } else if (functionLines.length > 0) {
      // Ended by its last line, not dropped by a command (`.break`, `.reset`).
      if (!isCommandLine(line) && mergeHistoryEntry(history, [...functionLines, line])) saveHistory(file, history);
      functionLines = [];
    }
    if (out) output.write(out);
    if (session.exited) rl.close();
    else prompt();
  });
  rl.on('SIGINT', () => {
    if (session.pending || rl.line) {
      session.discard();
      functionLines = [];
      output.write(`\n${session.style.dim('(input discarded)')}\n`);
      (rl as unknown as { line: string }).line = '';
      interrupted = false;
      prompt();
    } else if (interrupted) {
      rl.close();
    } else {
      interrupted = true;
      output.write(`\n${session.style.dim('(press Ctrl+C again, Ctrl+D or type .exit to leave)')}\n`);
      prompt();
    }
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      const out = session.flush();
      if (out) output.write(out);
      output.write('\n');
      resolve(0);
    });
  });
}

/** Runs piped input, its text read whole (cli/commands/repl.ts: the one bounded reader of standard input, read-input.ts). */
export function runPiped(session: ReplSession, text: string, write: (text: string) => void): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length && !session.exited; i++) {
    const out = session.line(lines[i], lines[i + 1]);
    if (out) write(out);
  }
  const rest = session.flush();
  if (rest) write(rest);
  return session.failures ? 2 : 0;
}
