/**
 * Ports a test names itself. Every server of a run listens on port 0 (the system picks
 * from its ephemeral range), and so does every other test file running at the same time
 * (two workers) or on the same machine. A port taken with port 0 and closed again can be
 * handed to one of those servers before the test uses it: a port a test gives a command
 * (`--dynamodb-port`, osls offline's ports), or keeps across a restart, or expects nothing
 * to answer on, is therefore taken below the ephemeral range, where the system never
 * hands one out, and checked free there.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Where the system's ephemeral range starts (Linux /proc; 32768 elsewhere, the lowest default of the systems we run on). */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Below the ephemeral range, above the ports people's own services commonly use. */
const LOWEST = 20_000;

/** Whether nothing listens on 127.0.0.1:`port` (nor on every interface). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports this process gave already: two calls never give the same one. */
const given = new Set<number>();

/**
 * A port nothing listens on, which the system never hands out for port 0: a server a
 * test starts on it later (or again, after a restart) finds it free, and a client sent
 * to it finds nothing there. Random in the range, so that test files and runs at the
 * same time rarely try the same one; each is checked free before it is given.
 */
export async function unusedPort(): Promise<number> {
  const end = ephemeralStart();
  const lowest = Math.min(LOWEST, end - 1_000);
  if (lowest < 1_024) throw new Error(`the system's ephemeral ports start at ${end}: no room below them for a test's own port`);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = lowest + Math.floor(Math.random() * (end - lowest));
    if (given.has(port) || !(await canListen(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port between ${lowest} and ${end}`);
}

/** A port nothing listens on, for what a client says when nothing answers. */
export const closedPort = unusedPort;
