/**
 * The deployed real-time fold, before and after in one process: each record folds a JSON
 * copy of the stored state (as DynamoDB gives it back; not handed over, `owned` unset),
 * one record onto a state of N chat messages, for each tree in TREES (comma-separated
 * roots, e.g. `git archive <sha> | tar -x -C /tmp/old` with a `node_modules` link, beside
 * `.`), by CPU time (process.cpuUsage), rounds interleaved in random order. Give one tree
 * twice (two copies) to see the noise; ROUNDS (default 15). Not part of `npm run bench`.
 *
 *     TREES=/tmp/old,. N=2000 node --import tsx bench/realtime-fold.ts
 *
 * S (default 1) is the messages a record carries: S=100 N=25000 K=20 is the longest chat
 * stored with records of 100 segments, each searched for in the state.
 *
 * Each batch starts after a full garbage collection and is timed on this thread alone
 * (thread-cpu.ts, else process.cpuUsage), over a few parsed copies: the 200 parsed copies
 * of a large state it made before were hundreds of MB, and one tree's batch paid for the
 * collection of another's garbage. Session 11's "2x slower fold" (107-245 against 160-205 µs) was that: two copies
 * of one tree differed by 67 against 186 µs (docs/performance.md, session 12).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { threadCpuReader } from './thread-cpu.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const thread = threadCpuReader();
/** CPU µs of this thread (of the process where the thread's own is not readable). */
const cpu = (): number => {
  if (thread) return thread.read() / 1000;
  const { user, system } = process.cpuUsage();
  return user + system;
};

const trees = (process.env.TREES ?? '.').split(',').map((t) => resolve(t));
const mods = await Promise.all(trees.map((t) => import(`${t}/engine/context/realtime.ts`)));
const N = Number(process.env.N ?? 2000);
const S = Number(process.env.S ?? 1);
const segment = (i: number) => ({ Transcript: { Content: `message number ${i} about my bill`, ContentType: 'text/plain', Id: `id-${String(i).padStart(6, '0')}`, ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER', Time: { AbsoluteTime: new Date(Date.UTC(2025, 2, 12, 9, 0, 0) + i * 1000).toISOString() } } });
/** The record of the `S` messages from the `i`-th. */
const base = (i: number, count = S) => ({ AccountId: '111122223333', Channel: 'CHAT', ContactId: 'c1', InstanceId: 'i1', StreamingEventType: 'SEGMENTS', Version: '2.0.0', OutputType: 'Raw',
  Segments: Array.from({ length: count }, (_, k) => segment(i + k)) });
let state: any = undefined;
for (let i = 0; i < N; i += 100) state = mods[0].applySegments(state, base(i, Math.min(100, N - i)) as never, { owned: true });
state = JSON.parse(JSON.stringify(state));
const stored = JSON.stringify(state);
/** Folds a batch (timed as one: a thread's CPU time is read in scheduler ticks), over COPIES parsed copies of the stored state. */
const K = Number(process.env.K ?? 1000);
const COPIES = 8;
const measure = (m: any) => {
  // the fold is pure (the state not given up): a few parsed copies serve a batch long enough to time
  const copies = Array.from({ length: COPIES }, () => JSON.parse(stored));
  const records = Array.from({ length: K }, (_, k) => base(N + k * S));
  gc();
  const t0 = cpu();
  for (let k = 0; k < K; k++) m.applySegments(copies[k % COPIES], records[k] as never);
  return (cpu() - t0) / K;
};
const res: number[][] = trees.map(() => []);
for (let round = 0; round < Number(process.env.ROUNDS ?? 15); round++) {
  const order = trees.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const i of order) res[i].push(measure(mods[i]));
}
const med = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
trees.forEach((t, i) => console.log(`${t}: median ${med(res[i]).toFixed(0)} µs (min ${Math.min(...res[i]).toFixed(0)}) CPU${thread ? ' of this thread' : ''} per fold of ${S} message(s), ${N}-message state`));
console.log('load', loadavg().map((x) => x.toFixed(1)).join(' '));
