/**
 * A deployed real-time record's cost in the store, before and after in one process: the
 * state of a chat of N messages read from DynamoDB Local, one record folded in, written
 * back (`getRealtime`, `applySegments`, `putRealtime`: what engine/pipeline/segments.ts
 * does, without the rules), for each tree in TREES (comma-separated roots: e.g. an older
 * tree from `git worktree add`, with a `node_modules` link, beside `.`; one tree twice to
 * see the noise), each on its own table of one DynamoDB Local. Measured: this thread's CPU
 * (bench/thread-cpu.ts: the client's marshalling, JSON and gzip, not DynamoDB Local's
 * java) and the bytes of the write requests (what DynamoDB bills write units on, per 1 KB
 * of an item, twice for a transaction's items), rounds of K records interleaved in random
 * order, medians. Not part of `npm run bench` (it starts java).
 *
 *     TREES=/tmp/old,. N=2000 node --import tsx bench/realtime-store.ts
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { ensureTables, localDynamoDbClient, startLocalDynamoDb } from '../storage/local-dynamodb.ts';
import { threadCpuReader } from './thread-cpu.ts';

const thread = threadCpuReader();
const cpu = (): number => (thread ? thread.read() / 1000 : process.cpuUsage().user + process.cpuUsage().system);
const trees = (process.env.TREES ?? '.').split(',').map((t) => resolve(t));
const N = Number(process.env.N ?? 2000);
const K = Number(process.env.K ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const KEY = { instanceId: 'i1', contactId: 'c1' };
const record = (i: number) => ({ AccountId: '111122223333', Channel: 'CHAT', ContactId: 'c1', InstanceId: 'i1', StreamingEventType: 'SEGMENTS', Version: '2.0.0', OutputType: 'Raw',
  Segments: [{ Transcript: { Content: `message number ${i} about my bill`, ContentType: 'text/plain', Id: `id-${String(i).padStart(6, '0')}`, ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER', Time: { AbsoluteTime: new Date(Date.UTC(2025, 2, 12, 9, 0, 0) + i * 1000).toISOString() } } }] });

const db = await startLocalDynamoDb();
try {
  const setups = await Promise.all(
    trees.map(async (tree, t) => {
      const { PipelineStateStore } = await import(`${tree}/engine/pipeline/state-store.ts`);
      const { realtimeState } = await import(`${tree}/engine/pipeline/state/repositories.ts`);
      const { applySegments } = await import(`${tree}/engine/context/realtime.ts`);
      const chunked = existsSync(`${tree}/engine/pipeline/state/realtime-chunks.ts`);
      const client = localDynamoDbClient(db.endpoint, 'us-east-1');
      const sent = { bytes: 0 };
      client.middlewareStack.add((next: any) => async (args: any) => {
        const target = String(args.request?.headers?.['x-amz-target'] ?? '');
        const body = args.request?.body;
        if (/PutItem|TransactWriteItems|UpdateItem/.test(target)) sent.bytes += typeof body === 'string' ? Buffer.byteLength(body) : (body?.byteLength ?? 0);
        return next(args);
      }, { step: 'finalizeRequest', name: 'countWriteBytes' });
      const tableName = `bench-realtime-${t}-${Date.now()}`;
      await ensureTables(client, ['pipelineState'], { pipelineState: tableName });
      const store = new PipelineStateStore(client, { tableName });
      store.use(realtimeState);
      let next = 0;
      const step = async () => {
        const current = await store.getRealtime(KEY, 'CHAT');
        const state = applySegments(current?.state, record(next++) as never);
        const ok = await store.putRealtime(KEY, 'CHAT', state, chunked ? current : (current?.version ?? 0), new Date());
        if (!ok) throw new Error('conflict in a bench with one writer');
      };
      // the chat so far, stored record by record up to N (as deployed), untimed
      for (let i = 0; i < N; i += 100) {
        const current = await store.getRealtime(KEY, 'CHAT');
        let state = current?.state;
        for (let k = 0; k < 100 && next < N; k++) state = applySegments(state, record(next++) as never);
        await store.putRealtime(KEY, 'CHAT', state, chunked ? current : (current?.version ?? 0), new Date());
      }
      return { tree, step, sent, cpu: [] as number[], bytes: [] as number[] };
    }),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of [...setups].sort(() => Math.random() - 0.5)) {
      const b0 = s.sent.bytes;
      const t0 = cpu();
      for (let k = 0; k < K; k++) await s.step();
      s.cpu.push((cpu() - t0) / K);
      s.bytes.push((s.sent.bytes - b0) / K);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  for (const s of setups) console.log(`${s.tree}: median ${(med(s.cpu) / 1000).toFixed(2)} ms of CPU (min ${(Math.min(...s.cpu) / 1000).toFixed(2)}) and ${Math.round(med(s.bytes))} bytes written per record, chat of ${N}+ messages`);
  console.log('load', loadavg().map((x) => x.toFixed(1)).join(' '));
} finally {
  await db.stop();
}
