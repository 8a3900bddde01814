/**
 * When DynamoDB Local is given up on, judged by its JVM's own work (storage/progress-watch.ts),
 * with a stand-in `java` first on the PATH: one that burns CPU and never listens is given up on
 * by the CPU rule, one that sleeps by the no-progress rule, and one stopped (SIGSTOP) before it
 * listens is waited for until continued. Each is stopped when given up on. The limits are small
 * here; no figure of time decides a verdict (a loaded host only makes each take longer).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDynamoDbNotReadyError, startLocalDynamoDb, type LocalDynamoDb } from '../../storage/local-dynamodb.ts';
import { isStopped, processStat } from '../../storage/process-stat.ts';
import { childrenNamed, exists } from '../support/processes.ts';

/** Serves ListTables on the `-port` of its arguments, as DynamoDB Local does. */
const SERVES = `const { createServer } = require('node:http');
const port = Number(process.argv[process.argv.indexOf('-port') + 1]);
createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":[]}'));
}).listen(port, '127.0.0.1');
`;
/** A stand-in that stops itself with SIGSTOP first thing (its pid in $STAND_IN_PID_FILE), then, continued, serves. */
const STOPS_THEN_SERVES = `#!/bin/sh
echo $$ > "$STAND_IN_PID_FILE"
kill -STOP $$
exec '${process.execPath}' -e "$STAND_IN_SERVES" -- "$@"
`;

const STAND_INS = {
  spins: '#!/bin/sh\nwhile :; do :; done\n',
  sleeps: '#!/bin/sh\nexec sleep 600\n',
  'stops-then-serves': STOPS_THEN_SERVES,
};

let dir: string;
const path = process.env.PATH;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'connect-rules-stand-in-java-'));
});
afterAll(() => {
  process.env.PATH = path;
  delete process.env.STAND_IN_PID_FILE;
  delete process.env.STAND_IN_SERVES;
  rmSync(dir, { recursive: true, force: true });
});

/** Puts the stand-in `kind` first on the PATH as `java`. */
function standIn(kind: keyof typeof STAND_INS): void {
  const bin = join(dir, kind);
  mkdirSync(bin, { recursive: true });
  const java = join(bin, 'java');
  writeFileSync(java, STAND_INS[kind]);
  chmodSync(java, 0o755);
  process.env.PATH = [bin, path].join(delimiter);
}

async function givenUp(limits: Parameters<typeof startLocalDynamoDb>[0]): Promise<LocalDynamoDbNotReadyError> {
  const err = await startLocalDynamoDb(limits).then(
    (db) => db.stop().then(() => new Error('it was taken as ready')),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocalDynamoDbNotReadyError);
  // Stopped and reaped when given up on: no java left behind.
  expect(childrenNamed(process.pid, 'java')).toEqual([]);
  return err as LocalDynamoDbNotReadyError;
}

describe('DynamoDB Local given up on by its JVM\'s work, not wall time', () => {
  it('a java that burns CPU and never listens: by the CPU rule, its message says what it waited for and what it used', async () => {
    standIn('spins');
    const err = await givenUp({ readyLimits: { cpuMs: 1_000 } });
    expect(err.rule).toBe('cpu');
    expect(err.cpuMs).toBeGreaterThanOrEqual(1_000);
    expect(err.message).toMatch(/^DynamoDB Local was given up on: it did not answer on http:\/\/127\.0\.0\.1:\d+, and it used \d+\.\d s of CPU \(the limit is 1\.0 s\) in \d+\.\d s: it printed nothing$/);
  }, 300_000);

  it('a java that sleeps (no CPU): by the no-progress rule', async () => {
    standIn('sleeps');
    const err = await givenUp({ readyLimits: { stallMs: 1_000 } });
    expect(err.rule).toBe('no-progress');
    expect(err.message).toMatch(/, and it made no progress \(less than 0\.1 s of CPU, no output\) for \d+\.\d s while not stopped \(the limit is 1\.0 s\)/);
  }, 300_000);

  it('a java stopped (SIGSTOP) before it listens is not given up on while stopped: continued, it is ready', async () => {
    standIn('stops-then-serves');
    const pidFile = join(dir, 'stand-in.pid');
    process.env.STAND_IN_PID_FILE = pidFile;
    process.env.STAND_IN_SERVES = SERVES;
    rmSync(pidFile, { force: true });
    // Long enough that a loaded host's scheduling is no stall (a start is given up on after no CPU for this long).
    const STALL_MS = 10_000;
    const started = startLocalDynamoDb({ readyLimits: { stallMs: STALL_MS } });
    let outcome: LocalDynamoDb | Error | undefined;
    started.then(
      (db) => (outcome = db),
      (e: Error) => (outcome = e),
    );
    const standInPid = () => {
      try {
        return Number(readFileSync(pidFile, 'utf8'));
      } catch {
        return 0; // not written yet
      }
    };
    let pid = 0;
    for (;;) {
      pid = standInPid();
      const stat = pid ? processStat(pid) : undefined;
      if (stat && isStopped(stat)) break;
      if (outcome) throw outcome; // given up on before it stopped itself
      await new Promise((r) => setTimeout(r, 50));
    }
    // Stopped for more than twice the stall limit, the watch sampling all along (a loaded host samples less often, never more).
    await new Promise((r) => setTimeout(r, 2.5 * STALL_MS));
    expect(outcome).toBeUndefined();
    process.kill(pid, 'SIGCONT');
    const db = await started;
    try {
      expect(db.pid).toBe(pid);
    } finally {
      await db.stop();
    }
    expect(exists(pid)).toBe(false);
  }, 300_000);
});
