import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { causeOf, describeOutput } from './local-dynamodb-output.ts';

/** DynamoDB Local 3.3's output on a data folder whose database file is not SQLite (trimmed stack). */
const NOT_A_DATABASE = `Initializing DynamoDB Local with the following configuration:
Port:\t45191
DbPath:\t/tmp/x

Dec 07, 2026 6:17:06 AM com.almworks.sqlite4java.Internal log
WARNING: [sqlite] SQLiteDBAccess$1@325c0a3e: job exception
com.almworks.sqlite4java.SQLiteException: [26] DB[1] prepare() SELECT name FROM sqlite_master; [file is encrypted or is not a database]
\tat com.almworks.sqlite4java.SQLiteConnection.throwResult(SQLiteConnection.java:1436)
\tat java.base/java.lang.Thread.run(Thread.java:840)
`;

describe("DynamoDB Local's output when it fails", () => {
  it('names the last exception, innermost cause last, without its package', () => {
    expect(causeOf(NOT_A_DATABASE)).toBe('SQLiteException: [26] DB[1] prepare() SELECT name FROM sqlite_master; [file is encrypted or is not a database]');
    const wrapped = 'Exception in thread "main" java.lang.RuntimeException: failed\n\tat x.y(Z.java:1)\nCaused by: java.net.BindException: Address already in use\n\tat a.b(C.java:2)\n';
    expect(causeOf(wrapped)).toBe('BindException: Address already in use');
  });

  it('else its last SEVERE, ERROR or WARNING line; else nothing', () => {
    expect(causeOf('Initializing\nSEVERE: cannot open /tmp/x\nmore\n')).toBe('cannot open /tmp/x');
    expect(causeOf('Initializing DynamoDB Local\nPort: 8000\n')).toBeUndefined();
  });

  it('keeps the whole output in a file the one line names', () => {
    const line = describeOutput(NOT_A_DATABASE, 45191);
    const file = /\(its output: (\S+)\)$/.exec(line)![1]!;
    expect(line).toBe(`${causeOf(NOT_A_DATABASE)} (its output: ${file})`);
    expect(readFileSync(file, 'utf8')).toBe(`${NOT_A_DATABASE.trim()}\n`);
    rmSync(file);
    expect(describeOutput('  \n', 1)).toBe('it printed nothing');
  });
});
