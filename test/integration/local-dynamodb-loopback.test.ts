/**
 * The embedded DynamoDB Local (the run's shared one, started by startLocalDynamoDb)
 * listens on 127.0.0.1 only: it has no authentication, so it must not be reachable
 * from other machines. Read from the kernel's table of listening sockets, and tried
 * through this machine's other addresses.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sharedDynamoDb } from '../support/dynamodb.ts';

/** Local addresses (kernel hex form) of the sockets listening on `port`. */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [address, p] = (cols[1] ?? '').split(':');
      if (p === hexPort && cols[3] === '0A') out.push(address!);
    }
  }
  return out;
}

const LOOPBACK = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

describe('the embedded DynamoDB Local', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { port } = sharedDynamoDb();
    const addresses = listeningOn(port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(LOOPBACK.has(a), `listening on ${a}`).toBe(true);
    // And a connection through another address of this machine is refused.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(port, external);
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(outcome).toBe('ECONNREFUSED');
    }
  });
});
