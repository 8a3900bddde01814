/**
 * What DynamoDB Local printed, when it failed to start or to answer: one line naming
 * the cause for the user's message, and the whole output in a log file the message
 * names (a Java stack of 30 lines is not a message; it is evidence to keep).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How much of the output is kept (the tail): the cause is at its end, and memory stays bounded. */
export const OUTPUT_KEPT = 64_000;

/** A Java exception's line: `com.almworks.sqlite4java.SQLiteException: [26] ...`, `Caused by: java.io.IOException: ...`. */
const EXCEPTION = /^(?:Caused by: )?(?:[\w$]+\.)*([\w$]*(?:Exception|Error)):\s*(.*)$/;
/** Java's logging of a failure, on the line after its header: `SEVERE: ...`, `WARNING: ...`. */
const SEVERE = /^(?:SEVERE|ERROR|WARNING):\s*(.*)$/;
const CAUSE_LIMIT = 300;

/**
 * The one line that names the cause in DynamoDB Local's output: its last exception
 * (the innermost "Caused by" comes last), its class without the package; else its last
 * SEVERE/ERROR/WARNING log line; else undefined.
 */
export function causeOf(output: string): string | undefined {
  const lines = output.split(/\r?\n/).map((l) => l.trim());
  const pick = (re: RegExp, word: (m: RegExpExecArray) => string) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = re.exec(lines[i]!);
      if (m) return word(m);
    }
    return undefined;
  };
  const cause = pick(EXCEPTION, (m) => (m[2] ? `${m[1]}: ${m[2]}` : m[1]!)) ?? pick(SEVERE, (m) => m[1]!);
  if (cause === undefined || cause === '') return undefined;
  return cause.length > CAUSE_LIMIT ? `${cause.slice(0, CAUSE_LIMIT - 1)}…` : cause;
}

/**
 * `<cause> (its output: <file>)` for a failure message: the output written to a file
 * of the system's temporary folder. Writing it is best effort: where it cannot be
 * written, the message says so instead of failing a second time.
 */
export function describeOutput(output: string, port: number): string {
  const text = output.trim();
  if (text === '') return 'it printed nothing';
  const cause = causeOf(text);
  const file = join(tmpdir(), `connect-rules-dynamodb-local-${process.pid}-${port}.log`);
  let where: string;
  try {
    writeFileSync(file, `${text}\n`);
    where = `its output: ${file}`;
  } catch (err) {
    where = `its output could not be kept in ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  return cause ? `${cause} (${where})` : where;
}
