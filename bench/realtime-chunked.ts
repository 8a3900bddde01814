/**
 * The deployed real-time record's CPU with the state stored whole (as now: gunzip and
 * parse it, fold, stringify and gzip it) against a model of a chunked layout (the
 * transcript in items of CHUNK messages, each gzip-compressed, beside a head of the other
 * members): all chunks read and the last one written, or the head and the last chunk only
 * (a record no rule reads the transcript of). Process CPU, the three interleaved in random
 * order, medians. A model, not the store: no DynamoDB, no marshalling (docs/performance.md,
 * session 12). Not part of `npm run bench`.
 *
 *     node --import tsx bench/realtime-chunked.ts
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { applySegments, type RealtimeContactState } from '../engine/context/realtime.ts';

const CHUNK = 250;
const base = (i: number) => ({ AccountId: '111122223333', Channel: 'CHAT', ContactId: 'c1', InstanceId: 'i1', StreamingEventType: 'SEGMENTS', Version: '2.0.0', OutputType: 'Raw',
  Segments: [{ Transcript: { Content: `message number ${i} about my bill`, ContentType: 'text/plain', Id: `id-${String(i).padStart(6, '0')}`, ParticipantRole: i % 2 ? 'AGENT' : 'CUSTOMER', Time: { AbsoluteTime: new Date(Date.UTC(2025, 2, 12, 9, 0, 0) + i * 1000).toISOString() } } }] });
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const fold = (state: RealtimeContactState, k: number) => applySegments(state, base(k) as never);
const inflate = (b: Buffer) => JSON.parse(gunzipSync(b).toString('utf8'));

for (const N of (process.env.N ?? '2000,7000').split(',').map(Number)) {
  let built: RealtimeContactState | undefined;
  for (let i = 0; i < N; i++) built = applySegments(built, base(i) as never, { owned: true });
  const state = JSON.parse(JSON.stringify(built)) as RealtimeContactState;
  const whole = gzipSync(JSON.stringify(state));
  const { Transcript, ...head } = state;
  const chunks: Buffer[] = [];
  for (let c = 0; c < Transcript.length; c += CHUNK) chunks.push(gzipSync(JSON.stringify(Transcript.slice(c, c + CHUNK))));
  const headBody = JSON.stringify(head);
  const ways: Record<string, (k: number) => number> = {
    now: (k) => gzipSync(JSON.stringify(fold(inflate(whole), N + k))).byteLength,
    chunked: (k) => {
      const t: unknown[] = [];
      for (const c of chunks) for (const e of inflate(c)) t.push(e);
      const next = fold({ ...JSON.parse(headBody), Transcript: t }, N + k);
      const last = Math.floor((next.Transcript.length - 1) / CHUNK) * CHUNK;
      return gzipSync(JSON.stringify(next.Transcript.slice(last))).byteLength + JSON.stringify({ ...next, Transcript: undefined }).length;
    },
    lastChunkOnly: (k) => {
      const next = fold({ ...JSON.parse(headBody), Transcript: inflate(chunks[chunks.length - 1]!) }, N + k);
      return gzipSync(JSON.stringify(next.Transcript)).byteLength + JSON.stringify({ ...next, Transcript: undefined }).length;
    },
  };
  const res: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((w) => [w, []]));
  for (let round = 0; round < 9; round++) {
    for (const name of Object.keys(ways).sort(() => Math.random() - 0.5)) {
      const t = cpu();
      for (let k = 0; k < 10; k++) ways[name]!(k);
      res[name]!.push((cpu() - t) / 10);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  console.log(`${N} messages (whole gzip ${whole.byteLength} B; ${chunks.length} chunks, the last ${chunks.at(-1)!.byteLength} B): ` + Object.entries(res).map(([k, v]) => `${k} ${(med(v) / 1000).toFixed(2)} ms`).join(', '));
}
