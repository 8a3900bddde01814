/**
 * The local API server's bounds, on a real node:http server: a request body that
 * trickles is cut with 408 instead of holding the connection; connections past the
 * cap are closed on arrival; a non-loopback host is refused unless remote access is
 * asked for (requests are not authenticated).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApiServer, listen, type RunningServer } from './http-adapter.ts';
import { isLoopbackHost } from '../storage/endpoints.ts';
import { RemoteHostRefusedError, startLocalRulesApi } from './local-server.ts';

let running: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await running?.close();
  running = undefined;
});

async function serve(limits: Parameters<typeof createHttpApiServer>[1]['limits']) {
  const server = createHttpApiServer(async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }), {
    maxRequestBytes: 1024,
    accountId: '111122223333',
    region: 'us-east-1',
    limits,
  });
  running = await listen(server, 0, '127.0.0.1');
  return running.port;
}

/** Opens a socket, writes `text`, and resolves with everything the server sent once it closes the socket. */
function exchange(port: number, text: string): { socket: Socket; reply: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let data = '';
  socket.on('data', (c) => (data += c.toString()));
  socket.on('error', () => undefined);
  const reply = new Promise<string>((resolve) => socket.on('close', () => resolve(data)));
  socket.write(text);
  return { socket, reply };
}

const GET = 'GET /rules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

describe('the local API server', () => {
  it('cuts a request whose body never completes with 408', async () => {
    const port = await serve({ requestTimeoutMs: 300, headersTimeoutMs: 200, checkIntervalMs: 50 });
    const { reply } = exchange(port, 'POST /rules HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Name":');
    expect(await reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers connections past the cap 429 without serving them; a freed slot serves again', async () => {
    const port = await serve({ maxConnections: 2 });
    const held = [exchange(port, ''), exchange(port, '')];
    await Promise.all(held.map((h) => new Promise((r) => (h.socket.readyState === 'open' ? r(undefined) : h.socket.once('connect', r)))));
    // Let the server accept both before the third arrives.
    await new Promise((r) => setImmediate(r));
    expect(await exchange(port, GET).reply).toMatch(/^HTTP\/1\.1 429 [^]*x-amzn-errortype: ThrottlingException[^]*serving 2 connections; try again/i);
    held[0]!.socket.destroy();
    await new Promise((r) => held[0]!.socket.once('close', r));
    for (let i = 0; i < 20; i++) {
      const answer = await exchange(port, GET).reply;
      if (answer) return expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    }
    throw new Error('the freed slot never served a request');
  });
});

describe('many connections at once', () => {
  it('300 at once with 10 served: every one answered, 200 or 429, none reset', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server = createHttpApiServer(
      async () => {
        await gate;
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
      },
      { maxRequestBytes: 1024, accountId: '111122223333', region: 'us-east-1', limits: { maxConnections: 10, maxOpenConnections: 300 } },
    );
    running = await listen(server, 0, '127.0.0.1');
    const port = running.port;
    const calls = Array.from({ length: 300 }, () => exchange(port, GET));
    let closed = 0;
    // The 10 served wait at the gate; the other 290 are answered (or, without the bound, cut) meanwhile.
    await new Promise<void>((resolve) => calls.forEach((c) => void c.reply.then(() => ++closed === 290 && resolve())));
    release();
    const replies = await Promise.all(calls.map((c) => c.reply));
    const status = (r: string) => (/^HTTP\/1\.1 (\d+)/.exec(r)?.[1] ?? 'reset');
    const counts: Record<string, number> = {};
    for (const r of replies) counts[status(r)] = (counts[status(r)] ?? 0) + 1;
    expect(counts).toEqual({ '200': 10, '429': 290 });
  });
});

describe('the listening host', () => {
  it('accepts loopback addresses only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '127.0.0.1.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses a non-loopback host unless remote access is asked for, before starting anything', async () => {
    await expect(startLocalRulesApi({ host: '0.0.0.0' })).rejects.toBeInstanceOf(RemoteHostRefusedError);
    await expect(startLocalRulesApi({ host: '0.0.0.0' })).rejects.toThrow(/not a loopback address.*SigV4.*--allow-remote/);
  });
});
