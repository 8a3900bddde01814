/**
 * What finding a key written twice in an event would add to its cost (docs/performance.md,
 * "Duplicate keys in events"). Per event of the evaluation bench's workload (a 10-minute
 * call's analysis file and its CTR): the CPU µs of the whole one-rule evaluation
 * (JSON.parse of both, build, match), of the two JSON.parse alone, and of ways to look
 * for duplicates in both texts: the scan the rule files use (grammar/json/duplicate-key.ts),
 * the floor of any scan in JavaScript (finding the quotes, nothing else), counting one
 * key's name (`"Channel"`), and the floor of a WebAssembly scan (the texts' bytes written
 * into memory). Cells interleaved in 25 ms slices in a random order in one process
 * (process.cpuUsage), ROUNDS rounds of SLICES slices a cell; the median of the rounds and
 * their spread. Not part of `npm run bench`.
 *
 *     ROUNDS=15 node --import tsx bench/duplicate-keys.ts
 */
import { loadavg } from 'node:os';
import { buildTriggerEvent } from '../engine/context/index.ts';
import { compileRuleSet } from '../engine/ruleset/index.ts';
import { checkFunction } from '../grammar/index.ts';
import { findDuplicateKey } from '../grammar/json/duplicate-key.ts';
import { generateCalls, generateRules } from './workload.ts';

const SOURCE = 'OnPostCallAnalysisAvailable';
const SLICE_MS = 25;
const SLICES = 8;
const rounds = Number(process.env.ROUNDS ?? 15);
const calls = generateCalls(200);
const [rule] = generateRules(1);
const set = compileRuleSet([{ name: 'rule-0', source: SOURCE, function: checkFunction(rule!.function, SOURCE).document! }]);
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** The floor of any scan that must skip strings: the quotes, found by indexOf, and nothing else. */
function quotesOnly(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}
/** A check of one named key: each `"Channel"` found by indexOf (counted, not told key from value). */
function channelCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"Channel"'); i !== -1; i = text.indexOf('"Channel"', i + 9)) n++;
  return n;
}
/** The floor of a WebAssembly scan: the text's bytes written into memory it can read. */
const memory = new Uint8Array(1 << 20);
const encoder = new TextEncoder();
const copyToMemory = (text: string): number => encoder.encodeInto(text, memory).written;

let sink = 0;
let next = 0;
const call = () => calls[next++ % calls.length]!;
const scans: Record<string, (text: string) => unknown> = { findDuplicateKey, quotesOnly, channelCount, copyToMemory };
const cells: { name: string; run: () => void; perRound: number[] }[] = [
  { name: 'one rule: parse + build + match', run: () => { const c = call(); sink += set.match(buildTriggerEvent({ event: JSON.parse(c.analysis), contact: JSON.parse(c.ctr) })).length; }, perRound: [] },
  { name: 'JSON.parse of both', run: () => { const c = call(); sink += Object.keys(JSON.parse(c.analysis)).length + Object.keys(JSON.parse(c.ctr)).length; }, perRound: [] },
  ...Object.entries(scans).map(([name, scan]) => ({ name: `${name} of both`, run: () => { const c = call(); sink += Number(scan(c.analysis) ?? 0) + Number(scan(c.ctr) ?? 0); }, perRound: [] as number[] })),
];

/** One slice of `cell`: its events and CPU µs. */
function slice(cell: (typeof cells)[number]): [number, number] {
  const until = performance.now() + SLICE_MS;
  const from = cpu();
  let events = 0;
  while (performance.now() < until) (cell.run(), events++);
  return [events, cpu() - from];
}

for (let w = 0; w < 20; w++) for (const cell of cells) slice(cell);
for (let r = 0; r < rounds; r++) {
  const sums = new Map(cells.map((c) => [c, [0, 0]]));
  for (let s = 0; s < SLICES; s++) {
    for (const cell of [...cells].sort(() => Math.random() - 0.5)) {
      const [events, micros] = slice(cell);
      const sum = sums.get(cell)!;
      sum[0] += events;
      sum[1] += micros;
    }
  }
  for (const [cell, [events, micros]] of sums) cell.perRound.push(micros / events);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const bytes = calls.reduce((n, c) => n + c.analysis.length + c.ctr.length, 0) / calls.length;
console.log(`${rounds} rounds of ${SLICES} × ${SLICE_MS} ms slices a cell, ${Math.round(bytes)} characters an event, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('CPU µs an event: median of the rounds [lowest – highest], and the median as a share of the one-rule event');
const whole = median(cells[0]!.perRound);
for (const c of cells) {
  const m = median(c.perRound);
  console.log(`  ${c.name}: ${m.toFixed(1)} [${Math.min(...c.perRound).toFixed(1)} – ${Math.max(...c.perRound).toFixed(1)}], ${((100 * m) / whole).toFixed(0)} %`);
}
if (sink < 0) console.log(sink);
